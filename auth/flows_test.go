package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// These tests drive the challenge loop against a scripted Cognito that
// checks each request and really verifies SRP claims, so they pin the
// wire shape of every flow. Integration tests against localcognito live
// in signin_test.go.

const (
	fakePool     = "us-east-1_Fake1"
	fakePoolName = "Fake1"
	fakeClientID = "fakeclient"
	fakeSecret   = "fakesecret"
)

// exchange is one expected request and the answer to it.
type exchange struct {
	op    string
	check func(t *testing.T, in map[string]any) // may be nil
	reply func(t *testing.T, in map[string]any) (any, error)
}

type scripted struct {
	t     *testing.T
	steps []exchange
}

func (s *scripted) Call(_ context.Context, op string, input, output any) error {
	s.t.Helper()
	if len(s.steps) == 0 {
		s.t.Fatalf("unexpected %s", op)
	}
	ex := s.steps[0]
	s.steps = s.steps[1:]
	if ex.op != op {
		s.t.Fatalf("got %s, want %s", op, ex.op)
	}
	var in map[string]any
	b, _ := json.Marshal(input)
	json.Unmarshal(b, &in)
	if ex.check != nil {
		ex.check(s.t, in)
	}
	out, err := ex.reply(s.t, in)
	if err != nil {
		return err
	}
	b, _ = json.Marshal(out)
	return json.Unmarshal(b, output)
}

func (s *scripted) done() {
	s.t.Helper()
	if len(s.steps) != 0 {
		s.t.Errorf("%d exchanges never happened, next %s", len(s.steps), s.steps[0].op)
	}
}

func params(in map[string]any, key string) map[string]string {
	out := map[string]string{}
	m, _ := in[key].(map[string]any)
	for k, v := range m {
		out[k], _ = v.(string)
	}
	return out
}

func tokensReply(*testing.T, map[string]any) (any, error) {
	return map[string]any{"AuthenticationResult": map[string]any{
		"IdToken": "id", "AccessToken": "access", "RefreshToken": "refresh", "ExpiresIn": 3600, "TokenType": "Bearer",
	}}, nil
}

func challengeReply(name string, p map[string]string) func(*testing.T, map[string]any) (any, error) {
	return func(*testing.T, map[string]any) (any, error) {
		return map[string]any{"ChallengeName": name, "ChallengeParameters": p, "Session": "session-" + name}, nil
	}
}

// srpVerifierSide plays Cognito's half of one SRP exchange.
type srpVerifierSide struct {
	realm, userID, salt string
	server              *srp.Server
	key                 []byte
}

func newVerifierSide(t *testing.T, realm, userID, password string) *srpVerifierSide {
	salt, v, err := srp.NewVerifier(realm, userID, password)
	if err != nil {
		t.Fatal(err)
	}
	server, err := srp.NewServer(v)
	if err != nil {
		t.Fatal(err)
	}
	return &srpVerifierSide{realm: realm, userID: userID, salt: salt, server: server}
}

// challenge answers a request carrying SRP_A with the verifier challenge.
func (v *srpVerifierSide) challenge(name string, extra map[string]string) func(*testing.T, map[string]any) (any, error) {
	return func(t *testing.T, in map[string]any) (any, error) {
		a := params(in, "AuthParameters")["SRP_A"]
		if a == "" {
			a = params(in, "ChallengeResponses")["SRP_A"]
		}
		key, err := v.server.Key(a)
		if err != nil {
			t.Fatalf("SRP_A: %v", err)
		}
		v.key = key
		p := map[string]string{"SALT": v.salt, "SRP_B": v.server.B(), "SECRET_BLOCK": "c2VjcmV0LWJsb2Nr", "USER_ID_FOR_SRP": v.userID}
		for k, val := range extra {
			p[k] = val
		}
		return map[string]any{"ChallengeName": name, "ChallengeParameters": p, "Session": "srp-session"}, nil
	}
}

// verify checks the claim signature, as Cognito would.
func (v *srpVerifierSide) verify(t *testing.T, in map[string]any) {
	r := params(in, "ChallengeResponses")
	if !srp.Verify(v.key, v.realm, v.userID, r["PASSWORD_CLAIM_SECRET_BLOCK"], r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"]) {
		t.Fatalf("claim signature does not verify: %v", r)
	}
}

