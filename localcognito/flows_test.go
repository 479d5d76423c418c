package localcognito

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

func TestUserPasswordAuth(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	modern, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	legacy, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeUserPasswordAuth)
	for _, c := range []string{modern, legacy} {
		out, err := e.passwordSignIn(c, "", f.username, f.password)
		if err != nil || out.AuthenticationResult == nil || out.AuthenticationResult.RefreshToken == nil {
			t.Fatalf("USER_PASSWORD_AUTH on %s: %v", c, err)
		}
	}
	_, err := e.passwordSignIn(modern, "", f.username, "Wr0ng-password!")
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, err = e.passwordSignIn(f.clientID, "", f.username, f.password)
	wantAPIError(t, err, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
	_, err = e.passwordSignIn(modern, "", "nobody", f.password)
	wantAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(modern),
		AuthParameters: map[string]string{"USERNAME": f.username}})
	wantAPIError(t, err, "InvalidParameterException", "Missing required parameter PASSWORD")
}

func TestLockout(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	pw, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	for i := range 4 {
		_, err := e.passwordSignIn(pw, "", f.username, "Wr0ng-password!")
		wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		if i == 2 { // SRP failures count too
			_, err = e.signIn(f.poolID, pw, "", f.username, "Wr0ng-password!").run()
			wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		}
	}
	_, err := e.passwordSignIn(pw, "", f.username, f.password)
	wantAPIError(t, err, "NotAuthorizedException", "Password attempts exceeded")
	_, err = e.signIn(f.poolID, pw, "", f.username, f.password).run()
	wantAPIError(t, err, "NotAuthorizedException", "Password attempts exceeded")
	e.clock.Advance(2 * time.Second) // the fifth failure locked for 2^(5-5) s
	if _, err := e.passwordSignIn(pw, "", f.username, f.password); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	_, err = e.passwordSignIn(pw, "", f.username, "Wr0ng-password!")
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if _, err := e.passwordSignIn(pw, "", f.username, f.password); err != nil {
		t.Fatalf("a success resets the count: %v", err)
	}
}

func claimsOf(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRefreshTokenAuth(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	first := e.mustTokens(f)
	e.clock.Advance(2 * time.Second)
	for _, flow := range []types.AuthFlowType{types.AuthFlowTypeRefreshTokenAuth, types.AuthFlowTypeRefreshToken} {
		out, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: flow, ClientId: aws.String(f.clientID),
			AuthParameters: map[string]string{"REFRESH_TOKEN": *first.RefreshToken}})
		if err != nil {
			t.Fatalf("%s: %v", flow, err)
		}
		res := out.AuthenticationResult
		if res.RefreshToken != nil || res.AccessToken == nil || res.IdToken == nil {
			t.Fatalf("%s result = %+v", flow, res)
		}
		old, fresh := claimsOf(t, *first.AccessToken), claimsOf(t, *res.AccessToken)
		if fresh["origin_jti"] != old["origin_jti"] || fresh["jti"] == old["jti"] || fresh["auth_time"] != old["auth_time"] || fresh["iat"] == old["iat"] {
			t.Errorf("refreshed claims %v vs %v", fresh, old)
		}
		if _, err := e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: res.AccessToken}); err != nil {
			t.Fatalf("refreshed access token: %v", err)
		}
	}
	other, _ := e.createClient(f.poolID, false)
	_, err := e.refresh(other, "", *first.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	_, err = e.refresh(f.clientID, "", "bm90LWEtdG9rZW4")
	wantAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	noRefresh, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeCustomAuthFlowOnly)
	if _, err := e.refresh(noRefresh, "", "x"); err == nil {
		t.Log("legacy clients allow refresh") // the token is simply unknown to this client
	}

	secretClient, secret := e.createClient(f.poolID, true)
	s := e.signIn(f.poolID, secretClient, secret, f.username, f.password)
	res, err := s.run()
	if err != nil {
		t.Fatal(err)
	}
	sub := adminGetAttr(t, e, f.poolID, f.username, "sub")
	for _, name := range []string{f.username, sub} {
		if _, err := e.refresh(secretClient, srp.SecretHash(secretClient, secret, name), *res.AuthenticationResult.RefreshToken); err != nil {
			t.Errorf("SECRET_HASH over %s: %v", name, err)
		}
	}
	_, err = e.refresh(secretClient, srp.SecretHash(secretClient, secret, "someone"), *res.AuthenticationResult.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+secretClient)
	_, err = e.refresh(secretClient, "", *res.AuthenticationResult.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+secretClient)
}

