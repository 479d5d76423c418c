//go:build !js

// Package jwtverify verifies Amazon Cognito user-pool ID and access tokens
// in native Go servers.
//
// The browser module (package auth compiled to WebAssembly) signs users in
// and hands its tokens to the page, which sends them to a server; that
// server must not trust a token it has not verified. This package does the
// checks that AWS's own aws-jwt-verify library (CognitoJwtVerifier) and the
// Cognito guide "Verifying a JSON Web Token" prescribe:
//
//   - the token is three base64url segments of JSON (malformed → ErrMalformed);
//   - its alg is RS256, so none, HS256 keyed with the public key and every
//     other algorithm are refused before any key is looked up (ErrAlgorithm);
//   - iss equals Config.Issuer, checked before the JWKS is fetched so that
//     tokens from elsewhere cost no request (ErrIssuer);
//   - its kid names a key of the pool's JWKS (ErrKid), a key whose use is
//     "sig" when present, whose kty is "RSA" (ErrJWKS) and whose alg, when
//     present, is the token's (ErrAlgorithm);
//   - the RS256 signature is valid (ErrSignature);
//   - exp is present and not past, nbf and iat not in the future, each
//     give or take Config.Leeway (ErrExpired, ErrNotYetValid);
//   - token_use is "id" or "access", and the one Config.TokenUse names
//     (ErrTokenUse);
//   - the app client, aud for ID tokens and client_id for access tokens,
//     is one of Config.ClientIDs (ErrClient).
//
// The JWKS is fetched on first use and cached. A kid missing from the cache
// triggers one refetch (key rotation); when a fetch fails or leaves a kid
// unknown, no further fetch is made for 10 seconds, as aws-jwt-verify's
// penalty box does, so a flood of tokens with made-up kids cannot hammer the
// endpoint. Concurrent Verify calls share one fetch.
//
// Errors wrap the Err* sentinels (test them with errors.Is) and name a
// claim or kid where that helps; they never contain the token. The package
// logs nothing.
//
// Where it differs from aws-jwt-verify, it is stricter: exp is required
// (aws-jwt-verify checks it only when present); iat in the future is
// refused (aws-jwt-verify does not look at iat); a failed JWKS fetch also
// starts the 10 s wait (aws-jwt-verify's starts only on a missing kid, and
// retries a failed request once, immediately); RSA keys under 2048 bits are
// refused. And it trusts one issuer: aws-jwt-verify also accepts the
// https://issuer.cognito-idp.<region>.amazonaws.com/<poolId> issuer of
// multi-region pools, which here must be set as Config.Issuer.
//
// It is built for native targets only (go:build !js), so it never adds to
// the size of the WebAssembly module.
package jwtverify

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Errors returned by Verify, each wrapped with detail. CacheJWKS returns
// ErrJWKS.
var (
	// ErrMalformed: not a JWT, or a claim of the wrong type, or no exp.
	ErrMalformed = errors.New("jwtverify: malformed token")
	// ErrAlgorithm: alg is not RS256, or differs from the JWK's alg.
	ErrAlgorithm = errors.New("jwtverify: signing algorithm not allowed")
	// ErrKid: the token has no kid, or the pool's JWKS has no key with it.
	ErrKid = errors.New("jwtverify: unknown key id")
	// ErrJWKS: the JWKS could not be fetched or parsed, or the key with the
	// token's kid is not an RSA signing key.
	ErrJWKS = errors.New("jwtverify: JWKS unavailable or invalid")
	// ErrSignature: the signature does not match the header and payload.
	ErrSignature = errors.New("jwtverify: invalid signature")
	// ErrExpired: exp is past (beyond Leeway).
	ErrExpired = errors.New("jwtverify: token expired")
	// ErrNotYetValid: iat or nbf is in the future (beyond Leeway).
	ErrNotYetValid = errors.New("jwtverify: token not valid yet")
	// ErrIssuer: iss is not the configured issuer.
	ErrIssuer = errors.New("jwtverify: wrong issuer")
	// ErrTokenUse: token_use is missing, not "id" or "access", or not the
	// configured one.
	ErrTokenUse = errors.New("jwtverify: wrong token use")
	// ErrClient: aud (ID token) or client_id (access token) is not an
	// allowed app client.
	ErrClient = errors.New("jwtverify: app client not allowed")
)