func fakeClient(t *testing.T, script *scripted, secret string) *Client {
	c, err := New(Config{UserPoolID: fakePool, ClientID: fakeClientID, ClientSecret: secret, Transport: script})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func expectParams(key string, want map[string]string) func(*testing.T, map[string]any) {
	return func(t *testing.T, in map[string]any) {
		got := params(in, key)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s[%s] = %q, want %q (all: %v)", key, k, got[k], v, got)
			}
		}
	}
}

func TestUserPasswordAuth(t *testing.T) {
	script := &scripted{t: t, steps: []exchange{{
		op: opInitiateAuth,
		check: func(t *testing.T, in map[string]any) {
			if in["AuthFlow"] != FlowUserPassword {
				t.Errorf("AuthFlow = %v", in["AuthFlow"])
			}
			expectParams("AuthParameters", map[string]string{
				"USERNAME": "alice", "PASSWORD": "pw", "SECRET_HASH": srp.SecretHash(fakeClientID, fakeSecret, "alice"),
			})(t, in)
		},
		reply: tokensReply,
	}}}
	step, err := fakeClient(t, script, fakeSecret).SignIn(context.Background(), SignInInput{Username: "alice", Password: "pw", AuthFlow: FlowUserPassword})
	if err != nil || !step.Done || step.Tokens.IDToken != "id" {
		t.Fatalf("%+v, %v", step, err)
	}
	script.done()
}

func TestCustomWithSRP(t *testing.T) {
	v := newVerifierSide(t, fakePoolName, "user-uuid", "pw")
	script := &scripted{t: t, steps: []exchange{
		{op: opInitiateAuth, check: func(t *testing.T, in map[string]any) {
			if in["AuthFlow"] != FlowCustom {
				t.Errorf("AuthFlow = %v", in["AuthFlow"])
			}
			expectParams("AuthParameters", map[string]string{"CHALLENGE_NAME": "SRP_A", "USERNAME": "alice"})(t, in)
		}, reply: v.challenge(ChallengePasswordVerifier, nil)},
		{op: opRespondToAuthChallenge, check: func(t *testing.T, in map[string]any) {
			v.verify(t, in)
			expectParams("ChallengeResponses", map[string]string{"USERNAME": "user-uuid"})(t, in)
		}, reply: challengeReply(ChallengeCustom, map[string]string{"question": "2+2"})},
		{op: opRespondToAuthChallenge, check: expectParams("ChallengeResponses", map[string]string{"ANSWER": "4", "USERNAME": "user-uuid"}), reply: tokensReply},
	}}
	c := fakeClient(t, script, "")
	step, err := c.SignIn(context.Background(), SignInInput{Username: "alice", Password: "pw", AuthFlow: FlowCustomWithSRP})
	if err != nil {
		t.Fatal(err)
	}
	if step.ChallengeName != ChallengeCustom || strings.Join(step.Answers, ",") != "ANSWER" || step.ChallengeParameters["question"] != "2+2" {
		t.Fatalf("step = %+v", step)
	}
	done, err := c.Respond(context.Background(), RespondInput{Step: step, Answers: map[string]string{"ANSWER": "4"}})
	if err != nil || !done.Done {
		t.Fatalf("%+v, %v", done, err)
	}
	script.done()
}

func TestRememberedDevice(t *testing.T) {
	user := newVerifierSide(t, fakePoolName, "alice", "pw")
	secret, err := srp.NewDeviceSecret("-groupkey", "us-east-1_device")
	if err != nil {
		t.Fatal(err)
	}
	device := &Device{Key: "us-east-1_device", GroupKey: "-groupkey", Password: secret.Password}
	dev := newDeviceVerifierSide(t, device, secret)
	script := &scripted{t: t, steps: []exchange{
		{op: opInitiateAuth, check: expectParams("AuthParameters", map[string]string{"DEVICE_KEY": device.Key}), reply: user.challenge(ChallengePasswordVerifier, nil)},
		{op: opRespondToAuthChallenge, check: func(t *testing.T, in map[string]any) {
			user.verify(t, in)
			expectParams("ChallengeResponses", map[string]string{"DEVICE_KEY": device.Key})(t, in)
		}, reply: challengeReply(ChallengeDeviceSRPAuth, map[string]string{"USERNAME": "alice"})},
		{op: opRespondToAuthChallenge, check: func(t *testing.T, in map[string]any) {
			if in["ChallengeName"] != ChallengeDeviceSRPAuth {
				t.Errorf("ChallengeName = %v", in["ChallengeName"])
			}
		}, reply: dev.challenge(ChallengeDevicePasswordVerifier, map[string]string{"DEVICE_KEY": device.Key})},
		{op: opRespondToAuthChallenge, check: func(t *testing.T, in map[string]any) {
			if in["ChallengeName"] != ChallengeDevicePasswordVerifier {
				t.Errorf("ChallengeName = %v", in["ChallengeName"])
			}
			dev.verify(t, in)
		}, reply: tokensReply},
	}}
	step, err := fakeClient(t, script, "").SignIn(context.Background(), SignInInput{Username: "alice", Password: "pw", Device: device})
	if err != nil || !step.Done {
		t.Fatalf("%+v, %v", step, err)
	}
	script.done()
}

