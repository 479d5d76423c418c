package localcognito

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// jwksKeys fetches the pool's JWKS and returns its keys by kid.
func (e *env) jwksKeys(poolID string) map[string]*rsa.PublicKey {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/"+poolID+"/.well-known/jwks.json", nil)
	resp, body := e.do(req)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("jwks status %d", resp.StatusCode)
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range body["keys"].([]any) {
		m := k.(map[string]any)
		if m["alg"] != "RS256" || m["kty"] != "RSA" || m["use"] != "sig" {
			e.t.Fatalf("unexpected JWK %v", m)
		}
		n, _ := base64.RawURLEncoding.DecodeString(m["n"].(string))
		ex, _ := base64.RawURLEncoding.DecodeString(m["e"].(string))
		keys[m["kid"].(string)] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(ex).Int64())}
	}
	return keys
}

// verifyToken checks an RS256 token against the JWKS and the issuer.
func verifyToken(t *testing.T, token string, keys map[string]*rsa.PublicKey, iss string) (jwt.MapClaims, map[string]any) {
	t.Helper()
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		return keys[tok.Header["kid"].(string)], nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(iss), jwt.WithExpirationRequired())
	if err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	return claims, parsed.Header
}

func TestSignInIssuesTokensVerifiableWithJWKS(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	res := e.mustTokens(f)
	if res.ExpiresIn != 3600 || aws.ToString(res.TokenType) != "Bearer" || aws.ToString(res.RefreshToken) == "" {
		t.Fatalf("unexpected result %+v", res)
	}
	iss := e.ts.URL + "/" + f.poolID
	keys := e.jwksKeys(f.poolID)

	id, header := verifyToken(t, *res.IdToken, keys, iss)
	if len(header) != 2 || header["alg"] != "RS256" || header["kid"] == "" {
		t.Errorf("header = %v, want just alg and kid", header)
	}
	for k, want := range map[string]any{
		"aud": f.clientID, "token_use": "id", "cognito:username": f.username,
		"email": "alice@example.com", "email_verified": true,
	} {
		if id[k] != want {
			t.Errorf("id token %s = %v, want %v", k, id[k], want)
		}
	}
	access, _ := verifyToken(t, *res.AccessToken, keys, iss)
	for k, want := range map[string]any{
		"client_id": f.clientID, "token_use": "access", "username": f.username,
		"scope": "aws.cognito.signin.user.admin",
	} {
		if access[k] != want {
			t.Errorf("access token %s = %v, want %v", k, access[k], want)
		}
	}
	if _, ok := access["aud"]; ok {
		t.Error("access token has aud; Cognito's has client_id instead")
	}
	for _, c := range []jwt.MapClaims{id, access} {
		for _, k := range []string{"sub", "event_id", "jti", "origin_jti"} {
			if s, _ := c[k].(string); !uuidPattern.MatchString(s) {
				t.Errorf("%s claim %s = %v, want a UUID", c["token_use"], k, c[k])
			}
		}
		for _, k := range []string{"auth_time", "iat", "exp"} {
			if _, ok := c[k].(float64); !ok {
				t.Errorf("%s claim %s = %v, want a number", c["token_use"], k, c[k])
			}
		}
		if c["exp"].(float64)-c["iat"].(float64) != 3600 {
			t.Errorf("%s token lifetime is not an hour", c["token_use"])
		}
	}
	if id["sub"] != access["sub"] || id["origin_jti"] != access["origin_jti"] || id["jti"] == access["jti"] {
		t.Error("tokens should share sub and origin_jti and differ in jti")
	}

	sub := adminGetAttr(t, e, f.poolID, f.username, "sub")
	if id["sub"] != sub {
		t.Errorf("token sub %v != AdminGetUser sub %v", id["sub"], sub)
	}
}

func adminGetAttr(t *testing.T, e *env, poolID, username, name string) string {
	t.Helper()
	out, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String(username)})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range out.UserAttributes {
		if *a.Name == name {
			return *a.Value
		}
	}
	return ""
}

