package localcognito

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

var maskedEmail = regexp.MustCompile(`^[a-z]\*\*\*@[a-z]\*\*\*$`)

// preventingClient adds a client with PreventUserExistenceErrors ENABLED.
func (e *env) preventingClient(poolID string) string {
	e.t.Helper()
	out, err := e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String("strict"),
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	if err != nil {
		e.t.Fatal(err)
	}
	if out.UserPoolClient.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesEnabled {
		e.t.Fatalf("PreventUserExistenceErrors = %q", out.UserPoolClient.PreventUserExistenceErrors)
	}
	return *out.UserPoolClient.ClientId
}

func TestPreventUserExistenceErrorsSignIn(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	legacy, err := e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID)})
	if err != nil || legacy.UserPoolClient.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesLegacy {
		t.Fatalf("a new client's default: %v", err)
	}
	strict := e.preventingClient(f.poolID)

	// SRP: an unknown user gets a challenge, then the wrong-password error.
	nobody := e.signIn(f.poolID, strict, "", "nobody", "Any-passw0rd!")
	if err := nobody.initiate(); err != nil {
		t.Fatalf("InitiateAuth for an unknown user: %v", err)
	}
	p := nobody.challenge.ChallengeParameters
	if nobody.challenge.ChallengeName != types.ChallengeNameTypePasswordVerifier || p["USER_ID_FOR_SRP"] != "nobody" ||
		p["SALT"] == "" || len(p["SRP_B"]) < 700 || p["SECRET_BLOCK"] == "" {
		t.Fatalf("simulated challenge %+v", p)
	}
	_, err = nobody.respond(nobody.responses())
	wantAPIError(t, err, "NotAuthorizedException", msgIncorrectPassword)
	wrong := e.signIn(f.poolID, strict, "", f.username, "Wr0ng-password!")
	_, err = wrong.run()
	wantAPIError(t, err, "NotAuthorizedException", msgIncorrectPassword)
	real := e.signIn(f.poolID, strict, "", f.username, f.password)
	if _, err := real.run(); err != nil {
		t.Fatalf("a real user through the strict client: %v", err)
	}
	if len(real.challenge.ChallengeParameters) != len(p) {
		t.Fatalf("real and simulated challenges differ in shape: %v vs %v", real.challenge.ChallengeParameters, p)
	}
	// The same salt for the same name, a fresh SRP_B every time.
	again := e.signIn(f.poolID, strict, "", "nobody", "x")
	if err := again.initiate(); err != nil {
		t.Fatal(err)
	}
	q := again.challenge.ChallengeParameters
	if q["SALT"] != p["SALT"] || q["SRP_B"] == p["SRP_B"] {
		t.Fatalf("salt %s / %s, SRP_B equal: %v", q["SALT"], p["SALT"], q["SRP_B"] == p["SRP_B"])
	}
	other := e.signIn(f.poolID, strict, "", "somebody-else", "x")
	if err := other.initiate(); err != nil || other.challenge.ChallengeParameters["SALT"] == p["SALT"] {
		t.Fatalf("another name's salt: %v", err)
	}

	// USER_PASSWORD_AUTH.
	_, err = e.passwordSignIn(strict, "", "nobody", "Any-passw0rd!")
	wantAPIError(t, err, "NotAuthorizedException", msgIncorrectPassword)
	// The LEGACY client still says so.
	_, err = e.signIn(f.poolID, f.clientID, "", "nobody", "x").run()
	wantAPIError(t, err, "UserNotFoundException", msgUserNotFound)

	// A RESET_REQUIRED user looks like a wrong password, not a reset.
	if _, err := e.admin.AdminResetUserPassword(ctx(), &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.signIn(f.poolID, strict, "", f.username, f.password).run()
	wantAPIError(t, err, "NotAuthorizedException", msgIncorrectPassword)
	_, err = e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	wantAPIError(t, err, "PasswordResetRequiredException", "")
}