// newDeviceVerifierSide is Cognito holding a device's ConfirmDevice verifier.
func newDeviceVerifierSide(t *testing.T, d *Device, secret *srp.DeviceSecret) *srpVerifierSide {
	verifier := mustB64(t, secret.PasswordVerifier)
	server, err := srp.NewServer(verifier)
	if err != nil {
		t.Fatal(err)
	}
	return &srpVerifierSide{realm: d.GroupKey, userID: d.Key, salt: srp.SignedHex(mustB64(t, secret.Salt)), server: server}
}

func TestDeviceForgottenOnServer(t *testing.T) {
	user := newVerifierSide(t, fakePoolName, "alice", "pw")
	gone := func(*testing.T, map[string]any) (any, error) {
		return nil, &Error{Name: "ResourceNotFoundException", Message: "Device does not exist."}
	}
	script := &scripted{t: t, steps: []exchange{
		{op: opInitiateAuth, check: expectParams("AuthParameters", map[string]string{"DEVICE_KEY": "k"}), reply: gone},
		{op: opInitiateAuth, check: func(t *testing.T, in map[string]any) {
			if _, ok := params(in, "AuthParameters")["DEVICE_KEY"]; ok {
				t.Error("retried with the forgotten device")
			}
		}, reply: user.challenge(ChallengePasswordVerifier, nil)},
		{op: opRespondToAuthChallenge, check: user.verify, reply: tokensReply},
	}}
	step, err := fakeClient(t, script, "").SignIn(context.Background(), SignInInput{
		Username: "alice", Password: "pw", Device: &Device{Key: "k", GroupKey: "g", Password: "p"},
	})
	if err != nil || !step.Done || !step.DeviceForgotten {
		t.Fatalf("%+v, %v", step, err)
	}
	script.done()
}

func TestMFASetupInsideSignIn(t *testing.T) {
	script := &scripted{t: t, steps: []exchange{
		{op: opInitiateAuth, reply: challengeReply(ChallengeMFASetup, map[string]string{"MFAS_CAN_SETUP": `["SOFTWARE_TOKEN_MFA"]`})},
		{op: opAssociateSoftwareToken, check: func(t *testing.T, in map[string]any) {
			if in["Session"] != "session-MFA_SETUP" {
				t.Errorf("Session = %v", in["Session"])
			}
		}, reply: func(*testing.T, map[string]any) (any, error) {
			return map[string]any{"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "after-associate"}, nil
		}},
		{op: opVerifySoftwareToken, check: func(t *testing.T, in map[string]any) {
			if in["Session"] != "after-associate" || in["UserCode"] != "123456" {
				t.Errorf("VerifySoftwareToken input = %v", in)
			}
		}, reply: func(*testing.T, map[string]any) (any, error) {
			return map[string]any{"Status": "SUCCESS", "Session": "after-verify"}, nil
		}},
		{op: opRespondToAuthChallenge, check: func(t *testing.T, in map[string]any) {
			if in["ChallengeName"] != ChallengeMFASetup || in["Session"] != "after-verify" {
				t.Errorf("respond input = %v", in)
			}
		}, reply: tokensReply},
	}}
	c := fakeClient(t, script, "")
	step, err := c.SignIn(context.Background(), SignInInput{Username: "al ice", Password: "pw", AuthFlow: FlowUserPassword})
	if err != nil {
		t.Fatal(err)
	}
	if step.TOTP == nil || step.TOTP.Secret != "JBSWY3DPEHPK3PXP" ||
		step.TOTP.URI != "otpauth://totp/AWSCognito:al%20ice?issuer=AWSCognito&secret=JBSWY3DPEHPK3PXP" {
		t.Fatalf("step = %+v (totp %+v)", step, step.TOTP)
	}
	done, err := c.Respond(context.Background(), RespondInput{Step: step, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "123456"}})
	if err != nil || !done.Done {
		t.Fatalf("%+v, %v", done, err)
	}
	script.done()
}

