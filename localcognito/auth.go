package localcognito

import (
	"crypto/hmac"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// InitiateAuth, AdminInitiateAuth and the first steps of every flow.

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
	UserPoolID     string            `json:"UserPoolId"`
	AuthParameters map[string]string `json:"AuthParameters"`
}

func (s *Server) initiateAuth(rc *reqCtx, in *initiateAuthInput) (*initiateAuthOutput, *apiError) {
	return s.startAuth(rc, in, false)
}

func (s *Server) adminInitiateAuth(rc *reqCtx, in *initiateAuthInput) (*initiateAuthOutput, *apiError) {
	return s.startAuth(rc, in, true)
}

func (s *Server) startAuth(rc *reqCtx, in *initiateAuthInput, admin bool) (*initiateAuthOutput, *apiError) {
	c, e := s.authClientOf(rc, in.ClientID, in.UserPoolID, admin)
	if e != nil {
		return nil, e
	}
	if e := checkAuthFlow(in.AuthFlow, admin); e != nil {
		return nil, e
	}
	if !c.allows(in.AuthFlow) {
		return nil, errFlowNotEnabled(in.AuthFlow)
	}
	params := in.AuthParameters
	if params == nil {
		params = map[string]string{}
	}
	switch in.AuthFlow {
	case "USER_SRP_AUTH":
		return s.startSRP(rc, c, params, admin)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return s.refreshAuth(rc, c, params)
	case "CUSTOM_AUTH":
		return s.startCustomAuth(rc, c, params, admin)
	case "USER_AUTH":
		return s.startUserAuth(rc, c, params, admin)
	}
	return s.passwordAuth(rc, c, params, admin)
}

// authClientOf resolves the client; admin calls also name its pool.
func (s *Server) authClientOf(rc *reqCtx, clientID, poolID string, admin bool) (*appClient, *apiError) {
	if admin {
		rc.pool = poolID
		if e := checkPoolID("userPoolId", poolID); e != nil {
			return nil, e
		}
	}
	rc.client = clientID
	c, e := s.authClient(rc, clientID)
	if e != nil {
		return nil, e
	}
	if admin && c.poolID != poolID {
		return nil, errClientNotFound(clientID)
	}
	return c, nil
}

// checkAuthFlow accepts the flows localcognito implements and explains
// every other one.
func checkAuthFlow(flow string, admin bool) *apiError {
	switch {
	case flow == "":
		return errRequired("authFlow")
	case !slices.Contains(initiateFlows, flow):
		return errValidation(quote(flow), "authFlow", "Member must satisfy enum value set: ["+strings.Join(initiateFlows, ", ")+"]")
	case strings.HasPrefix(flow, "ADMIN_") != admin && flow != "USER_SRP_AUTH" && !strings.HasPrefix(flow, "REFRESH_TOKEN") &&
		flow != "CUSTOM_AUTH" && flow != "USER_AUTH":
		// Cognito's answer for admin flows sent to InitiateAuth and
		// USER_PASSWORD_AUTH sent to AdminInitiateAuth.
		return errInvalidParameter("Initiate Auth method not supported.")
	}
	return nil
}

func errFlowNotEnabled(flow string) *apiError {
	switch flow {
	case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
		return errInvalidParameter("Auth flow not enabled for this client")
	case "REFRESH_TOKEN":
		flow = "REFRESH_TOKEN_AUTH"
	}
	return errInvalidParameter("%s flow not enabled for this client", flow)
}

// authClient validates and resolves the ClientId of an auth call.
func (s *Server) authClient(rc *reqCtx, clientID string) (*appClient, *apiError) {
	rc.client = clientID
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

func requireParams(m map[string]string, names ...string) *apiError {
	for _, n := range names {
		if m[n] == "" {
			return errMissingParameter(n)
		}
	}
	return nil
}

// userSnapshot is a copy of what SRP sign-in needs, taken under the lock
// so the arithmetic can run without it.
type userSnapshot struct {
	username, salt, status string
	verifier               []byte
}

// signInUser finds a user who may attempt a sign-in now.
func (s *Server) signInUser(rc *reqCtx, poolID, username string) (*userSnapshot, *apiError) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(poolID)
	if e != nil {
		return nil, e
	}
	u := s.store.lookupLocked(p, username)
	if e := checkSignIn(rc, u); e != nil {
		return nil, e
	}
	return &userSnapshot{username: u.username, salt: u.salt, status: u.status, verifier: slices.Clone(u.verifier)}, nil
}

