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
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

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
	// Only a whole run can have covered every operation: not one that
	// filters tests or only lists them (make bench lists the benchmarks).
	whole := true
	for _, f := range []string{"test.run", "test.skip", "test.list"} {
		whole = whole && flag.Lookup(f).Value.String() == ""
	}
	if code == 0 && whole {
		if missing := answered.missing(&Server{}); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: answers never checked against AWS's model: %v\n", missing)
			code = 1
		}
	}
	os.Exit(code)
}

// TestModelCoverage sends every operation the server implements the
// requests the rest of the suite has no need for: an empty body, which it
// must refuse, and requests the model allows (every member there is a
// value for below) about a user in each state below. Their answers are
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

	// Model-valid values for every required member of these operations,
	// and some optional ones, naming nothing that exists.
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
	// Each state makes a pool whose user, or its absence, is in it, with
	// the tokens the user had from before it came to be so, if any. After
	// a success the next operation gets a fresh one, as some operations end
	// pools, clients, users and tokens.
	type tokens = *types.AuthenticationResultType
	signedIn := func() (fixture, tokens) {
		f := e.fixture()
		return f, e.mustTokens(f)
	}
	then := func(f fixture, tok tokens, err error) (fixture, tokens) {
		if err != nil {
			t.Fatal(err)
		}
		return f, tok
	}
	states := map[string]func() (fixture, tokens){
		"no such pool": func() (fixture, tokens) {
			return fixture{poolID: "us-east-1_Nowhere00", clientID: "nowhere0000000000000000001", username: "nobody"}, nil
		},
		"no such user": func() (fixture, tokens) {
			f := e.fixture()
			f.username = "nobody"
			return f, nil
		},
		"signed in": signedIn,
		"deleted": func() (fixture, tokens) {
			f, tok := signedIn()
			_, err := e.admin.AdminDeleteUser(ctx(), &cip.AdminDeleteUserInput{UserPoolId: &f.poolID, Username: &f.username})
			return then(f, tok, err)
		},
		"disabled": func() (fixture, tokens) {
			f, tok := signedIn()
			_, err := e.admin.AdminDisableUser(ctx(), &cip.AdminDisableUserInput{UserPoolId: &f.poolID, Username: &f.username})
			return then(f, tok, err)
		},
		"reset required": func() (fixture, tokens) {
			f, tok := signedIn()
			_, err := e.admin.AdminResetUserPassword(ctx(), &cip.AdminResetUserPasswordInput{UserPoolId: &f.poolID, Username: &f.username})
			return then(f, tok, err)
		},
		"unconfirmed": func() (fixture, tokens) {
			f := fixture{poolID: e.createPool("unconfirmed"), username: "uma", password: goodPassword}
			f.clientID, _ = e.createClient(f.poolID, false)
			_, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: &f.clientID, Username: &f.username, Password: &f.password,
				UserAttributes: attrs("email", "uma@example.com")})
			return then(f, nil, err)
		},
		"must change password": func() (fixture, tokens) {
			f := fixture{poolID: e.createPool("temporary"), username: "tom", password: goodPassword}
			f.clientID, _ = e.createClient(f.poolID, false)
			_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: &f.poolID, Username: &f.username,
				TemporaryPassword: &f.password, MessageAction: types.MessageActionTypeSuppress})
			return then(f, nil, err)
		},
	}
	for _, state := range slices.Sorted(maps.Keys(states)) {
		var f fixture
		var tok tokens
		fresh := true
		for _, op := range ops {
			if fresh {
				f, tok = states[state]()
			}
			values := maps.Clone(nowhere)
			values["UserPoolId"], values["ClientId"], values["Username"] = f.poolID, f.clientID, f.username
			if tok != nil {
				values["AccessToken"], values["RefreshToken"], values["Token"] = *tok.AccessToken, *tok.RefreshToken, *tok.RefreshToken
			}
			in := m.Shapes[m.Operations[op].Input.Shape]
			body := map[string]any{}
			for k := range in.Members {
				if v, ok := values[k]; ok {
					body[k] = v
				}
			}
			for _, k := range in.Required {
				if body[k] == nil {
					t.Fatalf("%s: no value for %s", op, k)
				}
			}
			b, _ := json.Marshal(body)
			if err := m.CheckInput(op, b); err != nil {
				t.Fatalf("probe outside the model: %v", err)
			}
			// A refusal leaves the state as it was; a success may not.
			resp, _ := e.call(op, string(b))
			fresh = resp.StatusCode == http.StatusOK
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
