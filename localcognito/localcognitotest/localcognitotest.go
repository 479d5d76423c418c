// Package localcognitotest starts an in-process localcognito for tests,
// the way net/http/httptest starts a server.
package localcognitotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito"
)

// The pool, clients and users of Seed.
const (
	// AccessKeyID and SecretAccessKey sign admin calls (SigV4).
	AccessKeyID     = "test"
	SecretAccessKey = "test"

	PoolID         = "us-east-1_TestPool1"
	ClientID       = "testclient0000000000000001"
	SecretClientID = "testclient0000000000000002"
	ClientSecret   = "testsecret0000000000000000000000000000000000000001"
	Password       = "Correct-Horse-9"
	// Alice is confirmed; Bob must choose a new password at first sign-in.
	Alice = "alice"
	Bob   = "bob"
)

// The MFA pool of Seed: MFA is required and devices are tracked
// (remembered on the user's say-so). Its users, all with Password:
// newbie (no MFA yet: MFA_SETUP), totpuser (TOTP with TOTPSecret), smsuser
// (SMS), both (TOTP and SMS: SELECT_MFA_TYPE).
const (
	MFAPoolID   = "us-east-1_MfaPool01"
	MFAClientID = "mfaclient00000000000000001"
	TOTPSecret  = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

// Seed provisions PoolID, which verifies email addresses by code, with a
// public client, a client with a secret, and users Alice and Bob, both
// with Password; and the MFA pool above.
const Seed = `
pools:
  - id: ` + PoolID + `
    name: test
    autoVerifiedAttributes: [email]
    clients:
      - id: ` + ClientID + `
        name: public
        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      - id: ` + SecretClientID + `
        name: confidential
        generateSecret: true
        secret: ` + ClientSecret + `
        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: ` + Alice + `
        password: ` + Password + `
        permanent: true
        attributes: {email: alice@example.com, email_verified: "true"}
      - username: ` + Bob + `
        password: ` + Password + `
        permanent: false
  - id: ` + MFAPoolID + `
    name: mfa
    mfaConfiguration: "ON"
    mfaTypes: [SMS_MFA, SOFTWARE_TOKEN_MFA]
    deviceConfiguration: {challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true}
    clients:
      - id: ` + MFAClientID + `
        name: web
        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - {username: newbie, password: ` + Password + `, permanent: true}
      - username: totpuser
        password: ` + Password + `
        permanent: true
        mfa: {totpSecret: ` + TOTPSecret + `, preferred: SOFTWARE_TOKEN_MFA}
      - username: smsuser
        password: ` + Password + `
        permanent: true
        attributes: {phone_number: "+15555550100", phone_number_verified: "true"}
        mfa: {sms: true, preferred: SMS_MFA}
      - username: both
        password: ` + Password + `
        permanent: true
        attributes: {phone_number: "+15555550101", phone_number_verified: "true"}
        mfa: {totpSecret: ` + TOTPSecret + `, sms: true}
`

// Wrap, when set, wraps the handler of every server Start and StartWith
// serve for the test tb, to record or check its traffic. A test binary
// sets it in TestMain, before any test runs.
var Wrap func(tb testing.TB, h http.Handler) http.Handler

// Start serves a localcognito loaded with seed (Seed when empty) until the
// test ends and returns its base URL.
func Start(tb testing.TB, seed string) string {
	tb.Helper()
	return StartWith(tb, seed, localcognito.Options{})
}

// StartWith is Start with options, e.g. a short SessionTTL or a DataDir
// (the server is closed when the test ends).
func StartWith(tb testing.TB, seed string, opts localcognito.Options) string {
	tb.Helper()
	srv, err := newSeeded(seed, opts)
	if err != nil {
		tb.Fatalf("localcognito: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	var h http.Handler = srv
	if Wrap != nil {
		h = Wrap(tb, h)
	}
	ts := httptest.NewServer(h)
	tb.Cleanup(ts.Close)
	return ts.URL
}

// Server is a localcognito serving on a loopback port, for code that has
// no testing.TB to give Start, such as examples.
type Server struct {
	URL string // base URL, http://ipaddr:port with no trailing slash

	ts  *httptest.Server
	srv *localcognito.Server
}

// NewServer serves a localcognito loaded with seed (Seed when empty) until
// Close. Like httptest.NewServer, it panics when it cannot. Tests use
// Start, which closes the server for them.
func NewServer(seed string) *Server {
	srv, err := newSeeded(seed, localcognito.Options{})
	if err != nil {
		panic("localcognitotest: " + err.Error())
	}
	ts := httptest.NewServer(srv)
	return &Server{URL: ts.URL, ts: ts, srv: srv}
}

// Close shuts the server down.
func (s *Server) Close() {
	s.ts.Close()
	s.srv.Close()
}

// newSeeded makes a localcognito.Server loaded with seed (Seed when
// empty).
func newSeeded(seed string, opts localcognito.Options) (*localcognito.Server, error) {
	if seed == "" {
		seed = Seed
	}
	srv, err := localcognito.New(opts)
	if err != nil {
		return nil, err
	}
	if err := srv.LoadSeed(strings.NewReader(seed)); err != nil {
		srv.Close()
		return nil, fmt.Errorf("seed: %w", err)
	}
	return srv, nil
}

// Code returns the newest code the server at url "sent" to username, of
// the given kind (SignUp, ForgotPassword, Authentication, …), from its
// outbox.
func Code(tb testing.TB, url, username, kind string) string {
	tb.Helper()
	res, err := http.Get(url + "/_localcognito/outbox?username=" + neturl.QueryEscape(username) + "&kind=" + neturl.QueryEscape(kind))
	if err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	defer res.Body.Close()
	var box struct {
		Messages []struct {
			Code string `json:"code"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&box); err != nil {
		tb.Fatalf("outbox: %v", err)
	}
	if len(box.Messages) == 0 || box.Messages[len(box.Messages)-1].Code == "" {
		tb.Fatalf("outbox has no %s code for %s", kind, username)
	}
	return box.Messages[len(box.Messages)-1].Code
}
