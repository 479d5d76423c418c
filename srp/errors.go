package srp

// wrapped is an error with context, built without fmt (which, with its
// reflection, would weigh on the wasm module).
type wrapped struct {
	context string
	err     error
}

func wrap(context string, err error) error { return &wrapped{context, err} }

func (e *wrapped) Error() string { return e.context + ": " + e.err.Error() }
func (e *wrapped) Unwrap() error { return e.err }
