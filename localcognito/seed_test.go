package localcognito

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestSeedFile(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.LoadSeedFile("testdata/seed.yaml"); err != nil {
		t.Fatal(err)
	}
	const pool = "us-east-1_DemoPool1"
	e.mustTokens(fixture{poolID: pool, clientID: "democlient00000000000000001", username: "demo", password: "Passw0rd!"})

	out, err := e.signIn(pool, "democlient00000000000000002", "fixedsecret0000000000000000000000000000000000000000", "demo", "Passw0rd!").run()
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("sign-in with the seeded secret: %v", err)
	}
	out, err = e.signIn(pool, "democlient00000000000000001", "", "newbie", "Temp0rary!").run()
	if err != nil || out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatalf("non-permanent seeded user: %v %+v", err, out)
	}
	if got := adminGetAttr(t, e, pool, "demo", "email_verified"); got != "true" {
		t.Errorf("email_verified = %q", got)
	}

	e.srv.store.mu.Lock()
	defer e.srv.store.mu.Unlock()
	var generated *userPool
	for id, p := range e.srv.store.pools {
		if p.name == "generated" {
			generated = p
			if !regexp.MustCompile(`^us-east-1_[0-9A-Za-z]{9}$`).MatchString(id) {
				t.Errorf("generated pool id %q", id)
			}
		}
	}
	if generated == nil {
		t.Fatal("pool without id was not created")
	}
	for _, c := range e.srv.store.clients {
		if c.poolID == generated.id && !regexp.MustCompile(`^[a-z0-9]{26}$`).MatchString(c.id) {
			t.Errorf("generated client id %q", c.id)
		}
	}
}

func TestSeedRejectsBadFiles(t *testing.T) {
	tests := []struct{ name, yaml, errHas string }{
		{"unknown key", "pools:\n  - name: p\n    colour: blue\n", "field colour not found"},
		{"unknown user key", "pools:\n  - name: p\n    users:\n      - username: u\n        password: Passw0rd!\n        admin: true\n", "field admin not found"},
		{"empty", "", "empty"},
		{"not yaml", "pools: [", "yaml"},
		{"bad pool id", "pools:\n  - id: nounderscore\n    name: p\n", "regular expression"},
		{"missing name", "pools:\n  - id: us-east-1_abc\n", "'name'"},
		{"weak password", "pools:\n  - name: p\n    users:\n      - username: u\n        password: password\n", "Password did not conform with policy"},
		{"bad flows", "pools:\n  - name: p\n    clients:\n      - name: c\n        explicitAuthFlows: [ALLOW_USER_SRP_AUTH]\n", "REFRESH_TOKEN_AUTH should always be allowed."},
		{"secret without generateSecret", "pools:\n  - name: p\n    clients:\n      - name: c\n        secret: abc\n", "generateSecret is false"},
		{"duplicate user", "pools:\n  - name: p\n    users:\n      - {username: u, password: Passw0rd!}\n      - {username: u, password: Passw0rd!}\n", "appears twice"},
		{"duplicate pool", "pools:\n  - {id: us-east-1_abc, name: p}\n  - {id: us-east-1_abc, name: q}\n", "already exists"},
		{"duplicate client", "pools:\n  - name: p\n    clients: [{id: c1, name: a}, {id: c1, name: b}]\n", "already exists"},
		{"bad attribute", "pools:\n  - name: p\n    users:\n      - {username: u, password: Passw0rd!, attributes: {shoe: '9'}}\n", "Attribute does not exist"},
	}
	e := newEnv(t) // shared: every case must leave it empty
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := e.srv.LoadSeed(strings.NewReader(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("error = %v, want one containing %q", err, tc.errHas)
			}
			if strings.Contains(err.Error(), "Passw0rd!") {
				t.Fatalf("error leaks a password: %v", err)
			}
			e.srv.store.mu.Lock()
			defer e.srv.store.mu.Unlock()
			if len(e.srv.store.pools) != 0 || len(e.srv.store.clients) != 0 {
				t.Fatal("a rejected seed left state behind")
			}
		})
	}
}

func TestSeedClashesWithExistingState(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.LoadSeedFile("testdata/seed.yaml"); err != nil {
		t.Fatal(err)
	}
	err := e.srv.LoadSeedFile("testdata/seed.yaml")
	if err == nil || !strings.Contains(err.Error(), "us-east-1_DemoPool1 already exists") || !strings.Contains(err.Error(), "testdata/seed.yaml") {
		t.Fatalf("second load: %v", err)
	}
	if err := e.srv.LoadSeedFile("testdata/missing.yaml"); err == nil {
		t.Fatal("missing file loaded")
	}
	out, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("us-east-1_DemoPool1")})
	if err != nil || *out.UserPool.Name != "demo" || out.UserPool.EstimatedNumberOfUsers != 2 {
		t.Fatalf("seeded pool via the API: %v", err)
	}
}

