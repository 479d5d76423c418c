package localcognito

import (
	"crypto/subtle"
	"encoding/base32"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// MFA: the pool's configuration, users' preferences, and the SMS_MFA,
// EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE and MFA_SETUP challenges.

const (
	mfaSMS   = "SMS_MFA"
	mfaTOTP  = "SOFTWARE_TOKEN_MFA"
	mfaEmail = "EMAIL_OTP"
	// maxMFAMisses wrong codes end a challenge Session.
	maxMFAMisses = 3
	// Cognito words a wrong TOTP code and a wrong SMS or email code
	// differently.
	msgTOTPMismatch = "Invalid code received for user"
	msgCodeOrState  = "Invalid code or auth state for the user."
)

// poolMFA is a pool's MfaConfiguration and which factors it allows.
type poolMFA struct {
	mode             string // OFF, ON or OPTIONAL
	sms, totp, email bool
}

// userMFA is a user's MFA settings. totpSecret is the verified
// authenticator secret; pendingTOTP one awaiting VerifySoftwareToken.
type userMFA struct {
	sms, totp, email bool
	preferred        string
	totpSecret       string
	pendingTOTP      string
}

func checkMfaMode(v string) *apiError {
	if v != "" && v != "OFF" && v != "ON" && v != "OPTIONAL" {
		return errValidation(quote(v), "mfaConfiguration", "Member must satisfy enum value set: [OFF, ON, OPTIONAL]")
	}
	return nil
}

// setMode changes the mode; turning MFA on with no factor chosen enables
// SMS and TOTP, where Cognito would first ask for an SMS configuration.
func (m *poolMFA) setMode(mode string) {
	if mode == "" {
		mode = "OFF"
	}
	m.mode = mode
	if mode != "OFF" && !m.sms && !m.totp && !m.email {
		m.sms, m.totp = true, true
	}
}

type mfaConfigInput struct {
	poolRef
	MfaConfiguration              string           `json:"MfaConfiguration"`
	SmsMfaConfiguration           *json.RawMessage `json:"SmsMfaConfiguration"`
	EmailMfaConfiguration         *json.RawMessage `json:"EmailMfaConfiguration"`
	SoftwareTokenMfaConfiguration *struct {
		Enabled bool `json:"Enabled"`
	} `json:"SoftwareTokenMfaConfiguration"`
}

func (s *Server) setUserPoolMfaConfig(rc *reqCtx, in *mfaConfigInput, p *userPool) (any, *apiError) {
	if e := checkMfaMode(in.MfaConfiguration); e != nil {
		return nil, e
	}
	m := p.mfa
	if in.SmsMfaConfiguration != nil {
		m.sms = string(*in.SmsMfaConfiguration) != "null"
	}
	if in.EmailMfaConfiguration != nil {
		m.email = string(*in.EmailMfaConfiguration) != "null"
	}
	if in.SoftwareTokenMfaConfiguration != nil {
		m.totp = in.SoftwareTokenMfaConfiguration.Enabled
	}
	if in.MfaConfiguration != "" {
		m.mode = in.MfaConfiguration
	}
	if m.mode == "" {
		m.mode = "OFF"
	}
	if m.mode != "OFF" && !m.sms && !m.totp && !m.email {
		return nil, errInvalidParameter("At least one MFA type must be enabled when MfaConfiguration is %s.", m.mode)
	}
	p.mfa, p.modified = m, rc.now
	return mfaConfigView(p), nil
}

func (s *Server) getUserPoolMfaConfig(_ *reqCtx, _ *poolRef, p *userPool) (any, *apiError) {
	return mfaConfigView(p), nil
}

// mfaConfigView is the pool's MFA configuration as GetUserPoolMfaConfig
// reports it, with Cognito's default messages.
func mfaConfigView(p *userPool) *userPoolMfaConfigOutput {
	v := &userPoolMfaConfigOutput{MfaConfiguration: p.mfa.mode,
		SoftwareTokenMfaConfiguration: softwareTokenMfaConfigType{Enabled: p.mfa.totp}}
	if p.mfa.sms {
		v.SmsMfaConfiguration = &smsMfaConfigType{SmsAuthenticationMessage: "Your authentication code is {####}. "}
	}
	if p.mfa.email {
		v.EmailMfaConfiguration = &emailMfaConfigType{Message: "Your authentication code is {####}. ", Subject: "Your authentication code"}
	}
	return v
}

type mfaSettings struct {
	Enabled      bool `json:"Enabled"`
	PreferredMfa bool `json:"PreferredMfa"`
}

// mfaPreferenceInput is SetUserMFAPreference's input, by access token,
// and AdminSetUserMFAPreference's, by user name.
type mfaPreferenceInput struct {
	tokenRef
	userRef
	SMSMfaSettings           *mfaSettings `json:"SMSMfaSettings"`
	SoftwareTokenMfaSettings *mfaSettings `json:"SoftwareTokenMfaSettings"`
	EmailMfaSettings         *mfaSettings `json:"EmailMfaSettings"`
}

func (s *Server) setUserMFAPreference(rc *reqCtx, in *mfaPreferenceInput, _ *userPool, u *user) (any, *apiError) {
	return applyMFAPreference(u, in, rc.now)
}

func (s *Server) adminSetUserMFAPreference(rc *reqCtx, in *mfaPreferenceInput, _ *userPool, u *user) (any, *apiError) {
	return applyMFAPreference(u, in, rc.now)
}

// applyMFAPreference checks every change before making any.
func applyMFAPreference(u *user, in *mfaPreferenceInput, now time.Time) (any, *apiError) {
	m := u.mfa
	for _, f := range []struct {
		name    string
		set     *mfaSettings
		enabled *bool
		ready   bool
		why     string
	}{
		{mfaSMS, in.SMSMfaSettings, &m.sms, hasAttr(u, "phone_number"), "User does not have delivery config set to turn on SMS_MFA"},
		{mfaTOTP, in.SoftwareTokenMfaSettings, &m.totp, u.mfa.totpSecret != "", "User has not verified software token mfa"},
		{mfaEmail, in.EmailMfaSettings, &m.email, hasAttr(u, "email"), "User does not have delivery config set to turn on EMAIL_OTP"},
	} {
		if f.set == nil {
			continue
		}
		if f.set.Enabled && !f.ready {
			return nil, errInvalidParameter("%s", f.why)
		}
		*f.enabled = f.set.Enabled
		switch {
		case f.set.PreferredMfa && !f.set.Enabled:
			return nil, errInvalidParameter("A disabled MFA method cannot be preferred.")
		case f.set.PreferredMfa:
			m.preferred = f.name
		case m.preferred == f.name:
			m.preferred = ""
		}
	}
	u.mfa, u.modified = m, now
	return struct{}{}, nil
}

func hasAttr(u *user, name string) bool {
	v, ok := u.attr(name)
	return ok && v != ""
}

// enabledMFA lists the factors both the pool and the user have on.
func enabledMFA(p *userPool, u *user) []string {
	var out []string
	if p.mfa.sms && u.mfa.sms && hasAttr(u, "phone_number") {
		out = append(out, mfaSMS)
	}
	if p.mfa.totp && u.mfa.totp && u.mfa.totpSecret != "" {
		out = append(out, mfaTOTP)
	}
	if p.mfa.email && u.mfa.email && hasAttr(u, "email") {
		out = append(out, mfaEmail)
	}
	return out
}

// userMFAView is the MFA part of GetUser's and AdminGetUser's answers.
type userMFAView struct {
	options   []mfaOptionType // MFAOptions
	preferred string          // PreferredMfaSetting
	settings  []string        // UserMFASettingList
}

// mfaView is a user's MFA settings as GetUser and AdminGetUser report them.
func mfaView(u *user) userMFAView {
	return userMFAView{options: mfaOptions(u), preferred: u.mfa.preferred, settings: enabledUserMFA(u)}
}

// mfaOptions is MFAOptions, the legacy report of SMS MFA; nil without it.
func mfaOptions(u *user) []mfaOptionType {
	if !u.mfa.sms {
		return nil
	}
	return []mfaOptionType{{AttributeName: "phone_number", DeliveryMedium: "SMS"}}
}

// mfaChallenge picks the MFA challenge a proven password leads to, or
// returns nil, nil when the user goes straight to tokens.
func (s *Server) mfaChallenge(rc *reqCtx, st *challengeState) (*initiateAuthOutput, *apiError) {
	s.store.mu.Lock()
	p := s.store.pools[st.poolID]
	u := s.store.userLocked(st.poolID, st.username)
	if p == nil || u == nil || p.mfa.mode == "OFF" || p.mfa.mode == "" {
		s.store.mu.Unlock()
		return nil, nil
	}
	factors := enabledMFA(p, u)
	if len(factors) == 0 && p.mfa.mode == "ON" {
		switch {
		case p.mfa.sms && hasAttr(u, "phone_number"):
			factors = []string{mfaSMS}
		case p.mfa.totp:
			s.store.mu.Unlock()
			return s.challengeOut(rc, st, "MFA_SETUP", map[string]string{"MFAS_CAN_SETUP": `["SOFTWARE_TOKEN_MFA"]`}), nil
		case p.mfa.email && hasAttr(u, "email"):
			factors = []string{mfaEmail}
		}
	}
	defer s.store.mu.Unlock()
	switch {
	case len(factors) == 0 && p.mfa.mode == "ON":
		return nil, errInvalidParameter("MFA is required, but the user has no MFA method the pool allows.")
	case len(factors) == 0:
		return nil, nil
	case slices.Contains(factors, u.mfa.preferred):
		return s.mfaStepLocked(rc, st, u, u.mfa.preferred), nil
	case len(factors) == 1:
		return s.mfaStepLocked(rc, st, u, factors[0]), nil
	}
	list, _ := json.Marshal(factors)
	return s.challengeOut(rc, st, "SELECT_MFA_TYPE", map[string]string{"MFAS_CAN_CHOOSE": string(list)}), nil
}

// mfaStepLocked issues an SMS_MFA, EMAIL_OTP or SOFTWARE_TOKEN_MFA
// challenge, sending the code for the first two. s.store.mu is held.
func (s *Server) mfaStepLocked(rc *reqCtx, st *challengeState, u *user, name string) *initiateAuthOutput {
	if name == mfaTOTP {
		return s.challengeOut(rc, st, name, map[string]string{})
	}
	attr := "phone_number"
	if name == mfaEmail {
		attr = "email"
	}
	code := newCode()
	next := *st
	next.code, next.codeUntil, next.misses = codeHash(code), rc.now.Add(mfaCodeTTL), 0
	d := s.send(rc, st.poolID, u, attr, kindAuthentication, code, codeText(kindAuthentication, code))
	return s.challengeOut(rc, &next, name, map[string]string{
		"CODE_DELIVERY_DELIVERY_MEDIUM": d.DeliveryMedium,
		"CODE_DELIVERY_DESTINATION":     d.Destination,
	})
}

var mfaAnswerKey = map[string]string{mfaSMS: "SMS_MFA_CODE", mfaEmail: "EMAIL_OTP_CODE", mfaTOTP: "SOFTWARE_TOKEN_MFA_CODE",
	"SMS_OTP": "SMS_OTP_CODE"} // SMS_OTP: a USER_AUTH first factor

func (s *Server) answerMFACode(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	key := mfaAnswerKey[in.ChallengeName]
	if e := requireParams(in.ChallengeResponses, key); e != nil {
		return nil, e
	}
	st, id, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	code := in.ChallengeResponses[key]
	if e := s.checkMFACode(rc, st, in.ChallengeName, code); e != nil {
		if st.misses++; st.misses < maxMFAMisses && e.Type == "CodeMismatchException" {
			s.restoreHandle(id, st, rc.now)
		}
		return nil, e
	}
	return s.afterMFA(rc, st, &spentSession{handle: in.Session, id: id})
}

func (s *Server) checkMFACode(rc *reqCtx, st *challengeState, name, code string) *apiError {
	if name != mfaTOTP {
		if rc.now.After(st.codeUntil) {
			return errNotAuthorized(msgExpiredSession).withReason("MFA code expired")
		}
		if subtle.ConstantTimeCompare(st.code, codeHash(code)) != 1 {
			return errCodeMismatch(msgCodeOrState)
		}
		return nil
	}
	s.store.mu.Lock()
	secret := ""
	if u := s.store.userLocked(st.poolID, st.username); u != nil {
		secret = u.mfa.totpSecret
	}
	s.store.mu.Unlock()
	if !validTOTP(code, secret, rc.now) {
		return errCodeMismatch(msgTOTPMismatch)
	}
	return nil
}

func (s *Server) selectMFAType(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	if e := requireParams(in.ChallengeResponses, "ANSWER"); e != nil {
		return nil, e
	}
	st, id, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, u := s.store.pools[st.poolID], s.store.userLocked(st.poolID, st.username)
	if u == nil {
		return nil, errUserNotFound()
	}
	answer := in.ChallengeResponses["ANSWER"]
	if !slices.Contains(enabledMFA(p, u), answer) {
		s.restoreHandle(id, st, rc.now)
		return nil, errInvalidParameter("Invalid ANSWER: choose one of MFAS_CAN_CHOOSE.")
	}
	return s.mfaStepLocked(rc, st, u, answer), nil
}

// TOTP: RFC 6238, SHA-1, 6 digits, 30-second steps, one step of skew.

func newTOTPSecret() string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(randomBytes(32))
}

