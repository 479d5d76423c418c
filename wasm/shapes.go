//go:build js && wasm

package main

import (
	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// The JSON of auth's types as the JavaScript API sees it, for jsonlite:
// each function repeats the type's struct tags (shapes_js_test.go holds
// them to the tags and to encoding/json).

func credentialsFields(c *auth.Credentials) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("accessKeyId", &c.AccessKeyID),
		jsonlite.String("secretAccessKey", &c.SecretAccessKey),
		jsonlite.String("sessionToken,omitempty", &c.SessionToken),
	}
}

func deviceFields(d *auth.Device) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("deviceKey", &d.Key),
		jsonlite.String("deviceGroupKey", &d.GroupKey),
		jsonlite.String("devicePassword", &d.Password),
	}
}

func stepFields(s *auth.Step) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.Bool("done", &s.Done),
		jsonlite.String("challengeName,omitempty", &s.ChallengeName),
		jsonlite.StringMap("challengeParameters,omitempty", &s.ChallengeParameters),
		jsonlite.String("session,omitempty", &s.Session),
		jsonlite.String("username,omitempty", &s.Username),
		jsonlite.Strings("answers,omitempty", &s.Answers),
		jsonlite.Strings("options,omitempty", &s.Options),
		jsonlite.Ptr("totp,omitempty", &s.TOTP, totpFields),
		jsonlite.Ptr("tokens,omitempty", &s.Tokens, tokensFields),
		jsonlite.Bool("deviceForgotten,omitempty", &s.DeviceForgotten),
	}
}

func totpFields(t *auth.TOTPSetup) []jsonlite.Field {
	return []jsonlite.Field{jsonlite.String("secret", &t.Secret), jsonlite.String("uri", &t.URI)}
}

func tokensFields(t *auth.Tokens) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("idToken", &t.IDToken),
		jsonlite.String("accessToken", &t.AccessToken),
		jsonlite.String("refreshToken,omitempty", &t.RefreshToken),
		jsonlite.Int("expiresIn", &t.ExpiresIn),
		jsonlite.String("tokenType", &t.TokenType),
		jsonlite.Ptr("newDevice,omitempty", &t.NewDevice, newDeviceFields),
	}
}

func newDeviceFields(d *auth.NewDevice) []jsonlite.Field {
	return []jsonlite.Field{jsonlite.String("deviceKey", &d.Key), jsonlite.String("deviceGroupKey", &d.GroupKey)}
}

func mfaSettingFields(m *auth.MFASetting) []jsonlite.Field {
	return []jsonlite.Field{jsonlite.Bool("enabled", &m.Enabled), jsonlite.Bool("preferred", &m.Preferred)}
}

func codeDeliveryFields(c *auth.CodeDelivery) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("destination", &c.Destination),
		jsonlite.String("deliveryMedium", &c.DeliveryMedium),
		jsonlite.String("attributeName", &c.AttributeName),
	}
}

func signUpResultFields(r *auth.SignUpResult) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.Bool("userConfirmed", &r.UserConfirmed),
		jsonlite.String("userSub", &r.UserSub),
		jsonlite.Ptr("codeDelivery,omitempty", &r.CodeDelivery, codeDeliveryFields),
	}
}

func userFields(u *auth.User) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("username", &u.Username),
		jsonlite.StringMap("attributes", &u.Attributes),
		jsonlite.String("preferredMfa,omitempty", &u.PreferredMFA),
		jsonlite.Strings("mfaMethods,omitempty", &u.MFAMethods),
	}
}

func confirmDeviceResultFields(r *auth.ConfirmDeviceResult) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.Ptr("device", &r.Device, deviceFields),
		jsonlite.Bool("userConfirmationNecessary", &r.UserConfirmationNecessary),
	}
}

func deviceInfoFields(d *auth.DeviceInfo) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("deviceKey", &d.Key),
		jsonlite.StringMap("attributes", &d.Attributes),
		jsonlite.Float("created,omitempty", &d.Created),
		jsonlite.Float("lastUsed,omitempty", &d.LastUsed),
	}
}

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
			return shape(totpFields(v))
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