func TestGetTokensFromRefreshTokenRotation(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	out, err := e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String(f.poolID), ClientName: aws.String("rotating"),
		GenerateSecret:       true,
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(10)}})
	if err != nil {
		t.Fatal(err)
	}
	c := out.UserPoolClient
	if c.RefreshTokenRotation == nil || c.RefreshTokenRotation.Feature != types.FeatureTypeEnabled {
		t.Fatalf("rotation not reported: %+v", c.RefreshTokenRotation)
	}
	res, err := e.signIn(f.poolID, *c.ClientId, *c.ClientSecret, f.username, f.password).run()
	if err != nil {
		t.Fatal(err)
	}
	rt0 := res.AuthenticationResult.RefreshToken
	get := func(tok *string, secret string) (*cip.GetTokensFromRefreshTokenOutput, error) {
		return e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: c.ClientId, ClientSecret: aws.String(secret), RefreshToken: tok})
	}
	_, err = get(rt0, "wrong-secret-000000000000000")
	wantAPIError(t, err, "NotAuthorizedException", "")
	_, err = e.refresh(*c.ClientId, srp.SecretHash(*c.ClientId, *c.ClientSecret, f.username), *rt0)
	wantAPIError(t, err, "InvalidParameterException", "REFRESH_TOKEN_AUTH flow not enabled for this client")

	r1, err := get(rt0, *c.ClientSecret)
	if err != nil || r1.AuthenticationResult.RefreshToken == nil || *r1.AuthenticationResult.RefreshToken == *rt0 {
		t.Fatalf("rotation: %v %+v", err, r1)
	}
	rt1 := r1.AuthenticationResult.RefreshToken
	if _, err := get(rt0, *c.ClientSecret); err != nil {
		t.Fatalf("the old token within the grace period: %v", err)
	}
	e.clock.Advance(11 * time.Second)
	_, err = get(rt0, *c.ClientSecret)
	wantAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token.")
	r2, err := get(rt1, *c.ClientSecret)
	if err == nil {
		t.Fatalf("the retry's successor should have replaced rt1: %+v", r2)
	}

	// A client without rotation answers without a new refresh token.
	plain := e.mustTokens(f)
	r3, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: plain.RefreshToken})
	if err != nil || r3.AuthenticationResult.RefreshToken != nil || r3.AuthenticationResult.AccessToken == nil {
		t.Fatalf("GetTokensFromRefreshToken without rotation: %v", err)
	}
}

func TestRotationWithoutGrace(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	out, err := e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String(f.poolID), ClientName: aws.String("strict"),
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled}})
	if err != nil {
		t.Fatal(err)
	}
	id := out.UserPoolClient.ClientId
	res, err := e.signIn(f.poolID, *id, "", f.username, f.password).run()
	if err != nil {
		t.Fatal(err)
	}
	tok := res.AuthenticationResult.RefreshToken
	for range 3 {
		r, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: id, RefreshToken: tok})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: id, RefreshToken: tok})
		wantAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token.")
		tok = r.AuthenticationResult.RefreshToken
	}
}

func TestAdminAuthFlows(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	adminClient, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	legacy, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAdminNoSrpAuth)
	adminAuth := func(client string, flow types.AuthFlowType, params map[string]string) (*cip.AdminInitiateAuthOutput, error) {
		return e.admin.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(client), AuthFlow: flow, AuthParameters: params})
	}
	creds := map[string]string{"USERNAME": f.username, "PASSWORD": f.password}
	out, err := adminAuth(adminClient, types.AuthFlowTypeAdminUserPasswordAuth, creds)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("ADMIN_USER_PASSWORD_AUTH: %v", err)
	}
	if _, err := adminAuth(legacy, types.AuthFlowTypeAdminNoSrpAuth, creds); err != nil {
		t.Fatalf("ADMIN_NO_SRP_AUTH: %v", err)
	}
	_, err = adminAuth(f.clientID, types.AuthFlowTypeAdminUserPasswordAuth, creds)
	wantAPIError(t, err, "InvalidParameterException", "Auth flow not enabled for this client")
	_, err = adminAuth(adminClient, types.AuthFlowTypeUserPasswordAuth, creds)
	wantAPIError(t, err, "InvalidParameterException", "Initiate Auth method not supported.")
	_, err = e.anon.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(adminClient),
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: creds})
	wantAPIError(t, err, "MissingAuthenticationTokenException", "")
	other := e.createPool("other")
	_, err = e.admin.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(other), ClientId: aws.String(adminClient),
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: creds})
	wantAPIError(t, err, "ResourceNotFoundException", "")

	ref, err := adminAuth(adminClient, types.AuthFlowTypeRefreshTokenAuth, map[string]string{"REFRESH_TOKEN": *out.AuthenticationResult.RefreshToken})
	if err != nil || ref.AuthenticationResult.AccessToken == nil {
		t.Fatalf("admin REFRESH_TOKEN_AUTH: %v", err)
	}

	// USER_SRP_AUTH through the admin pair.
	c, err := srp.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	ch, err := adminAuth(adminClient, types.AuthFlowTypeUserSrpAuth, map[string]string{"USERNAME": f.username, "SRP_A": c.A()})
	if err != nil || ch.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("admin USER_SRP_AUTH: %v", err)
	}
	p := ch.ChallengeParameters
	key, err := c.Key(realmOf(f.poolID), p["USER_ID_FOR_SRP"], f.password, p["SALT"], p["SRP_B"])
	if err != nil {
		t.Fatal(err)
	}
	ts := srp.Timestamp(e.clock.Now())
	sig, _ := srp.Signature(key, realmOf(f.poolID), f.username, p["SECRET_BLOCK"], ts)
	done, err := e.admin.AdminRespondToAuthChallenge(ctx(), &cip.AdminRespondToAuthChallengeInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(adminClient),
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{"USERNAME": f.username,
			"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": ts}})
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("AdminRespondToAuthChallenge: %v", err)
	}
}

func TestAdminNewPasswordRequired(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	adminClient, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	if _, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String("newbie"),
		TemporaryPassword: aws.String("Temp0rary!pass"), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	out, err := e.admin.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(adminClient),
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "newbie", "PASSWORD": "Temp0rary!pass"}})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || out.Session == nil {
		t.Fatalf("want NEW_PASSWORD_REQUIRED: %v %+v", err, out)
	}
	done, err := e.admin.AdminRespondToAuthChallenge(ctx(), &cip.AdminRespondToAuthChallengeInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(adminClient),
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: out.Session,
		ChallengeResponses: map[string]string{"USERNAME": "newbie", "NEW_PASSWORD": "N3w-Passw0rd!"}})
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("answering NEW_PASSWORD_REQUIRED: %v", err)
	}
}
