package localcognito

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// A fake Lambda Invoke API: each function is a Go func of the event; it
// records every invocation and checks each request's SigV4 signature with
// the AWS SDK's own signer.

type invocation struct {
	function string
	event    map[string]any
	raw      []byte
}

// lambdaFunc returns the function's result (normally the event with its
// response filled in); an error is a function error. A *rawResult is sent
// as it is.
type lambdaFunc func(ev map[string]any) (any, error)

type rawResult struct {
	status  int
	headers map[string]string
	body    string
	delay   time.Duration
}

type fakeLambda struct {
	t     *testing.T
	ts    *httptest.Server
	mu    sync.Mutex
	funcs map[string]lambdaFunc
	calls []invocation
}

func newFakeLambda(t *testing.T) *fakeLambda {
	f := &fakeLambda{t: t, funcs: map[string]lambdaFunc{}}
	f.ts = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.ts.Close)
	return f
}

func (f *fakeLambda) set(name string, fn lambdaFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.funcs[name] = fn
}

// invocations returns the calls so far to a function ("" for all).
func (f *fakeLambda) invocations(name string) []invocation {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []invocation
	for _, c := range f.calls {
		if name == "" || c.function == name {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeLambda) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

func (f *fakeLambda) serve(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/2015-03-31/functions/")
	name, ok2 := strings.CutSuffix(name, "/invocations")
	body, _ := io.ReadAll(r.Body)
	if !ok || !ok2 || r.Method != http.MethodPost {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if err := checkLambdaSignature(r, body); err != nil {
		f.t.Errorf("invoke %s: %v", name, err)
		w.Header().Set("X-Amzn-ErrorType", "InvalidSignatureException")
		w.WriteHeader(http.StatusForbidden)
		return
	}
	var ev, recorded map[string]any // the function may change its copy
	if err := json.Unmarshal(body, &ev); err != nil {
		f.t.Errorf("invoke %s: event is not JSON: %v", name, err)
	}
	_ = json.Unmarshal(body, &recorded)
	f.mu.Lock()
	fn := f.funcs[name]
	f.calls = append(f.calls, invocation{function: name, event: recorded, raw: body})
	f.mu.Unlock()
	if fn == nil {
		w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"Type":"User","Message":"Function not found: %s"}`, name)
		return
	}
	out, err := fn(ev)
	if rr, ok := out.(*rawResult); ok {
		time.Sleep(rr.delay)
		for k, v := range rr.headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(cmpOr(rr.status, 200))
		io.WriteString(w, rr.body)
		return
	}
	if err != nil {
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		json.NewEncoder(w).Encode(map[string]any{"errorMessage": err.Error(), "errorType": "Error"})
		return
	}
	json.NewEncoder(w).Encode(out)
}

// checkLambdaSignature re-signs the request's signed headers with the
// SDK's signer for service lambda and compares the signatures.
func checkLambdaSignature(r *http.Request, body []byte) error {
	auth := r.Header.Get("Authorization")
	a, e := parseAuthorization(auth)
	if e != nil {
		return e
	}
	if a.service != "lambda" || a.accessKey != "test" || a.region != testRegion {
		return fmt.Errorf("credential scope %+v", a)
	}
	at, err := time.Parse(amzDateLayout, r.Header.Get("X-Amz-Date"))
	if err != nil {
		return err
	}
	req, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), bytes.NewReader(body))
	for _, h := range a.signedHeaders {
		if h != "host" && h != "content-length" {
			req.Header.Set(h, r.Header.Get(h))
		}
	}
	sum := sha256hex(body)
	if err := v4.NewSigner().SignHTTP(ctx(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, req, sum, "lambda", testRegion, at); err != nil {
		return err
	}
	if got, want := auth, req.Header.Get("Authorization"); got != want {
		return fmt.Errorf("signature\n got %s\nwant %s", got, want)
	}
	return nil
}

// respond returns ev with response members set, as a function does.
func respond(ev map[string]any, kv map[string]any) map[string]any {
	resp, _ := ev["response"].(map[string]any)
	if resp == nil {
		resp = map[string]any{}
	}
	for k, v := range kv {
		resp[k] = v
	}
	ev["response"] = resp
	return ev
}

// echo is a function that changes nothing.
func echo(ev map[string]any) (any, error) { return ev, nil }

func arn(name string) string { return "arn:aws:lambda:us-east-1:000000000000:function:" + name }

// newTriggerEnv is newEnv with a Lambda endpoint (and more options).
func newTriggerEnv(t *testing.T, opts ...func(*Options)) (*env, *fakeLambda) {
	t.Helper()
	fl := newFakeLambda(t)
	e := &env{t: t, clock: &clock{}, logs: &lockedBuffer{}}
	o := Options{Now: e.clock.Now, LambdaEndpoint: fl.ts.URL,
		Logger: slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, fn := range opts {
		fn(&o)
	}
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(e.answersChecked(srv))
	t.Cleanup(e.ts.Close)
	e.admin = e.client(credentials.NewStaticCredentialsProvider("test", "test", ""))
	e.anon = e.client(aws.AnonymousCredentials{})
	return e, fl
}

// triggerPool creates a pool with the given triggers (name → function).
func (e *env) triggerPool(triggers map[string]string, mutate ...func(*cip.CreateUserPoolInput)) string {
	e.t.Helper()
	lc := &types.LambdaConfigType{}
	v := reflect.ValueOf(lc).Elem()
	for trig, fn := range triggers {
		f := v.FieldByName(trig)
		if !f.IsValid() {
			e.t.Fatalf("no LambdaConfigType.%s", trig)
		}
		f.Set(reflect.ValueOf(aws.String(arn(fn))))
	}
	in := &cip.CreateUserPoolInput{PoolName: aws.String("triggers"), LambdaConfig: lc}
	for _, m := range mutate {
		m(in)
	}
	out, err := e.admin.CreateUserPool(ctx(), in)
	if err != nil {
		e.t.Fatalf("CreateUserPool: %v", err)
	}
	return *out.UserPool.Id
}

// wantEvent compares an event with the expected JSON document.
func wantEvent(t *testing.T, got map[string]any, want string) {
	t.Helper()
	var w map[string]any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation: %v", err)
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("event:\n%s\nwant:\n%s", g, want)
	}
}

func TestLambdaConfigRoundTrip(t *testing.T) {
	e, _ := newTriggerEnv(t)
	poolID := e.triggerPool(map[string]string{"DefineAuthChallenge": "define", "PreTokenGeneration": "pretoken"},
		func(in *cip.CreateUserPoolInput) {
			in.Policies = &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{
				AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp}}}
		})
	out, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		t.Fatal(err)
	}
	lc := out.UserPool.LambdaConfig
	if aws.ToString(lc.DefineAuthChallenge) != arn("define") || aws.ToString(lc.PreTokenGeneration) != arn("pretoken") ||
		lc.PreTokenGenerationConfig == nil || aws.ToString(lc.PreTokenGenerationConfig.LambdaArn) != arn("pretoken") ||
		lc.PreTokenGenerationConfig.LambdaVersion != types.PreTokenGenerationLambdaVersionTypeV10 || lc.CreateAuthChallenge != nil {
		t.Errorf("LambdaConfig = %+v", lc)
	}
	if f := out.UserPool.Policies.SignInPolicy.AllowedFirstAuthFactors; len(f) != 2 || f[1] != types.AuthFactorTypeEmailOtp {
		t.Errorf("AllowedFirstAuthFactors = %v", f)
	}
	pools, err := e.admin.ListUserPools(ctx(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(10)})
	if err != nil || aws.ToString(pools.UserPools[0].LambdaConfig.DefineAuthChallenge) != arn("define") {
		t.Fatalf("ListUserPools: %v", err)
	}

	// UpdateUserPool resets what it leaves out, LambdaConfig included.
	_, err = e.admin.UpdateUserPool(ctx(), &cip.UpdateUserPoolInput{UserPoolId: aws.String(poolID), LambdaConfig: &types.LambdaConfigType{
		PreTokenGenerationConfig: &types.PreTokenGenerationVersionConfigType{LambdaArn: aws.String(arn("v2")), LambdaVersion: types.PreTokenGenerationLambdaVersionTypeV20}}})
	if err != nil {
		t.Fatal(err)
	}
	out, _ = e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	lc = out.UserPool.LambdaConfig
	if lc.DefineAuthChallenge != nil || aws.ToString(lc.PreTokenGeneration) != arn("v2") || lc.PreTokenGenerationConfig.LambdaVersion != types.PreTokenGenerationLambdaVersionTypeV20 {
		t.Errorf("after UpdateUserPool: %+v", lc)
	}
	if f := out.UserPool.Policies.SignInPolicy.AllowedFirstAuthFactors; len(f) != 1 || f[0] != types.AuthFactorTypePassword {
		t.Errorf("SignInPolicy not reset: %v", f)
	}

	_, err = e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("bad"), LambdaConfig: &types.LambdaConfigType{PreSignUp: aws.String("not-an-arn-but-long-enough")}})
	wantAPIError(t, err, "InvalidParameterException", `1 validation error detected: Value 'not-an-arn-but-long-enough' at 'lambdaConfig.preSignUp' failed to satisfy constraint: Member must satisfy regular expression pattern: `+arnPatternText)
	_, err = e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("bad"), LambdaConfig: &types.LambdaConfigType{
		PreTokenGeneration:       aws.String(arn("a")),
		PreTokenGenerationConfig: &types.PreTokenGenerationVersionConfigType{LambdaArn: aws.String(arn("b")), LambdaVersion: types.PreTokenGenerationLambdaVersionTypeV10}}})
	wantAPIError(t, err, "InvalidParameterException", "")
	_, err = e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("bad"), LambdaConfig: &types.LambdaConfigType{
		CustomSMSSender: &types.CustomSMSLambdaVersionConfigType{LambdaArn: aws.String(arn("sms")), LambdaVersion: types.CustomSMSSenderLambdaVersionTypeV10}}})
	wantAPIError(t, err, "InvalidParameterException", "LambdaConfig.CustomSMSSender is not supported by localcognito.")
}

func TestTriggerFailures(t *testing.T) {
	e, fl := newTriggerEnv(t, func(o *Options) { o.LambdaTimeout = 300 * time.Millisecond })
	poolID := e.triggerPool(map[string]string{"PreAuthentication": "preauth"})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	e.createUser(poolID, "alice", goodPassword)
	f := fixture{poolID: poolID, clientID: clientID, username: "alice", password: goodPassword}
	tests := []struct {
		name      string
		fn        lambdaFunc
		code, msg string
	}{
		{"function error", func(map[string]any) (any, error) { return nil, errors.New("Nope, not today.") },
			"UserLambdaValidationException", "PreAuthentication failed with error Nope, not today.."},
		{"timeout", func(ev map[string]any) (any, error) { return &rawResult{delay: time.Second, body: "{}"}, nil },
			"UnexpectedLambdaException", "PreAuthentication invocation failed due to error Socket timeout while invoking Lambda function."},
		{"not JSON", func(map[string]any) (any, error) { return &rawResult{body: "not json"}, nil },
			"InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON"},
		{"wrong shape", func(map[string]any) (any, error) { return &rawResult{body: `{"response":[1,2]}`}, nil },
			"InvalidLambdaResponseException", "Unrecognizable lambda output"},
		{"throttled", func(map[string]any) (any, error) {
			return &rawResult{status: 429, headers: map[string]string{"X-Amzn-ErrorType": "TooManyRequestsException"}, body: `{"Type":"User","message":"Rate exceeded"}`}, nil
		}, "UnexpectedLambdaException", "PreAuthentication invocation failed due to error TooManyRequestsException."},
		{"missing function", nil, "UnexpectedLambdaException", "PreAuthentication invocation failed due to error ResourceNotFoundException."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fl.set("preauth", tc.fn)
			_, err := e.passwordSignIn(clientID, "", "alice", goodPassword)
			wantAPIError(t, err, tc.code, tc.msg)
			_, err = e.signIn(poolID, clientID, "", "alice", goodPassword).run()
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
	fl.set("preauth", echo)
	e.mustTokens(f)

	// Without an endpoint every trigger fails; the log says why.
	e2, _ := newTriggerEnv(t, func(o *Options) { o.LambdaEndpoint = "" })
	p2 := e2.triggerPool(map[string]string{"PreAuthentication": "preauth"})
	c2, _ := e2.createClient(p2, false)
	e2.createUser(p2, "alice", goodPassword)
	_, err := e2.signIn(p2, c2, "", "alice", goodPassword).run()
	wantAPIError(t, err, "UnexpectedLambdaException", "PreAuthentication invocation failed due to error ResourceNotFoundException.")
	if !strings.Contains(e2.logs.String(), "no Lambda endpoint is configured") {
		t.Error("the log does not say the endpoint is missing")
	}
}

func TestPreAndPostAuthenticationEvents(t *testing.T) {
	e, fl := newTriggerEnv(t)
	poolID := e.triggerPool(map[string]string{"PreAuthentication": "pre", "PostAuthentication": "post"})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	e.createUser(poolID, "alice", goodPassword, attrs("email", "alice@example.com")...)
	fl.set("pre", echo)
	fl.set("post", echo)
	_, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPassword}, ClientMetadata: map[string]string{"app": "web"}})
	if err != nil {
		t.Fatal(err)
	}
	sub := adminGetAttr(t, e, poolID, "alice", "sub")
	pre, post := fl.invocations("pre"), fl.invocations("post")
	if len(pre) != 1 || len(post) != 1 {
		t.Fatalf("pre %d, post %d invocations", len(pre), len(post))
	}
	wantEvent(t, pre[0].event, `{"version":"1","region":"us-east-1","userPoolId":"`+poolID+`","userName":"alice",
		"callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"`+clientID+`"},
		"triggerSource":"PreAuthentication_Authentication",
		"request":{"userAttributes":{"sub":"`+sub+`","email":"alice@example.com","cognito:user_status":"CONFIRMED"},"validationData":{"app":"web"}},
		"response":{}}`)
	wantEvent(t, post[0].event, `{"version":"1","region":"us-east-1","userPoolId":"`+poolID+`","userName":"alice",
		"callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"`+clientID+`"},
		"triggerSource":"PostAuthentication_Authentication",
		"request":{"userAttributes":{"sub":"`+sub+`","email":"alice@example.com","cognito:user_status":"CONFIRMED"}},
		"response":{}}`)

	// A failing post authentication fails the sign-in.
	fl.set("post", func(map[string]any) (any, error) { return nil, errors.New("audit log is down") })
	_, err = e.signIn(poolID, clientID, "", "alice", goodPassword).run()
	wantAPIError(t, err, "UserLambdaValidationException", "PostAuthentication failed with error audit log is down.")
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
