package localcognito

import (
	"container/list"
	"sync"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// verifierCacheSize bounds the prepared verifiers kept: each holds a table
// of about 100 KB, so at most about 6.4 MB.
const verifierCacheSize = 64

// verifierCache keeps srp.PreparedVerifier tables for the verifiers that
// sign in repeatedly, least recently used first out. A verifier is
// prepared the second time it is seen: the table costs about as much as
// two exchanges save, so one-off sign-ins never pay for it. The simulated
// verifiers of PreventUserExistenceErrors take the same path, so a cached
// user and an unknown name that is retried cost the same.
type verifierCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]*list.Element // of *cachedVerifier
	order   *list.List               // front: most recently used
}

type cachedVerifier struct {
	key  string // the verifier's bytes
	seen int
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

// touch records a sighting and returns the entry once it is worth preparing.
func (c *verifierCache) touch(key string) *cachedVerifier {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		e := el.Value.(*cachedVerifier)
		e.seen++
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