func TestPreventUserExistenceErrorsInUUIDPools(t *testing.T) {
	dir := t.TempDir()
	e := newDurableEnv(t, dir)
	poolID, _, _ := e.namePool(&cip.CreateUserPoolInput{UsernameAttributes: []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}}, false)
	strict := e.preventingClient(poolID)
	first := e.signIn(poolID, strict, "", "ghost@example.com", "x")
	if err := first.initiate(); err != nil {
		t.Fatal(err)
	}
	p := first.challenge.ChallengeParameters
	if !uuidPattern.MatchString(p["USER_ID_FOR_SRP"]) {
		t.Fatalf("USER_ID_FOR_SRP %q is not a UUID", p["USER_ID_FOR_SRP"])
	}
	e.restart() // the simulated answers survive a restart with -data
	again := e.signIn(poolID, strict, "", "Ghost@example.com", "x")
	if err := again.initiate(); err != nil {
		t.Fatal(err)
	}
	if q := again.challenge.ChallengeParameters; q["USER_ID_FOR_SRP"] == p["USER_ID_FOR_SRP"] {
		t.Fatal("a case-sensitive pool gave two spellings the same simulated user")
	}
	third := e.signIn(poolID, strict, "", "ghost@example.com", "x")
	if err := third.initiate(); err != nil {
		t.Fatal(err)
	}
	if q := third.challenge.ChallengeParameters; q["USER_ID_FOR_SRP"] != p["USER_ID_FOR_SRP"] || q["SALT"] != p["SALT"] {
		t.Fatalf("after a restart: %v, before: %v", q, p)
	}
	_, err := third.respond(third.responses())
	wantAPIError(t, err, "NotAuthorizedException", msgIncorrectPassword)
}

func TestPreventUserExistenceErrorsRecovery(t *testing.T) {
	e := newEnv(t)
	poolID, legacy, _ := e.signUpPool() // verifies email; the client has a secret
	if _, err := e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(legacy),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}}); err != nil {
		t.Fatal(err)
	}
	strict := e.preventingClient(poolID)
	id := aws.String(strict)

	forgot, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("nobody")})
	if err != nil || forgot.CodeDeliveryDetails == nil || forgot.CodeDeliveryDetails.DeliveryMedium != types.DeliveryMediumTypeEmail ||
		!maskedEmail.MatchString(*forgot.CodeDeliveryDetails.Destination) {
		t.Fatalf("ForgotPassword for an unknown user: %v %+v", err, forgot)
	}
	forgot2, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("nobody")})
	if err != nil || *forgot2.CodeDeliveryDetails.Destination != *forgot.CodeDeliveryDetails.Destination {
		t.Fatalf("a second ForgotPassword answered differently: %v", err)
	}
	byEmail, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("nobody@example.com")})
	if err != nil || *byEmail.CodeDeliveryDetails.Destination != "n***@e***" {
		t.Fatalf("ForgotPassword for an unknown email: %v %+v", err, byEmail)
	}
	resend, err := e.anon.ResendConfirmationCode(ctx(), &cip.ResendConfirmationCodeInput{ClientId: id, Username: aws.String("nobody")})
	if err != nil || resend.CodeDeliveryDetails == nil || resend.CodeDeliveryDetails.AttributeName == nil {
		t.Fatalf("ResendConfirmationCode for an unknown user: %v %+v", err, resend)
	}
	_, err = e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: id, Username: aws.String("nobody"),
		ConfirmationCode: aws.String("123456"), Password: aws.String(goodPassword)})
	wantAPIError(t, err, "CodeMismatchException", msgCodeMismatch)
	_, err = e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: id, Username: aws.String("nobody"), ConfirmationCode: aws.String("123456")})
	wantAPIError(t, err, "CodeMismatchException", msgCodeMismatch)

	// A user without a verified address, and a disabled one.
	e.createUser(poolID, "plain", goodPassword)
	if d, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("plain")}); err != nil || d.CodeDeliveryDetails == nil {
		t.Fatalf("ForgotPassword without a verified address: %v", err)
	}
	e.createUser(poolID, "off", goodPassword, attrs("email", "off@example.com", "email_verified", "true")...)
	if _, err := e.admin.AdminDisableUser(ctx(), &cip.AdminDisableUserInput{UserPoolId: aws.String(poolID), Username: aws.String("off")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("off")}); err != nil {
		t.Fatalf("ForgotPassword for a disabled user: %v", err)
	}
	if len(e.outbox(nil)) != 0 {
		t.Fatalf("simulated deliveries sent messages: %+v", e.outbox(nil))
	}
	_, err = e.anon.ConfirmForgotPassword(ctx(), &cip.ConfirmForgotPasswordInput{ClientId: id, Username: aws.String("off"),
		ConfirmationCode: aws.String("123456"), Password: aws.String(goodPassword)})
	wantAPIError(t, err, "CodeMismatchException", msgCodeMismatch)
	// A real, enabled user still gets a real code.
	e.createUser(poolID, "kim", goodPassword, attrs("email", "kim@example.com", "email_verified", "true")...)
	if _, err := e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("kim")}); err != nil {
		t.Fatal(err)
	}
	if code := e.lastCode(poolID, "kim", kindForgotPassword); !sixDigits.MatchString(code) {
		t.Fatalf("code %q", code)
	}

	// The LEGACY client reveals all of it.
	_, err = e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: aws.String(legacy), Username: aws.String("nobody")})
	wantAPIError(t, err, "NotAuthorizedException", "") // the secret hash is checked first
	if _, err := e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: id,
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesLegacy}); err != nil {
		t.Fatal(err)
	}
	_, err = e.anon.ForgotPassword(ctx(), &cip.ForgotPasswordInput{ClientId: id, Username: aws.String("nobody")})
	wantAPIError(t, err, "UserNotFoundException", msgUserClientNotFound)
	_, err = e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: id,
		PreventUserExistenceErrors: "SOMETIMES"})
	wantAPIError(t, err, "InvalidParameterException", "")
}

