package localcognito

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// outbox reads GET /_localcognito/outbox with a query, as a page would.
func (e *env) outbox(q url.Values) []Message {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+outboxPath+"?"+q.Encode(), nil)
	req.Header.Set("Origin", "http://localhost:5173")
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		e.t.Fatalf("outbox: status %d, CORS %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	var out struct{ Messages []Message }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		e.t.Fatal(err)
	}
	return out.Messages
}

// lastCode is the newest code of a kind sent to a user.
func (e *env) lastCode(poolID, username, kind string) string {
	e.t.Helper()
	msgs := e.outbox(url.Values{"poolId": {poolID}, "username": {username}, "kind": {kind}})
	if len(msgs) == 0 {
		e.t.Fatalf("no %s message for %s", kind, username)
	}
	return msgs[len(msgs)-1].Code
}

// signUpPool is a pool that verifies email, with a client holding a secret.
func (e *env) signUpPool() (poolID, clientID, secret string) {
	e.t.Helper()
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("signup"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}})
	if err != nil {
		e.t.Fatal(err)
	}
	poolID = *out.UserPool.Id
	clientID, secret = e.createClient(poolID, true, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
		types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	return poolID, clientID, secret
}

func attrs(kv ...string) []types.AttributeType {
	var out []types.AttributeType
	for i := 0; i < len(kv); i += 2 {
		out = append(out, types.AttributeType{Name: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

func TestSignUpAndConfirm(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, secret := e.signUpPool()
	hash := func(u string) *string { return aws.String(srp.SecretHash(clientID, secret, u)) }
	in := &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: hash("carol"), Username: aws.String("carol"),
		Password: aws.String(goodPassword), UserAttributes: attrs("email", "carol@example.com")}
	out, err := e.anon.SignUp(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	d := out.CodeDeliveryDetails
	if out.UserConfirmed || !uuidPattern.MatchString(*out.UserSub) || d == nil ||
		*d.Destination != "c***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail || *d.AttributeName != "email" {
		t.Fatalf("SignUp = %+v %+v", out, d)
	}
	_, err = e.anon.SignUp(ctx(), in)
	wantAPIError(t, err, "UsernameExistsException", "User already exists")
	_, err = e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: hash("dan"), Username: aws.String("dan"), Password: aws.String("weakpass")})
	wantAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters")
	_, err = e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("dan"), Password: aws.String(goodPassword)})
	wantAPIError(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+clientID)

	_, err = e.passwordSignIn(clientID, secret, "carol", goodPassword)
	wantAPIError(t, err, "UserNotConfirmedException", "User is not confirmed.")

	first := e.lastCode(poolID, "carol", kindSignUp)
	if !sixDigits.MatchString(first) {
		t.Fatalf("code %q", first)
	}
	confirm := func(code string) error {
		_, err := e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), SecretHash: hash("carol"),
			Username: aws.String("carol"), ConfirmationCode: aws.String(code)})
		return err
	}
	wantAPIError(t, confirm(wrongCode(first)), "CodeMismatchException", "Invalid verification code provided, please try again.")
	resent, err := e.anon.ResendConfirmationCode(ctx(), &cip.ResendConfirmationCodeInput{ClientId: aws.String(clientID), SecretHash: hash("carol"), Username: aws.String("carol")})
	if err != nil || *resent.CodeDeliveryDetails.Destination != "c***@e***" {
		t.Fatalf("ResendConfirmationCode: %v", err)
	}
	second := e.lastCode(poolID, "carol", kindResendCode)
	if second != first {
		wantAPIError(t, confirm(first), "CodeMismatchException", "")
	}
	e.clock.Advance(25 * time.Hour)
	wantAPIError(t, confirm(second), "ExpiredCodeException", "Invalid code provided, please request a code again.")
	e.clock.Advance(-25 * time.Hour) // SigV4 checks the clock too
	if _, err := e.anon.ResendConfirmationCode(ctx(), &cip.ResendConfirmationCodeInput{ClientId: aws.String(clientID), SecretHash: hash("carol"), Username: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}
	if err := confirm(e.lastCode(poolID, "carol", kindResendCode)); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, confirm("123456"), "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
	_, err = e.anon.ResendConfirmationCode(ctx(), &cip.ResendConfirmationCodeInput{ClientId: aws.String(clientID), SecretHash: hash("carol"), Username: aws.String("carol")})
	wantAPIError(t, err, "InvalidParameterException", "User is already confirmed.")
	if got := adminGetAttr(t, e, poolID, "carol", "email_verified"); got != "true" {
		t.Errorf("email_verified = %q after confirmation", got)
	}
	if _, err := e.passwordSignIn(clientID, secret, "carol", goodPassword); err != nil {
		t.Fatalf("sign-in after confirmation: %v", err)
	}
	_, err = e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), SecretHash: hash("nobody"), Username: aws.String("nobody"), ConfirmationCode: aws.String("123456")})
	wantAPIError(t, err, "UserNotFoundException", "Username/client id combination not found.")
}

