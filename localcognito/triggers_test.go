package localcognito

import (
	"bytes"
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func request(ev map[string]any) map[string]any { return ev["request"].(map[string]any) }

func TestSignUpTriggers(t *testing.T) {
	e, fl := newTriggerEnv(t)
	fl.set("presignup", func(ev map[string]any) (any, error) {
		email, _ := request(ev)["userAttributes"].(map[string]any)["email"].(string)
		switch {
		case strings.HasSuffix(email, "@blocked.example"):
			return nil, errors.New("Sign-ups from this domain are closed.")
		case strings.HasSuffix(email, "@auto.example"):
			return respond(ev, map[string]any{"autoConfirmUser": true, "autoVerifyEmail": true}), nil
		}
		return ev, nil
	})
	fl.set("postconfirm", echo)
	fl.set("message", func(ev map[string]any) (any, error) {
		req := request(ev)
		if ev["triggerSource"] == "CustomMessage_AdminCreateUser" {
			return respond(ev, map[string]any{"emailMessage": "Hi " + req["usernameParameter"].(string) + ", use " + req["codeParameter"].(string)}), nil
		}
		return respond(ev, map[string]any{"emailSubject": "Your code", "emailMessage": ev["userName"].(string) + ", your code is " + req["codeParameter"].(string) + "."}), nil
	})
	poolID := e.triggerPool(map[string]string{"PreSignUp": "presignup", "PostConfirmation": "postconfirm", "CustomMessage": "message"},
		func(in *cip.CreateUserPoolInput) {
			in.AutoVerifiedAttributes = []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}
		})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	common := `"version":"1","region":"us-east-1","userPoolId":"` + poolID + `",
		"callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"` + clientID + `"},`
	signUp := func(name, email string) (*cip.SignUpOutput, error) {
		return e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String(name), Password: aws.String(goodPassword),
			UserAttributes: attrs("email", email), ValidationData: attrs("captcha", "ok"), ClientMetadata: map[string]string{"campaign": "spring"}})
	}

	// Auto-confirmed and auto-verified: no code, and post confirmation runs.
	out, err := signUp("dave", "dave@auto.example")
	if err != nil || !out.UserConfirmed || out.CodeDeliveryDetails != nil {
		t.Fatalf("SignUp dave: %v %+v", err, out)
	}
	wantEvent(t, fl.invocations("presignup")[0].event, `{`+common+`"userName":"dave","triggerSource":"PreSignUp_SignUp",
		"request":{"userAttributes":{"email":"dave@auto.example"},"validationData":{"captcha":"ok"},"clientMetadata":{"campaign":"spring"}},
		"response":{"autoConfirmUser":false,"autoVerifyPhone":false,"autoVerifyEmail":false}}`)
	if got := adminGetAttr(t, e, poolID, "dave", "email_verified"); got != "true" {
		t.Errorf("email_verified = %q", got)
	}
	post := fl.invocations("postconfirm")
	if len(post) != 1 {
		t.Fatalf("post confirmation ran %d times", len(post))
	}
	wantEvent(t, post[0].event, `{`+common+`"userName":"dave","triggerSource":"PostConfirmation_ConfirmSignUp",
		"request":{"userAttributes":{"sub":"`+adminGetAttr(t, e, poolID, "dave", "sub")+`","email":"dave@auto.example","email_verified":"true","cognito:user_status":"CONFIRMED"},
			"clientMetadata":{"campaign":"spring"}},
		"response":{}}`)
	if msgs := e.outbox(url.Values{"username": {"dave"}}); len(msgs) != 0 {
		t.Errorf("dave got messages: %+v", msgs)
	}

	// A refusal: no user.
	_, err = signUp("mallory", "m@blocked.example")
	wantAPIError(t, err, "UserLambdaValidationException", "PreSignUp failed with error Sign-ups from this domain are closed..")
	_, err = e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("mallory")})
	wantAPIError(t, err, "UserNotFoundException", "")

	// Not auto-confirmed: the custom message carries the code.
	fl.reset()
	out, err = signUp("erin", "erin@example.com")
	if err != nil || out.UserConfirmed || out.CodeDeliveryDetails == nil {
		t.Fatalf("SignUp erin: %v %+v", err, out)
	}
	msgs := e.outbox(url.Values{"username": {"erin"}, "kind": {kindSignUp}})
	if len(msgs) != 1 || msgs[0].Message != "erin, your code is "+msgs[0].Code+"." || msgs[0].Subject != "Your code" || !sixDigits.MatchString(msgs[0].Code) {
		t.Fatalf("outbox = %+v", msgs)
	}
	wantEvent(t, fl.invocations("message")[0].event, `{`+common+`"userName":"erin","triggerSource":"CustomMessage_SignUp",
		"request":{"userAttributes":{"sub":"`+*out.UserSub+`","email":"erin@example.com","cognito:user_status":"UNCONFIRMED"},
			"codeParameter":"{####}","linkParameter":"{##Click Here##}","usernameParameter":null,"clientMetadata":{"campaign":"spring"}},
		"response":{"smsMessage":null,"emailMessage":null,"emailSubject":null}}`)
	if _, err := e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), Username: aws.String("erin"), ConfirmationCode: aws.String(msgs[0].Code)}); err != nil {
		t.Fatal(err)
	}
	if post := fl.invocations("postconfirm"); len(post) != 1 || post[0].event["triggerSource"] != "PostConfirmation_ConfirmSignUp" {
		t.Fatalf("post confirmation after ConfirmSignUp: %d", len(post))
	}

	// Forgot password: a custom message, then post confirmation.
	fl.reset()
	if _, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("erin")}); err != nil {
		t.Fatal(err)
	}
	code := e.lastCode(poolID, "erin", kindForgotPassword)
	if m := fl.invocations("message"); len(m) != 1 || m[0].event["triggerSource"] != "CustomMessage_ForgotPassword" {
		t.Fatalf("custom message for ForgotPassword: %v", m)
	}
	// A failing post confirmation is reported, but the change stands.
	fl.set("postconfirm", func(map[string]any) (any, error) { return nil, errors.New("CRM unavailable") })
	_, err = e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("erin"),
		ConfirmationCode: aws.String(code), Password: aws.String("N3w-Passw0rd!")})
	wantAPIError(t, err, "UserLambdaValidationException", "PostConfirmation failed with error CRM unavailable.")
	if post := fl.invocations("postconfirm"); len(post) != 1 || post[0].event["triggerSource"] != "PostConfirmation_ConfirmForgotPassword" {
		t.Fatalf("post confirmation after ConfirmForgotPassword: %v", post)
	}
	e.mustTokens(fixture{poolID: poolID, clientID: clientID, username: "erin", password: "N3w-Passw0rd!"})

	// AdminCreateUser: pre sign-up (no client) and the invitation.
	fl.reset()
	_, err = e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("frank"),
		UserAttributes: attrs("email", "frank@example.com"), TemporaryPassword: aws.String("Temp0rary!pass")})
	if err != nil {
		t.Fatal(err)
	}
	pre := fl.invocations("presignup")
	if len(pre) != 1 || pre[0].event["triggerSource"] != "PreSignUp_AdminCreateUser" || pre[0].event["callerContext"].(map[string]any)["clientId"] != "CLIENT_ID_NOT_APPLICABLE" {
		t.Fatalf("pre sign-up for AdminCreateUser: %v", pre)
	}
	inv := e.outbox(url.Values{"username": {"frank"}, "kind": {kindAdminCreateUser}})
	if len(inv) != 1 || inv[0].Message != "Hi frank, use (temporary password not recorded)" {
		t.Fatalf("invitation = %+v", inv)
	}
	if m := fl.invocations("message"); len(m) != 1 || request(m[0].event)["usernameParameter"] != "{username}" {
		t.Fatalf("custom message for AdminCreateUser: %v", m)
	}
	if strings.Contains(e.logs.String(), msgs[0].Code) || strings.Contains(e.logs.String(), code) {
		t.Error("the log holds a code")
	}
}

