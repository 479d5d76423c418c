package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// fakeJWT builds an unsigned token with the given claims; the client only
// reads names from tokens, Cognito verifies them.
func fakeJWT(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	return "e30." + base64.RawURLEncoding.EncodeToString(b) + ".sig"
}

func TestRefreshHashesInternalUsername(t *testing.T) {
	access := fakeJWT(map[string]any{"username": "6f1c-internal", "origin_jti": "o"})
	script := &scripted{t: t, steps: []exchange{{
		op: opInitiateAuth,
		check: func(t *testing.T, in map[string]any) {
			if in["AuthFlow"] != "REFRESH_TOKEN_AUTH" {
				t.Errorf("AuthFlow = %v", in["AuthFlow"])
			}
			expectParams("AuthParameters", map[string]string{
				"REFRESH_TOKEN": "r1", "USERNAME": "6f1c-internal", "DEVICE_KEY": "dk",
				"SECRET_HASH": srp.SecretHash(fakeClientID, fakeSecret, "6f1c-internal"),
			})(t, in)
		},
		reply: func(*testing.T, map[string]any) (any, error) {
			return map[string]any{"AuthenticationResult": map[string]any{"IdToken": "id2", "AccessToken": "a2", "ExpiresIn": 3600, "TokenType": "Bearer"}}, nil
		},
	}}}
	tokens, err := fakeClient(t, script, fakeSecret).Refresh(context.Background(), RefreshInput{RefreshToken: "r1", AccessToken: access, DeviceKey: "dk"})
	if err != nil {
		t.Fatal(err)
	}
	if tokens.IDToken != "id2" || tokens.RefreshToken != "r1" {
		t.Errorf("tokens = %+v: want new ID token and the refresh token kept", tokens)
	}
	script.done()
}

func TestSignOutRevokesOnlyRevocableTokens(t *testing.T) {
	revocable := fakeJWT(map[string]any{"username": "u", "origin_jti": "o"})
	legacy := fakeJWT(map[string]any{"username": "u"})
	script := &scripted{t: t, steps: []exchange{
		{op: "RevokeToken", check: func(t *testing.T, in map[string]any) {
			if in["Token"] != "r" || in["ClientId"] != fakeClientID || in["ClientSecret"] != fakeSecret {
				t.Errorf("RevokeToken input = %v", in)
			}
		}, reply: func(*testing.T, map[string]any) (any, error) { return map[string]any{}, nil }},
		{op: "GlobalSignOut", check: func(t *testing.T, in map[string]any) {
			if in["AccessToken"] != legacy {
				t.Errorf("GlobalSignOut input = %v", in)
			}
		}, reply: func(*testing.T, map[string]any) (any, error) { return map[string]any{}, nil }},
	}}
	c := fakeClient(t, script, fakeSecret)
	ctx := context.Background()
	if err := c.SignOut(ctx, SignOutInput{AccessToken: revocable, RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SignOut(ctx, SignOutInput{AccessToken: legacy, RefreshToken: "r"}); err != nil {
		t.Fatal(err) // no call: tokens without origin_jti cannot be revoked
	}
	if err := c.SignOut(ctx, SignOutInput{AccessToken: legacy, Global: true}); err != nil {
		t.Fatal(err)
	}
	script.done()
}

func TestConfirmDeviceSendsAUsableVerifier(t *testing.T) {
	var sent map[string]any
	script := &scripted{t: t, steps: []exchange{{
		op:    "ConfirmDevice",
		check: func(t *testing.T, in map[string]any) { sent = in },
		reply: func(*testing.T, map[string]any) (any, error) {
			return map[string]any{"UserConfirmationNecessary": true}, nil
		},
	}}}
	res, err := fakeClient(t, script, "").ConfirmDevice(context.Background(), "access", NewDevice{Key: "us-east-1_dev", GroupKey: "-grp"}, "laptop")
	if err != nil {
		t.Fatal(err)
	}
	if !res.UserConfirmationNecessary || res.Device.Password == "" || sent["DeviceName"] != "laptop" {
		t.Fatalf("result %+v, sent %v", res, sent)
	}
	cfg := sent["DeviceSecretVerifierConfig"].(map[string]any)
	secret := &srp.DeviceSecret{Password: res.Device.Password, Salt: cfg["Salt"].(string), PasswordVerifier: cfg["PasswordVerifier"].(string)}
	if bytes, _ := json.Marshal(sent); strings.Contains(string(bytes), res.Device.Password) {
		t.Fatal("the device password was sent to Cognito")
	}
	// Cognito, holding only the verifier, accepts the device's SRP proof.
	v := newDeviceVerifierSide(t, res.Device, secret)
	client, _ := srp.NewClient()
	key, err := v.server.Key(client.A())
	if err != nil {
		t.Fatal(err)
	}
	clientKey, err := client.Key(res.Device.GroupKey, res.Device.Key, res.Device.Password, v.salt, v.server.B())
	if err != nil || string(clientKey) != string(key) {
		t.Fatalf("device SRP keys differ: %v", err)
	}
	script.done()
}

func TestAccountInputChecks(t *testing.T) {
	c := fakeClient(t, &scripted{t: t}, "")
	ctx := context.Background()
	checks := map[string]error{
		"SignUp":           func() error { _, err := c.SignUp(ctx, SignUpInput{Username: "u"}); return err }(),
		"ConfirmSignUp":    c.ConfirmSignUp(ctx, "u", "", nil),
		"ChangePassword":   c.ChangePassword(ctx, "a", "", "new"),
		"GetUser":          func() error { _, err := c.GetUser(ctx, ""); return err }(),
		"Refresh":          func() error { _, err := c.Refresh(ctx, RefreshInput{}); return err }(),
		"ForgetDevice":     c.ForgetDevice(ctx, "a", ""),
		"VerifyTOTP":       c.VerifyTOTP(ctx, "a", "", ""),
		"ConfirmForgotPwd": c.ConfirmForgotPassword(ctx, "u", "123", ""),
	}
	for name, err := range checks {
		if e, ok := err.(*Error); !ok || e.Name != ErrInvalidParameter {
			t.Errorf("%s: %v, want InvalidParameterException", name, err)
		}
	}
}
