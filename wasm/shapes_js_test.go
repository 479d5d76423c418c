//go:build js && wasm

package main

import (
	"encoding/json"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite/jsonlitetest"
)

// Each shape must repeat its type's struct tags and read and write what
// encoding/json does.
func TestShapes(t *testing.T) {
	jsonlitetest.Check(t, credentialsFields)
	jsonlitetest.Check(t, deviceFields)
	jsonlitetest.Check(t, stepFields)
	jsonlitetest.Check(t, totpSetupFields)
	jsonlitetest.Check(t, tokensFields)
	jsonlitetest.Check(t, newDeviceFields)
	jsonlitetest.Check(t, mfaSettingFields)
	jsonlitetest.Check(t, codeDeliveryFields)
	jsonlitetest.Check(t, signUpResultFields)
	jsonlitetest.Check(t, userFields)
	jsonlitetest.Check(t, confirmDeviceResultFields)
	jsonlitetest.Check(t, deviceInfoFields)
	jsonlitetest.Check(t, (*errorJSON).Fields)
	jsonlitetest.Check(t, (*clientOptions).Fields)
	jsonlitetest.Check(t, (*signInArgs).Fields)
	jsonlitetest.Check(t, (*respondArgs).Fields)
	jsonlitetest.Check(t, (*tokenArgs).Fields)
	jsonlitetest.Check(t, (*userArgs).Fields)
	jsonlitetest.Check(t, (*refreshArgs).Fields)
	jsonlitetest.Check(t, (*signOutArgs).Fields)
	jsonlitetest.Check(t, (*passwordArgs).Fields)
	jsonlitetest.Check(t, (*attributeArgs).Fields)
	jsonlitetest.Check(t, (*totpArgs).Fields)
	jsonlitetest.Check(t, (*mfaArgs).Fields)
	jsonlitetest.Check(t, (*deviceArgs).Fields)
}

// Every kind of result a method returns is enveloped as encoding/json
// would envelope it.
func TestEncodeLikeEncodingJSON(t *testing.T) {
	step := &auth.Step{ChallengeName: "SOFTWARE_TOKEN_MFA", ChallengeParameters: map[string]string{"b": "<2>", "a": "1"}, Session: "s",
		Username: "u", Answers: []string{"SOFTWARE_TOKEN_MFA_CODE"}, TOTP: &auth.TOTPSetup{Secret: "S", URI: "otpauth://totp/x?a=1&b=2"}}
	tokens := &auth.Tokens{IDToken: "i", AccessToken: "a", ExpiresIn: 3600, TokenType: "Bearer", NewDevice: &auth.NewDevice{Key: "k", GroupKey: "g"}}
	for _, env := range []envelope{
		{Result: step},
		{Result: &auth.Step{Done: true, Tokens: tokens, DeviceForgotten: true}},
		{Result: tokens},
		{Result: &auth.SignUpResult{UserSub: "sub", CodeDelivery: &auth.CodeDelivery{Destination: "a***@b.c", DeliveryMedium: "EMAIL", AttributeName: "email"}}},
		{Result: (*auth.CodeDelivery)(nil)},
		{Result: []auth.CodeDelivery{}},
		{Result: []auth.CodeDelivery(nil)},
		{Result: []auth.CodeDelivery{{Destination: "d"}}},
		{Result: &auth.User{Username: "u", Attributes: map[string]string{"email": "e", "sub": "s"}, MFAMethods: []string{"SOFTWARE_TOKEN_MFA"}}},
		{Result: &auth.TOTPSetup{Secret: "S", URI: "u"}},
		{Result: &auth.ConfirmDeviceResult{Device: &auth.Device{Key: "k", GroupKey: "g", Password: "p"}, UserConfirmationNecessary: true}},
		{Result: []auth.DeviceInfo{{Key: "k", Attributes: map[string]string{"device_name": "n"}, Created: 1700000000.123, LastUsed: 0}}},
		{Result: ok},
		{Result: map[string]bool{"ok": true}},
		{},
		{Error: &errorJSON{Name: "NotAuthorizedException", Message: "Incorrect username or password.", StatusCode: 400}},
		{Error: &errorJSON{Name: auth.ErrNetwork, Message: "could not reach Cognito: \u2028"}},
	} {
		want, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		if got := encode(env); got != string(want) {
			t.Errorf("encode(%+v) = %s\nencoding/json    %s", env, got, want)
		}
	}
}
