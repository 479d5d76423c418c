package localcognito

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/awsmodel"
)

// answersChecked wraps srv so that every answer it gives the test is held
// to AWS's model of Cognito (internal/awsmodel): a success to the
// operation's output shape, an error to the errors the operation declares
// and the protocol's common ones. Requests are not checked here: tests
// send malformed ones on purpose.
func (e *env) answersChecked(srv http.Handler) http.Handler {
	t := e.t
	m, err := awsmodel.Cognito()
	if err != nil {
		t.Fatal(err)
	}
	rec := &awsmodel.Recorder{Model: m, Check: func(ex awsmodel.Exchange) {
		answered.note(ex)
		if err := m.CheckAnswer(ex); err != nil {
			t.Errorf("answer outside AWS's model: %v\nrequest: %.400s\nanswer (%d): %.400s", err, ex.Request, ex.Status, ex.Response)
		}
	}}
	return rec.Wrap(srv)
}

// answered is which operations the package's tests saw succeed and fail.
var answered = &coverage{ok: map[string]bool{}, failed: map[string]bool{}}

type coverage struct {
	mu         sync.Mutex
	ok, failed map[string]bool
}

func (c *coverage) note(ex awsmodel.Exchange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ex.Status == http.StatusOK {
		c.ok[ex.Op] = true
	} else {
		c.failed[ex.Op] = true
	}
}

// missing lists the operations of s not yet seen both succeed and fail.
func (c *coverage) missing(s *Server) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for op := range s.operations() {
		if !c.ok[op] {
			out = append(out, op+" (success)")
		}
		if !c.failed[op] {
			out = append(out, op+" (error)")
		}
	}
	slices.Sort(out)
	return out
}

// TestMain, after a run of the whole package, fails it unless every
// operation the server implements answered at least one success and one
// error, each held to the model.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		if missing := answered.missing(&Server{}); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: answers never checked against AWS's model: %v\n", missing)
			code = 1
		}
	}
	os.Exit(code)
}

// TestModelCoverage sends every operation the server implements the
// requests the rest of the suite has no need for: an empty body, which
// it must refuse, and requests the model allows (required members only)
// naming things that do not exist, then a pool with no such user, then a
// signed-in user, then a deleted one. Their answers are
// checked as every test's are; TestMain checks that each operation has
// answered both a success and an error.
func TestModelCoverage(t *testing.T) {
	e := newEnv(t)
	m, err := awsmodel.Cognito()
	if err != nil {
		t.Fatal(err)
	}
	ops := slices.Sorted(maps.Keys(e.srv.ops))
	for _, op := range ops {
		if resp, out := e.call(op, `{}`); resp.StatusCode == http.StatusOK {
			t.Errorf("%s {}: %v, want an error", op, out)
		}
	}

	// Model-valid values for every required member of these operations.
	nowhere := map[string]any{
		"UserPoolId": "us-east-1_Nowhere00", "ClientId": "nowhere0000000000000000001",
		"Username": "nobody", "Password": "Nowhere-Passw0rd!", "ProposedPassword": "Nowhere-Passw0rd!",
		"AccessToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "RefreshToken": "nowhere", "Token": "nowhere",
		"DeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000", "UserCode": "123456",
		"Code": "123456", "ConfirmationCode": "123456", "AttributeName": "email",
		"UserAttributes": []map[string]string{{"Name": "email", "Value": "nobody@example.com"}},
		"AuthFlow":       "USER_SRP_AUTH", "ChallengeName": "PASSWORD_VERIFIER",
		"PoolName": "nowhere", "ClientName": "nowhere", "MaxResults": 60,
	}
	probe := func(op string, values map[string]any) {
		t.Helper()
		body := map[string]any{}
		for _, k := range m.Shapes[m.Operations[op].Input.Shape].Required {
			if body[k] = values[k]; body[k] == nil {
				t.Fatalf("%s: no value for %s", op, k)
			}
		}
		b, _ := json.Marshal(body)
		if err := m.CheckInput(op, b); err != nil {
			t.Fatalf("probe outside the model: %v", err)
		}
		e.call(op, string(b))
	}
	with := func(kv ...any) map[string]any {
		v := maps.Clone(nowhere)
		for i := 0; i < len(kv); i += 2 {
			v[kv[i].(string)] = kv[i+1]
		}
		return v
	}
	// Each operation in turn: its own pools, as some operations end them.
	for _, op := range ops {
		probe(op, nowhere)
		f := e.fixture()
		probe(op, with("UserPoolId", f.poolID, "ClientId", f.clientID))
		for _, deleted := range []bool{false, true} {
			f := e.fixture()
			tok := e.mustTokens(f)
			if deleted {
				if _, err := e.admin.AdminDeleteUser(ctx(), &cip.AdminDeleteUserInput{UserPoolId: &f.poolID, Username: &f.username}); err != nil {
					t.Fatal(err)
				}
			}
			probe(op, with("UserPoolId", f.poolID, "ClientId", f.clientID, "Username", f.username,
				"AccessToken", *tok.AccessToken, "RefreshToken", *tok.RefreshToken, "Token", *tok.RefreshToken))
		}
	}
}

// call posts a body to op, signed for the admin operations.
func (e *env) call(op, body string) (*http.Response, map[string]any) {
	e.t.Helper()
	var sign func(*http.Request, string)
	if e.srv.ops[op].admin {
		sign = signer("test", "test", e.clock.Now())
	}
	return e.raw(op, body, sign)
}
