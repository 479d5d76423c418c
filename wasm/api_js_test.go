//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall/js"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
)

// These run inside headless Chromium (see scripts/browsertest).

func decodeEnvelope(t *testing.T, s string) (map[string]any, *errorJSON) {
	t.Helper()
	var env struct {
		Result map[string]any `json:"result"`
		Error  *errorJSON     `json:"error"`
	}
	if err := json.Unmarshal([]byte(s), &env); err != nil {
		t.Fatalf("envelope %q: %v", s, err)
	}
	return env.Result, env.Error
}

func TestSignInEnvelope(t *testing.T) {
	endpoint := os.Getenv("LOCALCOGNITO_ENDPOINT")
	if endpoint == "" {
		t.Skip("run through scripts/browsertest, which starts localcognito")
	}
	cfg, _ := json.Marshal(map[string]string{
		"userPoolId": os.Getenv("LOCALCOGNITO_POOL_ID"), "clientId": os.Getenv("LOCALCOGNITO_CLIENT_ID"), "endpoint": endpoint,
	})
	in, _ := json.Marshal(map[string]string{"username": os.Getenv("LOCALCOGNITO_USER"), "password": os.Getenv("LOCALCOGNITO_PASSWORD")})
	result, e := decodeEnvelope(t, run(call, []string{"signIn", string(cfg), string(in)}))
	if e != nil || result["done"] != true {
		t.Fatalf("result %v, error %+v", result, e)
	}
	tokens, _ := result["tokens"].(map[string]any)
	if tokens["idToken"] == "" || tokens["accessToken"] == "" {
		t.Errorf("tokens = %v", tokens)
	}
}

func TestInvalidArguments(t *testing.T) {
	const pool = `{"userPoolId":"us-east-1_a","clientId":"c"}`
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"signIn", `{"userPoolId": 5}`, `{}`}, "userPoolId must be a string"},
		{[]string{"signIn", `{"userPool": "x"}`, `{}`}, `unknown option "userPool"`},
		{[]string{"signIn", pool, `{"username":"u","password":"p","clientMetadata":{"k":1}}`}, "clientMetadata values must be strings"},
		{[]string{"signIn", `[]`, `{}`}, "options must be an object"},
		{[]string{"signIn", `{}`}, "expected 3 arguments"},
		{[]string{"signIn", pool, `{"username":"u"}`}, "password is required"},
		{[]string{"signIn", pool, `{"username":"u","password":"p","device":{"deviceKey":"k"}}`}, "device needs"},
		{[]string{"nope", pool, `{}`}, `unknown method "nope"`},
		{[]string{"signUp", pool, `{"username":"u","attributes":{"email":true}}`}, "attributes values must be strings"},
		{[]string{"signOut", pool, `{"global":"yes"}`}, "global must be a boolean"},
		{[]string{"getUser", pool, `{}`}, "accessToken is required"},
		{[]string{"confirmForgotPassword", pool, `{"username":"u","code":"1"}`}, "newPassword is required"},
	}
	for _, c := range cases {
		_, e := decodeEnvelope(t, run(call, c.args))
		if e == nil || e.Name != "InvalidParameterException" || !strings.Contains(e.Message, c.want) {
			t.Errorf("%v: error %+v, want InvalidParameterException containing %q", c.args, e, c.want)
		}
	}
}

func TestPanicBecomesInternalError(t *testing.T) {
	boom := func(context.Context, []string) (any, error) { panic("boom") }
	_, e := decodeEnvelope(t, run(boom, nil))
	if e == nil || e.Name != "InternalError" || !strings.Contains(e.Message, "boom") {
		t.Fatalf("error = %+v", e)
	}
	// The module still serves calls afterwards.
	_, e = decodeEnvelope(t, run(call, []string{"signIn", `{}`, `{}`}))
	if e == nil || e.Name != "InvalidParameterException" {
		t.Fatalf("after a panic: %+v", e)
	}
}

func TestAsyncReturnsPromise(t *testing.T) {
	fn := js.FuncOf(async(func(context.Context, []string) (any, error) { return map[string]bool{"ok": true}, nil }))
	defer fn.Release()
	p := fn.Invoke("{}")
	if !p.InstanceOf(js.Global().Get("Promise")) {
		t.Fatal("not a Promise")
	}
	got := make(chan string, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any { got <- args[0].String(); return nil })
	defer then.Release()
	p.Call("then", then)
	if s := <-got; s != `{"result":{"ok":true}}` {
		t.Fatalf("resolved with %s", s)
	}
}

// authError finds what errors.As finds.
func TestAuthError(t *testing.T) {
	e := &auth.Error{Name: "NotAuthorizedException", Message: "m"}
	for _, err := range []error{
		nil, errors.New("plain"), e, fmt.Errorf("wrapped: %w", e), errors.Join(errors.New("a"), fmt.Errorf("b: %w", e)),
	} {
		var want *auth.Error
		errors.As(err, &want)
		if got := authError(err); got != want {
			t.Errorf("authError(%v) = %v, errors.As %v", err, got, want)
		}
	}
	if got := toErrorJSON(fmt.Errorf("x: %w", e)); got.Name != e.Name || got.Message != "m" {
		t.Errorf("toErrorJSON = %+v", got)
	}
}