func TestPreTokenGeneration(t *testing.T) {
	e, fl := newTriggerEnv(t)
	fl.set("pretoken", func(ev map[string]any) (any, error) {
		return respond(ev, map[string]any{"claimsOverrideDetails": map[string]any{
			"claimsToAddOrOverride": map[string]any{"tenant": "acme", "sub": "not-allowed", "email": "replaced@example.com"},
			"claimsToSuppress":      []string{"email", "aud"},
			"groupOverrideDetails":  map[string]any{"groupsToOverride": []string{"admins"}, "iamRolesToOverride": []string{}, "preferredRole": nil},
		}}), nil
	})
	poolID := e.triggerPool(map[string]string{"PreTokenGeneration": "pretoken"})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		types.ExplicitAuthFlowsTypeAllowUserPasswordAuth)
	e.createUser(poolID, "alice", goodPassword, attrs("email", "alice@example.com")...)
	f := fixture{poolID: poolID, clientID: clientID, username: "alice", password: goodPassword}
	res := e.mustTokens(f)
	sub := adminGetAttr(t, e, poolID, "alice", "sub")
	id, access := claimsOf(t, *res.IdToken), claimsOf(t, *res.AccessToken)
	if id["tenant"] != "acme" || id["email"] != nil || id["sub"] != sub || id["aud"] != clientID ||
		!reflect.DeepEqual(id["cognito:groups"], []any{"admins"}) || !reflect.DeepEqual(access["cognito:groups"], []any{"admins"}) || access["tenant"] != nil {
		t.Fatalf("id %v\naccess %v", id, access)
	}
	keys := e.jwksKeys(poolID)
	verifyToken(t, *res.IdToken, keys, e.ts.URL+"/"+poolID)
	wantEvent(t, fl.invocations("pretoken")[0].event, `{"version":"1","region":"us-east-1","userPoolId":"`+poolID+`","userName":"alice",
		"callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"`+clientID+`"},"triggerSource":"TokenGeneration_Authentication",
		"request":{"userAttributes":{"sub":"`+sub+`","email":"alice@example.com","cognito:user_status":"CONFIRMED"},
			"groupConfiguration":{"groupsToOverride":[],"iamRolesToOverride":[],"preferredRole":null}},
		"response":{}}`)

	// Refreshing runs it again, with its own source.
	r, err := e.refresh(clientID, "", *res.RefreshToken)
	if err != nil || claimsOf(t, *r.AuthenticationResult.IdToken)["tenant"] != "acme" {
		t.Fatalf("refresh: %v", err)
	}
	if calls := fl.invocations("pretoken"); calls[len(calls)-1].event["triggerSource"] != "TokenGeneration_RefreshTokens" {
		t.Errorf("refresh source = %v", calls[len(calls)-1].event["triggerSource"])
	}
	// V2_0: both tokens, complex values, scopes.
	_, err = e.admin.UpdateUserPool(ctx(), &cip.UpdateUserPoolInput{UserPoolId: aws.String(poolID), LambdaConfig: &types.LambdaConfigType{
		PreTokenGenerationConfig: &types.PreTokenGenerationVersionConfigType{LambdaArn: aws.String(arn("pretoken2")), LambdaVersion: types.PreTokenGenerationLambdaVersionTypeV20}}})
	if err != nil {
		t.Fatal(err)
	}
	fl.set("pretoken2", func(ev map[string]any) (any, error) {
		return respond(ev, map[string]any{"claimsAndScopeOverrideDetails": map[string]any{
			"idTokenGeneration":     map[string]any{"claimsToAddOrOverride": map[string]any{"plan": map[string]any{"tier": "gold", "seats": 5}}},
			"accessTokenGeneration": map[string]any{"claimsToAddOrOverride": map[string]any{"roles": []string{"reader", "writer"}}, "scopesToAdd": []string{"orders/read"}},
		}}), nil
	})
	res = e.mustTokens(f)
	id, access = claimsOf(t, *res.IdToken), claimsOf(t, *res.AccessToken)
	if !reflect.DeepEqual(id["plan"], map[string]any{"tier": "gold", "seats": float64(5)}) || !reflect.DeepEqual(access["roles"], []any{"reader", "writer"}) ||
		access["scope"] != "aws.cognito.signin.user.admin orders/read" || id["email"] != "alice@example.com" {
		t.Fatalf("V2 id %v\naccess %v", id, access)
	}
	ev := fl.invocations("pretoken2")[0].event
	if ev["version"] != "2" || !reflect.DeepEqual(request(ev)["scopes"], []any{"aws.cognito.signin.user.admin"}) {
		t.Fatalf("V2 event %v", ev)
	}
}

