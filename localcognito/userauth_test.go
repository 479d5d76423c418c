package localcognito

import (
	"net/url"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// userAuthPool is a pool whose first factors are PASSWORD, EMAIL_OTP and
// SMS_OTP, a client that allows USER_AUTH, alice (email and phone) and
// bob (email only).
func userAuthPool(t *testing.T) (*env, fixture) {
	e := newEnv(t)
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("choice"),
		Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{
			types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp, types.AuthFactorTypeSmsOtp}}}})
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{poolID: *out.UserPool.Id, username: "alice", password: goodPassword}
	f.clientID, _ = e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowUserAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	e.createUser(f.poolID, "alice", goodPassword, attrs("email", "alice@example.com", "email_verified", "true", "phone_number", "+15555550100")...)
	e.createUser(f.poolID, "bob", goodPassword, attrs("email", "bob@example.com")...)
	return e, f
}

func (e *env) userAuth(f fixture, username string, params map[string]string) (*cip.InitiateAuthOutput, error) {
	p := map[string]string{"USERNAME": username}
	for k, v := range params {
		p[k] = v
	}
	return e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserAuth, ClientId: aws.String(f.clientID), AuthParameters: p})
}

func (e *env) respondTo(f fixture, name types.ChallengeNameType, session *string, kv ...string) (*cip.RespondToAuthChallengeOutput, error) {
	r := map[string]string{"USERNAME": f.username}
	for i := 0; i < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ClientId: aws.String(f.clientID),
		ChallengeName: name, Session: session, ChallengeResponses: r})
}

