package localcognito

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// keyID is the RFC 7638 JWK thumbprint of the public key, in standard
// base64 as Cognito's kids look.
func keyID(pub *rsa.PublicKey) string {
	canon := fmt.Sprintf(`{"e":"%s","kty":"RSA","n":"%s"}`, b64url(big.NewInt(int64(pub.E)).Bytes()), b64url(pub.N.Bytes()))
	sum := sha256.Sum256([]byte(canon))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

type jwk struct {
	Alg string `json:"alg"`
	E   string `json:"e"`
	Kid string `json:"kid"`
	Kty string `json:"kty"`
	N   string `json:"n"`
	Use string `json:"use"`
}

// jwkSet is /<poolId>/.well-known/jwks.json.
type jwkSet struct {
	Keys []jwk `json:"keys"`
}

func (s *Server) jwks() *jwkSet {
	pub := &s.key.PublicKey
	return &jwkSet{Keys: []jwk{{
		Alg: "RS256", E: b64url(big.NewInt(int64(pub.E)).Bytes()), Kid: s.kid,
		Kty: "RSA", N: b64url(pub.N.Bytes()), Use: "sig",
	}}}
}

// openIDConfiguration is /<poolId>/.well-known/openid-configuration: the
// OpenID Connect discovery members Cognito's has that apply here.
type openIDConfiguration struct {
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	Issuer                            string   `json:"issuer"`
	JWKSURI                           string   `json:"jwks_uri"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
}

// wellKnown serves /<poolId>/.well-known/{jwks.json,openid-configuration}.
func (s *Server) wellKnown(w http.ResponseWriter, rc *reqCtx) (int, *apiError) {
	poolID, doc, _ := strings.Cut(strings.TrimPrefix(rc.r.URL.Path, "/"), "/.well-known/")
	rc.pool = poolID
	s.store.mu.Lock()
	_, exists := s.store.pools[poolID]
	s.store.mu.Unlock()
	if !exists || (doc != "jwks.json" && doc != "openid-configuration") {
		e := errPoolNotFound(poolID)
		e.Status = http.StatusNotFound
		if exists {
			e = newError(http.StatusNotFound, "BadRequest", "The server did not understand the operation that was requested.")
		}
		return writeError(w, e), e
	}
	if doc == "jwks.json" {
		writeJSON(w, http.StatusOK, s.jwks())
		return http.StatusOK, nil
	}
	iss := s.issuer(rc.r, poolID)
	writeJSON(w, http.StatusOK, &openIDConfiguration{
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		Issuer:                            iss,
		JWKSURI:                           iss + "/.well-known/jwks.json",
		ResponseTypesSupported:            []string{"code", "token"},
		ScopesSupported:                   []string{"openid", "email", "phone", "profile"},
		SubjectTypesSupported:             []string{"public"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post"},
	})
	return http.StatusOK, nil
}

// refreshLifetime is Cognito's default RefreshTokenValidity, 30 days.
const refreshLifetime = 30 * 24 * time.Hour

// issueTokens starts a sign-in session: a refresh token (only its hash is
// kept) and the ID and access tokens that share its origin_jti.
func (s *Server) issueTokens(rc *reqCtx, poolID, clientID string, u *user, deviceKey string) (*authenticationResultType, error) {
	refresh := b64url(randomBytes(48))
	originJTI := newUUID()
	sess := &authSession{poolID: poolID, clientID: clientID, username: u.username, deviceKey: deviceKey,
		authTime: rc.now, refreshHash: tokenHash(refresh), expires: rc.now.Add(refreshLifetime)}
	res, err := s.mintTokens(rc, originJTI, sess, u)
	if err != nil {
		return nil, err
	}
	res.RefreshToken = refresh
	s.store.mu.Lock()
	s.store.sweepSessionsLocked(rc.now)
	s.store.sessions[originJTI] = sess
	s.store.refresh[sess.refreshHash] = originJTI
	s.store.touchSession(originJTI)
	s.store.mu.Unlock()
	return res, nil
}

// mintTokens signs an ID and an access token for a session, as Cognito
// shapes them.
func (s *Server) mintTokens(rc *reqCtx, originJTI string, sess *authSession, u *user) (*authenticationResultType, error) {
	now := rc.now
	iss := s.issuer(rc.r, sess.poolID)
	eventID := newUUID()
	common := func(use string) jwt.MapClaims {
		return jwt.MapClaims{
			"sub": u.sub, "event_id": eventID, "token_use": use, "auth_time": sess.authTime.Unix(),
			"iss": iss, "exp": now.Add(tokenLifetime).Unix(), "iat": now.Unix(),
			"jti": newUUID(), "origin_jti": originJTI,
		}
	}
	id := common("id")
	for _, a := range u.attrs {
		id[a.Name] = claimValue(a)
	}
	id["aud"] = sess.clientID
	id["cognito:username"] = u.username
	access := common("access")
	access["scope"] = "aws.cognito.signin.user.admin"
	access["client_id"] = sess.clientID
	access["username"] = u.username
	if sess.deviceKey != "" {
		access["device_key"] = sess.deviceKey
	}
	applyTokenOverrides(rc.trigger.tokens, id, access)
	idToken, err := s.sign(id)
	if err != nil {
		return nil, err
	}
	accessToken, err := s.sign(access)
	if err != nil {
		return nil, err
	}
	return &authenticationResultType{AccessToken: accessToken, ExpiresIn: int(tokenLifetime / time.Second),
		IdToken: idToken, TokenType: "Bearer"}, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// claimValue renders the *_verified attributes as booleans, as Cognito's
// ID tokens do; everything else stays a string.
func claimValue(a attribute) any {
	if strings.HasSuffix(a.Name, "_verified") {
		return a.Value == "true"
	}
	return a.Value
}

func (s *Server) sign(claims jwt.MapClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = s.kid
	delete(t.Header, "typ") // Cognito's header is just kid and alg
	signed, err := t.SignedString(s.key)
	if err != nil {
		return "", fmt.Errorf("signing %s token: %w", claims["token_use"], err)
	}
	return signed, nil
}