// lockoutAnswers makes seven failed attempts and returns each answer's
// message: five wrong passwords, then "Password attempts exceeded".
func lockoutAnswers(t *testing.T, attempt func() error) []string {
	t.Helper()
	var got []string
	for range 7 {
		var ae smithy.APIError
		if err := attempt(); !errors.As(err, &ae) || ae.ErrorCode() != "NotAuthorizedException" {
			t.Fatalf("attempt %d: %v", len(got)+1, err)
		} else {
			got = append(got, ae.ErrorMessage())
		}
	}
	return got
}

func TestPreventUserExistenceErrorsLockout(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	strict := e.preventingClient(f.poolID)
	srpAttempt := func(name string) func() error {
		return func() error { _, err := e.signIn(f.poolID, strict, "", name, "Wr0ng-password!").run(); return err }
	}
	passwordAttempt := func(name string) func() error {
		return func() error { _, err := e.passwordSignIn(strict, "", name, "Wr0ng-password!"); return err }
	}
	want := lockoutAnswers(t, srpAttempt(f.username))
	if want[4] != msgIncorrectPassword || want[6] != msgLockedOut {
		t.Fatalf("a real user's answers: %q", want)
	}
	for name, attempt := range map[string]func() error{
		"SRP, unknown user":                srpAttempt("nobody"),
		"USER_PASSWORD_AUTH, unknown user": passwordAttempt("nobody-else"),
	} {
		if got := lockoutAnswers(t, attempt); !slices.Equal(got, want) {
			t.Errorf("%s: %q, a real user got %q", name, got, want)
		}
	}
	// Another name is not locked by them.
	_, err := e.signIn(f.poolID, strict, "", "somebody", "Wr0ng-password!").run()
	wantAPIError(t, err, "NotAuthorizedException", msgIncorrectPassword)
}

func TestPhantomLockoutsAreBounded(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	rc := &reqCtx{now: time.Now()}
	s.store.mu.Lock()
	for i := range maxPhantoms + 100 {
		s.lockoutLocked(rc, "us-east-1_NoPool", "name"+strconv.Itoa(i)).fail(rc.now)
	}
	n := len(s.store.phantoms)
	s.store.mu.Unlock()
	if n > maxPhantoms {
		t.Fatalf("%d phantom lockouts kept; at most %d", n, maxPhantoms)
	}
}