// Config names what a token must match.
type Config struct {
	// UserPoolID is the pool, "us-east-1_AbCdEf123"; required.
	UserPoolID string
	// ClientIDs are the allowed app clients: aud of ID tokens, client_id
	// of access tokens. Required unless AllowAnyClient.
	ClientIDs []string
	// AllowAnyClient skips the client check (aws-jwt-verify's
	// clientId: null); only for servers that trust every app client of the
	// pool.
	AllowAnyClient bool
	// TokenUse is "id", "access", or "" to accept either.
	TokenUse string
	// Issuer defaults to https://cognito-idp.<region>.amazonaws.com/<poolId>.
	// Set it for localcognito ("http://127.0.0.1:9229/us-east-1_X") or for
	// a multi-region pool (https://issuer.cognito-idp.<region>.amazonaws.com/<poolId>).
	Issuer string
	// JWKSURL defaults to Issuer + "/.well-known/jwks.json".
	JWKSURL string
	// HTTPClient fetches the JWKS; default a client with a 10 s timeout.
	HTTPClient *http.Client
	// Leeway is the clock skew allowed on exp, nbf and iat. Default 0, as
	// aws-jwt-verify's graceSeconds.
	Leeway time.Duration
	// Now is the clock, for tests; default time.Now.
	Now func() time.Time
}

// Claims are a verified token's claims.
type Claims struct {
	Subject  string // sub
	Username string // cognito:username (ID token) or username (access token)
	TokenUse string // "id" or "access"
	ClientID string // aud (ID token) or client_id (access token)
	Scope    string // access tokens: space-separated scopes
	Groups   []string
	// AuthTime, IssuedAt and ExpiresAt are zero when the claim is absent.
	AuthTime  time.Time
	IssuedAt  time.Time
	ExpiresAt time.Time
	JTI       string
	OriginJTI string
	EventID   string
	// All holds every claim as decoded from JSON (numbers are float64),
	// including user attributes such as email on ID tokens.
	All jwt.MapClaims
}

// Verifier verifies tokens of one user pool. It is safe for concurrent use.
type Verifier struct {
	issuer    string
	tokenUse  string
	clients   map[string]bool
	anyClient bool
	now       func() time.Time
	parser    *jwt.Parser
	keys      *keyCache
}

const algRS256 = "RS256"

// New checks cfg and fills in its defaults. It makes no request.
func New(cfg Config) (*Verifier, error) {
	region, name, ok := strings.Cut(cfg.UserPoolID, "_")
	if cfg.UserPoolID == "" {
		return nil, errors.New("jwtverify: UserPoolID is required")
	}
	if !ok || !validPoolPart(region, true) || !validPoolPart(name, false) {
		return nil, fmt.Errorf("jwtverify: invalid UserPoolID %q", cfg.UserPoolID)
	}
	if cfg.Issuer == "" {
		if !validRegion(region) {
			return nil, fmt.Errorf("jwtverify: UserPoolID %q does not start with an AWS region; set Issuer", cfg.UserPoolID)
		}
		cfg.Issuer = "https://cognito-idp." + region + ".amazonaws.com/" + cfg.UserPoolID
	}
	cfg.Issuer = strings.TrimSuffix(cfg.Issuer, "/")
	if cfg.JWKSURL == "" {
		cfg.JWKSURL = cfg.Issuer + "/.well-known/jwks.json"
	}
	switch cfg.TokenUse {
	case "", "id", "access":
	default:
		return nil, fmt.Errorf(`jwtverify: TokenUse must be "id", "access" or "", not %q`, cfg.TokenUse)
	}
	if len(cfg.ClientIDs) == 0 && !cfg.AllowAnyClient {
		return nil, errors.New("jwtverify: ClientIDs is required (or set AllowAnyClient)")
	}
	if cfg.Leeway < 0 {
		return nil, errors.New("jwtverify: Leeway must not be negative")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	clients := make(map[string]bool, len(cfg.ClientIDs))
	for _, id := range cfg.ClientIDs {
		if id == "" {
			return nil, errors.New("jwtverify: empty client ID in ClientIDs")
		}
		clients[id] = true
	}
	return &Verifier{
		issuer:    cfg.Issuer,
		tokenUse:  cfg.TokenUse,
		clients:   clients,
		anyClient: cfg.AllowAnyClient,
		now:       cfg.Now,
		// No WithValidMethods: it would run before the keyfunc and report
		// a wrong alg as a bad signature. keyFor refuses every alg but
		// RS256 before it hands out a key.
		parser: jwt.NewParser(
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(cfg.Leeway),
			jwt.WithTimeFunc(cfg.Now),
			jwt.WithStrictDecoding(),
		),
		keys: &keyCache{url: cfg.JWKSURL, client: cfg.HTTPClient, now: cfg.Now},
	}, nil
}

// validPoolPart matches Cognito's pool-id pattern [\w-]+_[0-9a-zA-Z]+.
func validPoolPart(s string, region bool) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			region && (c == '_' || c == '-')) {
			return false
		}
	}
	return true
}

