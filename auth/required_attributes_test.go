//go:build !js

package auth_test

import (
	"context"
	"slices"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// requiredSeed is a pool whose schema requires name, and a user created
// without one who must choose a password at first sign-in.
const requiredSeed = `
pools:
  - id: ` + lct.PoolID + `
    name: required
    requiredAttributes: [name]
    clients:
      - id: ` + lct.ClientID + `
        name: public
        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: ` + lct.Bob + `
        password: ` + lct.Password + `
        permanent: false
        attributes: {email: bob@example.com}
`

func TestNewPasswordRequiredAttributes(t *testing.T) {
	for name := range transports("") {
		t.Run(name, func(t *testing.T) {
			endpoint := lct.Start(t, requiredSeed)
			c := newClient(t, endpoint, transports(endpoint)[name], lct.ClientID, "")
			ctx := context.Background()
			step, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Bob, Password: lct.Password})
			if err != nil {
				t.Fatal(err)
			}
			if step.Done || step.ChallengeName != auth.ChallengeNewPasswordRequired {
				t.Fatalf("step = %+v, want NEW_PASSWORD_REQUIRED", step)
			}
			if want := []string{"NEW_PASSWORD", "userAttributes.name"}; !slices.Equal(step.Answers, want) {
				t.Fatalf("Answers = %q, want %q", step.Answers, want)
			}
			newPassword := "New-Password-" + name + "-1"

			// Without the required attribute: refused, and the session
			// still answers.
			_, err = c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"NEW_PASSWORD": newPassword}})
			if e := asError(t, err); e.Name != "InvalidParameterException" || e.Message != "Invalid attributes given, name is missing" {
				t.Fatalf("answer without name: %s: %s", e.Name, e.Message)
			}

			done, err := c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{
				"NEW_PASSWORD": newPassword, "userAttributes.name": "Bob",
			}})
			if err != nil {
				t.Fatal(err)
			}
			if !done.Done || done.Tokens == nil || done.Tokens.IDToken == "" {
				t.Fatalf("after answering: %+v", done)
			}
			if claims := jwtClaims(t, done.Tokens.IDToken); claims["name"] != "Bob" {
				t.Errorf("ID token name = %v", claims["name"])
			}
			if again, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Bob, Password: newPassword}); err != nil || !again.Done {
				t.Errorf("sign-in with the new password: %v %+v", err, again)
			}
		})
	}
}
