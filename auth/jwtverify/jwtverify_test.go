//go:build !js

package jwtverify_test

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth/jwtverify"
)

var ctx = context.Background()

func TestVerifyIDAndAccessTokens(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil) // TokenUse "": either

	got, err := v.Verify(ctx, mint(t, k, idClaims(start)))
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	want := jwtverify.Claims{
		Subject: "4f1b2c3d-0000-4000-8000-00000000a11c", Username: username, TokenUse: "id", ClientID: client,
		Groups: []string{"admins", "users"}, AuthTime: start, IssuedAt: start, ExpiresAt: start.Add(time.Hour),
		JTI: "0a1b2c3d-0000-4000-8000-0000000000a1", OriginJTI: "0a1b2c3d-0000-4000-8000-0000000000f0",
		EventID: "9d8c7b6a-0000-4000-8000-000000000e01",
	}
	if got.All["email"] != "alice@example.com" || got.All["email_verified"] != true {
		t.Errorf("All = %v, missing the user's attributes", got.All)
	}
	got.All = nil
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("ID claims =\n%+v\nwant\n%+v", *got, want)
	}

	got, err = v.Verify(ctx, mint(t, k, accessClaims(start)))
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	if got.TokenUse != "access" || got.ClientID != client || got.Username != username ||
		got.Scope != "aws.cognito.signin.user.admin" || got.Groups != nil {
		t.Errorf("access claims = %+v", got)
	}
	srv.wantHits(t, 1) // fetched lazily, once, then cached
}

func TestNewChecksConfig(t *testing.T) {
	for name, cfg := range map[string]jwtverify.Config{
		"no pool":          {ClientIDs: []string{client}},
		"bad pool":         {UserPoolID: "us-east-1", ClientIDs: []string{client}},
		"bad pool chars":   {UserPoolID: "us-east-1_a.b", ClientIDs: []string{client}},
		"no region":        {UserPoolID: "local_Pool1", ClientIDs: []string{client}},
		"no client":        {UserPoolID: pool},
		"empty client":     {UserPoolID: pool, ClientIDs: []string{""}},
		"bad token use":    {UserPoolID: pool, ClientIDs: []string{client}, TokenUse: "refresh"},
		"negative leeway":  {UserPoolID: pool, ClientIDs: []string{client}, Leeway: -time.Second},
		"region too short": {UserPoolID: "us-east_Pool1", ClientIDs: []string{client}},
	} {
		if _, err := jwtverify.New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
	for name, cfg := range map[string]jwtverify.Config{
		"any client":       {UserPoolID: pool, AllowAnyClient: true},
		"gov region":       {UserPoolID: "us-gov-west-1_Pool1", ClientIDs: []string{client}},
		"issuer set":       {UserPoolID: "local_Pool1", ClientIDs: []string{client}, Issuer: "http://127.0.0.1:9229/local_Pool1"},
		"access, leeway":   {UserPoolID: pool, ClientIDs: []string{client}, TokenUse: "access", Leeway: time.Minute},
		"id, two clients":  {UserPoolID: pool, ClientIDs: []string{client, "other"}, TokenUse: "id"},
		"custom JWKS URL":  {UserPoolID: pool, ClientIDs: []string{client}, JWKSURL: "http://127.0.0.1:1/jwks"},
		"custom HTTP":      {UserPoolID: pool, ClientIDs: []string{client}, HTTPClient: http.DefaultClient},
		"ap-southeast-2_X": {UserPoolID: "ap-southeast-2_X", ClientIDs: []string{client}},
	} {
		if _, err := jwtverify.New(cfg); err != nil {
			t.Errorf("%s: New: %v", name, err)
		}
	}
}

func TestDefaultJWKSURLFollowsIssuer(t *testing.T) {
	k := key(t, 0)
	var path string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		w.Write(jwksOf(k))
	}))
	defer ts.Close()
	iss := ts.URL + "/" + pool
	v, err := jwtverify.New(jwtverify.Config{UserPoolID: pool, ClientIDs: []string{client}, Issuer: iss + "/", Now: func() time.Time { return start }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, mint(t, k, with(idClaims(start), "iss", iss))); err != nil {
		t.Fatal(err)
	}
	if path != "/"+pool+"/.well-known/jwks.json" {
		t.Errorf("fetched %q", path)
	}
}

