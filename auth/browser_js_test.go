//go:build js

package auth_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
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
