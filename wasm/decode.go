//go:build js && wasm

package main

import (
	"strconv"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// decode reads one JSON argument strictly, naming the offending field.
func decode(data string, s jsonlite.Shape) error {
	if data == "" || data == "null" {
		data = "{}"
	}
	switch err := jsonlite.DecodeStrict([]byte(data), s).(type) {
	case nil:
		return nil
	case *jsonlite.TypeError:
		return invalidParameter(typeMessage(err))
	case *jsonlite.MalformedStringError:
		// JSON.stringify writes a lone surrogate as an escape; read as
		// U+FFFD, passwords differing only there would be one password.
		return invalidParameter(fieldName(err.Field) + " is not well-formed Unicode: it has a lone UTF-16 surrogate")
	case *jsonlite.UnknownFieldError:
		return invalidParameter("unknown option " + strconv.Quote(err.Name))
	default:
		return invalidParameter("cannot read the options: " + err.Error())
	}
}

// fieldName is how an error names a field: the map option a value
// belongs to rather than its key, "options" for the whole.
func fieldName(field string) string {
	if field == "" {
		return "options"
	}
	if i := strings.IndexByte(field, '.'); i >= 0 && isMapField(field[:i]) {
		return field[:i]
	}
	return field
}

// typeMessage says which field had the wrong type and what it needs.
func typeMessage(e *jsonlite.TypeError) string {
	field := fieldName(e.Field)
	switch {
	case e.Want == "string" && isMapField(field):
		return field + " values must be strings, not " + e.Value
	case e.Want == "string":
		return field + " must be a string, not " + e.Value
	case e.Want == "bool":
		return field + " must be a boolean, not " + e.Value
	default:
		return field + " must be an object, not " + e.Value
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

func invalidParameter(message string) error {
	return &auth.Error{Name: auth.ErrInvalidParameter, Message: message}
}
