package auth

import (
	"errors"
	"strconv"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// Cognito's JSON 1.1 protocol, shared by the transports that speak it
// directly (fetch in the browser, net/http natively).

const (
	contentType  = "application/x-amz-json-1.1"
	targetPrefix = "AWSCognitoIdentityProviderService."
	userAgent    = "cognito-srp-wasm/0.1"
)

// requestHeaders are the headers of a call to operation.
func requestHeaders(operation string) map[string]string {
	return map[string]string{
		"Content-Type":     contentType,
		"X-Amz-Target":     targetPrefix + operation,
		"X-Amz-User-Agent": userAgent,
	}
}

// maxResponseBytes bounds what a misbehaving server can make us read:
// Cognito's answers are a few kilobytes, and the wasm's memory never
// shrinks once grown. errTooLarge says 1 MiB.
const maxResponseBytes = 1 << 20

// errTooLarge is the answer to a body over maxResponseBytes.
func errTooLarge() *Error {
	return invalidResponse(nil, "Cognito's answer is larger than 1 MiB; stopped reading it")
}

// errRedirect refuses a redirect: Cognito never redirects, and following
// one would send the request, a password in some flows, where the
// answer points and take that origin's answer as Cognito's.
func errRedirect(status int, location string) *Error {
	text := "refused a redirect"
	if status != 0 {
		text += " (HTTP " + strconv.Itoa(status) + ")"
	}
	if location != "" {
		text += " to " + location
	}
	return &Error{Name: ErrNetwork, Message: clip(text + ": Cognito never redirects, so this endpoint is not Cognito or something between is tampering")}
}

// marshal encodes a request. This package's shapes go through jsonlite,
// which keeps encoding/json out of the wasm; anything else a caller hands
// an exported transport goes through encoding/json natively.
func marshal(input any) ([]byte, error) {
	b, err := jsonlite.Marshal(input)
	if errors.Is(err, jsonlite.ErrUnsupportedType) {
		return marshalOther(input)
	}
	return b, err
}

// unmarshal decodes an answer into output, as marshal encodes.
func unmarshal(data []byte, output any) error {
	if s, ok := output.(jsonlite.Shape); ok {
		return jsonlite.Unmarshal(data, s)
	}
	return unmarshalOther(data, output)
}

// decodeResponse reads an answer: output on 2xx, an *Error otherwise.
func decodeResponse(status int, body []byte, output any) error {
	if status >= 200 && status < 300 {
		if err := unmarshal(body, output); err != nil {
			return invalidResponse(err, "Cognito's answer is not the JSON expected: "+err.Error())
		}
		return nil
	}
	return decodeError(status, body)
}

// errorOutput is an AWS JSON error: {"__type": "...#Name", "message": "..."}.
//
//jsonlite:shape
type errorOutput struct {
	Type         string `json:"__type"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	MessageUpper string `json:"Message"`
}

// decodeError reads an AWS JSON error.
func decodeError(status int, body []byte) *Error {
	var e errorOutput
	_ = jsonlite.Unmarshal(body, &e) // a non-JSON body still yields a named error below
	name := errorName(e.Type)
	if name == "" {
		name = errorName(e.Code)
	}
	msg := e.Message
	if msg == "" {
		msg = e.MessageUpper
	}
	if !exceptionName(name) {
		// No name, or one that is not an exception's (a proxy's HTML
		// page, markup, a client-side name such as InternalError).
		text := "Cognito answered HTTP " + strconv.Itoa(status) + " without an error type"
		if msg != "" {
			text += ": " + msg
		}
		return &Error{Name: ErrInvalidResponse, Message: clip(text), StatusCode: status}
	}
	if msg == "" {
		msg = "Cognito answered HTTP " + strconv.Itoa(status)
	}
	return &Error{Name: name, Message: clip(msg), StatusCode: status}
}

// exceptionName tells whether name can be an AWS exception's: a short
// identifier, and none of the names this client gives its own errors.
func exceptionName(name string) bool {
	if name == "" || len(name) > 100 || (name[0]|0x20) < 'a' || (name[0]|0x20) > 'z' {
		return false
	}
	for _, c := range name {
		if !isAlnum(c) {
			return false
		}
	}
	switch name {
	case ErrInvalidResponse, ErrNetwork, ErrInternal, "LoadError":
		return false
	}
	return true
}

// errorName strips the namespace ("aws.cognito#") and any ":url" suffix
// from an AWS error type, as AWS's JSON protocol clients do.
func errorName(t string) string {
	if i := strings.LastIndexByte(t, '#'); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.IndexByte(t, ':'); i >= 0 {
		t = t[:i]
	}
	return strings.TrimSpace(t)
}