func TestOpenIDConfigurationAgreesWithTokens(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/"+f.poolID+"/.well-known/openid-configuration", nil)
	resp, doc := e.do(req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	iss := e.ts.URL + "/" + f.poolID
	if doc["issuer"] != iss || doc["jwks_uri"] != iss+"/.well-known/jwks.json" {
		t.Fatalf("openid-configuration = %v", doc)
	}
	for _, doc := range []string{"jwks.json", "openid-configuration"} {
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/us-east-1_Missing00/.well-known/"+doc, nil)
		resp, body := e.do(req)
		if resp.StatusCode != http.StatusNotFound || body["__type"] != "ResourceNotFoundException" {
			t.Errorf("%s of unknown pool: %d %v", doc, resp.StatusCode, body)
		}
	}
}

func TestIssuerOption(t *testing.T) {
	srv, err := New(Options{Issuer: "https://cognito.example/"})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := http.NewRequest(http.MethodGet, "http://ignored/", nil)
	if got := srv.issuer(r, "us-east-1_abc"); got != "https://cognito.example/us-east-1_abc" {
		t.Fatalf("issuer = %q", got)
	}
}

func TestSignInFailures(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	passwordOnly, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	customOnly, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeCustomAuthFlowOnly)
	legacy, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeUserPasswordAuth)
	tests := []struct {
		name, client, user, password, code, msg string
	}{
		{"wrong password", f.clientID, f.username, "Wr0ng-password", "NotAuthorizedException", "Incorrect username or password."},
		{"unknown user", f.clientID, "nobody", goodPassword, "UserNotFoundException", "User does not exist."},
		{"unknown client", "unknownclient0000000000000", f.username, goodPassword, "ResourceNotFoundException", "User pool client unknownclient0000000000000 does not exist."},
		{"SRP not enabled", passwordOnly, f.username, goodPassword, "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client"},
		{"legacy custom only", customOnly, f.username, goodPassword, "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.signIn(f.poolID, tc.client, "", tc.user, tc.password).run()
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
	t.Run("legacy flows keep SRP", func(t *testing.T) {
		if _, err := e.signIn(f.poolID, legacy, "", f.username, f.password).run(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestInitiateAuthValidation(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	tests := []struct {
		name   string
		flow   types.AuthFlowType
		params map[string]string
		code   string
		msg    string
	}{
		{"password flow not enabled", types.AuthFlowTypeUserPasswordAuth, map[string]string{"USERNAME": "alice", "PASSWORD": "x"}, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client"},
		{"custom flow without triggers", types.AuthFlowTypeCustomAuth, map[string]string{"USERNAME": "alice"}, "InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool."},
		{"admin flow", types.AuthFlowTypeAdminUserPasswordAuth, nil, "InvalidParameterException", "Initiate Auth method not supported."},
		{"unknown flow", "MAGIC", nil, "InvalidParameterException", ""},
		{"missing SRP_A", types.AuthFlowTypeUserSrpAuth, map[string]string{"USERNAME": "alice"}, "InvalidParameterException", "Missing required parameter SRP_A"},
		{"missing USERNAME", types.AuthFlowTypeUserSrpAuth, map[string]string{"SRP_A": "abc"}, "InvalidParameterException", "Missing required parameter USERNAME"},
		{"A is zero", types.AuthFlowTypeUserSrpAuth, map[string]string{"USERNAME": "alice", "SRP_A": "0"}, "InvalidParameterException", "SRP_A is not a valid SRP value."},
		{"A too long", types.AuthFlowTypeUserSrpAuth, map[string]string{"USERNAME": "alice", "SRP_A": strings.Repeat("f", 5000)}, "InvalidParameterException", "SRP_A is not a valid SRP value."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: tc.flow, ClientId: aws.String(f.clientID), AuthParameters: tc.params})
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
}

func TestPasswordVerifierChallengeShape(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	out := s.challenge
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier || out.Session != nil || out.AuthenticationResult != nil {
		t.Fatalf("challenge = %+v", out)
	}
	p := out.ChallengeParameters
	if p["USER_ID_FOR_SRP"] != f.username || p["USERNAME"] != f.username {
		t.Errorf("user ids = %q/%q", p["USER_ID_FOR_SRP"], p["USERNAME"])
	}
	for _, k := range []string{"SALT", "SRP_B"} {
		if _, ok := new(big.Int).SetString(strings.TrimPrefix(p[k], "-"), 16); !ok {
			t.Errorf("%s = %q is not hex", k, p[k])
		}
	}
	if _, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"]); err != nil {
		t.Errorf("SECRET_BLOCK is not base64: %v", err)
	}
}

func TestSecretHash(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	clientID, secret := e.createClient(f.poolID, true)
	wantMsg := "Unable to verify secret hash for client " + clientID
	t.Run("right", func(t *testing.T) {
		out, err := e.signIn(f.poolID, clientID, secret, f.username, f.password).run()
		if err != nil || out.AuthenticationResult == nil {
			t.Fatalf("sign-in with secret: %v", err)
		}
	})
	t.Run("missing at initiate", func(t *testing.T) {
		_, err := e.signIn(f.poolID, clientID, "", f.username, f.password).run()
		wantAPIError(t, err, "NotAuthorizedException", wantMsg)
	})
	t.Run("wrong at initiate", func(t *testing.T) {
		_, err := e.signIn(f.poolID, clientID, "not-the-secret", f.username, f.password).run()
		wantAPIError(t, err, "NotAuthorizedException", wantMsg)
	})
	for _, tc := range []struct{ name, hash string }{{"missing at respond", ""}, {"wrong at respond", "AAAA"}} {
		t.Run(tc.name, func(t *testing.T) {
			s := e.signIn(f.poolID, clientID, secret, f.username, f.password)
			if err := s.initiate(); err != nil {
				t.Fatal(err)
			}
			r := s.responses()
			r["SECRET_HASH"] = tc.hash
			_, err := s.respond(r)
			wantAPIError(t, err, "NotAuthorizedException", wantMsg)
			// The refusal did not burn the SECRET_BLOCK.
			r["SECRET_HASH"] = srp.SecretHash(clientID, secret, f.username)
			if _, err := s.respond(r); err != nil {
				t.Fatalf("retry with the right hash: %v", err)
			}
		})
	}
}

func TestSecretBlockIsSingleUse(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	r := s.responses()
	if _, err := s.respond(r); err != nil {
		t.Fatal(err)
	}
	_, err := s.respond(r)
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")

	t.Run("a failed attempt burns it too", func(t *testing.T) {
		bad := e.signIn(f.poolID, f.clientID, "", f.username, "Wr0ng-password!")
		if err := bad.initiate(); err != nil {
			t.Fatal(err)
		}
		_, err := bad.respond(bad.responses())
		wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		bad.key, bad.timestamp = nil, ""
		good := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
		good.challenge = bad.challenge
		// Re-derive nothing: the block is gone whatever the proof.
		_, err = good.respond(map[string]string{
			"USERNAME": f.username, "PASSWORD_CLAIM_SECRET_BLOCK": bad.challenge.ChallengeParameters["SECRET_BLOCK"],
			"PASSWORD_CLAIM_SIGNATURE": "AAAA", "TIMESTAMP": srp.Timestamp(e.clock.Now()),
		})
		wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	})
}

func TestSecretBlockTampering(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	other, _ := e.createClient(f.poolID, false)
	tests := []struct {
		name   string
		mutate func(s *signIn, r map[string]string)
		code   string
		msg    string
	}{
		{"forged block", func(s *signIn, r map[string]string) {
			r["PASSWORD_CLAIM_SECRET_BLOCK"] = base64.StdEncoding.EncodeToString(make([]byte, 80))
		}, "NotAuthorizedException", "Incorrect username or password."},
		{"not base64", func(s *signIn, r map[string]string) { r["PASSWORD_CLAIM_SECRET_BLOCK"] = "%%%" }, "NotAuthorizedException", "Incorrect username or password."},
		{"other client", func(s *signIn, r map[string]string) { s.clientID = other }, "NotAuthorizedException", "Incorrect username or password."},
		{"other user name", func(s *signIn, r map[string]string) { r["USERNAME"] = "mallory" }, "NotAuthorizedException", "Incorrect username or password."},
		{"bad signature", func(s *signIn, r map[string]string) { r["PASSWORD_CLAIM_SIGNATURE"] = "AAAA" }, "NotAuthorizedException", "Incorrect username or password."},
		{"missing signature", func(s *signIn, r map[string]string) { delete(r, "PASSWORD_CLAIM_SIGNATURE") }, "InvalidParameterException", "Missing required parameter PASSWORD_CLAIM_SIGNATURE"},
		{"bad timestamp", func(s *signIn, r map[string]string) { r["TIMESTAMP"] = "yesterday" }, "InvalidParameterException", "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."},
		{"zero-padded day", func(s *signIn, r map[string]string) {
			r["TIMESTAMP"] = "Tue Jan 01 06:06:09 UTC 2019"
		}, "NotAuthorizedException", "Incorrect username or password."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
			if err := s.initiate(); err != nil {
				t.Fatal(err)
			}
			r := s.responses()
			tc.mutate(s, r)
			_, err := s.respond(r)
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
}

func TestTimestampSkew(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	for _, skew := range []time.Duration{-6 * time.Minute, 6 * time.Minute} {
		s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
		if err := s.initiate(); err != nil {
			t.Fatal(err)
		}
		s.timestamp = srp.Timestamp(e.clock.Now().Add(skew))
		_, err := s.respond(s.responses())
		wantAPIError(t, err, "NotAuthorizedException", "TIMESTAMP is more than 5 minutes from the server clock; check the client's clock.")
	}
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	s.timestamp = srp.Timestamp(e.clock.Now().Add(-4 * time.Minute))
	if _, err := s.respond(s.responses()); err != nil {
		t.Fatalf("4 minutes of skew should pass: %v", err)
	}
}

func TestSecretBlockExpires(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(3*time.Minute + time.Second)
	_, err := s.respond(s.responses())
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	e.srv.store.mu.Lock()
	e.srv.store.pools[f.poolID].users[f.username].enabled = false
	e.srv.store.mu.Unlock()
	_, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	wantAPIError(t, err, "NotAuthorizedException", "User is disabled.")
}

// newPasswordFixture makes a FORCE_CHANGE_PASSWORD user and answers
// PASSWORD_VERIFIER, returning the NEW_PASSWORD_REQUIRED challenge.
func newPasswordFixture(t *testing.T, e *env) (fixture, *cip.RespondToAuthChallengeOutput) {
	t.Helper()
	f := fixture{poolID: e.createPool("forced"), username: "bob", password: "Temp0rary!pass"}
	f.clientID, _ = e.createClient(f.poolID, false)
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{
		UserPoolId: aws.String(f.poolID), Username: aws.String(f.username), TemporaryPassword: aws.String(f.password),
		MessageAction:  types.MessageActionTypeSuppress,
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("bob@example.com")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	if err != nil {
		t.Fatal(err)
	}
	return f, out
}

func (e *env) answerNewPassword(f fixture, session *string, password string) (*cip.RespondToAuthChallengeOutput, error) {
	return e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: aws.String(f.clientID), Session: session,
		ChallengeResponses: map[string]string{"USERNAME": f.username, "NEW_PASSWORD": password, "userAttributes.name": "Bob"},
	})
}

func TestForcedPasswordChange(t *testing.T) {
	e := newEnv(t)
	f, out := newPasswordFixture(t, e)
	if out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || out.Session == nil || out.AuthenticationResult != nil {
		t.Fatalf("want NEW_PASSWORD_REQUIRED with a Session, got %+v", out)
	}
	var attrs map[string]string
	if err := json.Unmarshal([]byte(out.ChallengeParameters["userAttributes"]), &attrs); err != nil || attrs["email"] != "bob@example.com" {
		t.Fatalf("userAttributes = %q (%v)", out.ChallengeParameters["userAttributes"], err)
	}
	if out.ChallengeParameters["requiredAttributes"] != "[]" || out.ChallengeParameters["USER_ID_FOR_SRP"] != f.username {
		t.Fatalf("challenge parameters = %v", out.ChallengeParameters)
	}

	_, err := e.answerNewPassword(f, out.Session, "weakpassword")
	wantAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters")

	done, err := e.answerNewPassword(f, out.Session, "N3w-Passw0rd!")
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("answering with a good password: %v", err)
	}
	_, err = e.answerNewPassword(f, out.Session, "N3w-Passw0rd!")
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")

	got, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)})
	if err != nil || got.UserStatus != types.UserStatusTypeConfirmed {
		t.Fatalf("status after change = %v (%v)", got.UserStatus, err)
	}
	if adminGetAttr(t, e, f.poolID, f.username, "name") != "Bob" {
		t.Error("userAttributes.name was not applied")
	}
	f.password = "N3w-Passw0rd!"
	e.mustTokens(f)
	_, err = e.signIn(f.poolID, f.clientID, "", f.username, "Temp0rary!pass").run()
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
}

func TestNewPasswordSessionChecks(t *testing.T) {
	e := newEnv(t)
	t.Run("expired", func(t *testing.T) {
		f, out := newPasswordFixture(t, e)
		e.clock.Advance(4 * time.Minute)
		_, err := e.answerNewPassword(f, out.Session, "N3w-Passw0rd!")
		wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
	})
	t.Run("a SECRET_BLOCK is not a Session", func(t *testing.T) {
		f, _ := newPasswordFixture(t, e)
		s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
		if err := s.initiate(); err != nil {
			t.Fatal(err)
		}
		_, err := e.answerNewPassword(f, aws.String(s.challenge.ChallengeParameters["SECRET_BLOCK"]), "N3w-Passw0rd!")
		wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	})
	t.Run("missing", func(t *testing.T) {
		f, _ := newPasswordFixture(t, e)
		_, err := e.answerNewPassword(f, nil, "N3w-Passw0rd!")
		wantAPIError(t, err, "InvalidParameterException", "Missing required parameter Session")
	})
}
