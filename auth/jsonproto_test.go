package auth

import "testing"

func TestDecodeError(t *testing.T) {
	cases := []struct {
		status    int
		body      string
		name, msg string
	}{
		{400, `{"__type":"NotAuthorizedException","message":"Incorrect username or password."}`, "NotAuthorizedException", "Incorrect username or password."},
		{400, `{"__type":"com.amazonaws.cognito#UserNotFoundException","Message":"User does not exist."}`, "UserNotFoundException", "User does not exist."},
		{400, `{"__type":"InvalidSignatureException:http://internal.amazon.com/","message":"m"}`, "InvalidSignatureException", "m"},
		{400, `{"code":"TooManyRequestsException"}`, "TooManyRequestsException", "Cognito answered HTTP 400"},
		{502, `<html>bad gateway</html>`, ErrInvalidResponse, "Cognito answered HTTP 502 without an error type"},
		{500, `{"message":"oops"}`, ErrInvalidResponse, "Cognito answered HTTP 500 without an error type: oops"},
		// Names that are no exception's, or the client's own, are not passed on.
		{400, `{"__type":"<script>","message":"m"}`, ErrInvalidResponse, "Cognito answered HTTP 400 without an error type: m"},
		{400, `{"__type":"InternalError","message":"m"}`, ErrInvalidResponse, "Cognito answered HTTP 400 without an error type: m"},
		{400, `{"__type":"9Lives","message":"m"}`, ErrInvalidResponse, "Cognito answered HTTP 400 without an error type: m"},
	}
	for _, c := range cases {
		var out challengeOutput
		err := decodeResponse(c.status, []byte(c.body), &out)
		e, ok := err.(*Error)
		if !ok || e.Name != c.name || e.Message != c.msg || e.StatusCode != c.status {
			t.Errorf("%d %s: got %#v", c.status, c.body, err)
		}
	}
}

func TestDecodeMalformedSuccess(t *testing.T) {
	var out challengeOutput
	err := decodeResponse(200, []byte(`{"ChallengeName": 5}`), &out)
	if e, ok := err.(*Error); !ok || e.Name != ErrInvalidResponse {
		t.Errorf("got %#v, want InvalidResponseError", err)
	}
}
