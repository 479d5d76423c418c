package localcognito

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// walkStrings calls fn for every string and byte slice reachable from v,
// unexported fields included.
func walkStrings(v reflect.Value, seen map[uintptr]bool, fn func(where string, b []byte)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
		}
		walkStrings(v.Elem(), seen, fn)
	case reflect.String:
		fn(v.Type().String(), []byte(v.String()))
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			fn(v.Type().String(), v.Bytes())
			return
		}
		for i := range v.Len() {
			walkStrings(v.Index(i), seen, fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkStrings(it.Key(), seen, fn)
			walkStrings(it.Value(), seen, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkStrings(v.Field(i), seen, fn)
		}
	}
}

func TestStoreHoldsNoPlaintextPassword(t *testing.T) {
	e := newEnv(t)
	f, out := newPasswordFixture(t, e) // temporary password "Temp0rary!pass"
	if _, err := e.answerNewPassword(f, out.Session, "N3w-Passw0rd!"); err != nil {
		t.Fatal(err)
	}
	g := e.fixture()
	if err := e.srv.LoadSeedFile("testdata/seed.yaml"); err != nil {
		t.Fatal(err)
	}
	e.mustTokens(g)
	secrets := []string{"Temp0rary!pass", "N3w-Passw0rd!", g.password, "Passw0rd!", "Temp0rary!"}
	checked, sawClientSecret := 0, false
	walkStrings(reflect.ValueOf(e.srv.store), map[uintptr]bool{}, func(where string, b []byte) {
		checked++
		// Positive control: client secrets are stored, so the walk must find one.
		sawClientSecret = sawClientSecret || bytes.Contains(b, []byte("fixedsecret0000"))
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("store holds password %q in a %s", s, where)
			}
		}
	})
	if checked < 20 || !sawClientSecret {
		t.Fatalf("walked %d values without finding the seeded client secret; the walker is broken", checked)
	}
}

func TestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	clientID, clientSecret := e.createClient(f.poolID, true)

	s := e.signIn(f.poolID, clientID, clientSecret, f.username, f.password)
	srpClient, err := srp.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	r := s.responses()
	res, err := s.respond(r)
	if err != nil {
		t.Fatal(err)
	}
	// A failing attempt and a forced password change log too.
	_, _ = e.signIn(f.poolID, clientID, clientSecret, f.username, "Wr0ng-password!").run()
	g, out := newPasswordFixture(t, e)
	if _, err := e.answerNewPassword(g, out.Session, "N3w-Passw0rd!"); err != nil {
		t.Fatal(err)
	}
	_, _ = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": f.username, "SRP_A": srpClient.A(), "SECRET_HASH": "bm90LWl0"}})

	logs := e.logs.String()
	p := s.challenge.ChallengeParameters
	secrets := map[string]string{
		"password": f.password, "wrong password": "Wr0ng-password!", "temporary password": g.password,
		"new password": "N3w-Passw0rd!", "client secret": clientSecret, "SECRET_HASH": r["SECRET_HASH"],
		"SRP_A": srpClient.A()[:64], "SRP_B": p["SRP_B"][:64], "SALT": p["SALT"], "SECRET_BLOCK": p["SECRET_BLOCK"][:40],
		"signature": r["PASSWORD_CLAIM_SIGNATURE"], "session": aws.ToString(out.Session)[:40],
		"id token": *res.AuthenticationResult.IdToken, "access token": *res.AuthenticationResult.AccessToken,
		"refresh token": *res.AuthenticationResult.RefreshToken,
	}
	for name, secret := range secrets {
		if secret == "" {
			t.Fatalf("%s is empty; the test is broken", name)
		}
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains the %s", name)
		}
	}
	for _, want := range []string{`"op":"InitiateAuth"`, `"op":"RespondToAuthChallenge"`, `"op":"CreateUserPool"`,
		`"pool":"` + f.poolID + `"`, `"client":"` + clientID + `"`, `"error":"NotAuthorizedException"`,
		`"reason":"password claim signature does not verify"`, `"duration"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
}