const mfaSeed = `
pools:
  - id: us-east-1_MfaPool01
    name: mfa
    autoVerifiedAttributes: [email]
    mfaConfiguration: OPTIONAL
    mfaTypes: [SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP]
    deviceConfiguration: {challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false}
    clients:
      - id: mfaclient00000000000000001
        name: web
        explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
        refreshTokenRotation: {feature: ENABLED, retryGracePeriodSeconds: 5}
    users:
      - username: tina
        password: Passw0rd!
        permanent: true
        mfa: {totpSecret: "jbsw y3dp ehpk 3pxp"}
      - username: sam
        password: Passw0rd!
        permanent: true
        attributes: {phone_number: "+15555550100"}
        mfa: {sms: true, preferred: SMS_MFA}
      - username: uma
        password: Passw0rd!
        status: UNCONFIRMED
`

func TestSeedMFADevicesAndRotation(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.LoadSeed(strings.NewReader(mfaSeed)); err != nil {
		t.Fatal(err)
	}
	f := fixture{poolID: "us-east-1_MfaPool01", clientID: "mfaclient00000000000000001", username: "tina", password: "Passw0rd!"}
	ch := e.passwordThenChallenge(f)
	if ch.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("tina: %s", ch.ChallengeName)
	}
	done, err := e.answer(f, ch.ChallengeName, ch.Session, "SOFTWARE_TOKEN_MFA_CODE", e.totp("JBSWY3DPEHPK3PXP", 0))
	if err != nil || done.AuthenticationResult.NewDeviceMetadata == nil {
		t.Fatalf("TOTP from the seeded secret: %v", err)
	}
	rot, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID),
		RefreshToken: done.AuthenticationResult.RefreshToken})
	if err != nil || rot.AuthenticationResult.RefreshToken == nil {
		t.Fatalf("seeded rotation: %v", err)
	}
	f.username = "sam"
	if ch := e.passwordThenChallenge(f); ch.ChallengeName != types.ChallengeNameTypeSmsMfa || ch.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "+*******0100" {
		t.Fatalf("sam: %+v", ch)
	}
	_, err = e.signIn(f.poolID, f.clientID, "", "uma", "Passw0rd!").run()
	wantAPIError(t, err, "UserNotConfirmedException", "User is not confirmed.")
	d, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(f.poolID)})
	if err != nil || d.UserPool.MfaConfiguration != types.UserPoolMfaTypeOptional || d.UserPool.DeviceConfiguration == nil {
		t.Fatalf("seeded pool: %v", err)
	}
}

func TestSeedRejectsBadMFAAndStatus(t *testing.T) {
	user := "pools:\n  - name: p\n    users:\n      - username: u\n        password: Passw0rd!\n"
	tests := []struct{ name, yaml, errHas string }{
		{"bad status", user + "        status: ASLEEP\n", "status must be one of"},
		{"permanent and unconfirmed", user + "        permanent: true\n        status: UNCONFIRMED\n", "contradicts"},
		{"sms without phone", user + "        mfa: {sms: true}\n", "sms needs a phone_number"},
		{"bad totp secret", user + "        mfa: {totpSecret: \"not base32!\"}\n", "totpSecret must be base32"},
		{"preferred not enabled", user + "        mfa: {preferred: SMS_MFA}\n", "preferred SMS_MFA is not enabled"},
		{"unknown mfa key", user + "        mfa: {yubikey: true}\n", "field yubikey not found"},
		{"bad mfa mode", "pools:\n  - name: p\n    mfaConfiguration: SOMETIMES\n", "enum value set"},
		{"bad mfa type", "pools:\n  - name: p\n    mfaTypes: [VOICE]\n", "mfaTypes"},
		{"bad rotation", "pools:\n  - name: p\n    clients:\n      - name: c\n        refreshTokenRotation: {feature: MAYBE}\n", "refreshTokenRotation"},
		{"unknown device key", "pools:\n  - name: p\n    deviceConfiguration: {remember: true}\n", "field remember not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := New(Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = srv.LoadSeed(strings.NewReader(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.errHas)
			}
		})
	}
}