// checkSignIn refuses unknown, disabled, reset and locked-out users.
func checkSignIn(rc *reqCtx, u *user) *apiError {
	switch {
	case u == nil:
		return errUserNotFound()
	case !u.enabled:
		return errNotAuthorized(msgUserDisabled)
	case u.status == "RESET_REQUIRED":
		return newError(http.StatusBadRequest, "PasswordResetRequiredException", "Password reset required for the user")
	case u.lock.locked(rc.now):
		return errLockedOut()
	}
	return nil
}

func (s *Server) startSRP(rc *reqCtx, c *appClient, params map[string]string, admin bool) (*initiateAuthOutput, *apiError) {
	username, srpA := params["USERNAME"], params["SRP_A"]
	if e := requireParams(params, "USERNAME", "SRP_A"); e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u, e := s.signInUser(rc, c.poolID, username)
	if hidesUser(c, e) {
		return s.fakeSRPChallenge(rc, c, username, srpA, admin)
	}
	if e != nil {
		return nil, e
	}
	if e := s.preAuthentication(rc, c, u.username); e != nil {
		return nil, e
	}
	key, srpB, e := s.serverExchange(u.verifier, srpA, !c.preventExistence)
	if e != nil {
		return nil, e
	}
	block := s.issueHandle(&challengeState{kind: handleSRP, poolID: c.poolID, clientID: c.id, username: u.username,
		srpKey: key, deviceKey: params["DEVICE_KEY"], admin: admin}, rc.now)
	return passwordVerifierOutput(u.salt, srpB, block, u.username), nil
}

// serverExchange is the verifier's side of one SRP exchange: the claim key
// for SRP_A against verifier, and the SRP_B to send. An oversized or
// invalid SRP_A is refused in Cognito's words. cache says whether the
// verifier may be prepared (verifierCache): not for clients that prevent
// user existence errors, where a prepared verifier's faster answer would
// tell an active user from an unknown name.
func (s *Server) serverExchange(verifier []byte, srpA string, cache bool) (key []byte, srpB string, e *apiError) {
	if len(srpA) > maxSRPAHex {
		return nil, "", errInvalidParameter("SRP_A is not a valid SRP value.")
	}
	newServer := srp.NewServer
	if cache {
		newServer = s.verifiers.newServer
	}
	srv, err := newServer(verifier)
	if err != nil {
		return nil, "", errInternal().withReason(err.Error())
	}
	key, err = srv.Key(srpA)
	if err != nil {
		return nil, "", errInvalidParameter("SRP_A is not a valid SRP value.").withReason(err.Error())
	}
	return key, srv.B(), nil
}

