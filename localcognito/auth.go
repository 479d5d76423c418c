package localcognito

import (
	"crypto/hmac"
	"encoding/json"
	"slices"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// InitiateAuth and RespondToAuthChallenge: unauthenticated, keyed by the
// app client.

var (
	initiateFlows  = []string{"USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "USER_AUTH"}
	challengeNames = []string{"SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE", "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP"}
)

// maxSRPAHex bounds SRP_A: N is 3072 bits, so a valid A has at most 769
// hex digits (a sign byte included); longer input is only a CPU sink.
const maxSRPAHex = 800

type initiateAuthInput struct {
	AuthFlow       string            `json:"AuthFlow"`
	ClientID       string            `json:"ClientId"`
	AuthParameters map[string]string `json:"AuthParameters"`
}

func (s *Server) initiateAuth(rc *reqCtx, body []byte) (any, *apiError) {
	var in initiateAuthInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	rc.client = in.ClientID
	c, e := s.authClient(rc, in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkAuthFlow(in.AuthFlow); e != nil {
		return nil, e
	}
	if !c.allowsSRP() {
		return nil, errInvalidParameter("USER_SRP_AUTH flow not enabled for this client")
	}
	username, srpA := in.AuthParameters["USERNAME"], in.AuthParameters["SRP_A"]
	for _, p := range []struct{ name, value string }{{"USERNAME", username}, {"SRP_A", srpA}} {
		if p.value == "" {
			return nil, errMissingParameter(p.name)
		}
	}
	if e := checkSecretHash(c, username, in.AuthParameters["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u, e := s.signInUser(c.poolID, username)
	if e != nil {
		return nil, e
	}
	if len(srpA) > maxSRPAHex {
		return nil, errInvalidParameter("SRP_A is not a valid SRP value.")
	}
	srv, err := srp.NewServer(u.verifier)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	key, err := srv.Key(srpA)
	if err != nil {
		return nil, errInvalidParameter("SRP_A is not a valid SRP value.").withReason(err.Error())
	}
	block := s.issueHandle(&challengeState{kind: handleSRP, poolID: c.poolID, clientID: c.id, username: u.username, srpKey: key}, rc.now)
	return map[string]any{
		"ChallengeName": "PASSWORD_VERIFIER",
		"ChallengeParameters": map[string]string{
			"SALT": u.salt, "SRP_B": srv.B(), "SECRET_BLOCK": block,
			"USER_ID_FOR_SRP": u.username, "USERNAME": u.username,
		},
	}, nil
}

// checkAuthFlow accepts USER_SRP_AUTH and explains every other flow.
func checkAuthFlow(flow string) *apiError {
	switch {
	case flow == "":
		return errRequired("authFlow")
	case !slices.Contains(initiateFlows, flow):
		return errValidation(quote(flow), "authFlow", "Member must satisfy enum value set: ["+strings.Join(initiateFlows, ", ")+"]")
	case strings.HasPrefix(flow, "ADMIN_"):
		// Cognito's answer for admin flows sent to InitiateAuth.
		return errInvalidParameter("Initiate Auth method not supported.")
	case flow != "USER_SRP_AUTH":
		return errInvalidParameter("AuthFlow %s is not supported by localcognito yet; use USER_SRP_AUTH.", flow)
	}
	return nil
}

// authClient validates and resolves the ClientId of an auth call.
func (s *Server) authClient(rc *reqCtx, clientID string) (*appClient, *apiError) {
	if e := checkClientID("clientId", clientID); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.clients[clientID]
	if !ok {
		return nil, errClientNotFound(clientID)
	}
	rc.pool = c.poolID
	return c, nil
}

// userSnapshot is a copy of what sign-in needs, taken under the lock so
// the SRP arithmetic can run without it.
type userSnapshot struct {
	username, salt, status string
	verifier               []byte
}

func (s *Server) signInUser(poolID, username string) (*userSnapshot, *apiError) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(poolID)
	if e != nil {
		return nil, e
	}
	u := p.users[username]
	if u == nil {
		return nil, errUserNotFound()
	}
	if !u.enabled {
		return nil, errNotAuthorized(msgUserDisabled)
	}
	return &userSnapshot{username: u.username, salt: u.salt, status: u.status, verifier: slices.Clone(u.verifier)}, nil
}

// checkSecretHash enforces SECRET_HASH for clients with a secret, over
// the user name this very call carries.
func checkSecretHash(c *appClient, username, given string) *apiError {
	if c.secret == "" {
		return nil
	}
	want := srp.SecretHash(c.id, c.secret, username)
	if given == "" || !hmac.Equal([]byte(given), []byte(want)) {
		return errSecretHash(c.id)
	}
	return nil
}

type respondInput struct {
	ClientID           string            `json:"ClientId"`
	ChallengeName      string            `json:"ChallengeName"`
	Session            string            `json:"Session"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
}

func (s *Server) respondToAuthChallenge(rc *reqCtx, body []byte) (any, *apiError) {
	var in respondInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	rc.client = in.ClientID
	c, e := s.authClient(rc, in.ClientID)
	if e != nil {
		return nil, e
	}
	switch {
	case in.ChallengeName == "":
		return nil, errRequired("challengeName")
	case !slices.Contains(challengeNames, in.ChallengeName):
		return nil, errValidation(quote(in.ChallengeName), "challengeName", "Member must satisfy enum value set: ["+strings.Join(challengeNames, ", ")+"]")
	case in.ChallengeName == "PASSWORD_VERIFIER":
		return s.passwordVerifier(rc, c, in.ChallengeResponses)
	case in.ChallengeName == "NEW_PASSWORD_REQUIRED":
		return s.newPasswordRequired(rc, c, in.Session, in.ChallengeResponses)
	}
	return nil, errInvalidParameter("Challenge %s is not supported by localcognito yet.", in.ChallengeName)
}

func requireParams(m map[string]string, names ...string) *apiError {
	for _, n := range names {
		if m[n] == "" {
			return errMissingParameter(n)
		}
	}
	return nil
}

func (s *Server) passwordVerifier(rc *reqCtx, c *appClient, resp map[string]string) (any, *apiError) {
	if e := requireParams(resp, "USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"); e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, resp["USERNAME"], resp["SECRET_HASH"]); e != nil {
		return nil, e
	}
	ts := resp["TIMESTAMP"]
	t, err := srp.ParseTimestamp(ts)
	if err != nil {
		return nil, errInvalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
	}
	block := resp["PASSWORD_CLAIM_SECRET_BLOCK"]
	st, res := s.redeemHandle(handleSRP, block, rc.now)
	switch {
	case res == handleExpired:
		return nil, errNotAuthorized(msgExpiredSession).withReason(res.String())
	case res != handleOK:
		// Cognito answers a wrong SECRET_BLOCK like a wrong password.
		return nil, errIncorrectPassword("SECRET_BLOCK: " + res.String())
	case st.clientID != c.id:
		return nil, errIncorrectPassword("SECRET_BLOCK was issued to another client")
	case resp["USERNAME"] != st.username:
		return nil, errIncorrectPassword("USERNAME differs from the one the SECRET_BLOCK was issued for")
	case srp.Timestamp(t) != ts:
		// The signature covers the exact string; Cognito wants its own form.
		return nil, errIncorrectPassword("TIMESTAMP is not in canonical form")
	case t.Before(rc.now.Add(-timestampSkew)) || t.After(rc.now.Add(timestampSkew)):
		return nil, errNotAuthorized("TIMESTAMP is more than 5 minutes from the server clock; check the client's clock.")
	case !srp.Verify(st.srpKey, realmOf(st.poolID), st.username, block, ts, resp["PASSWORD_CLAIM_SIGNATURE"]):
		return nil, errIncorrectPassword("password claim signature does not verify")
	}
	return s.completeSignIn(rc, c, st.username)
}

// completeSignIn issues tokens, or the NEW_PASSWORD_REQUIRED challenge
// for users still on a temporary password.
func (s *Server) completeSignIn(rc *reqCtx, c *appClient, username string) (any, *apiError) {
	u, e := s.signInUser(c.poolID, username)
	if e != nil {
		return nil, e
	}
	if u.status == "FORCE_CHANGE_PASSWORD" {
		return s.newPasswordChallenge(rc, c, username)
	}
	return s.tokensFor(rc, c, username)
}

func (s *Server) newPasswordChallenge(rc *reqCtx, c *appClient, username string) (any, *apiError) {
	s.store.mu.Lock()
	attrs := map[string]string{}
	if u := s.store.userLocked(c.poolID, username); u != nil {
		for _, a := range u.attrs {
			attrs[a.Name] = a.Value
		}
	}
	s.store.mu.Unlock()
	userAttrs, err := json.Marshal(attrs)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	session := s.issueHandle(&challengeState{kind: handleSession, poolID: c.poolID, clientID: c.id, username: username}, rc.now)
	return map[string]any{
		"ChallengeName": "NEW_PASSWORD_REQUIRED",
		"Session":       session,
		"ChallengeParameters": map[string]string{
			"USER_ID_FOR_SRP":    username,
			"requiredAttributes": "[]",
			"userAttributes":     string(userAttrs),
		},
	}, nil
}

func (s *Server) tokensFor(rc *reqCtx, c *appClient, username string) (any, *apiError) {
	s.store.mu.Lock()
	var snapshot *user
	if u := s.store.userLocked(c.poolID, username); u != nil {
		cp := *u
		cp.attrs = slices.Clone(u.attrs)
		snapshot = &cp
	}
	s.store.mu.Unlock()
	if snapshot == nil {
		return nil, errUserNotFound()
	}
	res, err := s.issueTokens(rc, c.poolID, c.id, snapshot)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	return map[string]any{"ChallengeParameters": map[string]string{}, "AuthenticationResult": res}, nil
}

const userAttrPrefix = "userAttributes."

func (s *Server) newPasswordRequired(rc *reqCtx, c *appClient, session string, resp map[string]string) (any, *apiError) {
	if session == "" {
		return nil, errMissingParameter("Session")
	}
	if e := requireParams(resp, "USERNAME", "NEW_PASSWORD"); e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, resp["USERNAME"], resp["SECRET_HASH"]); e != nil {
		return nil, e
	}
	var attrs []attribute
	for k, v := range resp {
		if name, ok := strings.CutPrefix(k, userAttrPrefix); ok {
			attrs = append(attrs, attribute{Name: name, Value: v})
		}
	}
	if e := checkAttributes(attrs); e != nil {
		return nil, e
	}
	// Check the policy before redeeming, so a rejected password leaves
	// the session usable for another try.
	s.store.mu.Lock()
	p, e := s.store.poolLocked(c.poolID)
	s.store.mu.Unlock()
	if e != nil {
		return nil, e
	}
	policy := p.policy
	if e := checkPassword("password", resp["NEW_PASSWORD"], policy); e != nil {
		return nil, e
	}
	st, res := s.redeemHandle(handleSession, session, rc.now)
	switch {
	case res == handleExpired:
		return nil, errNotAuthorized(msgExpiredSession).withReason(res.String())
	case res != handleOK:
		return nil, errNotAuthorized(msgInvalidSession).withReason("Session: " + res.String())
	case st.clientID != c.id || st.username != resp["USERNAME"]:
		return nil, errNotAuthorized(msgInvalidSession).withReason("Session belongs to another client or user")
	}
	if e := s.changePassword(rc, c.poolID, st.username, resp["NEW_PASSWORD"], attrs); e != nil {
		return nil, e
	}
	return s.tokensFor(rc, c, st.username)
}

func (s *Server) changePassword(rc *reqCtx, poolID, username, password string, attrs []attribute) *apiError {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, u := s.store.pools[poolID], s.store.userLocked(poolID, username)
	if u == nil {
		return errUserNotFound()
	}
	if err := setPassword(p, u, password, "CONFIRMED", rc.now); err != nil {
		return errInternal().withReason(err.Error())
	}
	for _, a := range attrs {
		u.setAttr(a.Name, a.Value)
	}
	return nil
}