func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

// passwordSignIn is USER_PASSWORD_AUTH through the SDK.
func (e *env) passwordSignIn(clientID, secret, username, password string) (*cip.InitiateAuthOutput, error) {
	params := map[string]string{"USERNAME": username, "PASSWORD": password}
	if secret != "" {
		params["SECRET_HASH"] = srp.SecretHash(clientID, secret, username)
	}
	return e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		ClientId: aws.String(clientID), AuthParameters: params})
}

func TestOutbox(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, secret := e.signUpPool()
	for _, u := range []string{"u1", "u2"} {
		if _, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: aws.String(srp.SecretHash(clientID, secret, u)),
			Username: aws.String(u), Password: aws.String(goodPassword), UserAttributes: attrs("email", u+"@example.com")}); err != nil {
			t.Fatal(err)
		}
	}
	all := e.outbox(nil)
	if len(all) != 2 || all[0].Username != "u1" || all[1].Username != "u2" {
		t.Fatalf("outbox = %+v", all)
	}
	m := all[1]
	if m.PoolID != poolID || m.Destination != "u2@example.com" || m.Channel != "EMAIL" || m.Kind != "SignUp" ||
		!sixDigits.MatchString(m.Code) || !strings.Contains(m.Message, m.Code) || !uuidPattern.MatchString(m.ID) || m.Time.IsZero() {
		t.Fatalf("message = %+v", m)
	}
	if got := e.outbox(url.Values{"username": {"u1"}}); len(got) != 1 || got[0].Username != "u1" {
		t.Fatalf("filtered = %+v", got)
	}
	if got := e.outbox(url.Values{"kind": {"ForgotPassword"}}); len(got) != 0 {
		t.Fatalf("kind filter = %+v", got)
	}
	if got := e.srv.Outbox(); len(got) != 2 {
		t.Fatalf("Outbox() = %d messages", len(got))
	}
	req, _ := http.NewRequest(http.MethodDelete, e.ts.URL+outboxPath, nil)
	if resp, _ := e.do(req); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE status %d", resp.StatusCode)
	}
	if got := e.outbox(nil); len(got) != 0 {
		t.Fatalf("after DELETE: %+v", got)
	}
	req, _ = http.NewRequest(http.MethodOptions, e.ts.URL+outboxPath, nil)
	req.Header.Set("Origin", "http://localhost:5173")
	if resp, _ := e.do(req); resp.Header.Get("Access-Control-Allow-Methods") != "GET,DELETE" {
		t.Fatalf("preflight methods %q", resp.Header.Get("Access-Control-Allow-Methods"))
	}
}

func TestAdminCreateUserInvitationHoldsNoPassword(t *testing.T) {
	e := newEnv(t)
	poolID := e.createPool("invite")
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("ivy"),
		TemporaryPassword: aws.String("Temp0rary!pass"), UserAttributes: attrs("email", "ivy@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	msgs := e.outbox(url.Values{"kind": {kindAdminCreateUser}})
	if len(msgs) != 1 || msgs[0].Code != "" || strings.Contains(msgs[0].Message, "Temp0rary!pass") ||
		!strings.Contains(msgs[0].Message, "temporary password has been set") || msgs[0].Destination != "ivy@example.com" {
		t.Fatalf("invitation = %+v", msgs)
	}
}

func TestForgotPassword(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	forgot := func() {
		out, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String(f.username)})
		if err != nil || *out.CodeDeliveryDetails.Destination != "a***@e***" {
			t.Fatalf("ForgotPassword: %v", err)
		}
	}
	confirm := func(code, pw string) error {
		_, err := e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: aws.String(f.clientID),
			Username: aws.String(f.username), ConfirmationCode: aws.String(code), Password: aws.String(pw)})
		return err
	}
	forgot()
	e.clock.Advance(61 * time.Minute)
	wantAPIError(t, confirm(e.lastCode(f.poolID, f.username, kindForgotPassword), "N3w-Passw0rd!"), "ExpiredCodeException", "")
	e.clock.Advance(-61 * time.Minute)
	forgot()
	code := e.lastCode(f.poolID, f.username, kindForgotPassword)
	wantAPIError(t, confirm(wrongCode(code), "N3w-Passw0rd!"), "CodeMismatchException", "Invalid verification code provided, please try again.")
	wantAPIError(t, confirm(code, "weakpassword"), "InvalidPasswordException", "")
	if err := confirm(code, "N3w-Passw0rd!"); err != nil {
		t.Fatal(err)
	}
	_, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	f.password = "N3w-Passw0rd!"
	e.mustTokens(f)

	g := e.fixture()
	g.username = "nomail"
	e.createUser(g.poolID, g.username, g.password)
	_, err = e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(g.clientID), Username: aws.String(g.username)})
	wantAPIError(t, err, "InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number")
}

