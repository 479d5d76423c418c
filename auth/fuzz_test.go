package auth

import "testing"

// FuzzDecodeResponse: whatever a server answers becomes output or an
// *Error with a name, never a panic.
func FuzzDecodeResponse(f *testing.F) {
	for _, s := range []string{
		`{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"-1"}}`,
		`{"AuthenticationResult":{"IdToken":"x","ExpiresIn":3600}}`,
		`{"__type":"aws#NotAuthorizedException:url","message":"m"}`,
		`{"__type":5}`, `null`, ``, `<html>`, `{"ExpiresIn":1e999}`,
	} {
		f.Add(200, s)
		f.Add(400, s)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		var out challengeOutput
		err := decodeResponse(status, []byte(body), &out)
		if err == nil {
			if status < 200 || status > 299 {
				t.Fatalf("status %d accepted", status)
			}
			return
		}
		e, ok := err.(*Error)
		if !ok || e.Name == "" || e.Message == "" {
			t.Fatalf("decodeResponse(%d, %q) = %#v, want a named *Error", status, body, err)
		}
	})
}