func validTOTP(code, secret string, now time.Time) bool {
	if secret == "" || len(code) != 6 {
		return false
	}
	ok, err := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{
		Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	return err == nil && ok
}

// normalizeTOTPSecret accepts a base32 secret as people write it.
func normalizeTOTPSecret(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimRight(s, "="), " ", ""))
	_, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	return s, err == nil && len(s) >= 16
}

type softwareTokenInput struct {
	AccessToken        string `json:"AccessToken"`
	Session            string `json:"Session"`
	UserCode           string `json:"UserCode"`
	FriendlyDeviceName string `json:"FriendlyDeviceName"`
}

// associateSoftwareToken starts setting up an authenticator for the
// user of an access token, or for the sign-in of an MFA_SETUP Session.
func (s *Server) associateSoftwareToken(rc *reqCtx, in *softwareTokenInput) (any, *apiError) {
	secret := newTOTPSecret()
	if in.AccessToken != "" {
		return s.withTokenUser(rc, in.AccessToken, func(_ *userPool, u *user) (any, *apiError) {
			u.mfa.pendingTOTP = secret
			return &associateSoftwareTokenOutput{SecretCode: secret}, nil
		})
	}
	st, _, e := s.setupSession(rc, in.Session)
	if e != nil {
		return nil, e
	}
	st.totp, st.verified = secret, false
	return &associateSoftwareTokenOutput{SecretCode: secret, Session: s.reissue(rc, st)}, nil
}

