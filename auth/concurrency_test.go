//go:build !js

package auth_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// TestConcurrentSignInsNeverCrossUsers runs 150 sign-ins and refreshes at
// once, by 30 users through one client, and checks that each gets its own
// tokens: no state a sign-in keeps (SRP secrets, sessions, handles) may
// leak into another's.
func TestConcurrentSignInsNeverCrossUsers(t *testing.T) {
	const users, perUser = 30, 5
	var seed strings.Builder
	seed.WriteString("pools:\n  - id: " + lct.PoolID + "\n    name: crowd\n    clients:\n      - id: " + lct.ClientID +
		"\n        name: web\n        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]\n    users:\n")
	for i := range users {
		seed.WriteString("      - {username: user" + strconv.Itoa(i) + ", password: Pw-" + strconv.Itoa(i) + "-Correct9, permanent: true}\n")
	}
	endpoint := lct.Start(t, seed.String())
	c := newClient(t, endpoint, &auth.HTTPTransport{Endpoint: endpoint}, lct.ClientID, "")
	ctx := context.Background()
	var wg sync.WaitGroup
	for n := range users * perUser {
		i := strconv.Itoa(n % users)
		wg.Go(func() {
			step, err := c.SignIn(ctx, auth.SignInInput{Username: "user" + i, Password: "Pw-" + i + "-Correct9"})
			if err != nil || !step.Done {
				t.Errorf("user%s: %+v, %v", i, step, err)
				return
			}
			if got := jwtClaims(t, step.Tokens.IDToken)["cognito:username"]; got != "user"+i {
				t.Errorf("user%s signed in as %v", i, got)
			}
			fresh, err := c.Refresh(ctx, auth.RefreshInput{RefreshToken: step.Tokens.RefreshToken, AccessToken: step.Tokens.AccessToken})
			if err != nil {
				t.Errorf("user%s refresh: %v", i, err)
				return
			}
			if got := jwtClaims(t, fresh.AccessToken)["username"]; got != "user"+i {
				t.Errorf("user%s refreshed as %v", i, got)
			}
		})
	}
	wg.Wait()
}
