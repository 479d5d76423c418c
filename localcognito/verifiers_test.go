package localcognito

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Each exchange agrees with a client whether the verifier is new, being
// prepared or prepared already.
func TestVerifierCacheExchanges(t *testing.T) {
	c := newVerifierCache(4)
	salt, verifier, err := srp.NewVerifier("pool", "user", "Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	for i := range prepareAt + 1 {
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
		if prepared := c.entries[string(verifier)].Value.(*cachedVerifier).pv != nil; prepared != (i+1 >= prepareAt) {
			t.Errorf("after exchange %d: prepared %v", i+1, prepared)
		}
	}
	for i := range prepareAt {
		if _, err := c.newServer(nil); err == nil {
			t.Errorf("empty verifier, sighting %d: want error", i+1)
		}
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
	for range prepareAt - 2 {
		c.touch(key(0))
	}
	if c.touch(key(0)) == nil { // v0 is now the most recently used
		t.Fatalf("sighting %d of v0: want an entry to prepare", prepareAt)
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

// Sign-ins through a client that prevents user existence errors never
// reach the cache (a prepared verifier answers faster, which would tell an
// active user from an unknown name); through a LEGACY client they do.
func TestVerifierCacheSkipsPreventingClients(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	strict := e.preventingClient(f.poolID)
	for range prepareAt + 1 {
		if _, err := e.signIn(f.poolID, strict, "", f.username, f.password).run(); err != nil {
			t.Fatal(err)
		}
		if err := e.signIn(f.poolID, strict, "", "nobody", f.password).initiate(); err != nil {
			t.Fatal(err) // a simulated challenge
		}
	}
	if n := e.srv.verifiers.len(); n != 0 {
		t.Fatalf("after sign-ins through a preventing client the cache holds %d verifiers, want 0", n)
	}
	if _, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run(); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.verifiers.len(); n != 1 {
		t.Fatalf("after a sign-in through a LEGACY client the cache holds %d verifiers, want 1", n)
	}
}