func TestAdminResetUserPassword(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	if _, err := e.admin.AdminResetUserPassword(ctx(), &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)}); err != nil {
		t.Fatal(err)
	}
	_, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	wantAPIError(t, err, "PasswordResetRequiredException", "Password reset required for the user")
	_, err = e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String(f.username),
		ConfirmationCode: aws.String(e.lastCode(f.poolID, f.username, kindForgotPassword)), Password: aws.String("N3w-Passw0rd!")})
	if err != nil {
		t.Fatal(err)
	}
	f.password = "N3w-Passw0rd!"
	e.mustTokens(f)
}

func TestAccessTokenOperations(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	if _, err := e.admin.UpdateUserPool(ctx(), &cip.UpdateUserPoolInput{UserPoolId: aws.String(f.poolID),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}); err != nil {
		t.Fatal(err)
	}
	tok := e.mustTokens(f).AccessToken
	got, err := e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: tok})
	if err != nil || *got.Username != f.username || len(got.UserAttributes) != 3 || *got.UserAttributes[0].Name != "sub" {
		t.Fatalf("GetUser: %v %+v", err, got)
	}
	upd, err := e.anon.UpdateUserAttributes(ctx(), &cip.UpdateUserAttributesInput{AccessToken: tok,
		UserAttributes: attrs("email", "alice@new.example", "name", "Alice")})
	if err != nil || len(upd.CodeDeliveryDetailsList) != 1 || *upd.CodeDeliveryDetailsList[0].Destination != "a***@n***" {
		t.Fatalf("UpdateUserAttributes: %v %+v", err, upd)
	}
	if v := adminGetAttr(t, e, f.poolID, f.username, "email_verified"); v != "false" {
		t.Fatalf("email_verified = %q after change", v)
	}
	verify := func(code string) error {
		_, err := e.anon.VerifyUserAttribute(ctx(), &cip.VerifyUserAttributeInput{AccessToken: tok, AttributeName: aws.String("email"), Code: aws.String(code)})
		return err
	}
	code := e.lastCode(f.poolID, f.username, kindUpdateAttribute)
	wantAPIError(t, verify(wrongCode(code)), "CodeMismatchException", "")
	if _, err := e.anon.GetUserAttributeVerificationCode(ctx(), &cip.GetUserAttributeVerificationCodeInput{AccessToken: tok, AttributeName: aws.String("email")}); err != nil {
		t.Fatal(err)
	}
	if err := verify(e.lastCode(f.poolID, f.username, kindVerifyAttribute)); err != nil {
		t.Fatal(err)
	}
	if v := adminGetAttr(t, e, f.poolID, f.username, "email_verified"); v != "true" {
		t.Fatalf("email_verified = %q after verification", v)
	}
	_, err = e.anon.ChangePassword(ctx(), &cip.ChangePasswordInput{AccessToken: tok, PreviousPassword: aws.String("Wr0ng-password!"), ProposedPassword: aws.String("N3w-Passw0rd!")})
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if _, err := e.anon.ChangePassword(ctx(), &cip.ChangePasswordInput{AccessToken: tok, PreviousPassword: aws.String(f.password), ProposedPassword: aws.String("N3w-Passw0rd!")}); err != nil {
		t.Fatal(err)
	}
	f.password = "N3w-Passw0rd!"
	e.mustTokens(f)
	if _, err := e.anon.DeleteUser(ctx(), &cip.DeleteUserInput{AccessToken: tok}); err != nil {
		t.Fatal(err)
	}
	_, err = e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	wantAPIError(t, err, "UserNotFoundException", "")
}

