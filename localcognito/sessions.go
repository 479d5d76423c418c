package localcognito

import (
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Sign-in sessions, access-token checks and revocation.

// sweepSessionsLocked drops expired sessions and their refresh hashes.
func (s *store) sweepSessionsLocked(now time.Time) {
	for jti, sess := range s.sessions {
		if now.After(sess.expires) {
			s.dropSessionLocked(jti)
		}
	}
}

func (s *store) dropSessionLocked(jti string) {
	s.touchSession(jti)
	if sess := s.sessions[jti]; sess != nil {
		delete(s.refresh, sess.refreshHash)
		delete(s.refresh, sess.prevHash)
	}
	delete(s.sessions, jti)
}

// revokeUserLocked revokes every session of a user: their refresh tokens
// and the access tokens issued from them.
func (s *store) revokeUserLocked(poolID, username string) {
	for jti, sess := range s.sessions {
		if sess.poolID == poolID && sess.username == username && !sess.revoked {
			sess.revoked = true
			s.touchSession(jti)
		}
	}
}

// dropUserLocked forgets every session of a deleted user.
func (s *store) dropUserLocked(poolID, username string) {
	for jti, sess := range s.sessions {
		if sess.poolID == poolID && sess.username == username {
			s.dropSessionLocked(jti)
		}
	}
}

// Messages Cognito sends for bad access tokens.
const (
	msgTokenRevoked = "Access Token has been revoked"
	msgTokenInvalid = "Invalid Access Token"
	msgTokenExpired = "Access Token has expired"
)

// accessClaims checks an access token's signature, expiry and use.
func (s *Server) accessClaims(rc *reqCtx, token string) (jwt.MapClaims, *apiError) {
	if token == "" {
		return nil, errRequired("accessToken")
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return &s.key.PublicKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return rc.now }))
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, errNotAuthorized(msgTokenExpired)
	case err != nil:
		return nil, errNotAuthorized(msgTokenInvalid).withReason(err.Error())
	case claims["token_use"] != "access":
		return nil, errNotAuthorized(msgTokenInvalid).withReason("token_use is not access")
	}
	return claims, nil
}

// tokenUser resolves an access token to its pool and user. On success
// s.store.mu is held and the caller unlocks it.
func (s *Server) tokenUser(rc *reqCtx, token string) (*userPool, *user, *authSession, *apiError) {
	claims, e := s.accessClaims(rc, token)
	if e != nil {
		return nil, nil, nil, e
	}
	iss, _ := claims["iss"].(string)
	poolID := iss[strings.LastIndex(iss, "/")+1:]
	jti, _ := claims["origin_jti"].(string)
	username, _ := claims["username"].(string)
	rc.pool, rc.client = poolID, str(claims["client_id"])
	s.store.mu.Lock()
	p := s.store.pools[poolID]
	sess := s.store.sessions[jti]
	var u *user
	if p != nil {
		u = s.store.userLocked(poolID, username)
	}
	switch {
	case p == nil:
		e = errNotAuthorized(msgTokenInvalid).withReason("the token's pool does not exist")
	case sess == nil || sess.revoked || sess.poolID != poolID:
		e = errNotAuthorized(msgTokenRevoked)
	case u == nil:
		e = errUserNotFound()
	case !u.enabled:
		e = errNotAuthorized(msgUserDisabled)
	}
	if e != nil {
		s.store.mu.Unlock()
		return nil, nil, nil, e
	}
	return p, u, sess, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
