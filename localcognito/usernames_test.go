package localcognito

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// namePool creates a pool with sign-in settings and a client (with a
// secret when secret is true) allowing SRP and password sign-in.
func (e *env) namePool(in *cip.CreateUserPoolInput, secret bool) (poolID, clientID, clientSecret string) {
	e.t.Helper()
	in.PoolName = aws.String("names")
	out, err := e.admin.CreateUserPool(ctx(), in)
	if err != nil {
		e.t.Fatalf("CreateUserPool: %v", err)
	}
	poolID = *out.UserPool.Id
	clientID, clientSecret = e.createClient(poolID, secret, types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
		types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	return poolID, clientID, clientSecret
}

// srpTokens signs in with SRP as typed, answering with USER_ID_FOR_SRP as
// AWS's clients do, and returns the challenge and the tokens.
func (e *env) srpTokens(poolID, clientID, secret, typed, password string) (map[string]string, *types.AuthenticationResultType, error) {
	e.t.Helper()
	s := e.signIn(poolID, clientID, secret, typed, password)
	if err := s.initiate(); err != nil {
		return nil, nil, err
	}
	out, err := s.respond(s.responses())
	if err != nil {
		return s.challenge.ChallengeParameters, nil, err
	}
	return s.challenge.ChallengeParameters, out.AuthenticationResult, nil
}

func TestEmailAsUsername(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, secret := e.namePool(&cip.CreateUserPoolInput{
		UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
	}, true)
	desc, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil || len(desc.UserPool.UsernameAttributes) != 1 || desc.UserPool.UsernameAttributes[0] != types.UsernameAttributeTypeEmail ||
		aws.ToBool(desc.UserPool.UsernameConfiguration.CaseSensitive) {
		t.Fatalf("DescribeUserPool: %v %+v", err, desc.UserPool)
	}
	hash := func(name string) *string { return aws.String(srp.SecretHash(clientID, secret, name)) }
	up, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: hash("Carol@Example.com"),
		Username: aws.String("Carol@Example.com"), Password: aws.String(goodPassword)})
	if err != nil {
		t.Fatal(err)
	}
	sub := *up.UserSub
	_, err = e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: hash("carol@example.COM"),
		Username: aws.String("carol@example.COM"), Password: aws.String(goodPassword)})
	wantAPIError(t, err, "UsernameExistsException", "An account with the given email already exists.")
	_, err = e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), SecretHash: hash("carol"),
		Username: aws.String("carol"), Password: aws.String(goodPassword)})
	wantAPIError(t, err, "InvalidParameterException", "Username should be an email.")

	// The user name is the sub; the email attribute comes from the name.
	got, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("CAROL@example.com")})
	if err != nil || *got.Username != sub || !uuidPattern.MatchString(sub) {
		t.Fatalf("AdminGetUser by email: %v %+v", err, got)
	}
	if email := attrOf(got.UserAttributes, "email"); email != "Carol@Example.com" {
		t.Fatalf("email attribute %q", email)
	}
	code := e.lastCode(poolID, sub, kindSignUp)
	if _, err := e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), SecretHash: hash("carol@example.com"),
		Username: aws.String("carol@example.com"), ConfirmationCode: aws.String(code)}); err != nil {
		t.Fatalf("ConfirmSignUp by email: %v", err)
	}

	// SRP: USER_ID_FOR_SRP is the UUID, the verifier is keyed by it, and
	// later steps carry it, SECRET_HASH included.
	params, res, err := e.srpTokens(poolID, clientID, secret, "CAROL@EXAMPLE.COM", goodPassword)
	if err != nil {
		t.Fatalf("SRP sign-in by email: %v", err)
	}
	if params["USER_ID_FOR_SRP"] != sub || params["USERNAME"] != sub {
		t.Fatalf("challenge parameters %v, want the sub %s", params, sub)
	}
	if c := claimsOf(t, *res.IdToken); c["cognito:username"] != sub || c["email"] != "Carol@Example.com" || c["sub"] != sub {
		t.Fatalf("ID token claims %v", c)
	}
	if c := claimsOf(t, *res.AccessToken); c["username"] != sub {
		t.Fatalf("access token claims %v", c)
	}
	s := e.signIn(poolID, clientID, secret, "carol@example.com", goodPassword)
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	r := s.responses()
	r["SECRET_HASH"] = *hash("carol@example.com")
	_, err = s.respond(r)
	wantAPIError(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+clientID)

	// Password sign-in, and a refresh with SECRET_HASH over the sub.
	pw, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "carol@example.com", "PASSWORD": goodPassword, "SECRET_HASH": *hash("carol@example.com")}})
	if err != nil || pw.AuthenticationResult == nil {
		t.Fatalf("USER_PASSWORD_AUTH by email: %v", err)
	}
	if _, err := e.refresh(clientID, *hash(sub), *pw.AuthenticationResult.RefreshToken); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	// Changing the email changes the name users sign in with.
	if _, err := e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID), Username: aws.String(sub),
		UserAttributes: attrs("email", "carol.new@example.com", "email_verified", "true")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.srpTokens(poolID, clientID, secret, "carol.new@example.com", goodPassword); err != nil {
		t.Fatalf("sign-in with the new email: %v", err)
	}
	_, err = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "carol@example.com", "SRP_A": "0a", "SECRET_HASH": *hash("carol@example.com")}})
	wantAPIError(t, err, "UserNotFoundException", "")
	// Another user may not take the address.
	if _, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("dan@example.com"),
		MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID), Username: aws.String("dan@example.com"),
		UserAttributes: attrs("email", "Carol.New@example.com")})
	wantAPIError(t, err, "AliasExistsException", "An account with the given email already exists.")
}

