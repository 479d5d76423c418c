//go:build !js

package auth_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// Alice has nothing left to answer: SRP alone signs her in. (The examples
// sign in to a local Cognito, loaded with localcognitotest.Seed's pools and
// users; against AWS, leave Config.Endpoint empty.)
func ExampleClient_SignIn() {
	cognito := lct.NewServer("")
	defer cognito.Close()
	ctx := context.Background()

	c, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: cognito.URL + "/"})
	if err != nil {
		log.Fatal(err)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "alice", Password: lct.Password})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("done:", step.Done)

	user, err := c.GetUser(ctx, step.Tokens.AccessToken)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", user.Username, user.Attributes["email"])
	// Output:
	// done: true
	// signed in as alice alice@example.com
}

// Bob was created by an administrator: after the SRP exchange, Cognito
// wants him to choose a password of his own.
func ExampleClient_Respond() {
	cognito := lct.NewServer("")
	defer cognito.Close()
	ctx := context.Background()

	c, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: cognito.URL + "/"})
	if err != nil {
		log.Fatal(err)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "bob", Password: lct.Password})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(step.ChallengeName, step.Answers)

	step, err = c.Respond(ctx, auth.RespondInput{
		Step:    step,
		Answers: map[string]string{"NEW_PASSWORD": "Bobs-Own-Passw0rd"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("done:", step.Done)
	// Output:
	// NEW_PASSWORD_REQUIRED [NEW_PASSWORD]
	// done: true
}

// In a pool that requires MFA, totpuser answers with the code of an
// authenticator app, computed here with github.com/pquerna/otp.
func ExampleClient_Respond_softwareTokenMFA() {
	cognito := lct.NewServer("")
	defer cognito.Close()
	ctx := context.Background()

	c, err := auth.New(auth.Config{UserPoolID: lct.MFAPoolID, ClientID: lct.MFAClientID, Endpoint: cognito.URL + "/"})
	if err != nil {
		log.Fatal(err)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "totpuser", Password: lct.Password})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(step.ChallengeName, step.Answers)

	code, err := totp.GenerateCode(lct.TOTPSecret, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	step, err = c.Respond(ctx, auth.RespondInput{
		Step:    step,
		Answers: map[string]string{"SOFTWARE_TOKEN_MFA_CODE": code},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("done:", step.Done)
	// Output:
	// SOFTWARE_TOKEN_MFA [SOFTWARE_TOKEN_MFA_CODE]
	// done: true
}

// When the access token expires (after an hour), the refresh token buys
// new ID and access tokens without the password.
func ExampleClient_Refresh() {
	cognito := lct.NewServer("")
	defer cognito.Close()
	ctx := context.Background()

	c, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: cognito.URL + "/"})
	if err != nil {
		log.Fatal(err)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "alice", Password: lct.Password})
	if err != nil {
		log.Fatal(err)
	}
	tokens := step.Tokens
	fmt.Println("expires in", tokens.ExpiresIn, "seconds")

	tokens, err = c.Refresh(ctx, auth.RefreshInput{RefreshToken: tokens.RefreshToken, AccessToken: tokens.AccessToken})
	if err != nil {
		log.Fatal(err)
	}
	user, err := c.GetUser(ctx, tokens.AccessToken)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("still signed in as", user.Username)
	// Unless the pool rotates refresh tokens, the old one is kept.
	fmt.Println("same refresh token:", tokens.RefreshToken == step.Tokens.RefreshToken)
	// Output:
	// expires in 3600 seconds
	// still signed in as alice
	// same refresh token: true
}
