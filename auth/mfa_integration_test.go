//go:build !js

package auth_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// MFA and remembered devices against localcognito. TOTP codes come from
// github.com/pquerna/otp, independently of the server's own checks.

// The MFA pool of localcognitotest.Seed.
const (
	mfaPool     = lct.MFAPoolID
	mfaClient   = lct.MFAClientID
	mfaPassword = lct.Password
	totpSecret  = lct.TOTPSecret
)

func mfaClientFor(t *testing.T) (string, *auth.Client) {
	endpoint := lct.Start(t, "")
	c, err := auth.New(auth.Config{UserPoolID: mfaPool, ClientID: mfaClient, Endpoint: endpoint + "/"})
	if err != nil {
		t.Fatal(err)
	}
	return endpoint, c
}

func totpCode(t *testing.T, secret string) string {
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func expectChallenge(t *testing.T, step *auth.Step, err error, name string) *auth.Step {
	t.Helper()
	if err != nil {
		t.Fatalf("want %s: %v", name, err)
	}
	if step.Done || step.ChallengeName != name {
		t.Fatalf("want %s, got %+v", name, step)
	}
	return step
}

func answer(t *testing.T, c *auth.Client, step *auth.Step, answers map[string]string) *auth.Step {
	t.Helper()
	next, err := c.Respond(context.Background(), auth.RespondInput{Step: step, Answers: answers})
	if err != nil {
		t.Fatalf("answer %s: %v", step.ChallengeName, err)
	}
	return next
}

func TestMFASetupThenTOTP(t *testing.T) {
	_, c := mfaClientFor(t)
	ctx := context.Background()
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "newbie", Password: mfaPassword})
	step = expectChallenge(t, step, err, auth.ChallengeMFASetup)
	if step.TOTP == nil || step.TOTP.Secret == "" || step.TOTP.URI == "" {
		t.Fatalf("MFA_SETUP without a TOTP secret: %+v", step)
	}
	secret := step.TOTP.Secret
	_, err = c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "000000"}})
	if e := asError(t, err); e.Name != "EnableSoftwareTokenMFAException" && e.Name != "CodeMismatchException" {
		t.Errorf("wrong first code: %s: %s", e.Name, e.Message)
	}
	if done := answer(t, c, step, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret)}); !done.Done {
		t.Fatalf("after set-up: %+v", done)
	}
	// From now on the authenticator app's code is asked for.
	step, err = c.SignIn(ctx, auth.SignInInput{Username: "newbie", Password: mfaPassword})
	step = expectChallenge(t, step, err, auth.ChallengeSoftwareTokenMFA)
	if done := answer(t, c, step, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, secret)}); !done.Done {
		t.Fatalf("TOTP sign-in: %+v", done)
	}
}

func TestSoftwareTokenMFA(t *testing.T) {
	_, c := mfaClientFor(t)
	ctx := context.Background()
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "totpuser", Password: mfaPassword})
	step = expectChallenge(t, step, err, auth.ChallengeSoftwareTokenMFA)
	if !slices.Equal(step.Answers, []string{"SOFTWARE_TOKEN_MFA_CODE"}) {
		t.Errorf("answers = %v", step.Answers)
	}
	_, err = c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "000000"}})
	wantError(t, err, "CodeMismatchException")
	// A wrong code leaves the session usable, as Cognito's does.
	if done := answer(t, c, step, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, totpSecret)}); !done.Done {
		t.Fatalf("TOTP sign-in: %+v", done)
	}
}

func TestSMSMFA(t *testing.T) {
	endpoint, c := mfaClientFor(t)
	step, err := c.SignIn(context.Background(), auth.SignInInput{Username: "smsuser", Password: mfaPassword})
	step = expectChallenge(t, step, err, auth.ChallengeSMSMFA)
	if step.ChallengeParameters["CODE_DELIVERY_DESTINATION"] == "" {
		t.Errorf("no masked destination: %v", step.ChallengeParameters)
	}
	code := lct.Code(t, endpoint, "smsuser", "Authentication")
	if done := answer(t, c, step, map[string]string{"SMS_MFA_CODE": code}); !done.Done {
		t.Fatalf("SMS sign-in: %+v", done)
	}
}

