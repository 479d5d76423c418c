package localcognito

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func TestSigV4WithSDKClients(t *testing.T) {
	e := newEnv(t)
	in := &cip.CreateUserPoolInput{PoolName: aws.String("p")}
	if _, err := e.admin.CreateUserPool(ctx(), in); err != nil {
		t.Fatalf("correctly signed call: %v", err)
	}
	tests := []struct {
		name      string
		client    *cip.Client
		code, msg string
	}{
		{"unsigned", e.anon, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"wrong secret", e.client(credentials.NewStaticCredentialsProvider("test", "nope", "")), "InvalidSignatureException", msgBadSig},
		{"wrong key id", e.client(credentials.NewStaticCredentialsProvider("AKIAOTHER", "test", "")), "UnrecognizedClientException", "The security token included in the request is invalid."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.client.CreateUserPool(ctx(), in)
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
	t.Run("session token is accepted when signed", func(t *testing.T) {
		c := e.client(credentials.NewStaticCredentialsProvider("test", "test", "a-session-token"))
		if _, err := c.CreateUserPool(ctx(), in); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("other region", func(t *testing.T) {
		c := cip.New(cip.Options{Region: "eu-west-1", BaseEndpoint: aws.String(e.ts.URL), Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), HTTPClient: e.ts.Client(), Retryer: testRetryer()})
		_, err := c.CreateUserPool(ctx(), in)
		wantAPIError(t, err, "InvalidSignatureException", "Credential should be scoped to a valid region. ")
	})
}

func TestSigV4WithSigner(t *testing.T) {
	e := newEnv(t)
	body := `{"PoolName":"signed"}`
	now := time.Now().UTC()
	resp, out := e.raw("CreateUserPool", body, signer("test", "test", now))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("signed request: %d %v", resp.StatusCode, out)
	}
	tests := []struct {
		name   string
		sign   func(*http.Request, string)
		msgHas string
		code   string
	}{
		{"signed 20 minutes ago", signer("test", "test", now.Add(-20*time.Minute)), "Signature expired: ", "InvalidSignatureException"},
		{"signed 20 minutes ahead", signer("test", "test", now.Add(20*time.Minute)), "Signature not yet current: ", "InvalidSignatureException"},
		{"body changed after signing", func(r *http.Request, h string) {
			signer("test", "test", now)(r, h)
			r.Body = http.NoBody
			r.ContentLength = 0
		}, "", "InvalidSignatureException"},
		{"signature altered", func(r *http.Request, h string) {
			signer("test", "test", now)(r, h)
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-4]+"0000")
		}, msgBadSig, "InvalidSignatureException"},
		{"header changed after signing", func(r *http.Request, h string) {
			signer("test", "test", now)(r, h)
			r.Header.Set("X-Amz-Target", targetPrefix+"DescribeUserPool")
		}, msgBadSig, "InvalidSignatureException"},
		{"no date", func(r *http.Request, h string) {
			signer("test", "test", now)(r, h)
			r.Header.Del("X-Amz-Date")
		}, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", "IncompleteSignatureException"},
		{"missing parts", func(r *http.Request, h string) {
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/cognito-idp/aws4_request")
		}, "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.", "IncompleteSignatureException"},
		{"host not signed", func(r *http.Request, h string) {
			r.Header.Set("X-Amz-Date", now.Format(amzDateLayout))
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/"+now.Format("20060102")+"/us-east-1/cognito-idp/aws4_request, SignedHeaders=x-amz-date, Signature=00")
		}, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", "InvalidSignatureException"},
		{"wrong service", func(r *http.Request, h string) {
			r.Header.Set("X-Amz-Date", now.Format(amzDateLayout))
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/"+now.Format("20060102")+"/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
		}, "Credential should be scoped to correct service: 'cognito-idp'. ", "InvalidSignatureException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, out := e.raw("CreateUserPool", body, tc.sign)
			if resp.StatusCode != http.StatusBadRequest || out["__type"] != tc.code {
				t.Fatalf("got %d %v, want %s", resp.StatusCode, out, tc.code)
			}
			if msg, _ := out["message"].(string); !strings.Contains(msg, tc.msgHas) {
				t.Fatalf("message %q does not contain %q", msg, tc.msgHas)
			}
			if resp.Header.Get("x-amzn-ErrorType") != tc.code {
				t.Errorf("x-amzn-ErrorType = %q", resp.Header.Get("x-amzn-ErrorType"))
			}
		})
	}
}

func TestAuthOperationsNeedNoSignature(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	// A signed InitiateAuth (the SDK signs when it has credentials) works too.
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	s.e = &env{t: t, srv: e.srv, ts: e.ts, admin: e.admin, anon: e.admin, clock: e.clock, logs: e.logs}
	if _, err := s.run(); err != nil {
		t.Fatal(err)
	}
	e.mustTokens(f) // and the anonymous client
}