func TestExpiry(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	expired := mint(t, k, with(idClaims(start.Add(-2*time.Hour)), "exp", start.Add(-30*time.Second).Unix()))

	v, clk := newVerifier(t, srv, nil)
	_, err := v.Verify(ctx, expired)
	wantErr(t, err, jwtverify.ErrExpired, expired)

	lenient, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.Leeway = time.Minute })
	if _, err := lenient.Verify(ctx, expired); err != nil {
		t.Errorf("expired 30 s ago, leeway 1 min: %v", err)
	}

	// A good token expires with time.
	tok := mint(t, k, idClaims(start))
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	_, err = v.Verify(ctx, tok)
	wantErr(t, err, jwtverify.ErrExpired, tok)

	// exp is required and must be a number.
	v, _ = newVerifier(t, srv, nil)
	for name, c := range map[string]jwt.MapClaims{
		"no exp":     with(idClaims(start), "exp", nil),
		"string exp": with(idClaims(start), "exp", "tomorrow"),
		"string iat": with(idClaims(start), "iat", "now"),
	} {
		tok := mint(t, k, c)
		_, err := v.Verify(ctx, tok)
		if !errors.Is(err, jwtverify.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

func TestIssuedInTheFuture(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	future := mint(t, k, idClaims(start.Add(30*time.Second)))

	v, _ := newVerifier(t, srv, nil)
	_, err := v.Verify(ctx, future)
	wantErr(t, err, jwtverify.ErrNotYetValid, future)

	lenient, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.Leeway = time.Minute })
	if _, err := lenient.Verify(ctx, future); err != nil {
		t.Errorf("iat 30 s ahead, leeway 1 min: %v", err)
	}

	notBefore := mint(t, k, with(idClaims(start), "nbf", start.Add(time.Minute).Unix()))
	_, err = v.Verify(ctx, notBefore)
	wantErr(t, err, jwtverify.ErrNotYetValid, notBefore)
}

func TestIssuer(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil)
	for name, c := range map[string]jwt.MapClaims{
		"other pool":       with(idClaims(start), "iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"),
		"other region":     with(idClaims(start), "iss", "https://cognito-idp.eu-west-1.amazonaws.com/"+pool),
		"trailing slash":   with(idClaims(start), "iss", issuer+"/"),
		"http":             with(idClaims(start), "iss", strings.Replace(issuer, "https", "http", 1)),
		"multi-region fmt": with(idClaims(start), "iss", "https://issuer.cognito-idp.us-east-1.amazonaws.com/"+pool),
		"missing":          with(idClaims(start), "iss", nil),
	} {
		tok := mint(t, k, c)
		_, err := v.Verify(ctx, tok)
		if !errors.Is(err, jwtverify.ErrIssuer) {
			t.Errorf("%s: %v, want ErrIssuer", name, err)
		}
	}
	srv.wantHits(t, 0) // the issuer is checked before any key is fetched

	// A non-string iss is malformed, as in aws-jwt-verify.
	_, err := v.Verify(ctx, mint(t, k, with(idClaims(start), "iss", 42)))
	wantErr(t, err, jwtverify.ErrMalformed, "")
}

func TestTokenUse(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	id, access := mint(t, k, idClaims(start)), mint(t, k, accessClaims(start))

	idOnly, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.TokenUse = "id" })
	accessOnly, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.TokenUse = "access" })
	either, _ := newVerifier(t, srv, nil)

	if _, err := idOnly.Verify(ctx, id); err != nil {
		t.Errorf("id verifier, id token: %v", err)
	}
	_, err := idOnly.Verify(ctx, access)
	wantErr(t, err, jwtverify.ErrTokenUse, access)
	if _, err := accessOnly.Verify(ctx, access); err != nil {
		t.Errorf("access verifier, access token: %v", err)
	}
	_, err = accessOnly.Verify(ctx, id)
	wantErr(t, err, jwtverify.ErrTokenUse, id)

	for name, c := range map[string]jwt.MapClaims{
		"refresh": with(accessClaims(start), "token_use", "refresh"),
		"empty":   with(accessClaims(start), "token_use", ""),
		"missing": with(accessClaims(start), "token_use", nil),
		"ID caps": with(idClaims(start), "token_use", "ID"),
	} {
		tok := mint(t, k, c)
		for vname, v := range map[string]*jwtverify.Verifier{"either": either, "access": accessOnly} {
			_, err := v.Verify(ctx, tok)
			if !errors.Is(err, jwtverify.ErrTokenUse) {
				t.Errorf("%s token_use, %s verifier: %v, want ErrTokenUse", name, vname, err)
			}
		}
	}
}

