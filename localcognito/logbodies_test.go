package localcognito

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

func TestRedactJSON(t *testing.T) {
	in := `{"AuthParameters":{"USERNAME":"al","PASSWORD":"pw","srp_a":"aa","Secret_Hash":"h"},"ClientId":"c",` +
		`"ChallengeResponses":{"SMS_MFA_CODE":"1","EMAIL_OTP_CODE":"2","SOFTWARE_TOKEN_MFA_CODE":"3","ANSWER":"x","NEW_PASSWORD":"n"},` +
		`"DeviceSecretVerifierConfig":{"PasswordVerifier":"v","Salt":"s"},"UserAttributes":[{"Name":"email","Value":"e"}],` +
		`"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","TokenType":"Bearer","ExpiresIn":3600},` +
		`"List":[{"session":"s1"}],"PaginationToken":"p","GenerateSecret":true,"ClientSecret":"cs","Limit":10}`
	got := redactJSON([]byte(in))
	for _, leak := range []string{`"pw"`, `"aa"`, `"h"`, `"1"`, `"2"`, `"3"`, `"x"`, `"n"`, `"v"`, `"s"`, `"a"`, `"i"`, `"r"`, `"s1"`, `"cs"`} {
		if strings.Contains(got, leak) {
			t.Errorf("redacted JSON holds %s: %s", leak, got)
		}
	}
	for _, kept := range []string{`"USERNAME":"al"`, `"ClientId":"c"`, `"Value":"e"`, `"TokenType":"Bearer"`, `"ExpiresIn":3600`,
		`"PaginationToken":"p"`, `"GenerateSecret":true`, `"Limit":10`} {
		if !strings.Contains(got, kept) {
			t.Errorf("redacted JSON lost %s: %s", kept, got)
		}
	}
	if got := redactJSON([]byte(`{"PASSWORD":"pw"`)); strings.Contains(got, "pw") || !strings.Contains(got, "not JSON") {
		t.Errorf("malformed JSON logged as %s", got)
	}
}

// srpRun is a USER_SRP_AUTH exchange that keeps every value it sent or got.
type srpRun struct {
	a, salt, b, block, signature, initHash, respondHash string
	out                                                 *cip.RespondToAuthChallengeOutput
}

func (e *env) srpRun(poolID, clientID, secret, username, password string) *srpRun {
	e.t.Helper()
	c, err := srp.NewClient()
	if err != nil {
		e.t.Fatal(err)
	}
	r := &srpRun{a: c.A(), initHash: srp.SecretHash(clientID, secret, username)}
	init, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": r.a, "SECRET_HASH": r.initHash}})
	if err != nil {
		e.t.Fatal(err)
	}
	p := init.ChallengeParameters
	r.salt, r.b, r.block = p["SALT"], p["SRP_B"], p["SECRET_BLOCK"]
	key, err := c.Key(realmOf(poolID), p["USER_ID_FOR_SRP"], password, r.salt, r.b)
	if err != nil {
		e.t.Fatal(err)
	}
	ts := srp.Timestamp(e.clock.Now())
	if r.signature, err = srp.Signature(key, realmOf(poolID), p["USER_ID_FOR_SRP"], r.block, ts); err != nil {
		e.t.Fatal(err)
	}
	r.respondHash = srp.SecretHash(clientID, secret, p["USER_ID_FOR_SRP"])
	r.out, err = e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ClientId: aws.String(clientID), ChallengeResponses: map[string]string{"USERNAME": p["USER_ID_FOR_SRP"],
			"PASSWORD_CLAIM_SECRET_BLOCK": r.block, "PASSWORD_CLAIM_SIGNATURE": r.signature, "TIMESTAMP": ts, "SECRET_HASH": r.respondHash}})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// TestLogBodiesHoldNoSecrets runs sign-in, sign-up, password recovery and
