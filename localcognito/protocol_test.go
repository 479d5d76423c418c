package localcognito

import (
	"net/http"
	"strings"
	"testing"
)

func TestCORS(t *testing.T) {
	e := newEnv(t)
	t.Run("preflight", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, e.ts.URL+"/", nil)
		req.Header.Set("Origin", "http://localhost:5173")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent")
		resp, _ := e.do(req)
		want := map[string]string{
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Methods": "POST",
			"Access-Control-Allow-Headers": "content-type,x-amz-target,x-amz-user-agent",
			"Access-Control-Max-Age":       "172800",
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
	})
	t.Run("preflight without requested headers", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, e.ts.URL+"/us-east-1_x/.well-known/jwks.json", nil)
		req.Header.Set("Origin", "http://localhost:5173")
		resp, _ := e.do(req)
		allowed := resp.Header.Get("Access-Control-Allow-Headers")
		for _, h := range []string{"content-type", "x-amz-target", "x-amz-user-agent", "cache-control", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "amz-sdk-invocation-id", "amz-sdk-request"} {
			if !strings.Contains(allowed, h) {
				t.Errorf("Access-Control-Allow-Headers lacks %s", h)
			}
		}
		if m := resp.Header.Get("Access-Control-Allow-Methods"); m != "GET" {
			t.Errorf("well-known preflight methods = %q", m)
		}
	})
	t.Run("responses, errors included", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/", strings.NewReader(`{}`))
		req.Header.Set("Origin", "http://localhost:5173")
		req.Header.Set("X-Amz-Target", targetPrefix+"InitiateAuth")
		resp, _ := e.do(req)
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Error("no Access-Control-Allow-Origin on an error response")
		}
		exposed := resp.Header.Get("Access-Control-Expose-Headers")
		for _, h := range []string{"x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "Date"} {
			if !strings.Contains(exposed, h) {
				t.Errorf("Access-Control-Expose-Headers lacks %s", h)
			}
		}
	})
	t.Run("no Origin, no CORS headers", func(t *testing.T) {
		resp, _ := e.raw("InitiateAuth", `{}`, nil)
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Error("CORS header without an Origin")
		}
	})
}

func TestProtocolErrors(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	tests := []struct {
		name, target, body string
		status             int
		typ, msg           string
	}{
		{"malformed JSON", "InitiateAuth", `{"ClientId":`, 400, "SerializationException", "Malformed JSON request body."},
		{"string where map expected", "InitiateAuth", `{"ClientId":"` + f.clientID + `","AuthFlow":"USER_SRP_AUTH","AuthParameters":"x"}`, 400, "SerializationException", "Expected map or null"},
		{"number where string expected", "InitiateAuth", `{"ClientId":5}`, 400, "SerializationException", "Unexpected field type"},
		{"object where string expected", "InitiateAuth", `{"ClientId":{}}`, 400, "SerializationException", "Start of structure or map found where not expected."},
		{"array body", "InitiateAuth", `[]`, 400, "SerializationException", "Start of list found where not expected."},
		{"missing ClientId", "InitiateAuth", `{}`, 400, "InvalidParameterException", "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"},
		{"missing AuthFlow", "InitiateAuth", `{"ClientId":"` + f.clientID + `"}`, 400, "InvalidParameterException", "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null"},
		{"missing ChallengeName", "RespondToAuthChallenge", `{"ClientId":"` + f.clientID + `"}`, 400, "InvalidParameterException", "1 validation error detected: Value null at 'challengeName' failed to satisfy constraint: Member must not be null"},
		{"unsupported challenge", "RespondToAuthChallenge", `{"ClientId":"` + f.clientID + `","ChallengeName":"WEB_AUTHN"}`, 400, "InvalidParameterException", "Challenge WEB_AUTHN is not supported by localcognito yet."},
		{"unknown operation", "LaunchRocket", `{}`, 400, "UnknownOperationException", "The server did not understand the operation that was requested."},
		{"no target", "", `{}`, 400, "UnknownOperationException", "The server did not understand the operation that was requested."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, out := e.raw(tc.target, tc.body, nil)
			msgKey := "message"
			if tc.typ == "SerializationException" {
				msgKey = "Message"
			}
			if resp.StatusCode != tc.status || out["__type"] != tc.typ || out[msgKey] != tc.msg {
				t.Fatalf("got %d %v, want %d %s %q", resp.StatusCode, out, tc.status, tc.typ, tc.msg)
			}
			if resp.Header.Get("x-amzn-ErrorType") != tc.typ || resp.Header.Get("Content-Type") != jsonType {
				t.Errorf("headers = %v", resp.Header)
			}
			if !uuidPattern.MatchString(resp.Header.Get("x-amzn-RequestId")) {
				t.Errorf("x-amzn-RequestId = %q", resp.Header.Get("x-amzn-RequestId"))
			}
		})
	}
	t.Run("a message quoting control characters stays a valid header", func(t *testing.T) {
		// The client id comes back in the message, NUL and newline included;
		// Go's client refuses a header holding them as a malformed answer.
		resp, out := e.raw("InitiateAuth", `{"ClientId":"a\u0000b\nc","AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"u","SRP_A":"1"}}`, nil)
		if resp.StatusCode != 400 || out["__type"] == nil {
			t.Fatalf("got %d %v", resp.StatusCode, out)
		}
		if h := resp.Header.Get("x-amzn-ErrorMessage"); strings.ContainsAny(h, "\x00\n") || h == "" {
			t.Errorf("x-amzn-ErrorMessage = %q", h)
		}
	})
	t.Run("unknown path", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/nothing", nil)
		resp, out := e.do(req)
		if resp.StatusCode != http.StatusNotFound || out["__type"] != "BadRequest" {
			t.Fatalf("got %d %v", resp.StatusCode, out)
		}
	})
	t.Run("success carries a request id and content type", func(t *testing.T) {
		resp, _ := e.raw("CreateUserPool", `{"PoolName":"x"}`, signer("test", "test", e.clock.Now()))
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != jsonType || !uuidPattern.MatchString(resp.Header.Get("x-amzn-RequestId")) {
			t.Fatalf("got %d %v", resp.StatusCode, resp.Header)
		}
	})
}

func TestPanicBecomesInternalError(t *testing.T) {
	e := newEnv(t)
	// An operation of the model, which declares InternalErrorException.
	e.srv.ops["GetUser"] = operation{handle: func(*reqCtx, []byte) (any, *apiError) { panic("kaboom") }}
	resp, out := e.raw("GetUser", `{}`, nil)
	if resp.StatusCode != http.StatusInternalServerError || out["__type"] != "InternalErrorException" || out["message"] != "Internal server error." {
		t.Fatalf("got %d %v", resp.StatusCode, out)
	}
	if !strings.Contains(e.logs.String(), "kaboom") {
		t.Error("panic was not logged")
	}
	// The server keeps serving.
	if resp, _ := e.raw("GetUser", `{}`, nil); resp.StatusCode != http.StatusInternalServerError {
		t.Fatal("second request failed differently")
	}
}
