//go:build js && wasm

package main

import (
	"context"
	"syscall/js"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/panics"
)

// handler is an exported function's body: JSON arguments in, a value to
// encode as the result out.
type handler func(ctx context.Context, args []string) (any, error)

// envelope is what every promise resolves to; the loader turns an error
// into a rejected promise with a named Error.
type envelope struct {
	Result any        `json:"result,omitempty"`
	Error  *errorJSON `json:"error,omitempty"`
}

//jsonlite:shape
type errorJSON struct {
	Name       string `json:"name"`
	Message    string `json:"message"`
	StatusCode int    `json:"statusCode,omitempty"`
}

// async exports h to JavaScript: it returns a promise at once and runs h
// on a goroutine, so the event loop never waits on Go.
func async(h handler) func(js.Value, []js.Value) any {
	return func(_ js.Value, jsArgs []js.Value) any {
		args := make([]string, len(jsArgs))
		for i, a := range jsArgs {
			if a.Type() == js.TypeString {
				args[i] = a.String()
			}
		}
		executor := js.FuncOf(func(_ js.Value, p []js.Value) any {
			resolve := p[0]
			go func() { resolve.Invoke(run(h, args)) }()
			return nil
		})
		defer executor.Release() // the Promise constructor calls it synchronously
		return js.Global().Get("Promise").New(executor)
	}
}

// run calls h and encodes its outcome; a panic becomes an InternalError
// so the module keeps serving later calls.
func run(h handler, args []string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = encode(envelope{Error: &errorJSON{Name: auth.ErrInternal, Message: "unexpected failure: " + panics.Text(r)}})
		}
	}()
	// No Go deadline here: a Go timer keeps Node's event loop alive until
	// it fires. Each request has its own timeout in the fetch transport,
	// so a silent network still cannot leave a promise pending for ever.
	result, err := h(context.Background(), args)
	if err != nil {
		return encode(envelope{Error: toErrorJSON(err)})
	}
	return encode(envelope{Result: result})
}

func toErrorJSON(err error) *errorJSON {
	if e := authError(err); e != nil {
		return &errorJSON{Name: e.Name, Message: e.Message, StatusCode: e.StatusCode}
	}
	return &errorJSON{Name: auth.ErrInternal, Message: err.Error()}
}

// authError finds the *auth.Error in err's chain as errors.As would,
// short of As methods, without the reflection errors.As adds to the wasm.
func authError(err error) *auth.Error {
	switch e := err.(type) {
	case *auth.Error:
		return e
	case interface{ Unwrap() error }:
		return authError(e.Unwrap())
	case interface{ Unwrap() []error }:
		for _, err := range e.Unwrap() {
			if found := authError(err); found != nil {
				return found
			}
		}
	}
	return nil
}

// encode writes v as encoding/json would.
func encode(v envelope) string {
	env := map[string]any{}
	if v.Error != nil {
		env["error"] = v.Error
	}
	if v.Result != nil {
		env["result"] = resultJSON(v.Result)
	}
	b, err := jsonlite.Marshal(env)
	if err != nil {
		return `{"error":{"name":"InternalError","message":"cannot encode result"}}`
	}
	return string(b)
}