func TestPreTokenGenerationSources(t *testing.T) {
	e, fl := newTriggerEnv(t)
	fl.set("pretoken", echo)
	poolID := e.triggerPool(map[string]string{"PreTokenGeneration": "pretoken"})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	if _, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("newbie"),
		TemporaryPassword: aws.String("Temp0rary!pass"), MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	out, err := e.admin.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID),
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "newbie", "PASSWORD": "Temp0rary!pass"}})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatalf("%v %+v", err, out)
	}
	_, err = e.admin.AdminRespondToAuthChallenge(ctx(), &cip.AdminRespondToAuthChallengeInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID),
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: out.Session, ClientMetadata: map[string]string{"k": "v"},
		ChallengeResponses: map[string]string{"USERNAME": "newbie", "NEW_PASSWORD": "N3w-Passw0rd!"}})
	if err != nil {
		t.Fatal(err)
	}
	ev := fl.invocations("pretoken")[0].event
	if ev["triggerSource"] != "TokenGeneration_NewPasswordChallenge" || !reflect.DeepEqual(request(ev)["clientMetadata"], map[string]any{"k": "v"}) {
		t.Fatalf("event %v", ev)
	}
}

func TestUserMigration(t *testing.T) {
	const legacyPassword = "Legacy-Passw0rd!"
	e, fl := newTriggerEnv(t)
	fl.set("migrate", func(ev map[string]any) (any, error) {
		req := request(ev)
		switch ev["triggerSource"] {
		case "UserMigration_Authentication":
			if ev["userName"] != "legacy" || req["password"] != legacyPassword {
				return nil, errors.New("Bad password")
			}
			return respond(ev, map[string]any{"userAttributes": map[string]any{"email": "legacy@example.com", "email_verified": "true"},
				"finalUserStatus": "CONFIRMED", "messageAction": "SUPPRESS"}), nil
		case "UserMigration_ForgotPassword":
			if ev["userName"] != "legacy2" {
				return nil, errors.New("Unknown user")
			}
			return respond(ev, map[string]any{"userAttributes": map[string]any{"email": "legacy2@example.com", "email_verified": "true"},
				"messageAction": "SUPPRESS"}), nil
		}
		return nil, errors.New("bad triggerSource")
	})
	poolID := e.triggerPool(map[string]string{"UserMigration": "migrate"})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)

	_, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "legacy", "PASSWORD": "Wr0ng-password!"}})
	wantAPIError(t, err, "UserLambdaValidationException", "UserMigration failed with error Bad password.")
	_, err = e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("legacy")})
	wantAPIError(t, err, "UserNotFoundException", "")

	fl.reset()
	out, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "legacy", "PASSWORD": legacyPassword}, ClientMetadata: map[string]string{"source": "app"}})
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("migrating sign-in: %v", err)
	}
	wantEvent(t, fl.invocations("migrate")[0].event, `{"version":"1","region":"us-east-1","userPoolId":"`+poolID+`","userName":"legacy",
		"callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"`+clientID+`"},"triggerSource":"UserMigration_Authentication",
		"request":{"password":"`+legacyPassword+`","validationData":{"source":"app"}},
		"response":{"userAttributes":null,"finalUserStatus":null,"messageAction":null,"desiredDeliveryMediums":null,"forceAliasCreation":null}}`)
	u, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("legacy")})
	if err != nil || u.UserStatus != types.UserStatusTypeConfirmed || adminGetAttr(t, e, poolID, "legacy", "email") != "legacy@example.com" {
		t.Fatalf("migrated user: %v %+v", err, u)
	}
	// The password is now an SRP verifier: SRP sign-in works, and the
	// trigger is not asked again.
	fl.reset()
	e.mustTokens(fixture{poolID: poolID, clientID: clientID, username: "legacy", password: legacyPassword})
	if n := len(fl.invocations("migrate")); n != 0 {
		t.Errorf("migration ran %d times for a known user", n)
	}
	if msgs := e.outbox(url.Values{"username": {"legacy"}}); len(msgs) != 0 {
		t.Errorf("messageAction SUPPRESS, yet %+v", msgs)
	}

	// Forgot password: the user arrives RESET_REQUIRED, gets a code, sets
	// a password and signs in with SRP.
	fl.reset()
	if _, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("legacy2"),
		ClientMetadata: map[string]string{"via": "reset-page"}}); err != nil {
		t.Fatal(err)
	}
	ev := fl.invocations("migrate")[0].event
	if ev["triggerSource"] != "UserMigration_ForgotPassword" || !reflect.DeepEqual(request(ev), map[string]any{"clientMetadata": map[string]any{"via": "reset-page"}}) {
		t.Fatalf("forgot-password migration event %v", ev)
	}
	u, _ = e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("legacy2")})
	if u.UserStatus != types.UserStatusTypeResetRequired {
		t.Fatalf("status %s", u.UserStatus)
	}
	code := e.lastCode(poolID, "legacy2", kindForgotPassword)
	if _, err := e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("legacy2"),
		ConfirmationCode: aws.String(code), Password: aws.String("N3w-Passw0rd!")}); err != nil {
		t.Fatal(err)
	}
	e.mustTokens(fixture{poolID: poolID, clientID: clientID, username: "legacy2", password: "N3w-Passw0rd!"})
	_, err = e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("stranger")})
	wantAPIError(t, err, "UserLambdaValidationException", "UserMigration failed with error Unknown user.")

	// The legacy password is neither stored nor logged.
	walkStrings(reflect.ValueOf(e.srv.store), map[uintptr]bool{}, func(where string, b []byte) {
		if bytes.Contains(b, []byte(legacyPassword)) {
			t.Errorf("store holds the migrated password in a %s", where)
		}
	})
	logs := e.logs.String()
	for _, secret := range []string{legacyPassword, code, *out.AuthenticationResult.AccessToken} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds a secret (%.8s…)", secret)
		}
	}
	if !slices.ContainsFunc(strings.Split(logs, "\n"), func(l string) bool { return strings.Contains(l, `"trigger":"UserMigration"`) }) {
		t.Error("the log does not record the trigger")
	}
}