func TestAccessTokenChecks(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	res := e.mustTokens(f)
	getUser := func(tok *string) error {
		_, err := e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: tok})
		return err
	}
	wantAPIError(t, getUser(aws.String("not-a-token")), "NotAuthorizedException", "Invalid Access Token")
	wantAPIError(t, getUser(res.IdToken), "NotAuthorizedException", "Invalid Access Token")
	tampered := *res.AccessToken
	tampered = tampered[:len(tampered)-4] + "AAAA"
	wantAPIError(t, getUser(&tampered), "NotAuthorizedException", "Invalid Access Token")
	other, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	foreign, _ := other.sign(map[string]any{"token_use": "access", "exp": time.Now().Add(time.Hour).Unix()})
	wantAPIError(t, getUser(&foreign), "NotAuthorizedException", "Invalid Access Token")

	second := e.mustTokens(f)
	if _, err := e.anon.RevokeToken(ctx(), &cip.RevokeTokenInput{ClientId: aws.String(f.clientID), Token: res.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, getUser(res.AccessToken), "NotAuthorizedException", "Access Token has been revoked")
	if err := getUser(second.AccessToken); err != nil {
		t.Fatalf("another sign-in's token after RevokeToken: %v", err)
	}
	_, err = e.refresh(f.clientID, "", *res.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")

	if _, err := e.anon.GlobalSignOut(ctx(), &cip.GlobalSignOutInput{AccessToken: second.AccessToken}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, getUser(second.AccessToken), "NotAuthorizedException", "Access Token has been revoked")
	_, err = e.refresh(f.clientID, "", *second.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")

	third := e.mustTokens(f)
	if err := getUser(third.AccessToken); err != nil {
		t.Fatalf("a sign-in after GlobalSignOut: %v", err)
	}
	e.clock.Advance(61 * time.Minute)
	wantAPIError(t, getUser(third.AccessToken), "NotAuthorizedException", "Access Token has expired")
}

// refresh is InitiateAuth REFRESH_TOKEN_AUTH.
func (e *env) refresh(clientID, secretHash, token string) (*cip.InitiateAuthOutput, error) {
	params := map[string]string{"REFRESH_TOKEN": token}
	if secretHash != "" {
		params["SECRET_HASH"] = secretHash
	}
	return e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		ClientId: aws.String(clientID), AuthParameters: params})
}

func TestAdminDisableEnableConfirm(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	ref := func() *cip.AdminDisableUserInput {
		return &cip.AdminDisableUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)}
	}
	tok := e.mustTokens(f).AccessToken
	if _, err := e.admin.AdminDisableUser(ctx(), ref()); err != nil {
		t.Fatal(err)
	}
	_, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	wantAPIError(t, err, "NotAuthorizedException", "User is disabled.")
	_, err = e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: tok})
	wantAPIError(t, err, "NotAuthorizedException", "")
	if _, err := e.admin.AdminEnableUser(ctx(), &cip.AdminEnableUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)}); err != nil {
		t.Fatal(err)
	}
	e.mustTokens(f)

	poolID, clientID, secret := e.signUpPool()
	if _, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: aws.String(srp.SecretHash(clientID, secret, "una")),
		Username: aws.String("una"), Password: aws.String(goodPassword)}); err != nil {
		t.Fatal(err)
	}
	confirm := &cip.AdminConfirmSignUpInput{UserPoolId: aws.String(poolID), Username: aws.String("una")}
	if _, err := e.admin.AdminConfirmSignUp(ctx(), confirm); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.AdminConfirmSignUp(ctx(), confirm)
	wantAPIError(t, err, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
	if _, err := e.passwordSignIn(clientID, secret, "una", goodPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID), Username: aws.String("una"),
		UserAttributes: attrs("email", "una@example.com", "email_verified", "true")}); err != nil {
		t.Fatal(err)
	}
	if v := adminGetAttr(t, e, poolID, "una", "email_verified"); v != "true" {
		t.Fatalf("email_verified = %q", v)
	}
}