func TestSelectChallengePasswordSRP(t *testing.T) {
	v := newVerifierSide(t, fakePoolName, "alice", "pw")
	script := &scripted{t: t, steps: []exchange{
		{op: opInitiateAuth, check: func(t *testing.T, in map[string]any) {
			if in["AuthFlow"] != FlowUserAuth {
				t.Errorf("AuthFlow = %v", in["AuthFlow"])
			}
		}, reply: func(*testing.T, map[string]any) (any, error) {
			return map[string]any{"ChallengeName": ChallengeSelectChallenge, "AvailableChallenges": []string{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"}, "Session": "s"}, nil
		}},
		{op: opRespondToAuthChallenge, check: expectParams("ChallengeResponses", map[string]string{"ANSWER": "PASSWORD_SRP"}), reply: v.challenge(ChallengePasswordVerifier, nil)},
		{op: opRespondToAuthChallenge, check: v.verify, reply: tokensReply},
	}}
	c := fakeClient(t, script, "")
	step, err := c.SignIn(context.Background(), SignInInput{Username: "alice", AuthFlow: FlowUserAuth})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(step.Options) != "[PASSWORD PASSWORD_SRP EMAIL_OTP]" {
		t.Fatalf("options = %v", step.Options)
	}
	if _, err := c.Respond(context.Background(), RespondInput{Step: step, Answers: map[string]string{"ANSWER": "PASSWORD_SRP"}}); err == nil {
		t.Fatal("PASSWORD_SRP without a password was accepted")
	}
	done, err := c.Respond(context.Background(), RespondInput{Step: step, Password: "pw", Answers: map[string]string{"ANSWER": "PASSWORD_SRP"}})
	if err != nil || !done.Done {
		t.Fatalf("%+v, %v", done, err)
	}
	script.done()
}

func TestChallengeAnswersDescribed(t *testing.T) {
	cases := []struct {
		name    string
		params  map[string]string
		answers string
		options string
	}{
		{ChallengeNewPasswordRequired, map[string]string{"requiredAttributes": `["userAttributes.name"]`}, "NEW_PASSWORD,userAttributes.name", ""},
		{ChallengeSMSMFA, nil, "SMS_MFA_CODE", ""},
		{ChallengeEmailOTP, nil, "EMAIL_OTP_CODE", ""},
		{ChallengeSoftwareTokenMFA, nil, "SOFTWARE_TOKEN_MFA_CODE", ""},
		{ChallengeSelectMFAType, map[string]string{"MFAS_CAN_CHOOSE": `["SMS_MFA","SOFTWARE_TOKEN_MFA"]`}, "ANSWER", "SMS_MFA,SOFTWARE_TOKEN_MFA"},
		{ChallengeCustom, nil, "ANSWER", ""},
	}
	for _, tc := range cases {
		s := challengeStep(&challengeOutput{ChallengeName: tc.name, ChallengeParameters: tc.params}, "u")
		if strings.Join(s.Answers, ",") != tc.answers || strings.Join(s.Options, ",") != tc.options {
			t.Errorf("%s: answers %v options %v", tc.name, s.Answers, s.Options)
		}
	}
}

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A server that keeps asking for DEVICE_SRP_AUTH gets a few answers, then
// an InvalidResponseError: the loop once ran without end.
func TestEndlessDeviceChallengesStop(t *testing.T) {
	again := challengeReply(ChallengeDeviceSRPAuth, map[string]string{"USERNAME": "alice"})
	steps := []exchange{{op: opInitiateAuth, reply: again}}
	for range maxAutoAnswers {
		steps = append(steps, exchange{op: opRespondToAuthChallenge, reply: again})
	}
	script := &scripted{t: t, steps: steps}
	device := &Device{Key: "us-east-1_device", GroupKey: "-groupkey", Password: "pw"}
	_, err := fakeClient(t, script, "").SignIn(context.Background(), SignInInput{Username: "alice", Password: "pw", Device: device})
	if e, ok := err.(*Error); !ok || e.Name != ErrInvalidResponse {
		t.Fatalf("got %v, want an InvalidResponseError", err)
	}
	script.done()
}

// DEVICE_PASSWORD_VERIFIER only follows this client's DEVICE_SRP_AUTH
// answer; on its own it is not a challenge for the caller.
func TestDevicePasswordVerifierFirstIsRefused(t *testing.T) {
	script := &scripted{t: t, steps: []exchange{
		{op: opInitiateAuth, reply: challengeReply(ChallengeDevicePasswordVerifier, map[string]string{"USERNAME": "alice"})},
	}}
	device := &Device{Key: "us-east-1_device", GroupKey: "-groupkey", Password: "pw"}
	step, err := fakeClient(t, script, "").SignIn(context.Background(), SignInInput{Username: "alice", Password: "pw", Device: device})
	if e, ok := err.(*Error); !ok || e.Name != ErrInvalidResponse {
		t.Fatalf("got %+v, %v; want an InvalidResponseError", step, err)
	}
	script.done()
}

// The region becomes part of the default endpoint's host name.
func TestRegionMustBeARegionName(t *testing.T) {
	for _, r := range []string{"x/../#", "evil.com/", "us-east-1.attacker", "US EAST"} {
		_, err := New(Config{UserPoolID: fakePool, ClientID: fakeClientID, Region: r})
		if e, ok := err.(*Error); !ok || e.Name != ErrInvalidParameter {
			t.Errorf("region %q: %v, want an InvalidParameterException", r, err)
		}
	}
	c, err := New(Config{UserPoolID: fakePool, ClientID: fakeClientID, Region: "us-gov-west-1"})
	if err != nil || c.Config().Endpoint != "https://cognito-idp.us-gov-west-1.amazonaws.com/" {
		t.Errorf("us-gov-west-1: %v, %v", c, err)
	}
}

// The client follows Cognito's order for a device that is not remembered,
// MFA then the device, and the other order some servers use.
func TestDeviceChallengeEitherSideOfMFA(t *testing.T) {
	secret, err := srp.NewDeviceSecret("-groupkey", "us-east-1_device")
	if err != nil {
		t.Fatal(err)
	}
	device := &Device{Key: "us-east-1_device", GroupKey: "-groupkey", Password: secret.Password}
	for _, mfaFirst := range []bool{true, false} {
		user := newVerifierSide(t, fakePoolName, "alice", "pw")
		dev := newDeviceVerifierSide(t, device, secret)
		is := func(name string, check func(*testing.T, map[string]any)) func(*testing.T, map[string]any) {
			return func(t *testing.T, in map[string]any) {
				if in["ChallengeName"] != name {
					t.Errorf("ChallengeName = %v, want %s", in["ChallengeName"], name)
				}
				if check != nil {
					check(t, in)
				}
			}
		}
		mfa := challengeReply(ChallengeSoftwareTokenMFA, map[string]string{"USERNAME": "alice"})
		deviceSRP := challengeReply(ChallengeDeviceSRPAuth, map[string]string{"USERNAME": "alice"})
		proveDevice := []exchange{
			{op: opRespondToAuthChallenge, check: is(ChallengeDeviceSRPAuth, nil), reply: dev.challenge(ChallengeDevicePasswordVerifier, map[string]string{"DEVICE_KEY": device.Key})},
			{op: opRespondToAuthChallenge, check: is(ChallengeDevicePasswordVerifier, dev.verify)},
		}
		answerMFA := exchange{op: opRespondToAuthChallenge, check: is(ChallengeSoftwareTokenMFA, expectParams("ChallengeResponses", map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "123456"}))}
		steps := []exchange{{op: opInitiateAuth, reply: user.challenge(ChallengePasswordVerifier, nil)}}
		if mfaFirst {
			steps = append(steps, exchange{op: opRespondToAuthChallenge, check: user.verify, reply: mfa})
			answerMFA.reply = deviceSRP
			proveDevice[1].reply = tokensReply
			steps = append(append(steps, answerMFA), proveDevice...)
		} else {
			steps = append(steps, exchange{op: opRespondToAuthChallenge, check: user.verify, reply: deviceSRP})
			proveDevice[1].reply = mfa
			answerMFA.reply = tokensReply
			steps = append(append(steps, proveDevice...), answerMFA)
		}
		script := &scripted{t: t, steps: steps}
		c := fakeClient(t, script, "")
		step, err := c.SignIn(context.Background(), SignInInput{Username: "alice", Password: "pw", Device: device})
		if err != nil || step.ChallengeName != ChallengeSoftwareTokenMFA {
			t.Fatalf("MFA first %v: %+v, %v", mfaFirst, step, err)
		}
		step, err = c.Respond(context.Background(), RespondInput{Step: step, Device: device, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "123456"}})
		if err != nil || !step.Done {
			t.Fatalf("MFA first %v: %+v, %v", mfaFirst, step, err)
		}
		script.done()
	}
}