func attrOf(list []types.AttributeType, name string) string {
	for _, a := range list {
		if *a.Name == name {
			return aws.ToString(a.Value)
		}
	}
	return ""
}

func TestPhoneOrEmailAsUsername(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, _ := e.namePool(&cip.CreateUserPoolInput{UsernameAttributes: []types.UsernameAttributeType{
		types.UsernameAttributeTypeEmail, types.UsernameAttributeTypePhoneNumber}}, false)
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("frank"),
		MessageAction: types.MessageActionTypeSuppress})
	wantAPIError(t, err, "InvalidParameterException", "Username should be either an email or a phone number.")
	e.createUser(poolID, "+15555550123", goodPassword)
	params, _, err := e.srpTokens(poolID, clientID, "", "+15555550123", goodPassword)
	if err != nil || !uuidPattern.MatchString(params["USER_ID_FOR_SRP"]) {
		t.Fatalf("sign-in by phone number: %v %v", err, params)
	}
}

func TestAliasAttributes(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, secret := e.namePool(&cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{
		types.AliasAttributeTypeEmail, types.AliasAttributeTypePreferredUsername}}, true)
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("x@example.com"),
		MessageAction: types.MessageActionTypeSuppress})
	wantAPIError(t, err, "InvalidParameterException", "Username cannot be of email format, since user pool is configured for email alias.")
	e.createUser(poolID, "dave", goodPassword, attrs("email", "dave@example.com", "email_verified", "true")...)
	e.createUser(poolID, "erin", goodPassword, attrs("email", "erin@example.com")...) // not verified: no alias

	params, res, err := e.srpTokens(poolID, clientID, secret, "dave@example.com", goodPassword)
	if err != nil || params["USER_ID_FOR_SRP"] != "dave" || claimsOf(t, *res.AccessToken)["username"] != "dave" {
		t.Fatalf("sign-in by verified email alias: %v %v", err, params)
	}
	_, _, err = e.srpTokens(poolID, clientID, secret, "erin@example.com", goodPassword)
	wantAPIError(t, err, "UserNotFoundException", "")
	_, _, err = e.srpTokens(poolID, clientID, secret, "DAVE", goodPassword) // case-sensitive by default
	wantAPIError(t, err, "UserNotFoundException", "")

	// A verified alias belongs to one user; ForceAliasCreation moves it.
	_, err = e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("frank"),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: attrs("email", "dave@example.com", "email_verified", "true")})
	wantAPIError(t, err, "UsernameExistsException", "An account with the given email already exists.")
	if _, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("frank"),
		MessageAction: types.MessageActionTypeSuppress, ForceAliasCreation: true,
		UserAttributes: attrs("email", "dave@example.com", "email_verified", "true")}); err != nil {
		t.Fatal(err)
	}
	dave, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("dave")})
	if err != nil || attrOf(dave.UserAttributes, "email_verified") != "false" {
		t.Fatalf("the alias's old holder: %v %+v", err, dave)
	}
	got, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("dave@example.com")})
	if err != nil || *got.Username != "frank" {
		t.Fatalf("the alias after it moved: %v", err)
	}

	// preferred_username needs no verification and is unique too.
	if _, err := e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID), Username: aws.String("dave"),
		UserAttributes: attrs("preferred_username", "captain")}); err != nil {
		t.Fatal(err)
	}
	if params, _, err := e.srpTokens(poolID, clientID, secret, "captain", goodPassword); err != nil || params["USER_ID_FOR_SRP"] != "dave" {
		t.Fatalf("sign-in by preferred_username: %v %v", err, params)
	}
	_, err = e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID), Username: aws.String("erin"),
		UserAttributes: attrs("preferred_username", "captain")})
	wantAPIError(t, err, "AliasExistsException", "An account with the given preferred_username already exists.")

	// Verifying an email another user holds as an alias.
	tok := e.mustTokensFor(poolID, clientID, secret, "erin")
	if _, err := e.anon.UpdateUserAttributes(ctx(), &cip.UpdateUserAttributesInput{AccessToken: tok, UserAttributes: attrs("email", "dave@example.com")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.anon.GetUserAttributeVerificationCode(ctx(), &cip.GetUserAttributeVerificationCodeInput{AccessToken: tok, AttributeName: aws.String("email")}); err != nil {
		t.Fatal(err)
	}
	code := e.lastCode(poolID, "erin", kindVerifyAttribute)
	_, err = e.anon.VerifyUserAttribute(ctx(), &cip.VerifyUserAttributeInput{AccessToken: tok, AttributeName: aws.String("email"), Code: aws.String(code)})
	wantAPIError(t, err, "AliasExistsException", "An account with the given email already exists.")
}

// mustTokensFor signs in a user of goodPassword with SRP.
func (e *env) mustTokensFor(poolID, clientID, secret, username string) *string {
	e.t.Helper()
	_, res, err := e.srpTokens(poolID, clientID, secret, username, goodPassword)
	if err != nil || res == nil {
		e.t.Fatalf("sign-in of %s: %v", username, err)
	}
	return res.AccessToken
}

func TestConfirmSignUpForceAliasCreation(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, _ := e.namePool(&cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}, false)
	e.createUser(poolID, "gina", goodPassword, attrs("email", "shared@example.com", "email_verified", "true")...)
	if _, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("hank"),
		Password: aws.String(goodPassword), UserAttributes: attrs("email", "shared@example.com")}); err != nil {
		t.Fatal(err)
	}
	code := e.lastCode(poolID, "hank", kindSignUp)
	confirm := &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), Username: aws.String("hank"), ConfirmationCode: aws.String(code)}
	_, err := e.anon.ConfirmSignUp(ctx(), confirm)
	wantAPIError(t, err, "AliasExistsException", "An account with the given email already exists.")
	confirm.ForceAliasCreation = true // the same code still works
	if _, err := e.anon.ConfirmSignUp(ctx(), confirm); err != nil {
		t.Fatalf("ConfirmSignUp with ForceAliasCreation: %v", err)
	}
	if params, _, err := e.srpTokens(poolID, clientID, "", "shared@example.com", goodPassword); err != nil || params["USER_ID_FOR_SRP"] != "hank" {
		t.Fatalf("the alias after ConfirmSignUp: %v %v", err, params)
	}
}

