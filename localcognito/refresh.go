package localcognito

import (
	"crypto/hmac"
	"net/http"
	"strings"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken (with rotation) and
// RevokeToken. Refresh tokens are opaque random strings here, where
// Cognito's are encrypted JWTs; only their SHA-256 is stored.

const (
	msgInvalidRefresh = "Invalid Refresh Token"
	msgRefreshRevoked = "Refresh Token has been revoked"
	msgRefreshExpired = "Refresh Token has expired"
)

// refreshed is a session found for a refresh token, with a copy of its user.
type refreshed struct {
	originJTI string
	sess      authSession
	user      user
}

// findRefresh checks a refresh token against the client and device.
// invalidMsg is the operation's wording for an unknown token.
func (s *Server) findRefresh(rc *reqCtx, c *appClient, token, deviceKey, invalidMsg string) (*refreshed, *apiError) {
	h := tokenHash(token)
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	jti := s.store.refresh[h]
	sess := s.store.sessions[jti]
	switch {
	case sess == nil || sess.clientID != c.id:
		return nil, errNotAuthorized("%s", invalidMsg).withReason("unknown refresh token or another client's")
	case h == sess.prevHash && rc.now.After(sess.prevUntil):
		return nil, errNotAuthorized("%s", invalidMsg).withReason("refresh token was rotated out")
	case sess.revoked:
		return nil, errNotAuthorized(msgRefreshRevoked)
	case rc.now.After(sess.expires):
		return nil, errNotAuthorized(msgRefreshExpired)
	}
	u := s.store.userLocked(sess.poolID, sess.username)
	switch {
	case u == nil:
		return nil, errUserNotFound()
	case !u.enabled:
		return nil, errNotAuthorized(msgUserDisabled)
	case deviceKey != "" && deviceKey != sess.deviceKey:
		return nil, errNotAuthorized("%s", invalidMsg).withReason("DEVICE_KEY is not the session's device")
	case deviceKey == "" && u.devices[sess.deviceKey] != nil && u.devices[sess.deviceKey].confirmed:
		// Cognito insists on the DEVICE_KEY of a confirmed device.
		return nil, errNotAuthorized("%s", invalidMsg).withReason("DEVICE_KEY missing for a confirmed device")
	}
	cp := *u
	cp.attrs = append([]attribute(nil), u.attrs...)
	return &refreshed{originJTI: jti, sess: *sess, user: cp}, nil
}

// checkRefreshSecretHash accepts SECRET_HASH over the user's name or sub:
// Cognito computes it over the internal user name, which is the sub in
// pools that sign in with an email address or phone number.
func checkRefreshSecretHash(c *appClient, r *refreshed, given string) *apiError {
	if c.secret == "" {
		return nil
	}
	for _, name := range []string{r.user.username, r.user.sub} {
		if given != "" && hmac.Equal([]byte(given), []byte(srp.SecretHash(c.id, c.secret, name))) {
			return nil
		}
	}
	return errSecretHash(c.id)
}

func (s *Server) refreshAuth(rc *reqCtx, c *appClient, params map[string]string) (*initiateAuthOutput, *apiError) {
	if e := requireParams(params, "REFRESH_TOKEN"); e != nil {
		return nil, e
	}
	r, e := s.findRefresh(rc, c, params["REFRESH_TOKEN"], params["DEVICE_KEY"], msgInvalidRefresh)
	if e != nil {
		return nil, e
	}
	if e := checkRefreshSecretHash(c, r, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	if e := s.preTokenGeneration(rc, r.sess.poolID, c.id, &r.user, "RefreshTokens"); e != nil {
		return nil, e
	}
	res, err := s.mintTokens(rc, r.originJTI, &r.sess, &r.user)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	return tokensOutput(res), nil
}

type getTokensInput struct {
	ClientID     string `json:"ClientId"`
	ClientSecret string `json:"ClientSecret"`
	RefreshToken string `json:"RefreshToken"`
	DeviceKey    string `json:"DeviceKey"`
}

func (s *Server) getTokensFromRefreshToken(rc *reqCtx, in *getTokensInput) (*getTokensFromRefreshTokenOutput, *apiError) {
	c, e := s.authClient(rc, in.ClientID)
	if e != nil {
		return nil, e
	}
	if in.RefreshToken == "" {
		return nil, errRequired("refreshToken")
	}
	if c.secret != "" && !hmac.Equal([]byte(in.ClientSecret), []byte(c.secret)) {
		return nil, errSecretHash(c.id)
	}
	r, e := s.findRefresh(rc, c, in.RefreshToken, in.DeviceKey, msgInvalidRefresh+".")
	if e != nil {
		return nil, e
	}
	if e := s.preTokenGeneration(rc, r.sess.poolID, c.id, &r.user, "RefreshTokens"); e != nil {
		return nil, e
	}
	res, err := s.mintTokens(rc, r.originJTI, &r.sess, &r.user)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	if c.rotation != nil {
		res.RefreshToken = s.rotate(rc, r.originJTI, tokenHash(in.RefreshToken), c.rotation.graceSeconds)
	}
	return &getTokensFromRefreshTokenOutput{AuthenticationResult: res}, nil
}

// rotate replaces a session's refresh token; the presented one stays
// valid for the grace period so a client may retry.
func (s *Server) rotate(rc *reqCtx, jti, presented string, graceSeconds int) string {
	fresh := b64url(randomBytes(48))
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	sess := s.store.sessions[jti]
	s.store.touchSession(jti)
	if presented == sess.refreshHash {
		if sess.prevHash != "" {
			delete(s.store.refresh, sess.prevHash)
		}
		sess.prevHash, sess.prevUntil = presented, rc.now.Add(time.Duration(graceSeconds)*time.Second)
		if graceSeconds == 0 {
			delete(s.store.refresh, presented)
		}
	} else {
		delete(s.store.refresh, sess.refreshHash) // a retry: the unused successor goes
	}
	sess.refreshHash = tokenHash(fresh)
	sess.expires = rc.now.Add(refreshLifetime)
	s.store.refresh[sess.refreshHash] = jti
	return fresh
}

func errClientAuth() *apiError {
	return newError(http.StatusBadRequest, "UnauthorizedException", "Client authentication failed.")
}

type revokeInput struct {
	ClientID     string `json:"ClientId"`
	ClientSecret string `json:"ClientSecret"`
	Token        string `json:"Token"`
}

// revokeToken revokes a refresh token and the access tokens issued with
// it. An unknown token is no error, as RFC 7009 has it.
func (s *Server) revokeToken(rc *reqCtx, in *revokeInput) (any, *apiError) {
	c, e := s.authClient(rc, in.ClientID)
	if e != nil && e.Type == "ResourceNotFoundException" {
		// RevokeToken declares no ResourceNotFoundException: an unknown
		// client fails client authentication, as a wrong secret does.
		return nil, errClientAuth().withReason(e.Message)
	}
	if e != nil {
		return nil, e
	}
	switch {
	case in.Token == "":
		return nil, errRequired("token")
	case c.secret != "" && !hmac.Equal([]byte(in.ClientSecret), []byte(c.secret)):
		return nil, errClientAuth()
	case strings.Count(in.Token, ".") == 2 && strings.HasPrefix(in.Token, "eyJ"):
		return nil, newError(http.StatusBadRequest, "UnsupportedTokenTypeException", "Unsupported token type")
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	jti := s.store.refresh[tokenHash(in.Token)]
	if sess := s.store.sessions[jti]; sess != nil && sess.clientID == c.id {
		sess.revoked = true
		s.store.touchSession(jti)
	}
	return struct{}{}, nil
}