// change, MFA, devices, refresh and revocation with -log-bodies on, then
// looks for every secret value in the log, and for the plaintext ones
// (passwords, tokens, handles) in the database file.
func TestLogBodiesHoldNoSecrets(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, Options{LogBodies: true, DataDir: dir})
	secrets := map[string]string{}
	keep := func(name, v string) {
		if len(v) < 6 {
			t.Fatalf("%s %q is too short to search for; the test is broken", name, v)
		}
		secrets[name] = v
	}

	// Admin set-up; the client secret comes back in a response.
	poolID, clientID, clientSecret := e.signUpPool()
	keep("client secret", clientSecret)
	hash := func(name string) string { return srp.SecretHash(clientID, clientSecret, name) }
	if _, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("tess"),
		TemporaryPassword: aws.String("Tempor4ry-pass!"), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	keep("temporary password", "Tempor4ry-pass!")

	// SRP with a secret, then NEW_PASSWORD_REQUIRED.
	r := e.srpRun(poolID, clientID, clientSecret, "tess", "Tempor4ry-pass!")
	keep("SRP_A", r.a[:64])
	keep("SRP_B", r.b[:64])
	keep("SALT", r.salt)
	keep("SECRET_BLOCK", r.block[:40])
	keep("signature", r.signature)
	keep("SECRET_HASH (initiate)", r.initHash)
	keep("SECRET_HASH (respond)", r.respondHash)
	keep("NEW_PASSWORD_REQUIRED session", aws.ToString(r.out.Session)[:40])
	done, err := e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ChallengeName: types.ChallengeNameTypeNewPasswordRequired,
		ClientId: aws.String(clientID), Session: r.out.Session,
		ChallengeResponses: map[string]string{"USERNAME": "tess", "NEW_PASSWORD": "Chosen-Passw0rd!", "SECRET_HASH": hash("tess")}})
	if err != nil {
		t.Fatal(err)
	}
	keep("new password", "Chosen-Passw0rd!")
	keep("ID token", *done.AuthenticationResult.IdToken)
	keep("access token", *done.AuthenticationResult.AccessToken)
	keep("refresh token", *done.AuthenticationResult.RefreshToken)

	// Refresh, GetTokensFromRefreshToken with ClientSecret, RevokeToken.
	ref, err := e.refresh(clientID, hash("tess"), *done.AuthenticationResult.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	keep("refreshed access token", *ref.AuthenticationResult.AccessToken)
	if _, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(clientID),
		ClientSecret: aws.String(clientSecret), RefreshToken: done.AuthenticationResult.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	// Changing the password and an attribute, verified with a code.
	if _, err := e.anon.ChangePassword(ctx(), &cip.ChangePasswordInput{AccessToken: ref.AuthenticationResult.AccessToken,
		PreviousPassword: aws.String("Chosen-Passw0rd!"), ProposedPassword: aws.String("Changed-Passw0rd!")}); err != nil {
		t.Fatal(err)
	}
	keep("changed password", "Changed-Passw0rd!")
	if _, err := e.anon.UpdateUserAttributes(ctx(), &cip.UpdateUserAttributesInput{AccessToken: ref.AuthenticationResult.AccessToken,
		UserAttributes: attrs("email", "tess@example.com")}); err != nil {
		t.Fatal(err)
	}
	verifyCode := e.lastCode(poolID, "tess", kindUpdateAttribute)
	keep("attribute code", verifyCode)
	if _, err := e.anon.VerifyUserAttribute(ctx(), &cip.VerifyUserAttributeInput{AccessToken: ref.AuthenticationResult.AccessToken,
		AttributeName: aws.String("email"), Code: aws.String(verifyCode)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.anon.RevokeToken(ctx(), &cip.RevokeTokenInput{ClientId: aws.String(clientID), ClientSecret: aws.String(clientSecret),
		Token: done.AuthenticationResult.RefreshToken}); err != nil {
		t.Fatal(err)
	}

	// Sign-up, confirmation, a resent code, password recovery.
	if _, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash("uma")), Username: aws.String("uma"),
		Password: aws.String("Sign-up-Passw0rd!"), UserAttributes: attrs("email", "uma@example.com")}); err != nil {
		t.Fatal(err)
	}
	keep("sign-up password", "Sign-up-Passw0rd!")
	if _, err := e.anon.ResendConfirmationCode(ctx(), &cip.ResendConfirmationCodeInput{ClientId: aws.String(clientID),
		SecretHash: aws.String(hash("uma")), Username: aws.String("uma")}); err != nil {
		t.Fatal(err)
	}
	signUpCode := e.lastCode(poolID, "uma", kindResendCode)
	keep("sign-up code", signUpCode)
	if _, err := e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash("uma")),
		Username: aws.String("uma"), ConfirmationCode: aws.String(signUpCode)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash("uma")), Username: aws.String("uma")}); err != nil {
		t.Fatal(err)
	}
	resetCode := e.lastCode(poolID, "uma", kindForgotPassword)
	keep("reset code", resetCode)
	if _, err := e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash("uma")),
		Username: aws.String("uma"), ConfirmationCode: aws.String(resetCode), Password: aws.String("Reset-Passw0rd!")}); err != nil {
		t.Fatal(err)
	}
	keep("reset password", "Reset-Passw0rd!")
	if _, err := e.admin.AdminSetUserPassword(ctx(), &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("uma"),
		Password: aws.String("Admin-set-Passw0rd!"), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	keep("admin-set password", "Admin-set-Passw0rd!")

	// Devices, TOTP and SMS MFA on a secretless client.
	f := e.fixture()
	keep("fixture password", f.password)
	d := e.devicePool(f, false)
	keep("device password", d.secret.Password)
	keep("device verifier", d.secret.PasswordVerifier[:40])
	keep("device salt", d.secret.Salt)
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	totpSecret := e.enrolTOTP(f)
	keep("TOTP secret", totpSecret)
	out, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("TOTP challenge: %v %+v", err, out)
	}
	keep("MFA session", aws.ToString(out.Session)[:40])
	totpCode := e.totp(totpSecret, 0)
	keep("TOTP code", totpCode)
	if _, err := e.answer(f, out.ChallengeName, out.Session, "SOFTWARE_TOKEN_MFA_CODE", totpCode); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username),
		UserAttributes: attrs("phone_number", "+15555551234", "phone_number_verified", "true")}); err != nil {
		t.Fatal(err)
	}
	e.setMFA(f, &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}, nil, nil)
	sms := e.passwordThenChallenge(f)
	smsCode := e.lastCode(f.poolID, f.username, kindAuthentication)
	keep("SMS code", smsCode)
	if _, err := e.answer(f, types.ChallengeNameTypeSmsMfa, sms.Session, "SMS_MFA_CODE", smsCode); err != nil {
		t.Fatal(err)
	}
	dev, err := e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || dev.AuthenticationResult == nil {
		t.Fatalf("device sign-in: %v", err)
	}
	keep("device refresh token", *dev.AuthenticationResult.RefreshToken)

	logs := e.logs.String()
	for name, v := range secrets {
		if strings.Contains(logs, v) {
			t.Errorf("the log contains the %s", name)
		}
	}
	// Positive controls: the bodies are there, names and all.
	for _, want := range []string{`"request_body"`, `"response_body"`, `\"USERNAME\":\"tess\"`, `REDACTED`, `\"ChallengeName\":\"SOFTWARE_TOKEN_MFA\"`,
		`\"DeviceKey\":\"` + d.key + `\"`, `"outcome":"ok"`, `"outcome":"EnableSoftwareTokenMFAException"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s", want)
		}
	}

	// The database holds no plaintext password, token or handle; it does
	// hold what it must, such as the client secret.
	e.srv.Close()
	db, err := os.ReadFile(filepath.Join(dir, dataFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(db, []byte(clientSecret)) {
		t.Fatal("the database lacks the client secret; the test is broken")
	}
	for _, name := range []string{"temporary password", "new password", "changed password", "sign-up password", "reset password",
		"admin-set password", "fixture password", "device password", "ID token", "access token", "refresh token",
		"refreshed access token", "device refresh token", "NEW_PASSWORD_REQUIRED session", "MFA session", "SECRET_BLOCK"} {
		if bytes.Contains(db, []byte(secrets[name])) {
			t.Errorf("the database holds the %s", name)
		}
	}
}