// selectChallenge starts USER_AUTH without a preference.
func (e *env) selectChallenge(f fixture) *cip.InitiateAuthOutput {
	e.t.Helper()
	out, err := e.userAuth(f, f.username, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if out.ChallengeName != types.ChallengeNameTypeSelectChallenge || out.Session == nil {
		e.t.Fatalf("InitiateAuth USER_AUTH = %+v", out)
	}
	return out
}

// passwordSRP finishes a PASSWORD_VERIFIER challenge with real SRP.
func (e *env) passwordSRP(f fixture, c *srp.Client, p map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	key, err := c.Key(realmOf(f.poolID), p["USER_ID_FOR_SRP"], f.password, p["SALT"], p["SRP_B"])
	if err != nil {
		e.t.Fatal(err)
	}
	ts := srp.Timestamp(e.clock.Now())
	sig, _ := srp.Signature(key, realmOf(f.poolID), p["USER_ID_FOR_SRP"], p["SECRET_BLOCK"], ts)
	return e.respondTo(f, types.ChallengeNameTypePasswordVerifier, nil,
		"PASSWORD_CLAIM_SECRET_BLOCK", p["SECRET_BLOCK"], "PASSWORD_CLAIM_SIGNATURE", sig, "TIMESTAMP", ts)
}

func wantTokens(t *testing.T, what string, out *cip.RespondToAuthChallengeOutput, err error) {
	t.Helper()
	if err != nil || out == nil || out.AuthenticationResult == nil || out.AuthenticationResult.AccessToken == nil {
		t.Fatalf("%s: no tokens: %v %+v", what, err, out)
	}
}

func TestUserAuthSelectChallenge(t *testing.T) {
	e, f := userAuthPool(t)
	out := e.selectChallenge(f)
	want := []types.ChallengeNameType{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"}
	if !slices.Equal(out.AvailableChallenges, want) || len(out.ChallengeParameters) != 0 {
		t.Fatalf("AvailableChallenges = %v, ChallengeParameters = %v", out.AvailableChallenges, out.ChallengeParameters)
	}
	bob, err := e.userAuth(f, "bob", nil)
	if err != nil || !slices.Equal(bob.AvailableChallenges, []types.ChallengeNameType{"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"}) {
		t.Fatalf("bob without a phone: %v %v", err, bob.AvailableChallenges)
	}

	t.Run("PASSWORD", func(t *testing.T) {
		out := e.selectChallenge(f)
		_, err := e.respondTo(f, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", "PASSWORD", "PASSWORD", "Wr0ng-password!")
		wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
		out = e.selectChallenge(f)
		_, err = e.respondTo(f, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", "PASSWORD")
		wantAPIError(t, err, "InvalidParameterException", "Missing required parameter PASSWORD")
		out = e.selectChallenge(f)
		r, err := e.respondTo(f, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", "PASSWORD", "PASSWORD", f.password)
		wantTokens(t, "ANSWER PASSWORD", r, err)
	})
	t.Run("PASSWORD_SRP", func(t *testing.T) {
		out := e.selectChallenge(f)
		c, _ := srp.NewClient()
		ch, err := e.respondTo(f, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", "PASSWORD_SRP", "SRP_A", c.A())
		if err != nil || ch.ChallengeName != types.ChallengeNameTypePasswordVerifier {
			t.Fatalf("ANSWER PASSWORD_SRP: %v %+v", err, ch)
		}
		r, err := e.passwordSRP(f, c, ch.ChallengeParameters)
		wantTokens(t, "PASSWORD_VERIFIER", r, err)
	})
	for _, otp := range []struct {
		name      types.ChallengeNameType
		key, kind string
		medium    string
	}{{"EMAIL_OTP", "EMAIL_OTP_CODE", "EMAIL", "EMAIL"}, {"SMS_OTP", "SMS_OTP_CODE", "SMS", "SMS"}} {
		t.Run(string(otp.name), func(t *testing.T) {
			out := e.selectChallenge(f)
			ch, err := e.respondTo(f, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", string(otp.name))
			if err != nil || ch.ChallengeName != otp.name || ch.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"] != otp.medium || ch.Session == nil {
				t.Fatalf("ANSWER %s: %v %+v", otp.name, err, ch)
			}
			msgs := e.outbox(url.Values{"poolId": {f.poolID}, "username": {"alice"}, "kind": {kindAuthentication}})
			last := msgs[len(msgs)-1]
			if last.Channel != otp.kind || !sixDigits.MatchString(last.Code) {
				t.Fatalf("outbox: %+v", last)
			}
			_, err = e.respondTo(f, otp.name, ch.Session, otp.key, wrongCode(last.Code))
			wantAPIError(t, err, "CodeMismatchException", "")
			r, err := e.respondTo(f, otp.name, ch.Session, otp.key, last.Code)
			wantTokens(t, string(otp.name), r, err)
		})
	}
	t.Run("invalid ANSWER", func(t *testing.T) {
		out, err := e.userAuth(f, "bob", nil)
		if err != nil {
			t.Fatal(err)
		}
		g := fixture{poolID: f.poolID, clientID: f.clientID, username: "bob", password: goodPassword}
		_, err = e.respondTo(g, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", "SMS_OTP")
		wantAPIError(t, err, "InvalidParameterException", "Invalid ANSWER: choose one of AvailableChallenges.")
		r, err := e.respondTo(g, types.ChallengeNameTypeSelectChallenge, out.Session, "ANSWER", "PASSWORD", "PASSWORD", goodPassword)
		wantTokens(t, "the same Session after an invalid ANSWER", r, err)
	})
}

func TestUserAuthPreferredChallenge(t *testing.T) {
	e, f := userAuthPool(t)
	out, err := e.userAuth(f, "alice", map[string]string{"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": f.password})
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("PREFERRED_CHALLENGE PASSWORD: %v %+v", err, out)
	}
	_, err = e.userAuth(f, "alice", map[string]string{"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Wr0ng-password!"})
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")

	c, _ := srp.NewClient()
	out, err = e.userAuth(f, "alice", map[string]string{"PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": c.A()})
	if err != nil || out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("PREFERRED_CHALLENGE PASSWORD_SRP: %v %+v", err, out)
	}
	r, err := e.passwordSRP(f, c, out.ChallengeParameters)
	wantTokens(t, "PASSWORD_SRP", r, err)

	out, err = e.userAuth(f, "alice", map[string]string{"PREFERRED_CHALLENGE": "EMAIL_OTP"})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeEmailOtp || out.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "a***@e***" {
		t.Fatalf("PREFERRED_CHALLENGE EMAIL_OTP: %v %+v", err, out)
	}
	r, err = e.respondTo(f, types.ChallengeNameTypeEmailOtp, out.Session, "EMAIL_OTP_CODE", e.lastCode(f.poolID, "alice", kindAuthentication))
	wantTokens(t, "EMAIL_OTP", r, err)

	// A preference the user cannot have falls back to SELECT_CHALLENGE.
	out, err = e.userAuth(f, "bob", map[string]string{"PREFERRED_CHALLENGE": "SMS_OTP"})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSelectChallenge || len(out.AvailableChallenges) != 3 {
		t.Fatalf("PREFERRED_CHALLENGE SMS_OTP without a phone: %v %+v", err, out)
	}

	// The client must allow USER_AUTH; a default pool offers passwords only.
	other, _ := e.createClient(f.poolID, false)
	_, err = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserAuth, ClientId: aws.String(other), AuthParameters: map[string]string{"USERNAME": "alice"}})
	wantAPIError(t, err, "InvalidParameterException", "USER_AUTH flow not enabled for this client")
	plain := e.createPool("plain")
	pc, _ := e.createClient(plain, false, types.ExplicitAuthFlowsTypeAllowUserAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	e.createUser(plain, "carol", goodPassword, attrs("email", "carol@example.com")...)
	out, err = e.userAuth(fixture{clientID: pc}, "carol", nil)
	if err != nil || !slices.Equal(out.AvailableChallenges, []types.ChallengeNameType{"PASSWORD", "PASSWORD_SRP"}) {
		t.Fatalf("default SignInPolicy: %v %v", err, out.AvailableChallenges)
	}
	// AdminInitiateAuth takes USER_AUTH too.
	a, err := e.admin.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID),
		AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: map[string]string{"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": f.password}})
	if err != nil || a.AuthenticationResult == nil {
		t.Fatalf("AdminInitiateAuth USER_AUTH: %v", err)
	}
}
