//go:build js && wasm

package main

import (
	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// The JSON of auth's types as the JavaScript API sees it, for jsonlite:
// jsonlitegen writes each type's fields function (stepFields for
// auth.Step) from its struct tags into jsonlite_gen.go, with the Fields
// methods of this package's argument shapes.

//go:generate env GOOS= GOARCH= go run ../internal/jsonlite/jsonlitegen -build "js && wasm" -from ../auth Credentials Device Step TOTPSetup Tokens NewDevice MFASetting CodeDelivery SignUpResult User ConfirmDeviceResult DeviceInfo

// shape is a list of fields standing for the value they point into.
type shape []jsonlite.Field

func (s shape) Fields() []jsonlite.Field { return s }

// list writes a list of values.
type list func(w *jsonlite.Writer)

func (l list) EncodeJSON(w *jsonlite.Writer) { l(w) }

// resultJSON turns a method's result into a value jsonlite writes as
// encoding/json would write the result itself (a nil pointer is null).
func resultJSON(v any) any {
	switch v := v.(type) {
	case *auth.Step:
		if v != nil {
			return shape(stepFields(v))
		}
	case *auth.Tokens:
		if v != nil {
			return shape(tokensFields(v))
		}
	case *auth.SignUpResult:
		if v != nil {
			return shape(signUpResultFields(v))
		}
	case *auth.CodeDelivery:
		if v != nil {
			return shape(codeDeliveryFields(v))
		}
	case *auth.User:
		if v != nil {
			return shape(userFields(v))
		}
	case *auth.TOTPSetup:
		if v != nil {
			return shape(totpSetupFields(v))
		}
	case *auth.ConfirmDeviceResult:
		if v != nil {
			return shape(confirmDeviceResultFields(v))
		}
	case []auth.CodeDelivery:
		return list(func(w *jsonlite.Writer) { jsonlite.WriteList(w, v, codeDeliveryFields) })
	case []auth.DeviceInfo:
		return list(func(w *jsonlite.Writer) { jsonlite.WriteList(w, v, deviceInfoFields) })
	case struct{}:
		return shape(nil)
	default:
		return v
	}
	return nil
}
