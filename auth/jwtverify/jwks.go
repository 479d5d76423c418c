//go:build !js

package jwtverify

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

// refetchWait is how long no JWKS fetch is made after one that failed or
// did not have a kid that was asked for: aws-jwt-verify's SimplePenaltyBox
// default (waitSeconds 10).
const refetchWait = 10 * time.Second

// maxJWKSBytes bounds the JWKS document read; Cognito's is about 1 KB.
const maxJWKSBytes = 1 << 20

// jwk is one key of the set, as far as verification needs it.
type jwk struct {
	kty, use, alg string
	pub           *rsa.PublicKey // nil when kty is not RSA or n/e are bad
	pubErr        error
}

// keyCache holds the pool's keys by kid, fetching them lazily.
type keyCache struct {
	url    string
	client *http.Client
	now    func() time.Time

	mu       sync.Mutex
	keys     map[string]*jwk // nil until a JWKS was fetched or cached
	inflight *fetchCall
	// noFetchUntil: after a fetch that failed or lacked a kid asked for,
	// no fetch is made before this time (aws-jwt-verify's penalty box).
	noFetchUntil time.Time
	lastErr      error
}

// fetchCall is one JWKS fetch, shared by every Verify that waits for it.
type fetchCall struct {
	done chan struct{}
	kids map[string]bool // asked for while in flight; under keyCache.mu
	keys map[string]*jwk // set before done closes
	err  error
}

func (c *keyCache) store(keys map[string]*jwk) {
	c.mu.Lock()
	c.keys = keys
	c.mu.Unlock()
}

// key returns the key with kid: from the cache, or else from one (shared)
// fetch of the JWKS unless a recent fetch failed or missed a kid.
func (c *keyCache) key(ctx context.Context, kid string) (*jwk, error) {
	c.mu.Lock()
	if k, ok := c.keys[kid]; ok {
		c.mu.Unlock()
		return k, nil
	}
	call := c.inflight
	if call == nil {
		if until := c.noFetchUntil; c.now().Before(until) {
			loaded, lastErr := c.keys != nil, c.lastErr
			c.mu.Unlock()
			if !loaded || lastErr != nil {
				detail := strings.TrimPrefix(fmt.Sprint(lastErr), ErrJWKS.Error()+": ")
				return nil, fmt.Errorf("%w: last fetch failed (%s); no retry before %s", ErrJWKS, detail, until.UTC().Format(time.RFC3339))
			}
			return nil, fmt.Errorf("%w: kid %q is not in the JWKS, which was fetched less than %s ago", ErrKid, kid, refetchWait)
		}
		call = &fetchCall{done: make(chan struct{}), kids: map[string]bool{}}
		c.inflight = call
		go c.run(ctx, call)
	}
	call.kids[kid] = true
	c.mu.Unlock()

	select {
	case <-call.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: waiting for %s: %w", ErrJWKS, c.url, ctx.Err())
	}
	if call.err != nil {
		return nil, call.err
	}
	if k, ok := call.keys[kid]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w: kid %q is not in the JWKS", ErrKid, kid)
}

// run fetches the JWKS for call and settles the penalty: a fetch that
// failed, or lacked any kid asked for while it ran, bars the next one for
// refetchWait; a fetch that had every kid lifts the bar.
func (c *keyCache) run(ctx context.Context, call *fetchCall) {
	// The fetch outlives the Verify that started it (others may wait for
	// it), so it has its own deadline rather than that caller's.
	ctx = context.WithoutCancel(ctx)
	if c.client.Timeout == 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
	}
	keys, err := c.fetch(ctx)

	c.mu.Lock()
	call.keys, call.err = keys, err
	missed := err != nil
	if err == nil {
		c.keys = keys
		for kid := range call.kids {
			if _, ok := keys[kid]; !ok {
				missed = true
			}
		}
	}
	c.lastErr = err
	if missed {
		c.noFetchUntil = c.now().Add(refetchWait)
	} else {
		c.noFetchUntil = time.Time{}
	}
	c.inflight = nil
	c.mu.Unlock()
	close(call.done)
}

func (c *keyCache) fetch(ctx context.Context) (map[string]*jwk, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrJWKS, err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrJWKS, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: GET %s: %s", ErrJWKS, c.url, res.Status)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: GET %s: %v", ErrJWKS, c.url, err)
	}
	if len(body) > maxJWKSBytes {
		return nil, fmt.Errorf("%w: GET %s: document over %d bytes", ErrJWKS, c.url, maxJWKSBytes)
	}
	keys, err := parseJWKS(body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", c.url, err)
	}
	return keys, nil
}

// parseJWKS validates a JWKS as aws-jwt-verify's assertIsJwks does — an
// object with a keys array of objects, each with a string kty and, when
// present, string use, alg, kid, n and e — and indexes its keys by kid.
// Keys without a kid are unusable and skipped; of duplicate kids the first
// wins, as in findJwkInJwks.
func parseJWKS(doc []byte) (map[string]*jwk, error) {
	var set struct {
		Keys *[]json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(doc, &set); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrJWKS, err)
	}
	if set.Keys == nil {
		return nil, fmt.Errorf("%w: no keys array", ErrJWKS)
	}
	keys := make(map[string]*jwk, len(*set.Keys))
	for i, raw := range *set.Keys {
		var f struct {
			Kty, Use, Alg, Kid, N, E *string
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("%w: key %d: %v", ErrJWKS, i, err)
		}
		if f.Kty == nil {
			return nil, fmt.Errorf("%w: key %d has no kty", ErrJWKS, i)
		}
		if f.Kid == nil || *f.Kid == "" {
			continue
		}
		if _, dup := keys[*f.Kid]; dup {
			continue
		}
		k := &jwk{kty: *f.Kty, use: deref(f.Use), alg: deref(f.Alg)}
		if k.kty == "RSA" {
			k.pub, k.pubErr = rsaKey(deref(f.N), deref(f.E))
		}
		keys[*f.Kid] = k
	}
	return keys, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// rsaKey decodes a JWK's modulus and exponent (RFC 7518 §6.3.1).
func rsaKey(n, e string) (*rsa.PublicKey, error) {
	if n == "" || e == "" {
		return nil, errors.New("missing modulus (n) or exponent (e)")
	}
	nb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(n, "="))
	if err != nil {
		return nil, fmt.Errorf("modulus (n): %v", err)
	}
	eb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(e, "="))
	if err != nil {
		return nil, fmt.Errorf("exponent (e): %v", err)
	}
	exp := new(big.Int).SetBytes(eb)
	if !exp.IsInt64() || exp.Int64() < 3 || exp.Int64() > 1<<31-1 || exp.Bit(0) == 0 {
		return nil, errors.New("unusable exponent (e)")
	}
	mod := new(big.Int).SetBytes(nb)
	if mod.BitLen() < 2048 {
		return nil, fmt.Errorf("modulus of %d bits; want at least 2048", mod.BitLen())
	}
	return &rsa.PublicKey{N: mod, E: int(exp.Int64())}, nil
}
