package localcognito

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
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

// signWith signs r as the SDK does, but over exactly the headers r has when
// called and with payloadHash as given, so a test can leave a header out
// of SignedHeaders or sign UNSIGNED-PAYLOAD.
func signWith(r *http.Request, payloadHash string) {
	err := v4.NewSigner().SignHTTP(ctx(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"},
		r, payloadHash, "cognito-idp", testRegion, time.Now().UTC())
	if err != nil {
		panic(err)
	}
}

// contentHashMismatch is AWS's wording (S3's XAmzContentSHA256Mismatch).
const contentHashMismatch = "The provided 'x-amz-content-sha256' header does not match what was computed."

func TestSigV4BindsOperationAndBody(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	aliceBody := fmt.Sprintf(`{"UserPoolId":%q,"Username":"alice"}`, f.poolID)
	bobBody := fmt.Sprintf(`{"UserPoolId":%q,"Username":"bob"}`, f.poolID)
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	tests := []struct {
		name, target, body string
		sign               func(*http.Request, string)
		code, msg          string
	}{
		{"AdminGetUser's signature replayed as AdminDisableUser", "AdminDisableUser", aliceBody, func(r *http.Request, h string) {
			// Signed before X-Amz-Target is set, so SignedHeaders lacks it.
			op := r.Header.Get("X-Amz-Target")
			r.Header.Del("X-Amz-Target")
			signWith(r, h)
			r.Header.Set("X-Amz-Target", op)
		}, "InvalidSignatureException", "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."},
		{"UNSIGNED-PAYLOAD with the body swapped", "AdminDisableUser", aliceBody, func(r *http.Request, h string) {
			// The signature covers no body: the one made for bob's
			// request fits this one for alice as well.
			r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
			signWith(r, "UNSIGNED-PAYLOAD")
		}, "InvalidSignatureException", contentHashMismatch},
		{"UNSIGNED-PAYLOAD, content hash header unsigned", "AdminDisableUser", aliceBody, func(r *http.Request, h string) {
			signWith(r, "UNSIGNED-PAYLOAD")
			r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
		}, "InvalidSignatureException", contentHashMismatch},
		{"UNSIGNED-PAYLOAD signed, no content hash header", "AdminDisableUser", aliceBody, func(r *http.Request, h string) {
			signWith(r, "UNSIGNED-PAYLOAD")
		}, "InvalidSignatureException", msgBadSig},
		{"content hash of another body", "AdminDisableUser", aliceBody, func(r *http.Request, h string) {
			r.Header.Set("X-Amz-Content-Sha256", sum(bobBody))
			signWith(r, sum(bobBody))
		}, "InvalidSignatureException", contentHashMismatch},
		{"host not signed", "AdminDisableUser", aliceBody, signedHeadersWithout("host"),
			"InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
		{"x-amz-date not signed", "AdminDisableUser", aliceBody, signedHeadersWithout("x-amz-date"),
			"InvalidSignatureException", "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."},
		{"a signed header taken out of the request", "AdminDisableUser", aliceBody, func(r *http.Request, h string) {
			r.Header.Set("X-Extra", "1")
			signWith(r, h)
			r.Header.Del("X-Extra")
		}, "InvalidSignatureException", "'x-extra' is named as a SignedHeader, but it does not exist in the HTTP request."},
	}
	// The hand-made signature over every header is good: the cases below
	// are refused for what they leave out, not for a wrong signature.
	if resp, out := e.raw("AdminGetUser", aliceBody, signedHeadersWithout("")); resp.StatusCode != http.StatusOK {
		t.Fatalf("signed by hand over every header: %d %v", resp.StatusCode, out)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, out := e.raw(tc.target, tc.body, tc.sign)
			if resp.StatusCode != http.StatusBadRequest || out["__type"] != tc.code || out["message"] != tc.msg {
				t.Errorf("got %d %v, want 400 %s %q", resp.StatusCode, out, tc.code, tc.msg)
			}
			u, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: &f.poolID, Username: aws.String("alice")})
			if err != nil {
				t.Fatal(err)
			}
			if !u.Enabled {
				t.Error("alice was disabled")
				// Enabled again so the other cases start from the same state.
				e.admin.AdminEnableUser(ctx(), &cip.AdminEnableUserInput{UserPoolId: &f.poolID, Username: aws.String("alice")})
			}
		})
	}
}

// signedHeadersWithout signs by hand over the request's headers but name,
// so the signature is valid for a canonical request without it.
func signedHeadersWithout(name string) func(*http.Request, string) {
	return func(r *http.Request, h string) {
		date := time.Now().UTC().Format(amzDateLayout)
		r.Header.Set("X-Amz-Date", date)
		r.Header.Set("X-Amz-Content-Sha256", h)
		signed := []string{}
		for _, k := range []string{"content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-target"} {
			if k != name {
				signed = append(signed, k)
			}
		}
		r.Header.Set("Authorization", manualSignature(r, h, date, signed))
	}
}

// manualSignature is SigV4's Authorization for a POST / over exactly the
// signed headers named, which the SDK's signer cannot leave out.
func manualSignature(r *http.Request, payloadHash, date string, signed []string) string {
	var lines strings.Builder
	for _, k := range signed {
		v := r.Header.Get(k)
		if k == "host" {
			v = r.Host
		}
		lines.WriteString(k + ":" + v + "\n")
	}
	list := strings.Join(signed, ";")
	canonical := "POST\n/\n\n" + lines.String() + "\n" + list + "\n" + payloadHash
	scope := date[:8] + "/" + testRegion + "/cognito-idp/aws4_request"
	digest := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex.EncodeToString(digest[:])
	sig := hmacSHA256(signingKey("test", date[:8], testRegion, "cognito-idp"), toSign)
	return "AWS4-HMAC-SHA256 Credential=test/" + scope + ", SignedHeaders=" + list + ", Signature=" + hex.EncodeToString(sig)
}
