package localcognito

import (
	"log/slog"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"
)

// newDurableEnv is newEnv with Options.DataDir; restart then stops the
// server and starts another on the same directory.
func newDurableEnv(t *testing.T, dir string) *env {
	t.Helper()
	return newEnvWith(t, Options{DataDir: dir})
}

// newEnvWith is newEnv with options; the clock and the log are the env's.
func newEnvWith(t *testing.T, opts Options) *env {
	t.Helper()
	e := &env{t: t, clock: &clock{}, logs: &lockedBuffer{}}
	opts.Now = e.clock.Now
	opts.Logger = slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.start(opts)
	return e
}

func (e *env) start(opts Options) {
	e.t.Helper()
	srv, err := New(opts)
	if err != nil {
		e.t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(e.answersChecked(srv))
	ts := e.ts
	e.t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	e.admin = e.client(credentials.NewStaticCredentialsProvider("test", "test", ""))
	e.anon = e.client(aws.AnonymousCredentials{})
}

func (e *env) restart() {
	e.t.Helper()
	e.ts.Close()
	if err := e.srv.Close(); err != nil {
		e.t.Fatalf("Close: %v", err)
	}
	e.start(e.srv.opts)
}

func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	e := newDurableEnv(t, dir)
	f := e.fixture()
	secretClient, clientSecret := e.createClient(f.poolID, true)
	d := e.devicePool(f, false) // remembers devices; UpdateUserPool resets MFA
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	totpSecret := e.enrolTOTP(f)

	out, err := e.deviceSignIn(f, d, d.secret.Password) // the device vouches: no TOTP
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("device sign-in: %v %+v", err, out)
	}
	kept := out.AuthenticationResult
	sign := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	res, err := sign.run()
	if err != nil || res.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("sign-in without the device: %v %+v", err, res)
	}
	done, err := e.answer(f, res.ChallengeName, res.Session, "SOFTWARE_TOKEN_MFA_CODE", e.totp(totpSecret, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.anon.RevokeToken(ctx(), &cip.RevokeTokenInput{ClientId: aws.String(f.clientID), Token: done.AuthenticationResult.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	_, _ = e.signIn(f.poolID, f.clientID, "", f.username, "Wr0ng-password!").run() // a lockout failure
	poolID, signUpClient, signUpSecret := e.signUpPool()
	if _, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(signUpClient), Username: aws.String("sue"),
		SecretHash: aws.String(secretHash(signUpClient, signUpSecret, "sue")), Password: aws.String(goodPassword),
		UserAttributes: attrs("email", "sue@example.com")}); err != nil {
		t.Fatal(err)
	}
	code := e.lastCode(poolID, "sue", kindSignUp)
	oldKeys := e.jwksKeys(f.poolID)

	e.restart()

	// The signing key: a token from before verifies against the new JWKS.
	if _, err := jwt.Parse(*kept.IdToken, func(tok *jwt.Token) (any, error) {
		return e.jwksKeys(f.poolID)[tok.Header["kid"].(string)], nil
	}, jwt.WithValidMethods([]string{"RS256"})); err != nil {
		t.Fatalf("an ID token from before the restart: %v", err)
	}
	if !reflect.DeepEqual(oldKeys, e.jwksKeys(f.poolID)) {
		t.Fatal("the JWKS changed across the restart")
	}
	// Access tokens and their sessions.
	if _, err := e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: kept.AccessToken}); err != nil {
		t.Fatalf("GetUser with an access token from before: %v", err)
	}
	_, err = e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: done.AuthenticationResult.AccessToken})
	wantAPIError(t, err, "NotAuthorizedException", msgTokenRevoked)
	// Refresh tokens: the kept one works, the revoked one stays revoked.
	if _, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": *kept.RefreshToken, "DEVICE_KEY": d.key}}); err != nil {
		t.Fatalf("refresh after restart: %v", err)
	}
	_, err = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": *done.AuthenticationResult.RefreshToken}})
	wantAPIError(t, err, "NotAuthorizedException", msgRefreshRevoked)
	// The client and its secret.
	desc, err := e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(secretClient)})
	if err != nil || aws.ToString(desc.UserPoolClient.ClientSecret) != clientSecret {
		t.Fatalf("the client with a secret: %v", err)
	}
	if err := e.signIn(f.poolID, secretClient, clientSecret, f.username, f.password).initiate(); err != nil {
		t.Fatalf("SECRET_HASH with the kept secret: %v", err)
	}
	// The password (SRP), the device and TOTP: the device skips MFA again.
	out, err = e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("device sign-in after restart: %v %+v", err, out)
	}
	res, err = e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	if err != nil || res.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("password after restart: %v %+v", err, res)
	}
	if _, err := e.answer(f, res.ChallengeName, res.Session, "SOFTWARE_TOKEN_MFA_CODE", e.totp(totpSecret, 0)); err != nil {
		t.Fatalf("TOTP after restart: %v", err)
	}
	devs, err := e.admin.AdminListDevices(ctx(), &cip.AdminListDevicesInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)})
	if err != nil || len(devs.Devices) != 1 || *devs.Devices[0].DeviceKey != d.key {
		t.Fatalf("devices after restart: %v %+v", err, devs)
	}
	// Pending codes and the outbox.
	if got := e.lastCode(poolID, "sue", kindSignUp); got != code {
		t.Fatalf("outbox after restart: code %q, want %q", got, code)
	}
	if _, err := e.anon.ConfirmSignUp(ctx(), &cip.ConfirmSignUpInput{ClientId: aws.String(signUpClient), Username: aws.String("sue"),
		SecretHash: aws.String(secretHash(signUpClient, signUpSecret, "sue")), ConfirmationCode: aws.String(code)}); err != nil {
		t.Fatalf("a sign-up code from before the restart: %v", err)
	}
	// Settings.
	mfa, err := e.admin.GetUserPoolMfaConfig(ctx(), &cip.GetUserPoolMfaConfigInput{UserPoolId: aws.String(f.poolID)})
	if err != nil || mfa.MfaConfiguration != types.UserPoolMfaTypeOptional {
		t.Fatalf("MFA configuration after restart: %v %+v", err, mfa)
	}

	// The lockout counter survived; the successful sign-ins since reset it.
	e.restart()
	for range 2 {
		_, _ = e.signIn(f.poolID, f.clientID, "", f.username, "Wr0ng-password!").run()
	}
	e.restart()
	e.srv.store.mu.Lock()
	failures := e.srv.store.pools[f.poolID].users[f.username].lock.failures
	e.srv.store.mu.Unlock()
	if failures != 2 {
		t.Fatalf("lockout failures after restart = %d, want 2", failures)
	}
}

