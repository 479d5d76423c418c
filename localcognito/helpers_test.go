package localcognito

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

const (
	testRegion   = "us-east-1"
	goodPassword = "Corr3ct-Horse!"
)

// clock is a settable Options.Now: real time plus an offset.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// lockedBuffer collects log output from concurrent handlers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type env struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	admin *cip.Client // SigV4-signed with test/test
	anon  *cip.Client // unsigned, as browsers call InitiateAuth
	clock *clock
	logs  *lockedBuffer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, clock: &clock{}, logs: &lockedBuffer{}}
	logger := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := New(Options{Now: e.clock.Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(e.answersChecked(srv))
	t.Cleanup(e.ts.Close)
	e.admin = e.client(credentials.NewStaticCredentialsProvider("test", "test", ""))
	e.anon = e.client(aws.AnonymousCredentials{})
	return e
}

func (e *env) client(creds aws.CredentialsProvider) *cip.Client {
	return cip.New(cip.Options{
		Region:       testRegion,
		BaseEndpoint: aws.String(e.ts.URL),
		Credentials:  creds,
		HTTPClient:   e.ts.Client(),
		Retryer:      testRetryer(),
	})
}

// testRetryer retries only what the SDK deems transient. AWS's Go SDK
// now and then fails to read a complete 200 answer ("use of closed network
// connection"): about 1% of DescribeUserPool calls with one attempt, while
// the same signed requests through net/http read cleanly 1,000 times out
// of 1,000. Error answers (4xx) are never retried, so tests still see
// each refusal on the first attempt.
func testRetryer() aws.Retryer {
	return retry.AddWithMaxAttempts(retry.NewStandard(), 3)
}

func ctx() context.Context { return context.Background() }

func (e *env) createPool(name string) string {
	e.t.Helper()
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String(name)})
	if err != nil {
		e.t.Fatalf("CreateUserPool: %v", err)
	}
	return *out.UserPool.Id
}

// createClient returns the client id and its secret ("" without one).
func (e *env) createClient(poolID string, secret bool, flows ...types.ExplicitAuthFlowsType) (string, string) {
	e.t.Helper()
	out, err := e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("web"),
		GenerateSecret: secret, ExplicitAuthFlows: flows,
	})
	if err != nil {
		e.t.Fatalf("CreateUserPoolClient: %v", err)
	}
	return *out.UserPoolClient.ClientId, aws.ToString(out.UserPoolClient.ClientSecret)
}

// createUser makes a CONFIRMED user with goodPassword-style password.
func (e *env) createUser(poolID, username, password string, attrs ...types.AttributeType) {
	e.t.Helper()
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: attrs,
	})
	if err != nil {
		e.t.Fatalf("AdminCreateUser: %v", err)
	}
	_, err = e.admin.AdminSetUserPassword(ctx(), &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(poolID), Username: aws.String(username),
		Password: aws.String(password), Permanent: true,
	})
	if err != nil {
		e.t.Fatalf("AdminSetUserPassword: %v", err)
	}
}

// fixture is a pool with a secretless SRP client and one confirmed user.
type fixture struct {
	poolID, clientID, username, password string
}

func (e *env) fixture() fixture {
	e.t.Helper()
	f := fixture{poolID: e.createPool("test"), username: "alice", password: goodPassword}
	f.clientID, _ = e.createClient(f.poolID, false)
	e.createUser(f.poolID, f.username, f.password,
		types.AttributeType{Name: aws.String("email"), Value: aws.String("alice@example.com")},
		types.AttributeType{Name: aws.String("email_verified"), Value: aws.String("true")})
	return f
}

// signIn is a client-side USER_SRP_AUTH attempt through the SDK.
type signIn struct {
	e                              *env
	poolID, clientID, secret, user string
	password                       string
	challenge                      *cip.InitiateAuthOutput
	key                            []byte
	timestamp                      string
}