func (s *Server) verifySoftwareToken(rc *reqCtx, in *softwareTokenInput) (any, *apiError) {
	if in.UserCode == "" {
		return nil, errRequired("userCode")
	}
	if in.AccessToken != "" {
		return s.withTokenUser(rc, in.AccessToken, func(_ *userPool, u *user) (any, *apiError) {
			if !validTOTP(in.UserCode, u.mfa.pendingTOTP, rc.now) {
				return nil, errTOTPMismatch(u.mfa.pendingTOTP)
			}
			u.mfa.totpSecret, u.mfa.pendingTOTP = u.mfa.pendingTOTP, ""
			return &verifySoftwareTokenOutput{Status: "SUCCESS"}, nil
		})
	}
	st, id, e := s.setupSession(rc, in.Session)
	if e != nil {
		return nil, e
	}
	if !validTOTP(in.UserCode, st.totp, rc.now) {
		if st.misses++; st.misses < maxMFAMisses {
			s.restoreHandle(id, st, rc.now) // the same Session may try again
		}
		return nil, errTOTPMismatch(st.totp)
	}
	st.verified = true
	return &verifySoftwareTokenOutput{Session: s.reissue(rc, st), Status: "SUCCESS"}, nil
}

func errTOTPMismatch(secret string) *apiError {
	if secret == "" {
		return newError(http.StatusBadRequest, "InvalidParameterException", "Call AssociateSoftwareToken first.")
	}
	return newError(http.StatusBadRequest, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
}

// setupSession redeems an MFA_SETUP Session outside RespondToAuthChallenge.
func (s *Server) setupSession(rc *reqCtx, session string) (*challengeState, string, *apiError) {
	if session == "" {
		return nil, "", errInvalidParameter("Either AccessToken or Session is required.")
	}
	id, st, res := s.redeemHandleID(handleSession, session, rc.now)
	switch {
	case res == handleExpired:
		return nil, "", errNotAuthorized(msgExpiredSession)
	case res != handleOK || st.next != "MFA_SETUP":
		return nil, "", errNotAuthorized(msgInvalidSession).withReason("Session: " + res.String())
	}
	rc.pool, rc.client = st.poolID, st.clientID
	return st, id, nil
}

// reissue seals the state under a new Session with a fresh lifetime.
func (s *Server) reissue(rc *reqCtx, st *challengeState) string {
	next := *st
	return s.issueHandle(&next, rc.now)
}

func (s *Server) answerMFASetup(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	st, id, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	if !st.verified {
		s.restoreHandle(id, st, rc.now)
		return nil, errInvalidParameter("Call VerifySoftwareToken with this Session before answering MFA_SETUP.")
	}
	s.store.mu.Lock()
	if u := s.store.userLocked(st.poolID, st.username); u != nil {
		u.mfa.totpSecret, u.mfa.totp = st.totp, true
		if u.mfa.preferred == "" {
			u.mfa.preferred = mfaTOTP
		}
	}
	s.store.mu.Unlock()
	return s.afterMFA(rc, st, &spentSession{handle: in.Session, id: id})
}
