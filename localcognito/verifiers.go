package localcognito

import (
	"container/list"
	"sync"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

const (
	// verifierCacheSize bounds the verifiers kept, and so the memory of
	// their tables (srp.PreparedVerifier says how large one is).
	verifierCacheSize = 64
	// prepareAt is the sighting that prepares a verifier. A table costs
	// about 3.3-4.3 ms to build and saves 0.6-1.0 ms per exchange (go test
	// -bench 'ServerSignIn|PrepareVerifier' ./srp/), so users who sign in
	// only a few times never pay for one.
	prepareAt = 4
)

// verifierCache keeps srp.PreparedVerifier tables for the verifiers that
// sign in repeatedly, least recently used first out. serverExchange skips
// it for clients that prevent user existence errors.
type verifierCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]*list.Element // of *cachedVerifier
	order   *list.List               // front: most recently used
}

type cachedVerifier struct {
	key  string // the verifier's bytes
	seen int    // sightings so far
	once sync.Once
	pv   *srp.PreparedVerifier
	err  error
}

func newVerifierCache(max int) *verifierCache {
	return &verifierCache{max: max, entries: map[string]*list.Element{}, order: list.New()}
}

// newServer starts one SRP exchange for the verifier.
func (c *verifierCache) newServer(verifier []byte) (*srp.Server, error) {
	e := c.touch(string(verifier))
	if e == nil {
		return srp.NewServer(verifier)
	}
	// Built outside the lock; concurrent sign-ins of one user wait for one build.
	e.once.Do(func() { e.pv, e.err = srp.PrepareVerifier(verifier) })
	if e.err != nil {
		return nil, e.err
	}
	return e.pv.NewServer()
}

// touch records a sighting and returns the entry once it is worth
// preparing (from the prepareAt-th sighting on).
func (c *verifierCache) touch(key string) *cachedVerifier {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		e := el.Value.(*cachedVerifier)
		e.seen++
		if e.seen < prepareAt {
			return nil
		}
		return e
	}
	c.entries[key] = c.order.PushFront(&cachedVerifier{key: key, seen: 1})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.entries, oldest.Value.(*cachedVerifier).key)
	}
	return nil
}

// len is how many verifiers the cache holds, for tests.
func (c *verifierCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
