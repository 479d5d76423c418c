package auth

import (
	"strconv"
	"unicode/utf8"
)

// Error is a failed call. Name is Cognito's exception name
// (NotAuthorizedException, UserNotFoundException, …) when Cognito refused
// the call, or one of the client-side names below; Message is Cognito's
// message or a plain description.
type Error struct {
	Name    string
	Message string
	// StatusCode is the HTTP status Cognito answered with; 0 when the
	// request never got an answer.
	StatusCode int
	cause      error
}

// Client-side error names, for failures Cognito did not report.
const (
	// ErrInvalidParameter is Cognito's own name, used for input refused
	// before any request is sent, so callers handle both alike.
	ErrInvalidParameter = "InvalidParameterException"
	// ErrNetwork: the request did not reach Cognito or got no answer.
	ErrNetwork = "NetworkError"
	// ErrInvalidResponse: Cognito's answer could not be understood or
	// failed a check (a malformed SRP challenge, say).
	ErrInvalidResponse = "InvalidResponseError"
	// ErrInternal: a bug in this module; the module keeps working.
	ErrInternal = "InternalError"
)

func (e *Error) Error() string { return e.Name + ": " + e.Message }

func (e *Error) Unwrap() error { return e.cause }

// Messages are built with + and strconv rather than fmt, which is kept
// out of this package's wasm path.

func invalidParameter(message string) *Error {
	return &Error{Name: ErrInvalidParameter, Message: message}
}

func invalidResponse(cause error, message string) *Error {
	return &Error{Name: ErrInvalidResponse, Message: clip(message), cause: cause}
}

func networkError(cause error) *Error {
	return &Error{Name: ErrNetwork, Message: clip("could not reach Cognito: " + cause.Error()), cause: cause}
}

// maxMessageBytes bounds the text an error carries: a hostile server's
// 50 MB "message" must not travel on into logs and the page.
const maxMessageBytes = 1024

// clip cuts s to maxMessageBytes, on a character boundary.
func clip(s string) string {
	if len(s) <= maxMessageBytes {
		return s
	}
	cut := maxMessageBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// asError finds the *Error in err's chain as errors.As would, short of
// As methods, without the reflection errors.As adds to the wasm.
func asError(err error) *Error {
	switch e := err.(type) {
	case *Error:
		return e
	case interface{ Unwrap() error }:
		return asError(e.Unwrap())
	case interface{ Unwrap() []error }:
		for _, err := range e.Unwrap() {
			if found := asError(err); found != nil {
				return found
			}
		}
	}
	return nil
}
