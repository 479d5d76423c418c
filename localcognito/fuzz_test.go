package localcognito

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/awsmodel"
)

// FuzzServeHTTP sends arbitrary operations, bodies and Authorization
// headers: every answer must be one AWS's model allows (an error the
// operation declares, or a common one), and none a 500, which would mean a
// panic or an unhandled case.
func FuzzServeHTTP(f *testing.F) {
	seeds := []struct{ op, body, authz string }{
		{"InitiateAuth", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"x","AuthParameters":{"USERNAME":"u","SRP_A":"02"}}`, ""},
		{"InitiateAuth", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"x","AuthParameters":{"USERNAME":"u","SRP_A":"0"}}`, ""},
		{"RespondToAuthChallenge", `{"ChallengeName":"PASSWORD_VERIFIER","ClientId":"x","ChallengeResponses":{}}`, ""},
		{"RespondToAuthChallenge", `{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"AAAA","ClientId":"x"}`, ""},
		{"CreateUserPool", `{"PoolName":"p"}`, "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00"},
		{"AdminGetUser", `{"UserPoolId":"us-east-1_x","Username":"u"}`, "AWS4-HMAC-SHA256 Credential="},
		{"", "", ""},
		{"Nope", "null", "garbage"},
		{"InitiateAuth", `[1,2,3]`, ""},
		{"InitiateAuth", `{"AuthParameters":{"USERNAME":5}}`, ""},
		{"InitiateAuth", "{\"ClientId\":\"\xff\"}", ""},
		{"InitiateAuth", `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"fuzzclient0000000000000001","AuthParameters":{"USERNAME":"u","PASSWORD":"p"}}`, ""},
		{"InitiateAuth", `{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"fuzzclient0000000000000001","AuthParameters":{"REFRESH_TOKEN":"x"}}`, ""},
		{"GetTokensFromRefreshToken", `{"ClientId":"fuzzclient0000000000000001","RefreshToken":"x"}`, ""},
		{"SignUp", `{"ClientId":"fuzzclient0000000000000001","Username":"n","Password":"Passw0rd!","UserAttributes":[{"Name":"email","Value":"a@b"}]}`, ""},
		{"ConfirmSignUp", `{"ClientId":"fuzzclient0000000000000001","Username":"n","ConfirmationCode":"123456"}`, ""},
		{"GetUser", `{"AccessToken":"eyJhbGciOiJSUzI1NiJ9.e30.AAAA"}`, ""},
		{"RespondToAuthChallenge", `{"ChallengeName":"SMS_MFA","Session":"AAAA","ClientId":"fuzzclient0000000000000001","ChallengeResponses":{"USERNAME":"u","SMS_MFA_CODE":"1"}}`, ""},
		{"RespondToAuthChallenge", `{"ChallengeName":"DEVICE_SRP_AUTH","Session":"AAAA","ClientId":"fuzzclient0000000000000001","ChallengeResponses":{"USERNAME":"u","DEVICE_KEY":"k","SRP_A":"02"}}`, ""},
		{"RespondToAuthChallenge", `{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","ClientId":"fuzzclient0000000000000001","ChallengeResponses":{"USERNAME":"u","DEVICE_KEY":"k","PASSWORD_CLAIM_SECRET_BLOCK":"AAAA","PASSWORD_CLAIM_SIGNATURE":"AAAA","TIMESTAMP":"Mon Jan 2 15:04:05 UTC 2006"}}`, ""},
		{"AssociateSoftwareToken", `{"Session":"AAAA"}`, ""},
		{"VerifySoftwareToken", `{"Session":"AAAA","UserCode":"123456"}`, ""},
		{"ConfirmDevice", `{"AccessToken":"x","DeviceKey":"k"}`, ""},
		{"RevokeToken", `{"ClientId":"fuzzclient0000000000000001","Token":"x"}`, ""},
	}
	for _, s := range seeds {
		f.Add(s.op, s.body, s.authz)
	}
	model, err := awsmodel.Cognito()
	if err != nil {
		f.Fatal(err)
	}
	srv, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	if err := srv.LoadSeed(strings.NewReader(`
pools:
  - id: us-east-1_Fuzz00001
    name: fuzz
    clients: [{id: fuzzclient0000000000000001, name: c}]
    users: [{username: u, password: Fuzz-Passw0rd!, permanent: true}]
`)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, op, body, authz string) {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code == http.StatusInternalServerError {
			t.Fatalf("%s %q: 500: %s", op, body, rec.Body)
		}
		if err := model.CheckAnswer(awsmodel.Exchange{Op: op, Status: rec.Code, Response: rec.Body.Bytes()}); err != nil {
			t.Fatalf("%s %q: status %d with body %q: %v", op, body, rec.Code, rec.Body, err)
		}
	})
}

// FuzzParseAuthorization: any header is parsed or refused, never a panic.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"",
		"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/e,SignedHeaders=,Signature=",
		"AWS4-HMAC-SHA256 ,,,",
		"Bearer x",
		"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, Credential=x, SignedHeaders=host, Signature=00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, e := parseAuthorization(h)
		if (a == nil) == (e == nil) {
			t.Fatalf("parseAuthorization(%q) = %v, %v: want exactly one of a result and an error", h, a, e)
		}
	})
}