func secretHash(clientID, secret, username string) string {
	return (&signIn{clientID: clientID, secret: secret}).secretHash(username)
}

func TestRestartKeepsDeletionsAndRotation(t *testing.T) {
	e := newDurableEnv(t, t.TempDir())
	f := e.fixture()
	g := e.fixture()
	if _, err := e.admin.AdminDeleteUser(ctx(), &cip.AdminDeleteUserInput{UserPoolId: aws.String(g.poolID), Username: aws.String(g.username)}); err != nil {
		t.Fatal(err)
	}
	other := e.createPool("doomed")
	e.createClient(other, false)
	if _, err := e.admin.DeleteUserPool(ctx(), &cip.DeleteUserPoolInput{UserPoolId: aws.String(other)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID),
		ExplicitAuthFlows:    []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
		RefreshTokenRotation: &types.RefreshTokenRotationType{Feature: types.FeatureTypeEnabled, RetryGracePeriodSeconds: aws.Int32(0)}}); err != nil {
		t.Fatal(err)
	}
	first := e.mustTokens(f).RefreshToken
	rotated, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: first})
	if err != nil {
		t.Fatal(err)
	}
	e.restart()

	_, err = e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(g.poolID), Username: aws.String(g.username)})
	wantAPIError(t, err, "UserNotFoundException", "")
	_, err = e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(other)})
	wantAPIError(t, err, "ResourceNotFoundException", "")
	_, err = e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: first})
	wantAPIError(t, err, "NotAuthorizedException", "")
	if _, err := e.anon.GetTokensFromRefreshToken(ctx(), &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID),
		RefreshToken: rotated.AuthenticationResult.RefreshToken}); err != nil {
		t.Fatalf("the rotated refresh token after restart: %v", err)
	}
	pools, err := e.admin.ListUserPools(ctx(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	if err != nil || len(pools.UserPools) != 2 {
		t.Fatalf("pools after restart: %v %d", err, len(pools.UserPools))
	}
}

// TestUnchangedRecordsAreNotRewritten: reads, and InitiateAuth, touch
// users without writing them.
func TestUnchangedRecordsAreNotRewritten(t *testing.T) {
	e := newDurableEnv(t, t.TempDir())
	f := e.fixture()
	e.mustTokens(f)
	before := e.srv.durable.committed
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	if err := s.initiate(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)}); err != nil {
		t.Fatal(err)
	}
	if after := e.srv.durable.committed; after != before {
		t.Fatalf("reads committed %d batches", after-before)
	}
	if _, err := s.respond(s.responses()); err != nil {
		t.Fatal(err)
	}
	if e.srv.durable.committed == before {
		t.Fatal("a sign-in's session was not written")
	}
}