// validRegion matches aws-jwt-verify's region pattern [a-z]{2}-(gov-)?[a-z]+-\d.
func validRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) == 4 && parts[1] == "gov" {
		parts = []string{parts[0], parts[2], parts[3]}
	}
	if len(parts) != 3 || len(parts[0]) != 2 || parts[1] == "" || len(parts[2]) != 1 {
		return false
	}
	for _, p := range parts[:2] {
		for _, c := range p {
			if c < 'a' || c > 'z' {
				return false
			}
		}
	}
	return '0' <= parts[2][0] && parts[2][0] <= '9'
}

// CacheJWKS loads a JWKS document (the JSON that the pool serves at
// /.well-known/jwks.json) into the key cache, replacing what it held, like
// aws-jwt-verify's cacheJwks: tokens signed with its keys then verify
// without a request. A kid that is not in it is still fetched.
func (v *Verifier) CacheJWKS(jwks []byte) error {
	keys, err := parseJWKS(jwks)
	if err != nil {
		return err
	}
	v.keys.store(keys)
	return nil
}

// Verify checks token and returns its claims. The context bounds the wait
// for the JWKS when it must be fetched.
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	claims := jwt.MapClaims{}
	// pre is our own error from the keyfunc, whose checks run before any
	// key is fetched; golang-jwt would bury it under ErrTokenUnverifiable.
	var pre error
	_, err := v.parser.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		var key *rsa.PublicKey
		key, pre = v.keyFor(ctx, t.Header, claims)
		if pre != nil {
			return nil, pre
		}
		return key, nil
	})
	if pre != nil {
		return nil, pre
	}
	if err != nil {
		return nil, classify(err, claims)
	}
	return v.cognitoClaims(claims)
}

// keyFor runs the checks that need no key — alg, kid, claim types, issuer —
// and then finds the key, fetching the JWKS if need be.
func (v *Verifier) keyFor(ctx context.Context, header map[string]any, claims jwt.MapClaims) (*rsa.PublicKey, error) {
	alg, _ := header["alg"].(string)
	if alg != algRS256 {
		return nil, fmt.Errorf("%w: %q (only RS256)", ErrAlgorithm, alg)
	}
	kid, ok := header["kid"].(string)
	if !ok || kid == "" {
		return nil, fmt.Errorf("%w: the token header has no kid", ErrKid)
	}
	if err := checkClaimTypes(claims); err != nil {
		return nil, err
	}
	if iss, _ := claims["iss"].(string); iss != v.issuer {
		return nil, fmt.Errorf("%w: iss %q, want %q", ErrIssuer, iss, v.issuer)
	}
	k, err := v.keys.key(ctx, kid)
	if err != nil {
		return nil, err
	}
	// aws-jwt-verify's assertIsSignatureJwk and alg match.
	if k.use != "" && k.use != "sig" {
		return nil, fmt.Errorf("%w: key %q has use %q, not sig", ErrJWKS, kid, k.use)
	}
	if k.kty != "RSA" {
		return nil, fmt.Errorf("%w: key %q has kty %q, not RSA", ErrJWKS, kid, k.kty)
	}
	if k.alg != "" && k.alg != alg {
		return nil, fmt.Errorf("%w: token alg %s but key %q has alg %s", ErrAlgorithm, alg, kid, k.alg)
	}
	if k.pubErr != nil {
		return nil, fmt.Errorf("%w: key %q: %v", ErrJWKS, kid, k.pubErr)
	}
	return k.pub, nil
}