func TestCaseInsensitiveUsernames(t *testing.T) {
	e := newEnv(t)
	poolID, clientID, _ := e.namePool(&cip.CreateUserPoolInput{
		UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}}, false)
	e.createUser(poolID, "Grace", goodPassword)
	got, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("GRACE")})
	if err != nil || *got.Username != "grace" {
		t.Fatalf("AdminGetUser in another case: %v %+v", err, got)
	}
	params, _, err := e.srpTokens(poolID, clientID, "", "gRaCe", goodPassword)
	if err != nil || params["USER_ID_FOR_SRP"] != "grace" {
		t.Fatalf("SRP in another case: %v %v", err, params)
	}
	_, err = e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("GRACE"), Password: aws.String(goodPassword)})
	wantAPIError(t, err, "UsernameExistsException", "")
}

func TestSeedUsernameSettings(t *testing.T) {
	e := newEnv(t)
	err := e.srv.LoadSeed(strings.NewReader(`
pools:
  - id: us-east-1_EmailPool1
    name: email
    usernameAttributes: [email]
    caseSensitive: false
    clients:
      - {id: emailclient000000000000001, name: web, explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH], preventUserExistenceErrors: ENABLED}
    users:
      - {username: Ivy@Example.com, password: Passw0rd!, permanent: true}
  - id: us-east-1_AliasPool1
    name: alias
    aliasAttributes: [preferred_username]
    clients: [{id: aliasclient000000000000001, name: web}]
    users:
      - {username: jack, password: Passw0rd!, permanent: true, attributes: {preferred_username: jj}}
`))
	if err != nil {
		t.Fatal(err)
	}
	params, _, err := e.srpTokens("us-east-1_EmailPool1", "emailclient000000000000001", "", "ivy@example.com", "Passw0rd!")
	if err != nil || !uuidPattern.MatchString(params["USER_ID_FOR_SRP"]) {
		t.Fatalf("seeded email user: %v %v", err, params)
	}
	if params, _, err := e.srpTokens("us-east-1_AliasPool1", "aliasclient000000000000001", "", "jj", "Passw0rd!"); err != nil || params["USER_ID_FOR_SRP"] != "jack" {
		t.Fatalf("seeded alias: %v %v", err, params)
	}
	c, err := e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String("us-east-1_EmailPool1"), ClientId: aws.String("emailclient000000000000001")})
	if err != nil || c.UserPoolClient.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesEnabled {
		t.Fatalf("seeded client: %v", err)
	}
	for _, bad := range []string{
		"pools:\n  - {name: p, usernameAttributes: [email], aliasAttributes: [email]}\n",
		"pools:\n  - {name: p, usernameAttributes: [nickname]}\n",
		"pools:\n  - name: p\n    usernameAttributes: [email]\n    users: [{username: notanemail, password: Passw0rd!}]\n",
		"pools:\n  - name: p\n    usernameAttributes: [email]\n    caseSensitive: false\n    users: [{username: a@b.c, password: Passw0rd!}, {username: A@B.C, password: Passw0rd!}]\n",
		"pools:\n  - name: p\n    clients: [{name: c, preventUserExistenceErrors: MAYBE}]\n",
	} {
		if err := e.srv.LoadSeed(strings.NewReader(bad)); err == nil {
			t.Errorf("seed loaded: %s", bad)
		}
	}
}

func TestUsernameSettingsValidation(t *testing.T) {
	e := newEnv(t)
	_, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("p"),
		UsernameAttributes: []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		AliasAttributes:    []types.AliasAttributeType{types.AliasAttributeTypeEmail}})
	wantAPIError(t, err, "InvalidParameterException", "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("p")})
	if err != nil || !aws.ToBool(out.UserPool.UsernameConfiguration.CaseSensitive) || len(out.UserPool.AliasAttributes) != 0 {
		t.Fatalf("a pool's defaults: %v", err)
	}
}
