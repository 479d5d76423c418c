package localcognito

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestTriggerFlowsKeepSecretsOutOfLogs drives custom auth, a one-time
// code and a migration with request bodies logged, then looks for every
// answer, code, password, session and token in the log.
func TestTriggerFlowsKeepSecretsOutOfLogs(t *testing.T) {
	const answer, legacyPassword = "Answer-7f3a9c", "Legacy-Passw0rd!"
	e, fl := newTriggerEnv(t, func(o *Options) { o.LogBodies = true })
	fl.set("define", defineMath)
	fl.set("create", func(ev map[string]any) (any, error) {
		return respond(ev, map[string]any{"publicChallengeParameters": map[string]any{"hint": "the usual"},
			"privateChallengeParameters": map[string]any{"answer": answer}}), nil
	})
	fl.set("verify", verifyMath)
	fl.set("migrate", func(ev map[string]any) (any, error) {
		return respond(ev, map[string]any{"userAttributes": map[string]any{"email": "legacy@example.com"}}), nil
	})
	poolID := e.triggerPool(map[string]string{"DefineAuthChallenge": "define", "CreateAuthChallenge": "create",
		"VerifyAuthChallengeResponse": "verify", "UserMigration": "migrate"}, func(in *cip.CreateUserPoolInput) {
		in.Policies = &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{
			types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp}}}
	})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowCustomAuth, types.ExplicitAuthFlowsTypeAllowUserAuth,
		types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	e.createUser(poolID, "alice", goodPassword, attrs("email", "alice@example.com")...)
	f := fixture{poolID: poolID, clientID: clientID, username: "alice", password: goodPassword}

	out, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeCustomAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "alice"}})
	if err != nil {
		t.Fatal(err)
	}
	done, err := e.answerCustom(f, out.Session, answer, nil)
	wantTokens(t, "custom auth", done, err)

	otp, err := e.userAuth(f, "alice", map[string]string{"PREFERRED_CHALLENGE": "EMAIL_OTP"})
	if err != nil {
		t.Fatal(err)
	}
	code := e.lastCode(poolID, "alice", kindAuthentication)
	r, err := e.respondTo(f, types.ChallengeNameTypeEmailOtp, otp.Session, "EMAIL_OTP_CODE", code)
	wantTokens(t, "EMAIL_OTP", r, err)

	m, err := e.passwordSignIn(clientID, "", "legacy", legacyPassword)
	if err != nil {
		t.Fatal(err)
	}

	logs := e.logs.String()
	if !strings.Contains(logs, `"request_body"`) || !strings.Contains(logs, `"trigger":"VerifyAuthChallengeResponse"`) {
		t.Fatal("the log has no bodies or no trigger lines; the test is broken")
	}
	for name, secret := range map[string]string{
		"answer": answer, "code": code, "migrated password": legacyPassword, "password": goodPassword,
		"session": aws.ToString(out.Session)[:40], "OTP session": aws.ToString(otp.Session)[:40],
		"access token": *done.AuthenticationResult.AccessToken, "refresh token": *r.AuthenticationResult.RefreshToken,
		"id token": *m.AuthenticationResult.IdToken,
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds the %s", name)
		}
	}
}
