//go:build !js

package jwtverify_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth/jwtverify"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// A server checks the access token that the browser module obtained. Here
// the pool is a local Cognito; against AWS, leave Issuer empty.
func Example() {
	ctx := context.Background()
	cognito := lct.NewServer("")
	defer cognito.Close()

	// What the browser does: sign in and send the access token along.
	c, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: lct.ClientID, Endpoint: cognito.URL + "/"})
	if err != nil {
		log.Fatal(err)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password})
	if err != nil {
		log.Fatal(err)
	}
	token := step.Tokens.AccessToken

	// What the server does, once at start-up…
	verifier, err := jwtverify.New(jwtverify.Config{
		UserPoolID: lct.PoolID,
		ClientIDs:  []string{lct.ClientID},
		TokenUse:   "access",
		Issuer:     cognito.URL + "/" + lct.PoolID,
	})
	if err != nil {
		log.Fatal(err)
	}
	// …and for each request.
	claims, err := verifier.Verify(ctx, token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims.Username, claims.TokenUse, claims.Scope)

	_, err = verifier.Verify(ctx, step.Tokens.IDToken)
	fmt.Println(errors.Is(err, jwtverify.ErrTokenUse))
	// Output:
	// alice access aws.cognito.signin.user.admin
	// true
}