// checkClaimTypes rejects the claims whose type aws-jwt-verify checks
// before verifying (exp, nbf and iat are checked by golang-jwt).
func checkClaimTypes(c jwt.MapClaims) error {
	for _, name := range []string{"iss", "scope", "jti", "token_use", "client_id"} {
		if val, ok := c[name]; ok {
			if _, isString := val.(string); !isString {
				return fmt.Errorf("%w: %s claim is not a string", ErrMalformed, name)
			}
		}
	}
	if aud, ok := c["aud"]; ok {
		switch aud := aud.(type) {
		case string:
		case []any:
			for _, a := range aud {
				if _, isString := a.(string); !isString {
					return fmt.Errorf("%w: aud claim is not a string or array of strings", ErrMalformed)
				}
			}
		default:
			return fmt.Errorf("%w: aud claim is not a string or array of strings", ErrMalformed)
		}
	}
	return nil
}

// classify maps golang-jwt's errors to ours.
func classify(err error, claims jwt.MapClaims) error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		// Only ParseUnverified's "alg unavailable/unspecified" gets here:
		// our keyfunc's errors are returned before classify.
		return fmt.Errorf("%w: %v", ErrAlgorithm, err)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return fmt.Errorf("%w: %v", ErrSignature, err)
	case errors.Is(err, jwt.ErrTokenExpired):
		return fmt.Errorf("%w: exp %s", ErrExpired, claimTime(claims, "exp").UTC().Format(time.RFC3339))
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return fmt.Errorf("%w: iat %s is in the future", ErrNotYetValid, claimTime(claims, "iat").UTC().Format(time.RFC3339))
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return fmt.Errorf("%w: nbf %s is in the future", ErrNotYetValid, claimTime(claims, "nbf").UTC().Format(time.RFC3339))
	default: // a missing exp, a non-numeric exp/iat/nbf
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
}

func claimTime(c jwt.MapClaims, name string) time.Time {
	var d *jwt.NumericDate
	var err error
	switch name {
	case "exp":
		d, err = c.GetExpirationTime()
	case "iat":
		d, err = c.GetIssuedAt()
	case "nbf":
		d, err = c.GetNotBefore()
	case "auth_time":
		if f, ok := c["auth_time"].(float64); ok {
			return time.Unix(0, int64(f*float64(time.Second)))
		}
	}
	if err != nil || d == nil {
		return time.Time{}
	}
	return d.Time
}

// cognitoClaims runs aws-jwt-verify's validateCognitoJwtFields on the
// verified claims: token_use, then the app client.
func (v *Verifier) cognitoClaims(c jwt.MapClaims) (*Claims, error) {
	use, _ := c["token_use"].(string)
	if use != "id" && use != "access" {
		return nil, fmt.Errorf(`%w: token_use %q is neither "id" nor "access"`, ErrTokenUse, use)
	}
	if v.tokenUse != "" && use != v.tokenUse {
		return nil, fmt.Errorf("%w: token_use %q, want %q", ErrTokenUse, use, v.tokenUse)
	}
	clientClaim, userClaim := "client_id", "username"
	if use == "id" {
		clientClaim, userClaim = "aud", "cognito:username"
	}
	// Like aws-jwt-verify, the client claim must be a single string.
	client, _ := c[clientClaim].(string)
	if !v.anyClient && !v.clients[client] {
		if client == "" {
			return nil, fmt.Errorf("%w: %s token has no %s string", ErrClient, use, clientClaim)
		}
		return nil, fmt.Errorf("%w: %s %q", ErrClient, clientClaim, client)
	}
	str := func(name string) string { s, _ := c[name].(string); return s }
	out := &Claims{
		Subject:   str("sub"),
		Username:  str(userClaim),
		TokenUse:  use,
		ClientID:  client,
		Scope:     str("scope"),
		AuthTime:  claimTime(c, "auth_time"),
		IssuedAt:  claimTime(c, "iat"),
		ExpiresAt: claimTime(c, "exp"),
		JTI:       str("jti"),
		OriginJTI: str("origin_jti"),
		EventID:   str("event_id"),
		All:       c,
	}
	if groups, ok := c["cognito:groups"].([]any); ok {
		for _, g := range groups {
			if s, ok := g.(string); ok {
				out.Groups = append(out.Groups, s)
			}
		}
	}
	return out, nil
}