// TestUserMigrationEmailUsername: in a pool whose users sign in with
// their email address, a migrated user gets a UUID user name, as
// Cognito's do, and signs in by email with SRP afterwards.
func TestUserMigrationEmailUsername(t *testing.T) {
	e, fl := newTriggerEnv(t)
	fl.set("migrate", func(ev map[string]any) (any, error) {
		if ev["userName"] != "old@example.com" || request(ev)["password"] != goodPassword {
			return nil, errors.New("Bad password")
		}
		return respond(ev, map[string]any{"userAttributes": map[string]any{"email": "old@example.com", "email_verified": "true"}}), nil
	})
	poolID := e.triggerPool(map[string]string{"UserMigration": "migrate"}, func(in *cip.CreateUserPoolInput) {
		in.UsernameAttributes = []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}
	})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	if _, err := e.passwordSignIn(clientID, "", "old@example.com", goodPassword); err != nil {
		t.Fatalf("migrating sign-in: %v", err)
	}
	u, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("old@example.com")})
	if err != nil || !uuidPattern.MatchString(*u.Username) {
		t.Fatalf("AdminGetUser by email: %v %+v", err, u)
	}
	e.mustTokens(fixture{poolID: poolID, clientID: clientID, username: "old@example.com", password: goodPassword})
}