func (e *env) signIn(poolID, clientID, secret, username, password string) *signIn {
	return &signIn{e: e, poolID: poolID, clientID: clientID, secret: secret, user: username, password: password}
}

func (s *signIn) secretHash(username string) string {
	if s.secret == "" {
		return ""
	}
	return srp.SecretHash(s.clientID, s.secret, username)
}

// initiate sends InitiateAuth and derives the SRP key from the challenge.
func (s *signIn) initiate() error {
	c, err := srp.NewClient()
	if err != nil {
		return err
	}
	params := map[string]string{"USERNAME": s.user, "SRP_A": c.A()}
	if h := s.secretHash(s.user); h != "" {
		params["SECRET_HASH"] = h
	}
	out, err := s.e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(s.clientID), AuthParameters: params,
	})
	if err != nil {
		return err
	}
	s.challenge = out
	p := out.ChallengeParameters
	s.key, err = c.Key(realmOf(s.poolID), p["USER_ID_FOR_SRP"], s.password, p["SALT"], p["SRP_B"])
	return err
}

// responses builds PASSWORD_VERIFIER answers, signed at the server's clock.
func (s *signIn) responses() map[string]string {
	p := s.challenge.ChallengeParameters
	if s.timestamp == "" {
		s.timestamp = srp.Timestamp(s.e.clock.Now())
	}
	sig, err := srp.Signature(s.key, realmOf(s.poolID), p["USER_ID_FOR_SRP"], p["SECRET_BLOCK"], s.timestamp)
	if err != nil {
		s.e.t.Fatal(err)
	}
	r := map[string]string{
		"USERNAME": p["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": s.timestamp,
	}
	if h := s.secretHash(p["USER_ID_FOR_SRP"]); h != "" {
		r["SECRET_HASH"] = h
	}
	return r
}

func (s *signIn) respond(responses map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return s.e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(s.clientID),
		ChallengeResponses: responses,
	})
}

// run does the whole exchange.
func (s *signIn) run() (*cip.RespondToAuthChallengeOutput, error) {
	if err := s.initiate(); err != nil {
		return nil, err
	}
	return s.respond(s.responses())
}

// mustTokens signs in and fails the test unless tokens come back.
func (e *env) mustTokens(f fixture) *types.AuthenticationResultType {
	e.t.Helper()
	out, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	if err != nil {
		e.t.Fatalf("sign-in: %v", err)
	}
	if out.AuthenticationResult == nil {
		e.t.Fatalf("sign-in: no tokens, challenge %q", out.ChallengeName)
	}
	return out.AuthenticationResult
}

// wantAPIError checks an SDK error's code and, when msg != "", message.
func wantAPIError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got error %v, want %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error code = %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
	if msg != "" && ae.ErrorMessage() != msg {
		t.Fatalf("error message = %q, want %q", ae.ErrorMessage(), msg)
	}
}

// raw posts a body with an X-Amz-Target; signed uses aws/signer/v4.
func (e *env) raw(target, body string, sign func(*http.Request, string)) (*http.Response, map[string]any) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+"/", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", jsonType)
	if target != "" {
		req.Header.Set("X-Amz-Target", targetPrefix+target)
	}
	if sign != nil {
		sum := sha256.Sum256([]byte(body))
		sign(req, hex.EncodeToString(sum[:]))
	}
	return e.do(req)
}

func (e *env) do(req *http.Request) (*http.Response, map[string]any) {
	e.t.Helper()
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	var m map[string]any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &m); err != nil {
			e.t.Fatalf("response is not JSON: %q", data)
		}
	}
	return resp, m
}

// signer signs a request as the SDK would, with the given credentials
// and signing time.
func signer(key, secret string, at time.Time) func(*http.Request, string) {
	return func(r *http.Request, payloadHash string) {
		r.Header.Set("X-Amz-Content-Sha256", payloadHash)
		err := v4.NewSigner().SignHTTP(ctx(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret},
			r, payloadHash, "cognito-idp", testRegion, at)
		if err != nil {
			panic(err)
		}
	}
}