func TestClient(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil)

	bad := map[string]jwt.MapClaims{
		"ID, other aud":                    with(idClaims(start), "aud", "someoneelse"),
		"ID, no aud":                       with(idClaims(start), "aud", nil),
		"ID, aud array":                    with(idClaims(start), "aud", []string{client}),
		"ID, client_id right but aud not":  with(idClaims(start), "aud", "someoneelse", "client_id", client),
		"access, other client_id":          with(accessClaims(start), "client_id", "someoneelse"),
		"access, no client_id":             with(accessClaims(start), "client_id", nil),
		"access, aud right but client_id ": with(accessClaims(start), "client_id", "someoneelse", "aud", client),
	}
	for name, c := range bad {
		tok := mint(t, k, c)
		_, err := v.Verify(ctx, tok)
		if !errors.Is(err, jwtverify.ErrClient) {
			t.Errorf("%s: %v, want ErrClient", name, err)
		}
	}

	two, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.ClientIDs = []string{"first", "second"} })
	if _, err := two.Verify(ctx, mint(t, k, with(accessClaims(start), "client_id", "second"))); err != nil {
		t.Errorf("second of two clients: %v", err)
	}
	_, err := two.Verify(ctx, mint(t, k, accessClaims(start)))
	wantErr(t, err, jwtverify.ErrClient, "")

	anyClient, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.ClientIDs, c.AllowAnyClient = nil, true })
	got, err := anyClient.Verify(ctx, mint(t, k, with(idClaims(start), "aud", "someoneelse")))
	if err != nil || got.ClientID != "someoneelse" {
		t.Errorf("AllowAnyClient: %+v, %v", got, err)
	}

	// aud of the wrong type is malformed, whatever the token use.
	_, err = v.Verify(ctx, mint(t, k, with(accessClaims(start), "aud", 7)))
	wantErr(t, err, jwtverify.ErrMalformed, "")
}

func TestAlgorithmNone(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil)

	none := mintWith(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, k.kid, idClaims(start))
	_, err := v.Verify(ctx, none)
	wantErr(t, err, jwtverify.ErrAlgorithm, none)

	// A real token with its header swapped for alg none and no signature.
	parts := strings.Split(mint(t, k, idClaims(start)), ".")
	for _, alg := range []string{"none", "None", "NONE", ""} {
		h, _ := json.Marshal(map[string]string{"alg": alg, "kid": k.kid})
		tok := b64(h) + "." + parts[1] + "."
		_, err := v.Verify(ctx, tok)
		wantErr(t, err, jwtverify.ErrAlgorithm, tok)
	}
	// No alg at all.
	h, _ := json.Marshal(map[string]string{"kid": k.kid})
	_, err = v.Verify(ctx, b64(h)+"."+parts[1]+"."+parts[2])
	wantErr(t, err, jwtverify.ErrAlgorithm, "")
	srv.wantHits(t, 0)
}

func TestHS256KeyConfusion(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil)

	der, err := x509.MarshalPKIXPublicKey(&k.priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	for name, secret := range map[string][]byte{
		"PEM": pemKey, "DER": der, "JWKS": jwksOf(k), "modulus": k.priv.N.Bytes(),
	} {
		for _, m := range []jwt.SigningMethod{jwt.SigningMethodHS256, jwt.SigningMethodHS512} {
			tok := mintWith(t, m, secret, k.kid, idClaims(start))
			_, err := v.Verify(ctx, tok)
			if !errors.Is(err, jwtverify.ErrAlgorithm) {
				t.Errorf("%s keyed with the %s: %v, want ErrAlgorithm", m.Alg(), name, err)
			}
		}
	}
	srv.wantHits(t, 0)
}

