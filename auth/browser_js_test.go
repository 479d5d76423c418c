//go:build js

package auth_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/pquerna/otp/totp"
)

// These run inside headless Chromium, started by scripts/browsertest with
// the address of a seeded localcognito in the environment. Requests go
// through the browser's fetch, cross-origin, so CORS is exercised too.

func browserEnv(t *testing.T) (endpoint, poolID string) {
	endpoint, poolID = os.Getenv("LOCALCOGNITO_ENDPOINT"), os.Getenv("LOCALCOGNITO_POOL_ID")
	if endpoint == "" || poolID == "" {
		t.Skip("run through scripts/browsertest, which starts localcognito")
	}
	return endpoint, poolID
}

func browserClient(t *testing.T, endpoint, poolID, clientIDVar, secret string) *auth.Client {
	c, err := auth.New(auth.Config{UserPoolID: poolID, ClientID: os.Getenv(clientIDVar), ClientSecret: secret, Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBrowserSignIn(t *testing.T) {
	endpoint, poolID := browserEnv(t)
	ctx := context.Background()
	c := browserClient(t, endpoint, poolID, "LOCALCOGNITO_CLIENT_ID", "")
	step, err := c.SignIn(ctx, auth.SignInInput{Username: os.Getenv("LOCALCOGNITO_USER"), Password: os.Getenv("LOCALCOGNITO_PASSWORD")})
	if err != nil {
		t.Fatal(err)
	}
	if !step.Done || step.Tokens.IDToken == "" || step.Tokens.AccessToken == "" {
		t.Fatalf("step = %+v", step)
	}

	secret := browserClient(t, endpoint, poolID, "LOCALCOGNITO_SECRET_CLIENT_ID", os.Getenv("LOCALCOGNITO_CLIENT_SECRET"))
	if step, err := secret.SignIn(ctx, auth.SignInInput{Username: os.Getenv("LOCALCOGNITO_USER"), Password: os.Getenv("LOCALCOGNITO_PASSWORD")}); err != nil || !step.Done {
		t.Fatalf("client with secret: %+v, %v", step, err)
	}

	_, err = c.SignIn(ctx, auth.SignInInput{Username: os.Getenv("LOCALCOGNITO_USER"), Password: "wrong"})
	var e *auth.Error
	if !errors.As(err, &e) || e.Name != "NotAuthorizedException" || e.Message != "Incorrect username or password." {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestBrowserNewPasswordRequired(t *testing.T) {
	endpoint, poolID := browserEnv(t)
	ctx := context.Background()
	c := browserClient(t, endpoint, poolID, "LOCALCOGNITO_CLIENT_ID", "")
	step, err := c.SignIn(ctx, auth.SignInInput{Username: os.Getenv("LOCALCOGNITO_NEW_USER"), Password: os.Getenv("LOCALCOGNITO_PASSWORD")})
	if err != nil {
		t.Fatal(err)
	}
	if step.ChallengeName != "NEW_PASSWORD_REQUIRED" {
		t.Fatalf("step = %+v", step)
	}
	done, err := c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"NEW_PASSWORD": "Browser-New-Password-1"}})
	if err != nil || !done.Done {
		t.Fatalf("respond: %+v, %v", done, err)
	}
}

func TestBrowserNetworkError(t *testing.T) {
	_, poolID := browserEnv(t)
	c, _ := auth.New(auth.Config{UserPoolID: poolID, ClientID: "c", Endpoint: "http://127.0.0.1:1/"})
	_, err := c.SignIn(context.Background(), auth.SignInInput{Username: "u", Password: "p"})
	var e *auth.Error
	if !errors.As(err, &e) || e.Name != auth.ErrNetwork {
		t.Fatalf("err = %v, want NetworkError", err)
	}
}

func TestBrowserSessionCalls(t *testing.T) {
	endpoint, poolID := browserEnv(t)
	ctx := context.Background()
	c := browserClient(t, endpoint, poolID, "LOCALCOGNITO_CLIENT_ID", "")
	step, err := c.SignIn(ctx, auth.SignInInput{Username: os.Getenv("LOCALCOGNITO_USER"), Password: os.Getenv("LOCALCOGNITO_PASSWORD"), AuthFlow: auth.FlowUserPassword})
	if err != nil || !step.Done {
		t.Fatalf("USER_PASSWORD_AUTH: %+v, %v", step, err)
	}
	tokens, err := c.Refresh(ctx, auth.RefreshInput{RefreshToken: step.Tokens.RefreshToken, AccessToken: step.Tokens.AccessToken})
	if err != nil || tokens.AccessToken == step.Tokens.AccessToken {
		t.Fatalf("refresh: %+v, %v", tokens, err)
	}
	user, err := c.GetUser(ctx, tokens.AccessToken)
	if err != nil || user.Username != os.Getenv("LOCALCOGNITO_USER") {
		t.Fatalf("GetUser: %+v, %v", user, err)
	}
	if err := c.SignOut(ctx, auth.SignOutInput{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetUser(ctx, tokens.AccessToken)
	var e *auth.Error
	if !errors.As(err, &e) || e.Name != "NotAuthorizedException" {
		t.Fatalf("GetUser after sign-out: %v", err)
	}
}

func TestBrowserRefusesAdmin(t *testing.T) {
	_, poolID := browserEnv(t)
	_, err := auth.New(auth.Config{UserPoolID: poolID, ClientID: "c", Admin: true, Credentials: &auth.Credentials{AccessKeyID: "a", SecretAccessKey: "s"}})
	var e *auth.Error
	if !errors.As(err, &e) || e.Name != auth.ErrInvalidParameter || !strings.Contains(e.Message, "browser") {
		t.Fatalf("admin in a browser: %v", err)
	}
}

func TestBrowserTOTPAndRememberedDevice(t *testing.T) {
	endpoint, _ := browserEnv(t)
	ctx := context.Background()
	c, err := auth.New(auth.Config{UserPoolID: os.Getenv("LOCALCOGNITO_MFA_POOL_ID"), ClientID: os.Getenv("LOCALCOGNITO_MFA_CLIENT_ID"), Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	in := auth.SignInInput{Username: "totpuser", Password: os.Getenv("LOCALCOGNITO_PASSWORD")}
	step, err := c.SignIn(ctx, in)
	if err != nil || step.ChallengeName != auth.ChallengeSoftwareTokenMFA {
		t.Fatalf("want SOFTWARE_TOKEN_MFA: %+v, %v", step, err)
	}
	code, err := totp.GenerateCode(os.Getenv("LOCALCOGNITO_TOTP_SECRET"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": code}})
	if err != nil || !done.Done || done.Tokens.NewDevice == nil {
		t.Fatalf("after TOTP: %+v, %v", done, err)
	}
	res, err := c.ConfirmDevice(ctx, done.Tokens.AccessToken, *done.Tokens.NewDevice, "chromium")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RememberDevice(ctx, done.Tokens.AccessToken, res.Device.Key, true); err != nil {
		t.Fatal(err)
	}
	// The remembered device proves itself with SRP in the browser; no MFA.
	in.Device = res.Device
	again, err := c.SignIn(ctx, in)
	if err != nil || !again.Done {
		t.Fatalf("sign-in on the remembered device: %+v, %v", again, err)
	}
}
