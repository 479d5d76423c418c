package localcognito

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Each exchange agrees with a client whether the verifier is new, seen
// once (prepared now) or prepared already.
func TestVerifierCacheExchanges(t *testing.T) {
	c := newVerifierCache(4)
	salt, verifier, err := srp.NewVerifier("pool", "user", "Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s, err := c.newServer(verifier)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := srp.NewClient()
		if err != nil {
			t.Fatal(err)
		}
		skey, err := s.Key(cl.A())
		if err != nil {
			t.Fatal(err)
		}
		ckey, err := cl.Key("pool", "user", "Passw0rd!", salt, s.B())
		if err != nil || !bytes.Equal(ckey, skey) {
			t.Fatalf("exchange %d: client key %x, server key %x (%v)", i, ckey, skey, err)
		}
	}
	el := c.entries[string(verifier)]
	if e := el.Value.(*cachedVerifier); e.seen != 3 || e.pv == nil {
		t.Errorf("after 3 exchanges: seen %d, prepared %v; want 3, true", e.seen, e.pv != nil)
	}
	if _, err := c.newServer(nil); err == nil {
		t.Error("empty verifier: want error")
	}
	if _, err := c.newServer(nil); err == nil {
		t.Error("empty verifier, seen twice: want error")
	}
}

// The cache holds at most max verifiers and drops the least recently used.
func TestVerifierCacheEvicts(t *testing.T) {
	c := newVerifierCache(3)
	key := func(i int) string { return fmt.Sprintf("v%d", i) }
	for i := range 3 {
		if c.touch(key(i)) != nil {
			t.Fatalf("first sighting of %s: want nothing to prepare", key(i))
		}
	}
	if c.touch(key(0)) == nil { // v0 is now the most recently used
		t.Fatal("second sighting of v0: want an entry to prepare")
	}
	c.touch(key(3)) // evicts v1, the least recently used
	if n := c.len(); n != 3 {
		t.Fatalf("len = %d, want 3", n)
	}
	if _, ok := c.entries[key(1)]; ok {
		t.Error("v1 is still cached; want it evicted")
	}
	for _, k := range []string{key(0), key(2), key(3)} {
		if _, ok := c.entries[k]; !ok {
			t.Errorf("%s was evicted; want it kept", k)
		}
	}
}
