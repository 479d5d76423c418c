//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
)

// decode reads one JSON argument strictly, naming the offending field.
func decode(data string, v any) error {
	if data == "" || data == "null" {
		data = "{}"
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(data)))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return invalidParameter("%s", typeMessage(typeErr))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return invalidParameter("unknown option %s", field)
	}
	return invalidParameter("cannot read the options: %v", err)
}

// typeMessage says which field had the wrong type and what it needs.
func typeMessage(e *json.UnmarshalTypeError) string {
	field := e.Field
	if field == "" {
		field = "options"
	}
	if i := strings.IndexByte(field, '.'); i >= 0 && isMapField(field[:i]) {
		field = field[:i]
	}
	switch {
	case e.Type.Kind() == reflect.String && isMapField(field):
		return fmt.Sprintf("%s values must be strings, not %s", field, e.Value)
	case e.Type.Kind() == reflect.String:
		return fmt.Sprintf("%s must be a string, not %s", field, e.Value)
	case e.Type.Kind() == reflect.Bool:
		return fmt.Sprintf("%s must be a boolean, not %s", field, e.Value)
	default:
		return fmt.Sprintf("%s must be an object, not %s", field, e.Value)
	}
}

// isMapField names the options whose values are all strings.
func isMapField(field string) bool {
	switch field {
	case "clientMetadata", "answers", "attributes", "challengeParameters":
		return true
	}
	return false
}

func invalidParameter(format string, args ...any) error {
	return &auth.Error{Name: auth.ErrInvalidParameter, Message: fmt.Sprintf(format, args...)}
}