func TestDataDirIsLocked(t *testing.T) {
	dir := t.TempDir()
	newDurableEnv(t, dir)
	start := time.Now()
	_, err := New(Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "locked by another process") {
		t.Fatalf("second server on the same directory: %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("waited too long for the lock")
	}
}

// TestSeedOnExistingData: with a data directory, a seed loaded at every
// start adds what is missing and resets nothing.
func TestSeedOnExistingData(t *testing.T) {
	e := newDurableEnv(t, t.TempDir())
	if err := e.srv.LoadSeedFile("testdata/seed.yaml"); err != nil {
		t.Fatal(err)
	}
	const pool, client = "us-east-1_DemoPool1", "democlient00000000000000001"
	f := fixture{poolID: pool, clientID: client, username: "demo", password: "Passw0rd!"}
	e.mustTokens(f)
	if _, err := e.admin.AdminSetUserPassword(ctx(), &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(pool), Username: aws.String("demo"),
		Password: aws.String(goodPassword), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.AdminDeleteUser(ctx(), &cip.AdminDeleteUserInput{UserPoolId: aws.String(pool), Username: aws.String("newbie")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.UpdateUserPoolClient(ctx(), &cip.UpdateUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(client),
		ClientName: aws.String("renamed"), ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}}); err != nil {
		t.Fatal(err)
	}
	count := func() (pools, generatedClients int) {
		out, err := e.admin.ListUserPools(ctx(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range out.UserPools {
			if *p.Name == "generated" {
				cs, err := e.admin.ListUserPoolClients(ctx(), &cip.ListUserPoolClientsInput{UserPoolId: p.Id})
				if err != nil {
					t.Fatal(err)
				}
				generatedClients = len(cs.UserPoolClients)
			}
		}
		return len(out.UserPools), generatedClients
	}
	if p, c := count(); p != 2 || c != 1 {
		t.Fatalf("after the first seed: %d pools, %d clients in the generated pool", p, c)
	}

	for range 2 {
		e.restart()
		if err := e.srv.LoadSeedFile("testdata/seed.yaml"); err != nil {
			t.Fatalf("seed on existing data: %v", err)
		}
		if p, c := count(); p != 2 || c != 1 {
			t.Fatalf("after a restart and seed: %d pools, %d clients in the generated pool; want 2 and 1", p, c)
		}
		f.password = goodPassword // the changed password is kept
		e.mustTokens(f)
		got, err := e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
		if err != nil || *got.UserPoolClient.ClientName != "renamed" {
			t.Fatalf("the client's settings were reset: %v", err)
		}
		// The deleted seed user is missing, so the seed adds it again.
		if _, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(pool), Username: aws.String("newbie")}); err != nil {
			t.Fatalf("newbie was not re-created: %v", err)
		}
	}
	// A bad seed adds nothing, even with data.
	err := e.srv.LoadSeed(strings.NewReader("pools:\n  - name: more\n  - id: bad id\n    name: x\n"))
	if err == nil {
		t.Fatal("a bad seed loaded")
	}
	if p, _ := count(); p != 2 {
		t.Fatalf("a bad seed added pools: %d", p)
	}
}

// TestRecordsCoverEveryField fails when a field is added to a stored type
// without being added to its record in persist.go: it would silently not
// survive a restart.
func TestRecordsCoverEveryField(t *testing.T) {
	stored := map[reflect.Type][]string{
		reflect.TypeFor[userPool](): {"id", "name", "policy", "autoVerify", "mfa", "devices", "usernameAttrs", "aliasAttrs",
			"caseInsensitive", "created", "modified", "users", "lambda", "firstFactors", "required"},
		reflect.TypeFor[poolMFA]():        {"mode", "sms", "totp", "email"},
		reflect.TypeFor[appClient]():      {"id", "poolID", "name", "secret", "authFlows", "rotation", "preventExistence", "created", "modified"},
		reflect.TypeFor[rotationConfig](): {"graceSeconds"},
		reflect.TypeFor[user](): {"username", "sub", "attrs", "status", "enabled", "created", "modified", "salt", "verifier",
			"codes", "mfa", "lock", "devices"},
		reflect.TypeFor[pendingCode](): {"hash", "expires", "misses", "attr"},
		reflect.TypeFor[userMFA]():     {"sms", "totp", "email", "preferred", "totpSecret", "pendingTOTP"},
		reflect.TypeFor[lockout]():     {"failures", "until", "last"},
		reflect.TypeFor[device]():      {"key", "groupKey", "name", "salt", "verifier", "confirmed", "status", "created", "modified", "lastAuth"},
		reflect.TypeFor[authSession](): {"poolID", "clientID", "username", "deviceKey", "authTime", "refreshHash", "prevHash", "prevUntil", "revoked", "expires"},
	}
	for typ, want := range stored {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s has fields %v; persist.go stores %v: store the new ones in its record, then list them here", typ.Name(), got, want)
		}
	}
}
