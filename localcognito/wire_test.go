package localcognito

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// TestWireGolden pins the bytes of the server's answers: a scripted run
// of every operation, on a frozen clock, through the shapes each answer
// can take (members present and left out), compared with
// testdata/wire.golden once ids, keys, tokens, handles and codes are
// numbered placeholders. Member order and number formatting count.
// Regenerate with `go test ./localcognito -run TestWireGolden -update-wire`
// only when a change to the wire is intended.

var updateWire = flag.Bool("update-wire", false, "rewrite testdata/wire.golden from this run")

const wireGolden = "testdata/wire.golden"

func TestWireGolden(t *testing.T) {
	w := newWire(t)
	w.script()
	got := normalizeWire(w.log.String())
	if *updateWire {
		if err := os.WriteFile(wireGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(wireGolden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, x string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				x = wl[i]
			}
			if g != x {
				t.Fatalf("answers differ from %s at line %d:\n got %s\nwant %s", wireGolden, i+1, g, x)
			}
		}
	}
}

// wire drives a Server on a frozen clock with raw requests and keeps a
// transcript of its answers.
type wire struct {
	t   *testing.T
	srv *Server
	h   http.Handler
	now time.Time
	log strings.Builder
}

func newWire(t *testing.T) *wire {
	fl := newFakeLambda(t)
	fl.set("define", defineMath)
	fl.set("create", createMath)
	fl.set("verify", verifyMath)
	fl.set("confirm", func(ev map[string]any) (any, error) { return respond(ev, map[string]any{"autoConfirmUser": true}), nil })
	w := &wire{t: t, now: time.Date(2025, 3, 14, 15, 9, 26, 535_000_000, time.UTC)}
	srv, err := New(Options{Now: func() time.Time { return w.now }, LambdaEndpoint: fl.ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = srv
	w.h = (&env{t: t}).answersChecked(srv)
	return w
}

type obj = map[string]any

// send posts an operation, signed when it is an admin one, and records
// the answer.
func (w *wire) send(op string, in any) (int, obj) {
	w.t.Helper()
	body, ok := in.(string)
	if !ok {
		b, err := json.Marshal(in)
		if err != nil {
			w.t.Fatal(err)
		}
		body = string(b)
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("Content-Type", jsonType)
	req.Header.Set("X-Amz-Target", targetPrefix+op)
	if w.srv.ops[op].admin {
		sum := sha256.Sum256([]byte(body))
		signer("test", "test", w.now)(req, hex.EncodeToString(sum[:]))
	}
	return w.serve(op, req)
}

func (w *wire) serve(label string, req *http.Request) (int, obj) {
	w.t.Helper()
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	fmt.Fprintf(&w.log, "%s → %d %s\n%s\n\n", label, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes())
	var out obj
	if rec.Body.Len() > 0 {
		dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
		dec.UseNumber()
		if err := dec.Decode(&out); err != nil {
			w.t.Fatalf("%s: answer is not JSON: %q", label, rec.Body.Bytes())
		}
	}
	return rec.Code, out
}

func (w *wire) ok(op string, in any) obj {
	w.t.Helper()
	code, out := w.send(op, in)
	if code != http.StatusOK {
		w.t.Fatalf("%s %v: %d %v", op, in, code, out)
	}
	return out
}

func (w *wire) fail(op string, in any, typ string) {
	w.t.Helper()
	code, out := w.send(op, in)
	if code == http.StatusOK || out["__type"] != typ {
		w.t.Fatalf("%s: %d %v, want %s", op, code, out, typ)
	}
}

func (w *wire) get(path string) {
	w.t.Helper()
	if code, out := w.serve("GET "+path, httptest.NewRequest(http.MethodGet, path, nil)); code != http.StatusOK {
		w.t.Fatalf("GET %s: %d %v", path, code, out)
	}
}

// at digs a string out of an answer.
func at(v any, path ...string) string {
	for _, k := range path {
		m, _ := v.(obj)
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

// lastCode is the code of the newest outbox message.
func (w *wire) lastCode() string {
	msgs := w.srv.Outbox()
	if len(msgs) == 0 || msgs[len(msgs)-1].Code == "" {
		w.t.Fatal("no code in the outbox")
	}
	return msgs[len(msgs)-1].Code
}

func (w *wire) totp(secret string) string {
	code, err := totp.GenerateCode(secret, w.now)
	if err != nil {
		w.t.Fatal(err)
	}
	return code
}

// login is one client's view of a pool for sign-ins.
type login struct {
	w                        *wire
	poolID, clientID, secret string
	admin                    bool
}

func (l login) hash(username string) string {
	if l.secret == "" {
		return ""
	}
	return srp.SecretHash(l.clientID, l.secret, username)
}

// with adds SECRET_HASH over username when the client has a secret.
func (l login) with(username string, kv ...string) map[string]string {
	m := map[string]string{"USERNAME": username}
	if h := l.hash(username); h != "" {
		m["SECRET_HASH"] = h
	}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func (l login) initiate(flow string, params map[string]string) obj {
	l.w.t.Helper()
	op, in := "InitiateAuth", obj{"AuthFlow": flow, "ClientId": l.clientID, "AuthParameters": params}
	if l.admin {
		op, in["UserPoolId"] = "AdminInitiateAuth", l.poolID
	}
	return l.w.ok(op, in)
}

func (l login) respond(name, session string, responses map[string]string) obj {
	l.w.t.Helper()
	op, in := "RespondToAuthChallenge", obj{"ChallengeName": name, "ClientId": l.clientID, "ChallengeResponses": responses}
	if session != "" {
		in["Session"] = session
	}
	if l.admin {
		op, in["UserPoolId"] = "AdminRespondToAuthChallenge", l.poolID
	}
	return l.w.ok(op, in)
}

// srpStart sends InitiateAuth USER_SRP_AUTH (extra are more parameters).
func (l login) srpStart(username string, kv ...string) (*srp.Client, obj) {
	l.w.t.Helper()
	c, err := srp.NewClient()
	if err != nil {
		l.w.t.Fatal(err)
	}
	return c, l.initiate("USER_SRP_AUTH", l.with(username, append([]string{"SRP_A", c.A()}, kv...)...))
}

// claim answers a PASSWORD_VERIFIER challenge.
func (l login) claim(c *srp.Client, challenge obj, password string, kv ...string) obj {
	l.w.t.Helper()
	userID := at(challenge, "ChallengeParameters", "USER_ID_FOR_SRP")
	key, err := c.Key(realmOf(l.poolID), userID, password, at(challenge, "ChallengeParameters", "SALT"), at(challenge, "ChallengeParameters", "SRP_B"))
	if err != nil {
		l.w.t.Fatal(err)
	}
	block, ts := at(challenge, "ChallengeParameters", "SECRET_BLOCK"), srp.Timestamp(l.w.now)
	sig, err := srp.Signature(key, realmOf(l.poolID), userID, block, ts)
	if err != nil {
		l.w.t.Fatal(err)
	}
	return l.respond("PASSWORD_VERIFIER", "", l.with(userID, append([]string{"PASSWORD_CLAIM_SECRET_BLOCK", block,
		"PASSWORD_CLAIM_SIGNATURE", sig, "TIMESTAMP", ts}, kv...)...))
}

func (l login) srp(username, password string, kv ...string) obj {
	l.w.t.Helper()
	c, ch := l.srpStart(username, kv...)
	return l.claim(c, ch, password)
}

// proveDevice answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
func (l login) proveDevice(username, session string, d *srp.DeviceSecret, key, group string) obj {
	l.w.t.Helper()
	c, err := srp.NewClient()
	if err != nil {
		l.w.t.Fatal(err)
	}
	ch := l.respond("DEVICE_SRP_AUTH", session, l.with(username, "DEVICE_KEY", key, "SRP_A", c.A()))
	k, err := c.Key(group, key, d.Password, at(ch, "ChallengeParameters", "SALT"), at(ch, "ChallengeParameters", "SRP_B"))
	if err != nil {
		l.w.t.Fatal(err)
	}
	block, ts := at(ch, "ChallengeParameters", "SECRET_BLOCK"), srp.Timestamp(l.w.now)
	sig, err := srp.Signature(k, group, key, block, ts)
	if err != nil {
		l.w.t.Fatal(err)
	}
	return l.respond("DEVICE_PASSWORD_VERIFIER", "", l.with(username, "DEVICE_KEY", key,
		"PASSWORD_CLAIM_SECRET_BLOCK", block, "PASSWORD_CLAIM_SIGNATURE", sig, "TIMESTAMP", ts))
}

const wirePassword = "Corr3ct-Horse!"

func attrList(kv ...string) []obj {
	var out []obj
	for i := 0; i < len(kv); i += 2 {
		out = append(out, obj{"Name": kv[i], "Value": kv[i+1]})
	}
	return out
}

// script is the run the golden file records, operation group by group.
func (w *wire) script() {
	w.t.Helper()
	allFlows := []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH",
		"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH"}

	// Pools and clients.
	p1 := at(w.ok("CreateUserPool", obj{"PoolName": "plain"}), "UserPool", "Id")
	w.ok("ListUserPools", obj{"MaxResults": 10})
	c1 := at(w.ok("CreateUserPoolClient", obj{"UserPoolId": p1, "ClientName": "web", "ExplicitAuthFlows": allFlows}), "UserPoolClient", "ClientId")
	w.ok("ListUserPoolClients", obj{"UserPoolId": p1})
	w.ok("DescribeUserPoolClient", obj{"UserPoolId": p1, "ClientId": c1})
	w.fail("DescribeUserPool", obj{"UserPoolId": "us-east-1_Nowhere00"}, "ResourceNotFoundException")
	w.fail("InitiateAuth", `{"AuthFlow":`, "SerializationException")
	w.fail("CreateUserPool", obj{"PoolName": 7}, "SerializationException")

	full := obj{
		"Policies": obj{"PasswordPolicy": obj{"MinimumLength": 10, "RequireNumbers": true, "TemporaryPasswordValidityDays": 3},
			"SignInPolicy": obj{"AllowedFirstAuthFactors": []string{"PASSWORD", "EMAIL_OTP"}}},
		"AutoVerifiedAttributes": []string{"email"},
		"DeviceConfiguration":    obj{"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false},
		"LambdaConfig": obj{"DefineAuthChallenge": arn("define"), "CreateAuthChallenge": arn("create"),
			"VerifyAuthChallengeResponse": arn("verify")},
		"MfaConfiguration": "OFF",
	}
	create := obj{"PoolName": "full", "AliasAttributes": []string{"email"}, "UsernameConfiguration": obj{"CaseSensitive": false},
		"Schema": []obj{{"Name": "name", "AttributeDataType": "String", "Required": true}, {"Name": "team", "AttributeDataType": "String"}}}
	for k, v := range full {
		create[k] = v
	}
	p2 := at(w.ok("CreateUserPool", create), "UserPool", "Id")
	full["UserPoolId"] = p2
	w.ok("UpdateUserPool", full)
	w.ok("DescribeUserPool", obj{"UserPoolId": p2})
	client2 := obj{"UserPoolId": p2, "ClientName": "server", "GenerateSecret": true,
		"ExplicitAuthFlows":          []string{"ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH"},
		"RefreshTokenRotation":       obj{"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
		"PreventUserExistenceErrors": "ENABLED"}
	made := w.ok("CreateUserPoolClient", client2)
	c2, secret2 := at(made, "UserPoolClient", "ClientId"), at(made, "UserPoolClient", "ClientSecret")
	client2["ClientId"], client2["ClientName"] = c2, "server2"
	w.ok("UpdateUserPoolClient", client2)

	p3 := at(w.ok("CreateUserPool", obj{"PoolName": "emails", "UsernameAttributes": []string{"email"}, "MfaConfiguration": "ON"}), "UserPool", "Id")
	c3 := at(w.ok("CreateUserPoolClient", obj{"UserPoolId": p3, "ClientName": "web"}), "UserPoolClient", "ClientId")
	w.ok("DescribeUserPool", obj{"UserPoolId": p3})
	w.ok("GetUserPoolMfaConfig", obj{"UserPoolId": p3})

	// Admin users.
	w.ok("AdminCreateUser", obj{"UserPoolId": p1, "Username": "alice", "MessageAction": "SUPPRESS",
		"UserAttributes": attrList("email", "alice@example.com", "email_verified", "true", "phone_number", "+15555550100", "phone_number_verified", "true")})
	w.ok("AdminSetUserPassword", obj{"UserPoolId": p1, "Username": "alice", "Password": wirePassword, "Permanent": true})
	w.ok("AdminCreateUser", obj{"UserPoolId": p1, "Username": "bob", "TemporaryPassword": "Temp-Passw0rd!",
		"UserAttributes": attrList("email", "bob@example.com")})
	w.ok("AdminCreateUser", obj{"UserPoolId": p1, "Username": "bob", "MessageAction": "RESEND"})
	w.fail("AdminCreateUser", obj{"UserPoolId": p1, "Username": "bob"}, "UsernameExistsException")
	w.ok("AdminGetUser", obj{"UserPoolId": p1, "Username": "alice"})
	w.fail("AdminGetUser", obj{"UserPoolId": p1, "Username": "nobody"}, "UserNotFoundException")
	first := w.ok("ListUsers", obj{"UserPoolId": p1, "Limit": 1})
	w.ok("ListUsers", obj{"UserPoolId": p1, "PaginationToken": at(first, "PaginationToken"), "AttributesToGet": []string{"email"}})
	w.ok("ListUsers", obj{"UserPoolId": p1, "Filter": `username = "nobody"`})
	w.ok("AdminUpdateUserAttributes", obj{"UserPoolId": p1, "Username": "alice", "UserAttributes": attrList("nickname", "al")})
	w.ok("AdminDisableUser", obj{"UserPoolId": p1, "Username": "alice"})
	w.ok("AdminEnableUser", obj{"UserPoolId": p1, "Username": "alice"})

	// Sign-ins, tokens and the user's own operations in the plain pool.
	l1 := login{w: w, poolID: p1, clientID: c1}
	alice := l1.srp("alice", wirePassword)
	access, refresh := at(alice, "AuthenticationResult", "AccessToken"), at(alice, "AuthenticationResult", "RefreshToken")
	w.ok("GetUser", obj{"AccessToken": access})
	w.ok("UpdateUserAttributes", obj{"AccessToken": access, "UserAttributes": attrList("given_name", "Alice")})
	w.ok("GetUserAttributeVerificationCode", obj{"AccessToken": access, "AttributeName": "email"})
	w.ok("VerifyUserAttribute", obj{"AccessToken": access, "AttributeName": "email", "Code": w.lastCode()})
	w.ok("ChangePassword", obj{"AccessToken": access, "PreviousPassword": wirePassword, "ProposedPassword": wirePassword + "2"})
	w.ok("ChangePassword", obj{"AccessToken": access, "PreviousPassword": wirePassword + "2", "ProposedPassword": wirePassword})
	w.fail("ChangePassword", obj{"AccessToken": access, "PreviousPassword": "Wrong-Passw0rd!", "ProposedPassword": wirePassword}, "NotAuthorizedException")
	l1.initiate("USER_PASSWORD_AUTH", l1.with("alice", "PASSWORD", wirePassword))
	l1.initiate("REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": refresh})
	w.ok("RevokeToken", obj{"ClientId": c1, "Token": refresh})
	adm := login{w: w, poolID: p1, clientID: c1, admin: true}
	np := adm.initiate("ADMIN_USER_PASSWORD_AUTH", adm.with("bob", "PASSWORD", "Temp-Passw0rd!"))
	bob := adm.respond("NEW_PASSWORD_REQUIRED", at(np, "Session"), adm.with("bob", "NEW_PASSWORD", wirePassword))
	w.ok("SignUp", obj{"ClientId": c1, "Username": "carol", "Password": wirePassword, "UserAttributes": attrList("email", "carol@example.com")})
	w.ok("AdminConfirmSignUp", obj{"UserPoolId": p1, "Username": "carol"})
	w.ok("AdminResetUserPassword", obj{"UserPoolId": p1, "Username": "alice"})
	w.ok("ConfirmForgotPassword", obj{"ClientId": c1, "Username": "alice", "ConfirmationCode": w.lastCode(), "Password": wirePassword})
	w.ok("ForgotPassword", obj{"ClientId": c1, "Username": "alice"})
	w.ok("ConfirmForgotPassword", obj{"ClientId": c1, "Username": "alice", "ConfirmationCode": w.lastCode(), "Password": wirePassword})
	w.fail("ConfirmForgotPassword", obj{"ClientId": c1, "Username": "alice", "ConfirmationCode": "000000", "Password": wirePassword}, "ExpiredCodeException")

	// MFA in the plain pool: SMS, then TOTP, then a choice of both.
	w.ok("SetUserPoolMfaConfig", obj{"UserPoolId": p1, "MfaConfiguration": "OPTIONAL",
		"SmsMfaConfiguration": obj{"SmsAuthenticationMessage": "Your code is {####}"}, "SoftwareTokenMfaConfiguration": obj{"Enabled": true},
		"EmailMfaConfiguration": obj{"Message": "Your code is {####}"}})
	w.ok("GetUserPoolMfaConfig", obj{"UserPoolId": p1})
	access = at(l1.srp("alice", wirePassword), "AuthenticationResult", "AccessToken")
	w.ok("SetUserMFAPreference", obj{"AccessToken": access, "SMSMfaSettings": obj{"Enabled": true, "PreferredMfa": true}})
	sms := l1.srp("alice", wirePassword)
	access = at(l1.respond("SMS_MFA", at(sms, "Session"), l1.with("alice", "SMS_MFA_CODE", w.lastCode())), "AuthenticationResult", "AccessToken")
	w.ok("AdminGetUser", obj{"UserPoolId": p1, "Username": "alice"})
	w.ok("GetUser", obj{"AccessToken": access})
	w.ok("ListUsers", obj{"UserPoolId": p1, "Filter": `email ^= "alice"`})
	secret := at(w.ok("AssociateSoftwareToken", obj{"AccessToken": access}), "SecretCode")
	w.fail("VerifySoftwareToken", obj{"AccessToken": access, "UserCode": "000000"}, "EnableSoftwareTokenMFAException")
	w.ok("VerifySoftwareToken", obj{"AccessToken": access, "UserCode": w.totp(secret), "FriendlyDeviceName": "phone"})
	w.ok("AdminSetUserMFAPreference", obj{"UserPoolId": p1, "Username": "alice",
		"SMSMfaSettings": obj{"Enabled": true, "PreferredMfa": false}, "SoftwareTokenMfaSettings": obj{"Enabled": true}})
	sel := l1.srp("alice", wirePassword)
	soft := l1.respond("SELECT_MFA_TYPE", at(sel, "Session"), l1.with("alice", "ANSWER", "SOFTWARE_TOKEN_MFA"))
	w.fail("RespondToAuthChallenge", obj{"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": c1, "Session": at(soft, "Session"),
		"ChallengeResponses": l1.with("alice", "SOFTWARE_TOKEN_MFA_CODE", "000000")}, "CodeMismatchException")
	done := l1.respond("SOFTWARE_TOKEN_MFA", at(soft, "Session"), l1.with("alice", "SOFTWARE_TOKEN_MFA_CODE", w.totp(secret)))
	w.ok("AdminGetUser", obj{"UserPoolId": p1, "Username": "alice"})
	w.ok("GlobalSignOut", obj{"AccessToken": at(done, "AuthenticationResult", "AccessToken")})
	w.fail("GetUser", obj{"AccessToken": at(done, "AuthenticationResult", "AccessToken")}, "NotAuthorizedException")
	w.ok("AdminUserGlobalSignOut", obj{"UserPoolId": p1, "Username": "alice"})
	w.ok("DeleteUser", obj{"AccessToken": at(bob, "AuthenticationResult", "AccessToken")})
	w.ok("AdminDeleteUser", obj{"UserPoolId": p1, "Username": "carol"})

	// The full pool: sign-up with codes, devices, rotation, USER_AUTH,
	// CUSTOM_AUTH, required attributes and hidden users.
	l2 := login{w: w, poolID: p2, clientID: c2, secret: secret2}
	w.ok("SignUp", obj{"ClientId": c2, "SecretHash": l2.hash("dave"), "Username": "dave", "Password": wirePassword,
		"UserAttributes": attrList("email", "dave@example.com", "name", "Dave")})
	w.ok("ResendConfirmationCode", obj{"ClientId": c2, "SecretHash": l2.hash("dave"), "Username": "dave"})
	w.ok("ConfirmSignUp", obj{"ClientId": c2, "SecretHash": l2.hash("dave"), "Username": "dave", "ConfirmationCode": w.lastCode()})
	w.ok("ForgotPassword", obj{"ClientId": c2, "SecretHash": l2.hash("nobody@example.com"), "Username": "nobody@example.com"})
	w.ok("ResendConfirmationCode", obj{"ClientId": c2, "SecretHash": l2.hash("+15555550199"), "Username": "+15555550199"})
	l2.srpStart("nobody") // the simulated challenge of PreventUserExistenceErrors
	w.fail("SignUp", obj{"ClientId": c2, "SecretHash": l2.hash("eve"), "Username": "eve", "Password": wirePassword}, "InvalidParameterException")

	dave := l2.srp("dave", wirePassword)
	access = at(dave, "AuthenticationResult", "AccessToken")
	key, group := at(dave, "AuthenticationResult", "NewDeviceMetadata", "DeviceKey"), at(dave, "AuthenticationResult", "NewDeviceMetadata", "DeviceGroupKey")
	dev, err := srp.NewDeviceSecret(group, key)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ok("ConfirmDevice", obj{"AccessToken": access, "DeviceKey": key, "DeviceName": "laptop",
		"DeviceSecretVerifierConfig": obj{"PasswordVerifier": dev.PasswordVerifier, "Salt": dev.Salt}})
	w.ok("GetDevice", obj{"AccessToken": access, "DeviceKey": key})
	w.ok("AdminGetDevice", obj{"UserPoolId": p2, "Username": "dave", "DeviceKey": key})
	w.fail("GetDevice", obj{"AccessToken": access, "DeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000"}, "ResourceNotFoundException")
	w.now = w.now.Add(time.Second)
	c, ch := l2.srpStart("dave", "DEVICE_KEY", key)
	devCh := l2.claim(c, ch, wirePassword)
	devDone := l2.proveDevice("dave", at(devCh, "Session"), dev, key, group)
	w.ok("GetDevice", obj{"AccessToken": access, "DeviceKey": key})
	w.ok("UpdateDeviceStatus", obj{"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "not_remembered"})
	w.ok("AdminUpdateDeviceStatus", obj{"UserPoolId": p2, "Username": "dave", "DeviceKey": key, "DeviceRememberedStatus": "remembered"})
	w.ok("GetTokensFromRefreshToken", obj{"ClientId": c2, "ClientSecret": secret2, "DeviceKey": key,
		"RefreshToken": at(devDone, "AuthenticationResult", "RefreshToken")})
	w.now = w.now.Add(time.Second)
	second := l2.srp("dave", wirePassword)
	key2, group2 := at(second, "AuthenticationResult", "NewDeviceMetadata", "DeviceKey"), at(second, "AuthenticationResult", "NewDeviceMetadata", "DeviceGroupKey")
	dev2, err := srp.NewDeviceSecret(group2, key2)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ok("ConfirmDevice", obj{"AccessToken": access, "DeviceKey": key2,
		"DeviceSecretVerifierConfig": obj{"PasswordVerifier": dev2.PasswordVerifier, "Salt": dev2.Salt}})
	page1 := w.ok("ListDevices", obj{"AccessToken": access, "Limit": 1})
	w.ok("ListDevices", obj{"AccessToken": access, "PaginationToken": at(page1, "PaginationToken")})
	w.ok("AdminListDevices", obj{"UserPoolId": p2, "Username": "dave"})
	w.ok("ForgetDevice", obj{"AccessToken": access, "DeviceKey": key2})
	w.ok("AdminForgetDevice", obj{"UserPoolId": p2, "Username": "dave", "DeviceKey": key})
	w.ok("AdminListDevices", obj{"UserPoolId": p2, "Username": "dave"})
	w.ok("UpdateUserAttributes", obj{"AccessToken": access, "UserAttributes": attrList("email", "dave@example.org")})

	choose := l2.initiate("USER_AUTH", l2.with("dave"))
	c, _ = srp.NewClient()
	pv := l2.respond("SELECT_CHALLENGE", at(choose, "Session"), l2.with("dave", "ANSWER", "PASSWORD_SRP", "SRP_A", c.A()))
	l2.claim(c, pv, wirePassword)
	choose = l2.initiate("USER_AUTH", l2.with("dave"))
	otp := l2.respond("SELECT_CHALLENGE", at(choose, "Session"), l2.with("dave", "ANSWER", "EMAIL_OTP"))
	l2.respond("EMAIL_OTP", at(otp, "Session"), l2.with("dave", "EMAIL_OTP_CODE", w.lastCode()))
	l2.initiate("USER_AUTH", l2.with("dave", "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", wirePassword))

	custom := l2.initiate("CUSTOM_AUTH", l2.with("dave"))
	custom = l2.respond("CUSTOM_CHALLENGE", at(custom, "Session"), l2.with("dave", "ANSWER", "5"))
	l2.respond("CUSTOM_CHALLENGE", at(custom, "Session"), l2.with("dave", "ANSWER", "4"))
	c, _ = srp.NewClient()
	ch = l2.initiate("CUSTOM_AUTH", l2.with("dave", "CHALLENGE_NAME", "SRP_A", "SRP_A", c.A()))
	l2.claim(c, ch, wirePassword)

	w.ok("AdminCreateUser", obj{"UserPoolId": p2, "Username": "frank", "TemporaryPassword": "Temp-Passw0rd1", "MessageAction": "SUPPRESS"})
	np = l2.srp("frank", "Temp-Passw0rd1")
	l2.respond("NEW_PASSWORD_REQUIRED", at(np, "Session"), l2.with("frank", "NEW_PASSWORD", wirePassword+"1", "userAttributes.name", "Frank"))

	// The email pool: UUID user names and MFA set up during sign-in.
	l3 := login{w: w, poolID: p3, clientID: c3}
	made = w.ok("SignUp", obj{"ClientId": c3, "Username": "gina@example.com", "Password": wirePassword})
	w.ok("AdminConfirmSignUp", obj{"UserPoolId": p3, "Username": "gina@example.com"})
	setup := l3.srp("gina@example.com", wirePassword)
	gina := at(made, "UserSub")
	assoc := w.ok("AssociateSoftwareToken", obj{"Session": at(setup, "Session")})
	verified := w.ok("VerifySoftwareToken", obj{"Session": at(assoc, "Session"), "UserCode": w.totp(at(assoc, "SecretCode"))})
	l3.respond("MFA_SETUP", at(verified, "Session"), l3.with(gina))
	w.ok("AdminGetUser", obj{"UserPoolId": p3, "Username": "gina@example.com"})
	w.ok("ListUsers", obj{"UserPoolId": p3})

	// A sign-up a trigger confirms.
	p4 := at(w.ok("CreateUserPool", obj{"PoolName": "confirmed", "LambdaConfig": obj{"PreSignUp": arn("confirm")}}), "UserPool", "Id")
	c4 := at(w.ok("CreateUserPoolClient", obj{"UserPoolId": p4, "ClientName": "web"}), "UserPoolClient", "ClientId")
	w.ok("SignUp", obj{"ClientId": c4, "Username": "hal", "Password": wirePassword})

	// The documents beside the API.
	w.get("/" + p1 + "/.well-known/jwks.json")
	w.get("/" + p1 + "/.well-known/openid-configuration")
	w.get(outboxPath + "?poolId=" + p1 + "&username=alice")

	w.ok("DeleteUserPoolClient", obj{"UserPoolId": p1, "ClientId": c1})
	w.ok("ListUserPoolClients", obj{"UserPoolId": p1, "MaxResults": 5})
	w.ok("DeleteUserPool", obj{"UserPoolId": p3})
	w.fail("DeleteUserPool", obj{"UserPoolId": p3}, "ResourceNotFoundException")

	// Attributes no user has: an empty list, never null.
	w.ok("ListUsers", obj{"UserPoolId": p1, "AttributesToGet": []string{"locale"}})
}

// wireKeyed are members whose string values vary from run to run.
var wireKeyed = regexp.MustCompile(`"(SALT|SRP_B|SECRET_BLOCK|Session|AccessToken|IdToken|RefreshToken|ClientSecret|SecretCode|` +
	`DeviceGroupKey|PaginationToken|NextToken|n|kid|code)":"((?:[^"\\]|\\.)*)"`)

// wirePatterns are values that vary wherever they appear, in the order
// they are replaced.
var wirePatterns = []struct {
	name string
	re   *regexp.Regexp
}{
	{"device", regexp.MustCompile(`us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)},
	{"uuid", regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)},
	{"pool", regexp.MustCompile(`us-east-1_[0-9A-Za-z]{9}\b`)},
	{"client", regexp.MustCompile(`\b[a-z0-9]{26}\b`)},
	{"digits", regexp.MustCompile(`\b[0-9]{6}\b`)},
}

// normalizeWire numbers every varying value by its first appearance, so
// the same value keeps the same placeholder throughout.
func normalizeWire(s string) string {
	seen := map[string]string{}
	count := map[string]int{}
	name := func(class, v string) string {
		if p, ok := seen[v]; ok {
			return p
		}
		count[class]++
		p := fmt.Sprintf("<%s#%d>", class, count[class])
		seen[v] = p
		return p
	}
	s = wireKeyed.ReplaceAllStringFunc(s, func(m string) string {
		sub := wireKeyed.FindStringSubmatch(m)
		return `"` + sub[1] + `":"` + name(sub[1], sub[2]) + `"`
	})
	for _, p := range wirePatterns {
		s = p.re.ReplaceAllStringFunc(s, func(m string) string {
			if ph, ok := seen[m]; ok {
				return ph
			}
			return name(p.name, m)
		})
	}
	return s
}
