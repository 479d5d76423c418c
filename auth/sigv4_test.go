package auth

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// SignedHeaders lists every signed header once, in byte order, whatever
// order the headers come in.
func TestSignV4SignedHeaders(t *testing.T) {
	cred := &Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", SessionToken: "token"}
	for _, op := range []string{opInitiateAuth, opAdminInitiateAuth} {
		headers := requestHeaders(op)
		headers["X-Custom"] = "1"
		headers["A-First"] = " spaced "
		signV4(headers, "cognito-idp.us-east-1.amazonaws.com", "us-east-1", []byte("{}"), cred, time.Unix(1700000000, 0))
		_, signed, _ := strings.Cut(headers["Authorization"], "SignedHeaders=")
		signed, _, _ = strings.Cut(signed, ",")
		names := strings.Split(signed, ";")
		want := []string{"a-first", "content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target", "x-amz-user-agent", "x-custom"}
		if !slices.Equal(names, want) {
			t.Errorf("SignedHeaders %q, want %q", names, want)
		}
	}
}
