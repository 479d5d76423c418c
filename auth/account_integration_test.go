//go:build !js

package auth_test

import (
	"context"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// The life of an account against localcognito, over both native
// transports, with a client secret so SECRET_HASH is checked at each step.

func TestSignUpAndConfirm(t *testing.T) {
	forEachTransport(t, func(t *testing.T, endpoint string, c *auth.Client) {
		ctx := context.Background()
		res, err := c.SignUp(ctx, auth.SignUpInput{Username: "carol", Password: "Sign-Up-Passw0rd!", Attributes: map[string]string{"email": "carol@example.com"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.UserConfirmed || res.UserSub == "" || res.CodeDelivery == nil || res.CodeDelivery.DeliveryMedium != "EMAIL" {
			t.Fatalf("sign-up result %+v", res)
		}
		_, err = c.SignIn(ctx, auth.SignInInput{Username: "carol", Password: "Sign-Up-Passw0rd!"})
		wantError(t, err, "UserNotConfirmedException")
		wantError(t, c.ConfirmSignUp(ctx, "carol", "000000", nil), "CodeMismatchException")
		if _, err := c.ResendConfirmationCode(ctx, "carol"); err != nil {
			t.Fatal(err)
		}
		if err := c.ConfirmSignUp(ctx, "carol", lct.Code(t, endpoint, "carol", "ResendCode"), nil); err != nil {
			t.Fatal(err)
		}
		signIn(t, c, "carol", "Sign-Up-Passw0rd!")
	})
}

func TestForgotPassword(t *testing.T) {
	forEachTransport(t, func(t *testing.T, endpoint string, c *auth.Client) {
		ctx := context.Background()
		d, err := c.ForgotPassword(ctx, lct.Alice)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil || d.DeliveryMedium != "EMAIL" {
			t.Fatalf("delivery %+v", d)
		}
		code := lct.Code(t, endpoint, lct.Alice, "ForgotPassword")
		wantError(t, c.ConfirmForgotPassword(ctx, lct.Alice, code, "shortpw"), "InvalidPasswordException")
		if err := c.ConfirmForgotPassword(ctx, lct.Alice, code, "Forgot-Passw0rd!"); err != nil {
			t.Fatal(err)
		}
		_, err = c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password})
		wantError(t, err, "NotAuthorizedException")
		signIn(t, c, lct.Alice, "Forgot-Passw0rd!")
	})
}

func TestSessionCalls(t *testing.T) {
	forEachTransport(t, func(t *testing.T, endpoint string, c *auth.Client) {
		ctx := context.Background()
		tokens := signIn(t, c, lct.Alice, lct.Password)

		user, err := c.GetUser(ctx, tokens.AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		if user.Username != lct.Alice || user.Attributes["email"] != "alice@example.com" || user.Attributes["sub"] == "" {
			t.Fatalf("user %+v", user)
		}

		refreshed, err := c.Refresh(ctx, auth.RefreshInput{RefreshToken: tokens.RefreshToken, AccessToken: tokens.AccessToken})
		if err != nil {
			t.Fatal(err)
		}
		if refreshed.AccessToken == "" || refreshed.AccessToken == tokens.AccessToken || refreshed.RefreshToken != tokens.RefreshToken {
			t.Fatalf("refreshed %+v", refreshed)
		}

		deliveries, err := c.UpdateAttributes(ctx, refreshed.AccessToken, map[string]string{"email": "alice2@example.com", "name": "Alice"})
		if err != nil {
			t.Fatal(err)
		}
		if len(deliveries) != 1 || deliveries[0].AttributeName != "email" {
			t.Fatalf("deliveries %+v", deliveries)
		}
		wantError(t, c.VerifyAttribute(ctx, refreshed.AccessToken, "email", "000000"), "CodeMismatchException")
		if err := c.VerifyAttribute(ctx, refreshed.AccessToken, "email", lct.Code(t, endpoint, lct.Alice, "UpdateUserAttribute")); err != nil {
			t.Fatal(err)
		}
		if u, _ := c.GetUser(ctx, refreshed.AccessToken); u.Attributes["email"] != "alice2@example.com" || u.Attributes["email_verified"] != "true" {
			t.Fatalf("after verify: %+v", u)
		}

		wantError(t, c.ChangePassword(ctx, refreshed.AccessToken, "wrong", "Changed-Passw0rd!"), "NotAuthorizedException")
		if err := c.ChangePassword(ctx, refreshed.AccessToken, lct.Password, "Changed-Passw0rd!"); err != nil {
			t.Fatal(err)
		}

		// Revoking the refresh token ends the tokens issued with it.
		if err := c.SignOut(ctx, auth.SignOutInput{AccessToken: refreshed.AccessToken, RefreshToken: tokens.RefreshToken}); err != nil {
			t.Fatal(err)
		}
		_, err = c.Refresh(ctx, auth.RefreshInput{RefreshToken: tokens.RefreshToken, AccessToken: tokens.AccessToken})
		wantError(t, err, "NotAuthorizedException")
		_, err = c.GetUser(ctx, refreshed.AccessToken)
		wantError(t, err, "NotAuthorizedException")

		// Global sign-out ends every session of the user.
		a := signIn(t, c, lct.Alice, "Changed-Passw0rd!")
		b := signIn(t, c, lct.Alice, "Changed-Passw0rd!")
		if err := c.SignOut(ctx, auth.SignOutInput{AccessToken: a.AccessToken, Global: true}); err != nil {
			t.Fatal(err)
		}
		_, err = c.GetUser(ctx, b.AccessToken)
		wantError(t, err, "NotAuthorizedException")
	})
}

func TestUserPasswordAuthAgainstLocalCognito(t *testing.T) {
	endpoint := lct.Start(t, "")
	c := newClient(t, endpoint, nil, lct.ClientID, "")
	step, err := c.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: lct.Password, AuthFlow: auth.FlowUserPassword})
	if err != nil || !step.Done {
		t.Fatalf("%+v, %v", step, err)
	}
	_, err = c.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: "wrong", AuthFlow: auth.FlowUserPassword})
	wantError(t, err, "NotAuthorizedException")
	// The confidential client does not allow USER_PASSWORD_AUTH.
	c2 := newClient(t, endpoint, nil, lct.SecretClientID, lct.ClientSecret)
	_, err = c2.SignIn(context.Background(), auth.SignInInput{Username: lct.Alice, Password: lct.Password, AuthFlow: auth.FlowUserPassword})
	wantError(t, err, "InvalidParameterException")
}