func TestSelectMFAType(t *testing.T) {
	_, c := mfaClientFor(t)
	step, err := c.SignIn(context.Background(), auth.SignInInput{Username: "both", Password: mfaPassword})
	step = expectChallenge(t, step, err, auth.ChallengeSelectMFAType)
	if !slices.Contains(step.Options, "SMS_MFA") || !slices.Contains(step.Options, "SOFTWARE_TOKEN_MFA") {
		t.Fatalf("options = %v", step.Options)
	}
	step = expectChallenge(t, answer(t, c, step, map[string]string{"ANSWER": "SOFTWARE_TOKEN_MFA"}), nil, auth.ChallengeSoftwareTokenMFA)
	if done := answer(t, c, step, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, totpSecret)}); !done.Done {
		t.Fatalf("after choosing TOTP: %+v", done)
	}
}

func TestRememberedDeviceSkipsMFA(t *testing.T) {
	_, c := mfaClientFor(t)
	ctx := context.Background()
	// signInWithMFA returns SignIn's first step and the final one.
	signInWithMFA := func(device *auth.Device) (*auth.Step, *auth.Step) {
		first, err := c.SignIn(ctx, auth.SignInInput{Username: "totpuser", Password: mfaPassword, Device: device})
		if err != nil {
			t.Fatal(err)
		}
		step := first
		if !step.Done {
			step = expectChallenge(t, step, nil, auth.ChallengeSoftwareTokenMFA)
			var err error
			step, err = c.Respond(ctx, auth.RespondInput{Step: step, Device: device,
				Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, totpSecret)}})
			if err != nil {
				t.Fatal(err)
			}
		}
		return first, step
	}
	_, first := signInWithMFA(nil)
	nd := first.Tokens.NewDevice
	if nd == nil {
		t.Fatal("no NewDeviceMetadata from a pool that tracks devices")
	}
	res, err := c.ConfirmDevice(ctx, first.Tokens.AccessToken, *nd, "test laptop")
	if err != nil {
		t.Fatal(err)
	}
	if !res.UserConfirmationNecessary {
		t.Error("pool remembers only on the user's say-so, yet UserConfirmationNecessary is false")
	}
	// Confirmed, not yet remembered: MFA, then the device proves itself
	// (Cognito's order), which this client does without being asked.
	start, done := signInWithMFA(res.Device)
	if start.Done || !done.Done || jwtClaims(t, done.Tokens.AccessToken)["device_key"] != nd.Key || done.Tokens.NewDevice != nil {
		t.Fatalf("a confirmed, not remembered device: first step %+v, last %+v", start, done)
	}
	if err := c.RememberDevice(ctx, first.Tokens.AccessToken, nd.Key, true); err != nil {
		t.Fatal(err)
	}

	// The remembered device answers DEVICE_SRP_AUTH and skips MFA.
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "totpuser", Password: mfaPassword, Device: res.Device})
	if err != nil || !step.Done {
		t.Fatalf("sign-in on the remembered device: %+v, %v", step, err)
	}
	if _, err := c.Refresh(ctx, auth.RefreshInput{RefreshToken: step.Tokens.RefreshToken, AccessToken: step.Tokens.AccessToken, DeviceKey: nd.Key}); err != nil {
		t.Fatalf("refresh with the device key: %v", err)
	}
	devices, err := c.ListDevices(ctx, step.Tokens.AccessToken)
	if err != nil || len(devices) != 1 || devices[0].Key != nd.Key || devices[0].Attributes["device_name"] != "test laptop" {
		t.Fatalf("devices %+v, %v", devices, err)
	}

	// Forgotten at Cognito: the sign-in recovers and says so.
	if err := c.ForgetDevice(ctx, step.Tokens.AccessToken, nd.Key); err != nil {
		t.Fatal(err)
	}
	start, again := signInWithMFA(res.Device)
	if !again.Done || !start.DeviceForgotten {
		t.Fatalf("after forgetting: first step %+v, last %+v", start, again)
	}
}
