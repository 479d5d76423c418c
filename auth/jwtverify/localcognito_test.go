//go:build !js

package jwtverify_test

import (
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth/jwtverify"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// TestLocalCognitoTokens signs alice in to the project's local Cognito with
// SRP, as the browser module does, and verifies the tokens it issued
// against the JWKS it serves.
func TestLocalCognitoTokens(t *testing.T) {
	url := lct.Start(t, "")
	c, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: url + "/"})
	if err != nil {
		t.Fatal(err)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password})
	if err != nil {
		t.Fatal(err)
	}
	if step.Tokens == nil {
		t.Fatalf("sign-in stopped at %+v", step)
	}
	id, access := step.Tokens.IDToken, step.Tokens.AccessToken

	verifier := func(tokenUse string, clients ...string) *jwtverify.Verifier {
		v, err := jwtverify.New(jwtverify.Config{
			UserPoolID: lct.PoolID, ClientIDs: clients, TokenUse: tokenUse,
			Issuer: url + "/" + lct.PoolID, // JWKS from GET /<poolId>/.well-known/jwks.json
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	idc, err := verifier("id", lct.ClientID).Verify(ctx, id)
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	if idc.Username != lct.Alice || idc.TokenUse != "id" || idc.ClientID != lct.ClientID ||
		idc.Subject == "" || idc.All["email"] != "alice@example.com" || idc.All["email_verified"] != true {
		t.Errorf("ID claims = %+v", idc)
	}
	ac, err := verifier("access", lct.ClientID).Verify(ctx, access)
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	if ac.Username != lct.Alice || ac.TokenUse != "access" || ac.ClientID != lct.ClientID ||
		ac.Subject != idc.Subject || ac.OriginJTI != idc.OriginJTI || ac.Scope == "" {
		t.Errorf("access claims = %+v", ac)
	}

	either := verifier("", lct.ClientID)
	for _, tok := range []string{id, access} {
		if _, err := either.Verify(ctx, tok); err != nil {
			t.Errorf("either verifier: %v", err)
		}
	}
	_, err = verifier("access", lct.ClientID).Verify(ctx, id)
	wantErr(t, err, jwtverify.ErrTokenUse, id)
	_, err = verifier("", lct.SecretClientID).Verify(ctx, access)
	wantErr(t, err, jwtverify.ErrClient, access)

	// The default issuer, real Cognito's, is not localcognito's.
	real, err := jwtverify.New(jwtverify.Config{UserPoolID: lct.PoolID, ClientIDs: []string{lct.ClientID}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = real.Verify(ctx, id)
	wantErr(t, err, jwtverify.ErrIssuer, id)
}