func TestListUsers(t *testing.T) {
	e := newEnv(t)
	poolID := e.createPool("list")
	for _, u := range []string{"amy", "anna", "bob", "carl", "cora"} {
		e.createUser(poolID, u, goodPassword, attrs("email", u+"@example.com")...)
	}
	list := func(filter string, limit int32, token *string) *cip.ListUsersOutput {
		t.Helper()
		out, err := e.admin.ListUsers(ctx(), &cip.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(filter), Limit: aws.Int32(limit), PaginationToken: token})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	names := func(out *cip.ListUsersOutput) string {
		var n []string
		for _, u := range out.Users {
			n = append(n, *u.Username)
		}
		return strings.Join(n, ",")
	}
	if got := names(list(`username ^= "a"`, 0, nil)); got != "amy,anna" {
		t.Errorf("prefix filter = %s", got)
	}
	if got := names(list(`email = "bob@example.com"`, 0, nil)); got != "bob" {
		t.Errorf("email filter = %s", got)
	}
	sub := adminGetAttr(t, e, poolID, "cora", "sub")
	if got := names(list(`sub = "`+sub+`"`, 0, nil)); got != "cora" {
		t.Errorf("sub filter = %s", got)
	}
	first := list("", 2, nil)
	second := list("", 2, first.PaginationToken)
	third := list("", 2, second.PaginationToken)
	if names(first) != "amy,anna" || names(second) != "bob,carl" || names(third) != "cora" || third.PaginationToken != nil {
		t.Errorf("pages = %s | %s | %s", names(first), names(second), names(third))
	}
	_, err := e.admin.ListUsers(ctx(), &cip.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`shoe_size = "9"`)})
	wantAPIError(t, err, "InvalidParameterException", "Invalid search attribute: shoe_size")
}

func TestPoolAndClientAdministration(t *testing.T) {
	e := newEnv(t)
	a, b := e.createPool("a"), e.createPool("b")
	// Count first: the SDK's retryer may have repeated a CreateUserPool
	// whose answer it failed to read (see testRetryer), adding a pool.
	all, err := e.admin.ListUserPools(ctx(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	if err != nil || len(all.UserPools) < 2 || all.NextToken != nil {
		t.Fatalf("ListUserPools: %v %+v", err, all)
	}
	pools, err := e.admin.ListUserPools(ctx(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(1)})
	if err != nil || len(pools.UserPools) != 1 || pools.NextToken == nil {
		t.Fatalf("ListUserPools: %v %+v", err, pools)
	}
	rest, err := e.admin.ListUserPools(ctx(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(60), NextToken: pools.NextToken})
	if err != nil || len(rest.UserPools) != len(all.UserPools)-1 || rest.NextToken != nil {
		t.Fatalf("second page: %v %+v", err, rest)
	}
	for _, p := range rest.UserPools {
		if *p.Id == *pools.UserPools[0].Id {
			t.Fatalf("second page repeats %s from the first", *p.Id)
		}
	}
	c1, _ := e.createClient(a, false)
	c2, _ := e.createClient(a, true)
	clients, err := e.admin.ListUserPoolClients(ctx(), &cip.ListUserPoolClientsInput{UserPoolId: aws.String(a)})
	if err != nil || len(clients.UserPoolClients) != 2 {
		t.Fatalf("ListUserPoolClients: %v", err)
	}
	upd, err := e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(a), ClientId: aws.String(c1),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	if err != nil || len(upd.UserPoolClient.ExplicitAuthFlows) != 2 || *upd.UserPoolClient.ClientName != "web" {
		t.Fatalf("UpdateUserPoolClient: %v", err)
	}
	if _, err := e.admin.DeleteUserPoolClient(ctx(), &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(a), ClientId: aws.String(c2)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(a), ClientId: aws.String(c2)})
	wantAPIError(t, err, "ResourceNotFoundException", "")

	if _, err := e.admin.UpdateUserPool(ctx(), &cip.UpdateUserPoolInput{UserPoolId: aws.String(b), MfaConfiguration: types.UserPoolMfaTypeOptional,
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}}); err != nil {
		t.Fatal(err)
	}
	d, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(b)})
	if err != nil || d.UserPool.MfaConfiguration != types.UserPoolMfaTypeOptional || d.UserPool.DeviceConfiguration == nil || !d.UserPool.DeviceConfiguration.ChallengeRequiredOnNewDevice {
		t.Fatalf("DescribeUserPool after update: %v %+v", err, d.UserPool)
	}
	if _, err := e.admin.DeleteUserPool(ctx(), &cip.DeleteUserPoolInput{UserPoolId: aws.String(a)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(a)})
	wantAPIError(t, err, "ResourceNotFoundException", "User pool "+a+" does not exist.")
	_, err = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(c1)})
	wantAPIError(t, err, "ResourceNotFoundException", "User pool client "+c1+" does not exist.")
}