func TestOtherRSAAlgorithms(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwks(jwkOf(k, func(m map[string]any) { delete(m, "alg") })))
	v, _ := newVerifier(t, srv, nil)
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodRS384, jwt.SigningMethodRS512, jwt.SigningMethodPS256} {
		tok := mintWith(t, m, k.priv, k.kid, idClaims(start))
		_, err := v.Verify(ctx, tok)
		if !errors.Is(err, jwtverify.ErrAlgorithm) {
			t.Errorf("%s: %v, want ErrAlgorithm", m.Alg(), err)
		}
	}
	// An alg golang-jwt does not know.
	parts := strings.Split(mint(t, k, idClaims(start)), ".")
	h, _ := json.Marshal(map[string]string{"alg": "RS1", "kid": k.kid})
	_, err := v.Verify(ctx, b64(h)+"."+parts[1]+"."+parts[2])
	wantErr(t, err, jwtverify.ErrAlgorithm, "")
	srv.wantHits(t, 0)
}

func TestTampered(t *testing.T) {
	k, other := key(t, 0), key(t, 1)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil)
	good := mint(t, k, idClaims(start))
	parts := strings.Split(good, ".")

	forged, _ := json.Marshal(with(idClaims(start), "cognito:username", "mallory", "sub", "mallory"))
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": k.kid, "typ": "JWT"})
	sig := []byte(parts[2])
	if sig[10] == 'A' { // another base64url letter
		sig[10] = 'B'
	} else {
		sig[10] = 'A'
	}
	cases := map[string]string{
		"payload":          parts[0] + "." + b64(forged) + "." + parts[2],
		"header":           b64(header) + "." + parts[1] + "." + parts[2],
		"signature":        parts[0] + "." + parts[1] + "." + string(sig),
		"no signature":     parts[0] + "." + parts[1] + ".",
		"other key's sig":  mintWith(t, jwt.SigningMethodRS256, other.priv, k.kid, idClaims(start)),
		"truncated sig":    parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])/2&^3],
		"id sig on access": parts[0] + "." + strings.Split(mint(t, k, accessClaims(start)), ".")[1] + "." + parts[2],
	}
	for name, tok := range cases {
		_, err := v.Verify(ctx, tok)
		if !errors.Is(err, jwtverify.ErrSignature) {
			t.Errorf("%s: %v, want ErrSignature", name, err)
		}
	}
	if _, err := v.Verify(ctx, good); err != nil {
		t.Errorf("untampered: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, _ := newVerifier(t, srv, nil)
	parts := strings.Split(mint(t, k, idClaims(start)), ".")
	for name, tok := range map[string]string{
		"empty":                "",
		"one part":             "abc",
		"two parts":            parts[0] + "." + parts[1],
		"four parts":           strings.Join(append(parts, parts[2]), "."),
		"bad base64 header":    "!!!." + parts[1] + "." + parts[2],
		"padded header":        parts[0] + "==." + parts[1] + "." + parts[2],
		"std base64 header":    strings.NewReplacer("-", "+", "_", "/").Replace(parts[0]) + "+/." + parts[1] + "." + parts[2],
		"header not JSON":      b64([]byte("nope")) + "." + parts[1] + "." + parts[2],
		"header not object":    b64([]byte(`["RS256"]`)) + "." + parts[1] + "." + parts[2],
		"payload not JSON":     parts[0] + "." + b64([]byte("nope")) + "." + parts[2],
		"payload array":        parts[0] + "." + b64([]byte(`[1,2]`)) + "." + parts[2],
		"bad base64 signature": parts[0] + "." + parts[1] + ".*",
		"whitespace":           " " + strings.Join(parts, "."),
		"Bearer prefix":        "Bearer " + strings.Join(parts, "."),
	} {
		_, err := v.Verify(ctx, tok)
		if !errors.Is(err, jwtverify.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	// Claims aws-jwt-verify insists be strings.
	for _, claim := range []string{"scope", "jti", "token_use", "client_id"} {
		_, err := v.Verify(ctx, mint(t, k, with(accessClaims(start), claim, 1)))
		if !errors.Is(err, jwtverify.ErrMalformed) {
			t.Errorf("numeric %s: %v, want ErrMalformed", claim, err)
		}
	}
	// No kid.
	tok := mintWith(t, jwt.SigningMethodRS256, k.priv, "", idClaims(start))
	_, err := v.Verify(ctx, tok)
	wantErr(t, err, jwtverify.ErrKid, tok)
	srv.wantHits(t, 0)
}

func TestJWKChecks(t *testing.T) {
	k := key(t, 0)
	tok := mint(t, k, idClaims(start))
	for name, tc := range map[string]struct {
		edit func(map[string]any)
		want error // nil: verifies
	}{
		"as served":    {nil, nil},
		"no use":       {func(m map[string]any) { delete(m, "use") }, nil},
		"no alg":       {func(m map[string]any) { delete(m, "alg") }, nil},
		"use enc":      {func(m map[string]any) { m["use"] = "enc" }, jwtverify.ErrJWKS},
		"kty EC":       {func(m map[string]any) { m["kty"] = "EC" }, jwtverify.ErrJWKS},
		"kty oct":      {func(m map[string]any) { m["kty"] = "oct" }, jwtverify.ErrJWKS},
		"alg RS512":    {func(m map[string]any) { m["alg"] = "RS512" }, jwtverify.ErrAlgorithm},
		"alg HS256":    {func(m map[string]any) { m["alg"] = "HS256" }, jwtverify.ErrAlgorithm},
		"no n":         {func(m map[string]any) { delete(m, "n") }, jwtverify.ErrJWKS},
		"bad n":        {func(m map[string]any) { m["n"] = "***" }, jwtverify.ErrJWKS},
		"short n":      {func(m map[string]any) { m["n"] = b64(make([]byte, 64)) }, jwtverify.ErrJWKS},
		"even e":       {func(m map[string]any) { m["e"] = b64([]byte{2}) }, jwtverify.ErrJWKS},
		"huge e":       {func(m map[string]any) { m["e"] = b64([]byte{1, 0, 0, 0, 0, 0, 0, 0, 1}) }, jwtverify.ErrJWKS},
		"use number":   {func(m map[string]any) { m["use"] = 1 }, jwtverify.ErrJWKS},
		"kty missing":  {func(m map[string]any) { delete(m, "kty") }, jwtverify.ErrJWKS},
		"other kid":    {func(m map[string]any) { m["kid"] = "someone-else" }, jwtverify.ErrKid},
		"padded n & e": {func(m map[string]any) { m["n"] = m["n"].(string) + "=="; m["e"] = m["e"].(string) + "=" }, nil},
	} {
		srv := newJWKSServer(t, jwks(jwkOf(k, tc.edit)))
		v, _ := newVerifier(t, srv, nil)
		_, err := v.Verify(ctx, tok)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	// Keys other than the token's may be of any kind; the first of two
	// keys with one kid wins.
	srv := newJWKSServer(t, jwks(
		map[string]any{"kty": "EC", "kid": "ec-key", "crv": "P-256", "x": "AA", "y": "AA"},
		map[string]any{"kty": "RSA"}, // no kid: unusable, skipped
		jwkOf(k, nil),
		jwkOf(key(t, 1), func(m map[string]any) { m["kid"] = k.kid }),
	))
	v, _ := newVerifier(t, srv, nil)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Errorf("mixed JWKS: %v", err)
	}
}

func TestUnknownKidRefetchesOnceThenWaits(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	v, clk := newVerifier(t, srv, nil)
	good := mint(t, k, idClaims(start))
	if _, err := v.Verify(ctx, good); err != nil {
		t.Fatal(err)
	}
	srv.wantHits(t, 1)

	bogus := func(kid string) string {
		return mintWith(t, jwt.SigningMethodRS256, k.priv, kid, idClaims(start))
	}
	// An unknown kid costs one refetch, then fails.
	tok := bogus("made-up-1")
	_, err := v.Verify(ctx, tok)
	wantErr(t, err, jwtverify.ErrKid, tok)
	srv.wantHits(t, 2)

	// A flood of unknown kids within 10 s costs nothing more.
	for i := range 50 {
		tok := bogus(fmt.Sprintf("made-up-%d", i+2))
		_, err := v.Verify(ctx, tok)
		wantErr(t, err, jwtverify.ErrKid, tok)
	}
	clk.advance(9 * time.Second)
	_, err = v.Verify(ctx, bogus("made-up-1"))
	wantErr(t, err, jwtverify.ErrKid, "")
	srv.wantHits(t, 2)
	// Known keys keep working meanwhile.
	if _, err := v.Verify(ctx, good); err != nil {
		t.Fatal(err)
	}

	// After the wait, one more refetch.
	clk.advance(time.Second)
	_, err = v.Verify(ctx, bogus("made-up-again"))
	wantErr(t, err, jwtverify.ErrKid, "")
	srv.wantHits(t, 3)
	_, err = v.Verify(ctx, bogus("made-up-again"))
	wantErr(t, err, jwtverify.ErrKid, "")
	srv.wantHits(t, 3)
}

func TestKeyRotation(t *testing.T) {
	k1, k2, k3 := key(t, 0), key(t, 1), key(t, 2)
	srv := newJWKSServer(t, jwksOf(k1))
	v, clk := newVerifier(t, srv, nil)
	if _, err := v.Verify(ctx, mint(t, k1, idClaims(start))); err != nil {
		t.Fatal(err)
	}

	// Cognito starts signing with a new key: the first token with its kid
	// triggers a refetch, at once (the last fetch found what it sought).
	srv.set(http.StatusOK, jwksOf(k2))
	for range 3 {
		if _, err := v.Verify(ctx, mint(t, k2, accessClaims(start))); err != nil {
			t.Fatalf("rotated key: %v", err)
		}
	}
	srv.wantHits(t, 2)
	// The JWKS was replaced: the retired key is gone…
	old := mint(t, k1, idClaims(start))
	_, err := v.Verify(ctx, old)
	wantErr(t, err, jwtverify.ErrKid, old)
	srv.wantHits(t, 3)

	// …and, as in aws-jwt-verify, a new kid seen within 10 s of a fetch
	// that missed one waits out the period.
	srv.set(http.StatusOK, jwksOf(k2, k3))
	newer := mint(t, k3, idClaims(start))
	_, err = v.Verify(ctx, newer)
	wantErr(t, err, jwtverify.ErrKid, newer)
	clk.advance(10 * time.Second)
	if _, err := v.Verify(ctx, newer); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	srv.wantHits(t, 4)
}

func TestJWKSEndpointFailures(t *testing.T) {
	k := key(t, 0)
	tok := mint(t, k, idClaims(start))
	huge := append([]byte(`{"keys":[],"pad":"`), make([]byte, 1<<20)...)
	for i := 18; i < len(huge); i++ {
		huge[i] = 'x'
	}
	huge = append(huge, `"}`...)
	for name, tc := range map[string]struct {
		status int
		body   []byte
	}{
		"500":           {http.StatusInternalServerError, []byte(`{"message":"boom"}`)},
		"404":           {http.StatusNotFound, jwksOf(k)},
		"garbage":       {http.StatusOK, []byte("<html>not json</html>")},
		"empty":         {http.StatusOK, nil},
		"null":          {http.StatusOK, []byte("null")},
		"no keys":       {http.StatusOK, []byte(`{}`)},
		"keys not list": {http.StatusOK, []byte(`{"keys":"x"}`)},
		"key not obj":   {http.StatusOK, []byte(`{"keys":["x"]}`)},
		"over 1 MiB":    {http.StatusOK, huge},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newJWKSServer(t, nil)
			srv.set(tc.status, tc.body)
			v, clk := newVerifier(t, srv, nil)
			_, err := v.Verify(ctx, tok)
			wantErr(t, err, jwtverify.ErrJWKS, tok)
			srv.wantHits(t, 1)

			// A failed fetch bars the next for 10 s…
			srv.set(http.StatusOK, jwksOf(k))
			_, err = v.Verify(ctx, tok)
			wantErr(t, err, jwtverify.ErrJWKS, tok)
			srv.wantHits(t, 1)
			// …after which a recovered endpoint is used.
			clk.advance(10 * time.Second)
			if _, err := v.Verify(ctx, tok); err != nil {
				t.Fatalf("after recovery: %v", err)
			}
			srv.wantHits(t, 2)
		})
	}

	t.Run("server down", func(t *testing.T) {
		srv := newJWKSServer(t, jwksOf(k))
		srv.Close()
		v, _ := newVerifier(t, srv, nil)
		_, err := v.Verify(ctx, tok)
		wantErr(t, err, jwtverify.ErrJWKS, tok)
	})

	t.Run("timeout", func(t *testing.T) {
		srv := newJWKSServer(t, jwksOf(k))
		gate := make(chan struct{})
		defer close(gate)
		srv.setGate(gate)
		v, _ := newVerifier(t, srv, func(c *jwtverify.Config) { c.HTTPClient = &http.Client{Timeout: 100 * time.Millisecond} })
		_, err := v.Verify(ctx, tok)
		wantErr(t, err, jwtverify.ErrJWKS, tok)
	})
}

func TestConcurrentVerifySharesOneFetch(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	gate := make(chan struct{})
	srv.setGate(gate)
	v, _ := newVerifier(t, srv, nil)
	tokens := []string{mint(t, k, idClaims(start)), mint(t, k, accessClaims(start))}

	const n = 32
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := v.Verify(ctx, tokens[i%2])
			errs <- err
		}()
	}
	time.Sleep(100 * time.Millisecond) // let them all queue behind the one fetch
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	srv.wantHits(t, 1)

	// Concurrent unknown kids also share one refetch.
	srv.setGate(nil)
	wg = sync.WaitGroup{}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := mintWith(t, jwt.SigningMethodRS256, k.priv, fmt.Sprint("nope-", i), idClaims(start))
			if _, err := v.Verify(ctx, tok); !errors.Is(err, jwtverify.ErrKid) {
				t.Errorf("unknown kid: %v", err)
			}
		}()
	}
	wg.Wait()
	srv.wantHits(t, 2)
}