// TestDeviceSignInTriggers: a remembered device's sign-in generates
// tokens as TokenGeneration_AuthenticateDevice, and post authentication
// says whether the device was new.
func TestDeviceSignInTriggers(t *testing.T) {
	e, fl := newTriggerEnv(t)
	fl.set("pretoken", echo)
	fl.set("post", echo)
	f := e.fixture()
	d := e.devicePool(f, false)
	_, err := e.admin.UpdateUserPool(ctx(), &cip.UpdateUserPoolInput{UserPoolId: aws.String(f.poolID),
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true},
		LambdaConfig:        &types.LambdaConfigType{PreTokenGeneration: aws.String(arn("pretoken")), PostAuthentication: aws.String(arn("post"))}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.deviceSignIn(f, d, d.secret.Password)
	wantTokens(t, "device sign-in", out, err)
	if ev := fl.invocations("pretoken")[0].event; ev["triggerSource"] != "TokenGeneration_AuthenticateDevice" {
		t.Errorf("triggerSource = %v", ev["triggerSource"])
	}
	if got := request(fl.invocations("post")[0].event)["newDeviceUsed"]; got != false {
		t.Errorf("newDeviceUsed = %v for a remembered device", got)
	}
	e.mustTokens(f) // no DEVICE_KEY: a new device
	if got := request(fl.invocations("post")[1].event)["newDeviceUsed"]; got != true {
		t.Errorf("newDeviceUsed = %v for a new device", got)
	}
}
