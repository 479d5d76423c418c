//go:build !js

package auth_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

func TestExpiredSession(t *testing.T) {
	var skew atomic.Int64 // how far the server's clock is moved ahead
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	endpoint := lct.StartWith(t, "", localcognito.Options{Now: now})
	c := newClient(t, endpoint, nil, lct.ClientID, "")
	ctx := context.Background()
	step, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Bob, Password: lct.Password})
	step = expectChallenge(t, step, err, auth.ChallengeNewPasswordRequired)
	skew.Store(int64(4 * time.Minute)) // past Cognito's 3-minute session
	_, err = c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"NEW_PASSWORD": "Too-Late-Passw0rd!"}})
	if e := asError(t, err); e.Name != "NotAuthorizedException" || e.Message != "Invalid session for the user, session is expired." {
		t.Errorf("expired session: %s: %s", e.Name, e.Message)
	}
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	endpoint := lct.Start(t, "")
	c := newClient(t, endpoint, nil, lct.ClientID, "")
	ctx := context.Background()
	var last *auth.Error
	for i := 0; i < 6; i++ {
		_, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: "wrong"})
		last = asError(t, err)
	}
	if last.Name != "NotAuthorizedException" || last.Message != "Password attempts exceeded" {
		t.Fatalf("after 6 failures: %s: %s", last.Name, last.Message)
	}
	// Locked out: even the right password is refused for now.
	_, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password})
	if e := asError(t, err); e.Message != "Password attempts exceeded" {
		t.Errorf("right password while locked: %s: %s", e.Name, e.Message)
	}
}
