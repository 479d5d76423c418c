//go:build !js

package auth_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/awsmodel"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// checker holds every request and answer of the package's localcognito
// servers to AWS's model.
var checker awsmodel.Checker

// TestMain holds every request and every answer that crosses a
// localcognitotest server in this package's tests, through either
// transport, to AWS's model of Cognito (internal/awsmodel).
func TestMain(m *testing.M) {
	model, err := awsmodel.Cognito()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	checker.Model = model
	lct.Wrap = checker.Wrap
	os.Exit(m.Run())
}

// TestWireConformance sends every operation the client can send, in every
// flow and account call, through HTTPTransport, which marshals and heads
// requests as the wasm's fetch transport does; TestMain's wrapper holds
// each request and answer to the model. It then checks that nothing the
// client can send went unsent.
func TestWireConformance(t *testing.T) {
	ctx := context.Background()
	endpoint := lct.Start(t, "")
	client := func(pool, id, secret string, creds *auth.Credentials, endpoint string) *auth.Client {
		t.Helper()
		c, err := auth.New(auth.Config{UserPoolID: pool, ClientID: id, ClientSecret: secret, Admin: creds != nil, Credentials: creds,
			Transport: &auth.HTTPTransport{Endpoint: endpoint + "/", Credentials: creds, Region: "us-east-1"}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	public := client(lct.PoolID, lct.ClientID, "", nil, endpoint)
	secret := client(lct.PoolID, lct.SecretClientID, lct.ClientSecret, nil, endpoint)

	// Password flows, refused and accepted; refresh with a secret.
	_, err := public.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: "Wrong-Passw0rd!"})
	wantError(t, err, "NotAuthorizedException")
	if step, err := public.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password, AuthFlow: auth.FlowUserPassword}); err != nil || !step.Done {
		t.Fatalf("USER_PASSWORD_AUTH: %+v, %v", step, err)
	}
	tokens := signIn(t, secret, lct.Alice, lct.Password)
	if _, err := secret.Refresh(ctx, auth.RefreshInput{RefreshToken: tokens.RefreshToken, AccessToken: tokens.AccessToken}); err != nil {
		t.Fatal(err)
	}
	step, err := public.SignIn(ctx, auth.SignInInput{Username: lct.Bob, Password: lct.Password})
	step = expectChallenge(t, step, err, auth.ChallengeNewPasswordRequired)
	answer(t, public, step, map[string]string{"NEW_PASSWORD": "Bobs-New-Passw0rd!"})

	// Admin flows, signed with this package's SigV4.
	admin := client(lct.PoolID, lct.SecretClientID, lct.ClientSecret, &auth.Credentials{AccessKeyID: lct.AccessKeyID, SecretAccessKey: lct.SecretAccessKey}, endpoint)
	for _, flow := range []string{auth.FlowAdminUserPassword, auth.FlowAdminNoSRP, auth.FlowUserSRP} {
		if step, err := admin.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password, AuthFlow: flow}); err != nil || !step.Done {
			t.Fatalf("admin %s: %+v, %v", flow, step, err)
		}
	}

	// An account's life.
	const carol, carolPass = "carol", "Carols-Passw0rd!"
	if _, err := public.SignUp(ctx, auth.SignUpInput{Username: carol, Password: carolPass,
		Attributes: map[string]string{"email": "carol@example.com"}, ClientMetadata: map[string]string{"source": "test"}}); err != nil {
		t.Fatal(err)
	}
	wantError(t, public.ConfirmSignUp(ctx, carol, "000000", nil), "CodeMismatchException")
	if _, err := public.ResendConfirmationCode(ctx, carol); err != nil {
		t.Fatal(err)
	}
	if err := public.ConfirmSignUp(ctx, carol, lct.Code(t, endpoint, carol, "ResendCode"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := public.ForgotPassword(ctx, carol); err != nil {
		t.Fatal(err)
	}
	if err := public.ConfirmForgotPassword(ctx, carol, lct.Code(t, endpoint, carol, "ForgotPassword"), carolPass+"2"); err != nil {
		t.Fatal(err)
	}
	tokens = signIn(t, public, carol, carolPass+"2")
	if _, err := public.GetUser(ctx, tokens.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := public.UpdateAttributes(ctx, tokens.AccessToken, map[string]string{"email": "carol2@example.com", "name": "Carol"}); err != nil {
		t.Fatal(err)
	}
	if _, err := public.SendAttributeCode(ctx, tokens.AccessToken, "email"); err != nil {
		t.Fatal(err)
	}
	wantError(t, public.VerifyAttribute(ctx, tokens.AccessToken, "email", "000000"), "CodeMismatchException")
	if err := public.VerifyAttribute(ctx, tokens.AccessToken, "email", lct.Code(t, endpoint, carol, "VerifyUserAttribute")); err != nil {
		t.Fatal(err)
	}
	wantError(t, public.ChangePassword(ctx, tokens.AccessToken, "Wrong-Passw0rd!", carolPass), "NotAuthorizedException")
	if err := public.ChangePassword(ctx, tokens.AccessToken, carolPass+"2", carolPass); err != nil {
		t.Fatal(err)
	}
	if err := public.SignOut(ctx, auth.SignOutInput{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	tokens = signIn(t, public, carol, carolPass)
	if err := public.SignOut(ctx, auth.SignOutInput{AccessToken: tokens.AccessToken, Global: true}); err != nil {
		t.Fatal(err)
	}
	_, err = public.GetUser(ctx, tokens.AccessToken)
	wantError(t, err, "NotAuthorizedException")
	tokens = signIn(t, public, carol, carolPass)
	if err := public.DeleteUser(ctx, tokens.AccessToken); err != nil {
		t.Fatal(err)
	}

	// MFA, set up in a sign-in and from an access token, and devices.
	mfaEndpoint := lct.Start(t, "")
	mfa := client(lct.MFAPoolID, lct.MFAClientID, "", nil, mfaEndpoint)
	step, err = mfa.SignIn(ctx, auth.SignInInput{Username: "newbie", Password: lct.Password})
	step = expectChallenge(t, step, err, auth.ChallengeMFASetup)
	_, err = mfa.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "000000"}})
	wantError(t, err, "EnableSoftwareTokenMFAException")
	step = answer(t, mfa, step, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, step.TOTP.Secret)})
	setup, err := mfa.AssociateTOTP(ctx, step.Tokens.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, mfa.VerifyTOTP(ctx, step.Tokens.AccessToken, "000000", "phone"), "EnableSoftwareTokenMFAException")
	if err := mfa.VerifyTOTP(ctx, step.Tokens.AccessToken, totpCode(t, setup.Secret), "phone"); err != nil {
		t.Fatal(err)
	}
	if err := mfa.SetMFAPreference(ctx, step.Tokens.AccessToken, auth.MFAPreference{TOTP: &auth.MFASetting{Enabled: true, Preferred: true}}); err != nil {
		t.Fatal(err)
	}
	step, err = mfa.SignIn(ctx, auth.SignInInput{Username: "smsuser", Password: lct.Password})
	step = expectChallenge(t, step, err, auth.ChallengeSMSMFA)
	answer(t, mfa, step, map[string]string{"SMS_MFA_CODE": lct.Code(t, mfaEndpoint, "smsuser", "Authentication")})
	step, err = mfa.SignIn(ctx, auth.SignInInput{Username: "both", Password: lct.Password})
	step = expectChallenge(t, step, err, auth.ChallengeSelectMFAType)
	step = expectChallenge(t, answer(t, mfa, step, map[string]string{"ANSWER": "SOFTWARE_TOKEN_MFA"}), nil, auth.ChallengeSoftwareTokenMFA)
	_, err = mfa.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "000000"}})
	wantError(t, err, "CodeMismatchException")
	step = answer(t, mfa, step, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": totpCode(t, lct.TOTPSecret)})
	tokens = step.Tokens
	device, err := mfa.ConfirmDevice(ctx, tokens.AccessToken, *tokens.NewDevice, "laptop")
	if err != nil {
		t.Fatal(err)
	}
	if err := mfa.RememberDevice(ctx, tokens.AccessToken, device.Device.Key, true); err != nil {
		t.Fatal(err)
	}
	step, err = mfa.SignIn(ctx, auth.SignInInput{Username: "both", Password: lct.Password, Device: device.Device})
	if err != nil || !step.Done {
		t.Fatalf("DEVICE_SRP_AUTH: %+v, %v", step, err)
	}
	if _, err := mfa.Refresh(ctx, auth.RefreshInput{RefreshToken: step.Tokens.RefreshToken, AccessToken: step.Tokens.AccessToken, DeviceKey: device.Device.Key}); err != nil {
		t.Fatal(err)
	}
	if _, err := mfa.ListDevices(ctx, step.Tokens.AccessToken); err != nil {
		t.Fatal(err)
	}
	if err := mfa.ForgetDevice(ctx, step.Tokens.AccessToken, device.Device.Key); err != nil {
		t.Fatal(err)
	}
	wantError(t, mfa.ForgetDevice(ctx, step.Tokens.AccessToken, device.Device.Key), "ResourceNotFoundException")

	// Lambda-driven flows: CUSTOM_AUTH, with and without SRP, and USER_AUTH.
	triggers := lct.StartWith(t, triggerSeed, localcognito.Options{LambdaEndpoint: fakeLambda(t)})
	custom := client(triggerPool, triggerClient, "", nil, triggers)
	for _, flow := range []string{auth.FlowCustom, auth.FlowCustomWithSRP} {
		step, err := custom.SignIn(ctx, auth.SignInInput{Username: "carol", Password: lct.Password, AuthFlow: flow, ClientMetadata: map[string]string{"k": "v"}})
		step = expectChallenge(t, step, err, auth.ChallengeCustom)
		step = expectChallenge(t, answer(t, custom, step, map[string]string{"ANSWER": "5"}), nil, auth.ChallengeCustom)
		answer(t, custom, step, map[string]string{"ANSWER": "4"})
	}
	step, err = custom.SignIn(ctx, auth.SignInInput{Username: "carol", AuthFlow: auth.FlowUserAuth})
	step = expectChallenge(t, step, err, auth.ChallengeSelectChallenge)
	if done, err := custom.Respond(ctx, auth.RespondInput{Step: step, Password: lct.Password, Answers: map[string]string{"ANSWER": "PASSWORD"}}); err != nil || !done.Done {
		t.Fatalf("SELECT_CHALLENGE PASSWORD: %+v, %v", done, err)
	}
	for _, preferred := range []string{"PASSWORD", "PASSWORD_SRP"} {
		if step, err := custom.SignIn(ctx, auth.SignInInput{Username: "carol", Password: lct.Password, AuthFlow: auth.FlowUserAuth, PreferredChallenge: preferred}); err != nil || !step.Done {
			t.Fatalf("USER_AUTH %s: %+v, %v", preferred, step, err)
		}
	}
	for _, otp := range []struct{ preferred, challenge, key string }{
		{"EMAIL_OTP", auth.ChallengeEmailOTP, "EMAIL_OTP_CODE"},
		{"SMS_OTP", auth.ChallengeSMSOTP, "SMS_OTP_CODE"},
	} {
		step, err := custom.SignIn(ctx, auth.SignInInput{Username: "carol", AuthFlow: auth.FlowUserAuth, PreferredChallenge: otp.preferred})
		step = expectChallenge(t, step, err, otp.challenge)
		answer(t, custom, step, map[string]string{otp.key: lct.Code(t, triggers, "carol", "Authentication")})
	}

	// Every operation the client can send was sent, and through HTTPTransport.
	sent := map[string]bool{}
	for _, ex := range checker.Exchanges(t) {
		if ua := ex.Header.Get("X-Amz-User-Agent"); !strings.HasPrefix(ua, "cognito-srp-wasm/") {
			t.Errorf("%s sent by %q, not HTTPTransport", ex.Op, ua)
		}
		sent[ex.Op] = true
	}
	for _, op := range clientOperations(t) {
		if !sent[op] {
			t.Errorf("%s: the client can send it, yet this test never did", op)
		}
	}
}

// clientOperations is every operation the client can send: each is a
// string literal in this package's code, in a call or a constant, and the
// SDK transport must be able to send it too.
func clientOperations(t *testing.T) []string {
	t.Helper()
	model, _ := awsmodel.Cognito()
	var ops []string
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, _ := strconv.Unquote(lit.Value); model.Operations[s] != nil && !slices.Contains(ops, s) {
					ops = append(ops, s)
					if !auth.SDKSends(s) {
						t.Errorf("%s: operation %s, which the SDK transport cannot send", fset.Position(lit.Pos()), s)
					}
				}
			}
			return true
		})
	}
	if len(ops) < 20 { // the client sends two dozen: fewer means the scan broke
		t.Fatalf("only %d operations found in the package's code: %v", len(ops), ops)
	}
	return ops
}