func TestContextCancelDoesNotAbandonTheFetch(t *testing.T) {
	k := key(t, 0)
	srv := newJWKSServer(t, jwksOf(k))
	gate := make(chan struct{})
	srv.setGate(gate)
	v, _ := newVerifier(t, srv, nil)
	tok := mint(t, k, idClaims(start))

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := v.Verify(short, tok)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, jwtverify.ErrJWKS) {
		t.Fatalf("error = %v, want ErrJWKS and DeadlineExceeded", err)
	}
	// The fetch goes on for the next caller, who shares it.
	done := make(chan error)
	go func() { _, err := v.Verify(ctx, tok); done <- err }()
	time.Sleep(20 * time.Millisecond)
	close(gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	srv.wantHits(t, 1)
}

func TestCacheJWKS(t *testing.T) {
	k1, k2 := key(t, 0), key(t, 1)
	srv := newJWKSServer(t, jwksOf(k1, k2))
	v, _ := newVerifier(t, srv, nil)

	if err := v.CacheJWKS(jwksOf(k1)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, mint(t, k1, idClaims(start))); err != nil {
		t.Fatal(err)
	}
	srv.wantHits(t, 0)
	// A kid not in the cached set is still fetched.
	if _, err := v.Verify(ctx, mint(t, k2, idClaims(start))); err != nil {
		t.Fatal(err)
	}
	srv.wantHits(t, 1)

	for _, bad := range []string{"", "not json", `{"keys":{}}`, `{"keys":[{"kid":"x"}]}`, `[]`} {
		if err := v.CacheJWKS([]byte(bad)); !errors.Is(err, jwtverify.ErrJWKS) {
			t.Errorf("CacheJWKS(%q) = %v, want ErrJWKS", bad, err)
		}
	}
	// Loading an empty set empties the cache (aws-jwt-verify's recipe).
	if err := v.CacheJWKS(jwks()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, mint(t, k1, idClaims(start))); err != nil {
		t.Fatal(err)
	}
	srv.wantHits(t, 2)
}
