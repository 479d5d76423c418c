package localcognito

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// walkStrings calls fn for every string and byte slice reachable from v,
// unexported fields included.
func walkStrings(v reflect.Value, seen map[uintptr]bool, fn func(where string, b []byte)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
		}
		walkStrings(v.Elem(), seen, fn)
	case reflect.String:
		fn(v.Type().String(), []byte(v.String()))
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			fn(v.Type().String(), v.Bytes())
			return
		}
		for i := range v.Len() {
			walkStrings(v.Index(i), seen, fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkStrings(it.Key(), seen, fn)
			walkStrings(it.Value(), seen, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkStrings(v.Field(i), seen, fn)
		}
	}
}

func TestStoreHoldsNoPlaintextPassword(t *testing.T) {
	e := newEnv(t)
	f, out := newPasswordFixture(t, e) // temporary password "Temp0rary!pass"
	if _, err := e.answerNewPassword(f, out.Session, "N3w-Passw0rd!"); err != nil {
		t.Fatal(err)
	}
	g := e.fixture()
	if err := e.srv.LoadSeedFile("testdata/seed.yaml"); err != nil {
		t.Fatal(err)
	}
	e.mustTokens(g)
	secrets := []string{"Temp0rary!pass", "N3w-Passw0rd!", g.password, "Passw0rd!", "Temp0rary!"}
	checked, sawClientSecret := 0, false
	walkStrings(reflect.ValueOf(e.srv.store), map[uintptr]bool{}, func(where string, b []byte) {
		checked++
		// Positive control: client secrets are stored, so the walk must find one.
		sawClientSecret = sawClientSecret || bytes.Contains(b, []byte("fixedsecret0000"))
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("store holds password %q in a %s", s, where)
			}
		}
	})
	if checked < 20 || !sawClientSecret {
		t.Fatalf("walked %d values without finding the seeded client secret; the walker is broken", checked)
	}
}

func TestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	clientID, clientSecret := e.createClient(f.poolID, true)

	s := e.signIn(f.poolID, clientID, clientSecret, f.username, f.password)
	srpClient, err := srp.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	r := s.responses()
	res, err := s.respond(r)
	if err != nil {
		t.Fatal(err)
	}
	// A failing attempt and a forced password change log too.
	_, _ = e.signIn(f.poolID, clientID, clientSecret, f.username, "Wr0ng-password!").run()
	g, out := newPasswordFixture(t, e)
	if _, err := e.answerNewPassword(g, out.Session, "N3w-Passw0rd!"); err != nil {
		t.Fatal(err)
	}
	_, _ = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": f.username, "SRP_A": srpClient.A(), "SECRET_HASH": "bm90LWl0"}})

	logs := e.logs.String()
	p := s.challenge.ChallengeParameters
	secrets := map[string]string{
		"password": f.password, "wrong password": "Wr0ng-password!", "temporary password": g.password,
		"new password": "N3w-Passw0rd!", "client secret": clientSecret, "SECRET_HASH": r["SECRET_HASH"],
		"SRP_A": srpClient.A()[:64], "SRP_B": p["SRP_B"][:64], "SALT": p["SALT"], "SECRET_BLOCK": p["SECRET_BLOCK"][:40],
		"signature": r["PASSWORD_CLAIM_SIGNATURE"], "session": aws.ToString(out.Session)[:40],
		"id token": *res.AuthenticationResult.IdToken, "access token": *res.AuthenticationResult.AccessToken,
		"refresh token": *res.AuthenticationResult.RefreshToken,
	}
	for name, secret := range secrets {
		if secret == "" {
			t.Fatalf("%s is empty; the test is broken", name)
		}
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains the %s", name)
		}
	}
	for _, want := range []string{`"op":"InitiateAuth"`, `"op":"RespondToAuthChallenge"`, `"op":"CreateUserPool"`,
		`"pool":"` + f.poolID + `"`, `"client":"` + clientID + `"`, `"error":"NotAuthorizedException"`,
		`"reason":"password claim signature does not verify"`, `"duration"`, `"outcome":"ok"`, `"outcome":"NotAuthorizedException"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
}

// TestNewFlowsKeepSecretsOutOfLogsAndStore drives codes, TOTP, refresh
// rotation, password sign-in and devices, then looks for every secret
// in the log and for the plaintext ones in the store.
func TestNewFlowsKeepSecretsOutOfLogsAndStore(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, secret := e.signUpPool()
	hash := srp.SecretHash(clientID, secret, "sid")
	if _, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash), Username: aws.String("sid"),
		Password: aws.String("Sign-up-Passw0rd!"), UserAttributes: attrs("email", "sid@example.com")}); err != nil {
		t.Fatal(err)
	}
	signUpCode := e.lastCode(poolID, "sid", kindSignUp)
	if _, err := e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash), Username: aws.String("sid"), ConfirmationCode: aws.String(signUpCode)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID),
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled}}); err != nil {
		t.Fatal(err)
	}
	pwRes, err := e.passwordSignIn(clientID, secret, "sid", "Sign-up-Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = e.passwordSignIn(clientID, secret, "sid", "Wr0ng-but-close!")
	if _, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash), Username: aws.String("sid")}); err != nil {
		t.Fatal(err)
	}
	resetCode := e.lastCode(poolID, "sid", kindForgotPassword)
	if _, err := e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID), SecretHash: aws.String(hash), Username: aws.String("sid"),
		ConfirmationCode: aws.String(resetCode), Password: aws.String("Reset-Passw0rd!")}); err != nil {
		t.Fatal(err)
	}
	refreshed, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(clientID), ClientSecret: aws.String(secret),
		RefreshToken: pwRes.AuthenticationResult.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}

	f := e.fixture()
	d := e.devicePool(f, true) // first: UpdateUserPool resets MFA, as in Cognito
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	totpSecret := e.enrolTOTP(f)
	out, err := e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("TOTP, then the device: %v %+v", err, out)
	}
	totpCode := e.totp(totpSecret, 0)
	after, err := e.answer(f, out.ChallengeName, out.Session, "SOFTWARE_TOKEN_MFA_CODE", totpCode)
	if err != nil {
		t.Fatal(err)
	}
	done, err := e.proveDevice(f, d, d.secret.Password, after.Session)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.anon.RevokeToken(ctx(), &cip.RevokeTokenInput{ClientId: aws.String(f.clientID), Token: done.AuthenticationResult.RefreshToken}); err != nil {
		t.Fatal(err)
	}

	logs := e.logs.String()
	for name, s := range map[string]string{
		"sign-up code": signUpCode, "reset code": resetCode, "TOTP secret": totpSecret, "TOTP code": totpCode,
		"sign-up password": "Sign-up-Passw0rd!", "wrong password": "Wr0ng-but-close!", "reset password": "Reset-Passw0rd!",
		"refresh token": *pwRes.AuthenticationResult.RefreshToken, "rotated refresh token": *refreshed.AuthenticationResult.RefreshToken,
		"device refresh token": *done.AuthenticationResult.RefreshToken, "access token": *done.AuthenticationResult.AccessToken,
		"device password": d.secret.Password, "device verifier": d.secret.PasswordVerifier[:40], "device salt": d.secret.Salt,
		"client secret": secret, "MFA session": aws.ToString(out.Session)[:40],
	} {
		if len(s) < 6 {
			t.Fatalf("%s is too short to search for; the test is broken", name)
		}
		if strings.Contains(logs, s) {
			t.Errorf("the log contains the %s", name)
		}
	}
	for _, op := range []string{"SignUp", "ConfirmSignUp", "ForgotPassword", "ConfirmForgotPassword", "GetTokensFromRefreshToken",
		"AssociateSoftwareToken", "VerifySoftwareToken", "ConfirmDevice", "RevokeToken"} {
		if !strings.Contains(logs, `"op":"`+op+`"`) {
			t.Errorf("the log lacks %s", op)
		}
	}
	plaintext := []string{signUpCode, resetCode, "Sign-up-Passw0rd!", "Reset-Passw0rd!", d.secret.Password,
		*pwRes.AuthenticationResult.RefreshToken, *refreshed.AuthenticationResult.RefreshToken}
	walkStrings(reflect.ValueOf(e.srv.store), map[uintptr]bool{}, func(where string, b []byte) {
		for _, s := range plaintext {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("store holds %q in a %s", s, where)
			}
		}
	})
}
