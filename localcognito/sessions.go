package localcognito

import (
	"errors"
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

func str(v any) string {
	s, _ := v.(string)
	return s
}
