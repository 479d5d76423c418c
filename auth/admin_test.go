//go:build !js

package auth_test

import (
	"context"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// Admin sign-in from a server: through the AWS SDK with credentials, and
// through net/http with this package's own SigV4 signer.
func TestAdminSignIn(t *testing.T) {
	endpoint := lct.Start(t, "")
	good := &auth.Credentials{AccessKeyID: lct.AccessKeyID, SecretAccessKey: lct.SecretAccessKey}
	bad := &auth.Credentials{AccessKeyID: lct.AccessKeyID, SecretAccessKey: "wrong"}
	transports := map[string]func(*auth.Credentials) auth.Transport{
		"sdk": func(*auth.Credentials) auth.Transport { return nil },
		"http": func(c *auth.Credentials) auth.Transport {
			return &auth.HTTPTransport{Endpoint: endpoint + "/", Credentials: c, Region: "us-east-1"}
		},
	}
	for name, tr := range transports {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := adminClient(t, endpoint, good, tr(good))
			for _, flow := range []string{auth.FlowAdminUserPassword, auth.FlowAdminNoSRP, auth.FlowUserSRP} {
				step, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password, AuthFlow: flow})
				if err != nil || !step.Done {
					t.Fatalf("%s: %+v, %v", flow, step, err)
				}
				if _, err := c.Refresh(ctx, auth.RefreshInput{RefreshToken: step.Tokens.RefreshToken, AccessToken: step.Tokens.AccessToken}); err != nil {
					t.Fatalf("%s: admin refresh: %v", flow, err)
				}
			}
			_, err := c.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: "wrong", AuthFlow: auth.FlowAdminUserPassword})
			wantError(t, err, "NotAuthorizedException")

			wrong := adminClient(t, endpoint, bad, tr(bad))
			_, err = wrong.SignIn(ctx, auth.SignInInput{Username: lct.Alice, Password: lct.Password, AuthFlow: auth.FlowAdminUserPassword})
			wantError(t, err, "InvalidSignatureException")
		})
	}
}

func adminClient(t *testing.T, endpoint string, creds *auth.Credentials, tr auth.Transport) *auth.Client {
	t.Helper()
	c, err := auth.New(auth.Config{
		UserPoolID: lct.PoolID, ClientID: lct.SecretClientID, ClientSecret: lct.ClientSecret,
		Endpoint: endpoint + "/", Admin: true, Credentials: creds, Transport: tr,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAdminNeedsCredentials(t *testing.T) {
	_, err := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: "c", Admin: true})
	wantError(t, err, auth.ErrInvalidParameter)
	c, _ := auth.New(auth.Config{UserPoolID: lct.PoolID, ClientID: "c", Endpoint: "http://127.0.0.1:1/"})
	_, err = c.SignIn(context.Background(), auth.SignInInput{Username: "u", Password: "p", AuthFlow: auth.FlowAdminUserPassword})
	wantError(t, err, auth.ErrInvalidParameter)
}