// passwordAuth is USER_PASSWORD_AUTH and the admin password flows.
func (s *Server) passwordAuth(rc *reqCtx, c *appClient, params map[string]string, admin bool) (*initiateAuthOutput, *apiError) {
	if e := requireParams(params, "USERNAME", "PASSWORD"); e != nil {
		return nil, e
	}
	username := params["USERNAME"]
	if e := checkSecretHash(c, username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	if e := s.passwordTriggers(rc, c, username, params["PASSWORD"]); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	p, e := s.store.poolLocked(c.poolID)
	if e == nil {
		u := s.store.lookupLocked(p, username)
		if e = checkSignIn(rc, u); e == nil {
			username = u.username
			e = s.checkPasswordLocked(rc, p, u, params["PASSWORD"])
		}
	}
	s.store.mu.Unlock()
	if hidesUser(c, e) {
		e = s.hiddenFailure(rc, c.poolID, username, e.Type+" hidden by PreventUserExistenceErrors")
	}
	if e != nil {
		return nil, e
	}
	return s.afterPassword(rc, &challengeState{poolID: c.poolID, clientID: c.id, username: username,
		deviceKey: params["DEVICE_KEY"], admin: admin})
}

type respondInput struct {
	ClientID           string            `json:"ClientId"`
	UserPoolID         string            `json:"UserPoolId"`
	ChallengeName      string            `json:"ChallengeName"`
	Session            string            `json:"Session"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
}

func (s *Server) respondToAuthChallenge(rc *reqCtx, in *respondInput) (*initiateAuthOutput, *apiError) {
	return s.respond(rc, in, false)
}

func (s *Server) adminRespondToAuthChallenge(rc *reqCtx, in *respondInput) (*initiateAuthOutput, *apiError) {
	return s.respond(rc, in, true)
}

func (s *Server) respond(rc *reqCtx, in *respondInput, admin bool) (*initiateAuthOutput, *apiError) {
	c, e := s.authClientOf(rc, in.ClientID, in.UserPoolID, admin)
	if e != nil {
		return nil, e
	}
	if in.ChallengeResponses == nil {
		in.ChallengeResponses = map[string]string{}
	}
	switch {
	case in.ChallengeName == "":
		return nil, errRequired("challengeName")
	case !slices.Contains(challengeNames, in.ChallengeName):
		return nil, errValidation(quote(in.ChallengeName), "challengeName", "Member must satisfy enum value set: ["+strings.Join(challengeNames, ", ")+"]")
	case in.ChallengeName == "PASSWORD_VERIFIER":
		return s.passwordVerifier(rc, c, in.ChallengeResponses)
	case in.ChallengeName == "DEVICE_PASSWORD_VERIFIER":
		return s.devicePasswordVerifier(rc, c, in.ChallengeResponses)
	}
	h, ok := s.sessionChallenges()[in.ChallengeName]
	if !ok {
		return nil, errInvalidParameter("Challenge %s is not supported by localcognito yet.", in.ChallengeName)
	}
	return h(rc, c, in)
}

type sessionChallenge func(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError)

// sessionChallenges answer challenges that carry a Session.
func (s *Server) sessionChallenges() map[string]sessionChallenge {
	return map[string]sessionChallenge{
		"NEW_PASSWORD_REQUIRED": s.newPasswordRequired,
		"SMS_MFA":               s.answerMFACode, "EMAIL_OTP": s.answerMFACode, "SOFTWARE_TOKEN_MFA": s.answerMFACode,
		"SELECT_MFA_TYPE": s.selectMFAType, "MFA_SETUP": s.answerMFASetup,
		"DEVICE_SRP_AUTH":  s.deviceSRPAuth,
		"CUSTOM_CHALLENGE": s.answerCustomChallenge, "SELECT_CHALLENGE": s.answerSelectChallenge,
		"SMS_OTP": s.answerMFACode,
	}
}

func (s *Server) passwordVerifier(rc *reqCtx, c *appClient, resp map[string]string) (*initiateAuthOutput, *apiError) {
	if e := requireParams(resp, "USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"); e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, resp["USERNAME"], resp["SECRET_HASH"]); e != nil {
		return nil, e
	}
	st, e := s.verifyClaim(rc, c, resp, "")
	if e != nil {
		return nil, e
	}
	if !srp.Verify(st.srpKey, realmOf(st.poolID), st.username, resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]) {
		s.recordFailure(rc, st.poolID, st.username)
		return nil, errIncorrectPassword("password claim signature does not verify")
	}
	s.recordSuccess(st.poolID, st.username)
	// Clients that read the stored device key only after InitiateAuth
	// (amazon-cognito-identity-js, Amplify) send it with the claim, as
	// Cognito's API reference allows.
	if d := resp["DEVICE_KEY"]; d != "" && st.deviceKey == "" {
		st.deviceKey = d
	}
	if st.custom != nil {
		return s.afterCustomPassword(rc, st)
	}
	return s.afterPassword(rc, st)
}

// verifyClaim redeems a SECRET_BLOCK and checks everything about the
// claim but its signature. wantDevice is the DEVICE_KEY a device claim
// must name ("" for a password claim).
func (s *Server) verifyClaim(rc *reqCtx, c *appClient, resp map[string]string, wantDevice string) (*challengeState, *apiError) {
	ts := resp["TIMESTAMP"]
	t, err := srp.ParseTimestamp(ts)
	if err != nil {
		return nil, errInvalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
	}
	st, res := s.redeemHandle(handleSRP, resp["PASSWORD_CLAIM_SECRET_BLOCK"], rc.now)
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
	case (st.next == "DEVICE_PASSWORD_VERIFIER") != (wantDevice != ""):
		return nil, errIncorrectPassword("SECRET_BLOCK was issued for another challenge")
	case wantDevice != "" && wantDevice != st.deviceKey:
		return nil, errIncorrectPassword("DEVICE_KEY differs from the one the SECRET_BLOCK was issued for")
	case srp.Timestamp(t) != ts:
		// The signature covers the exact string; Cognito wants its own form.
		return nil, errIncorrectPassword("TIMESTAMP is not in canonical form")
	case t.Before(rc.now.Add(-timestampSkew)) || t.After(rc.now.Add(timestampSkew)):
		return nil, errNotAuthorized("TIMESTAMP is more than 5 minutes from the server clock; check the client's clock.")
	}
	return st, nil
}

// afterPassword runs once the password is proven: confirmation status,
// forced password change, device authentication, MFA, then tokens.
func (s *Server) afterPassword(rc *reqCtx, st *challengeState) (*initiateAuthOutput, *apiError) {
	s.store.mu.Lock()
	u := s.store.userLocked(st.poolID, st.username)
	var status string
	if u != nil {
		status = u.status
	}
	s.store.mu.Unlock()
	switch {
	case u == nil:
		return nil, errUserNotFound()
	case status == "UNCONFIRMED":
		return nil, newError(http.StatusBadRequest, "UserNotConfirmedException", "User is not confirmed.")
	case status == "FORCE_CHANGE_PASSWORD":
		return s.newPasswordChallenge(rc, st)
	}
	return s.afterNewPassword(rc, st)
}

// afterNewPassword continues a sign-in whose password is settled. A
// remembered device vouches for the user: it proves its secret and MFA
// is skipped. Otherwise MFA comes first and a known device proves its
// secret after it, as Cognito orders them: AWS's own client
// (amazon-cognito-identity-js) ends a sign-in at DEVICE_PASSWORD_VERIFIER.
func (s *Server) afterNewPassword(rc *reqCtx, st *challengeState) (*initiateAuthOutput, *apiError) {
	if st.deviceKey != "" {
		remembered, e := s.deviceRemembered(st)
		if e != nil {
			return nil, e
		}
		if remembered {
			return s.challengeOut(rc, st, "DEVICE_SRP_AUTH", map[string]string{}), nil
		}
	}
	out, e := s.mfaChallenge(rc, st)
	if out != nil || e != nil {
		return out, e
	}
	return s.afterMFA(rc, st, nil)
}

// afterMFA has a known device prove its secret, then issues tokens.
// spent is the MFA challenge's Session, answered just now, if any.
func (s *Server) afterMFA(rc *reqCtx, st *challengeState, spent *spentSession) (*initiateAuthOutput, *apiError) {
	if st.deviceKey == "" {
		return s.tokensFor(rc, st)
	}
	d, e := s.signInDevice(st)
	switch {
	case e != nil:
		return nil, e
	case !d.confirmed:
		return s.tokensFor(rc, st)
	case spent != nil:
		return s.carryOn(rc, st, spent, "DEVICE_SRP_AUTH"), nil
	}
	return s.challengeOut(rc, st, "DEVICE_SRP_AUTH", map[string]string{}), nil
}

// spentSession is a Session just redeemed, and its state's id.
type spentSession struct{ handle, id string }

// carryOn asks the next challenge under the Session just answered, made
// good for that challenge alone: amazon-cognito-identity-js answers
// DEVICE_SRP_AUTH with the Session it answered MFA with, not the one
// that came back.
func (s *Server) carryOn(rc *reqCtx, st *challengeState, spent *spentSession, name string) *initiateAuthOutput {
	next := *st
	next.kind, next.next, next.srpKey, next.code, next.misses = handleSession, name, nil, nil, 0
	s.restoreHandle(spent.id, &next, rc.now)
	return &initiateAuthOutput{ChallengeName: name, ChallengeParameters: map[string]string{}, Session: spent.handle}
}

// challengeOut issues a Session for the next challenge and shapes the
// response.
func (s *Server) challengeOut(rc *reqCtx, st *challengeState, name string, params map[string]string) *initiateAuthOutput {
	next := *st
	next.kind, next.next, next.srpKey = handleSession, name, nil
	return &initiateAuthOutput{ChallengeName: name, ChallengeParameters: params, Session: s.issueHandle(&next, rc.now)}
}

func (s *Server) newPasswordChallenge(rc *reqCtx, st *challengeState) (*initiateAuthOutput, *apiError) {
	s.store.mu.Lock()
	attrs := map[string]string{}
	var missing []string
	if u := s.store.userLocked(st.poolID, st.username); u != nil {
		for _, a := range u.attrs {
			attrs[a.Name] = a.Value
		}
		missing = missingRequired(s.store.pools[st.poolID], u.attrs)
	}
	s.store.mu.Unlock()
	userAttrs, err := json.Marshal(attrs)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	return s.challengeOut(rc, st, "NEW_PASSWORD_REQUIRED", map[string]string{
		"USER_ID_FOR_SRP":    st.username,
		"requiredAttributes": requiredAttributesParam(missing),
		"userAttributes":     string(userAttrs),
	}), nil
}

// tokensFor ends a sign-in. Pools that remember devices get a new
// device's metadata unless the sign-in came from a known device.
func (s *Server) tokensFor(rc *reqCtx, st *challengeState) (*initiateAuthOutput, *apiError) {
	s.store.mu.Lock()
	var snapshot *user
	var meta *newDeviceMetadataType
	deviceKey := st.deviceKey
	p := s.store.pools[st.poolID]
	if u := s.store.userLocked(st.poolID, st.username); u != nil {
		if p.devices != nil && (deviceKey == "" || u.devices[deviceKey] == nil) {
			meta = s.newDeviceLocked(rc, u)
			deviceKey = meta.DeviceKey
		}
		cp := *u
		cp.attrs = slices.Clone(u.attrs)
		snapshot = &cp
	}
	s.store.mu.Unlock()
	if snapshot == nil {
		return nil, errUserNotFound()
	}
	if e := s.beforeTokens(rc, st, snapshot, meta != nil); e != nil {
		return nil, e
	}
	res, err := s.issueTokens(rc, st.poolID, st.clientID, snapshot, deviceKey)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	res.NewDeviceMetadata = meta
	return tokensOutput(res), nil
}

// takeSession redeems a challenge Session for the named challenge and
// user. On a wrong answer the caller may put it back with restoreSession.
func (s *Server) takeSession(rc *reqCtx, c *appClient, in *respondInput) (*challengeState, string, *apiError) {
	if in.Session == "" {
		return nil, "", errMissingParameter("Session")
	}
	if e := requireParams(in.ChallengeResponses, "USERNAME"); e != nil {
		return nil, "", e
	}
	if e := checkSecretHash(c, in.ChallengeResponses["USERNAME"], in.ChallengeResponses["SECRET_HASH"]); e != nil {
		return nil, "", e
	}
	id, st, res := s.redeemHandleID(handleSession, in.Session, rc.now)
	switch {
	case res == handleExpired:
		return nil, "", errNotAuthorized(msgExpiredSession).withReason(res.String())
	case res != handleOK:
		return nil, "", errNotAuthorized(msgInvalidSession).withReason("Session: " + res.String())
	case st.clientID != c.id || st.username != in.ChallengeResponses["USERNAME"]:
		return nil, "", errNotAuthorized(msgInvalidSession).withReason("Session belongs to another client or user")
	case st.next != in.ChallengeName:
		return nil, "", errNotAuthorized(msgInvalidSession).withReason("Session was issued for " + st.next)
	}
	return st, id, nil
}

const userAttrPrefix = "userAttributes."

func (s *Server) newPasswordRequired(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	resp := in.ChallengeResponses
	if in.Session == "" {
		return nil, errMissingParameter("Session")
	}
	if e := requireParams(resp, "USERNAME", "NEW_PASSWORD"); e != nil {
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
	st, id, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	// Every required attribute the user lacks must be answered; if one is
	// not, the session stays usable for another try.
	s.store.mu.Lock()
	var missing []string
	if u := s.store.userLocked(st.poolID, st.username); u != nil {
		missing = missingRequired(s.store.pools[st.poolID], slices.Concat(u.attrs, attrs))
	}
	s.store.mu.Unlock()
	if len(missing) > 0 {
		s.restoreHandle(id, st, rc.now)
		return nil, errMissingChallengeAttributes(missing)
	}
	if e := s.changePassword(rc, c.poolID, st.username, resp["NEW_PASSWORD"], attrs); e != nil {
		return nil, e
	}
	return s.afterNewPassword(rc, st)
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
