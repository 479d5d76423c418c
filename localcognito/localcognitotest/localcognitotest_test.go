package localcognitotest

import (
	"net/http"
	"strings"
	"testing"
)

func TestNewServer(t *testing.T) {
	s := NewServer("")
	res, err := http.Get(s.URL + "/" + PoolID + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("JWKS: %s", res.Status)
	}
	s.Close()
}

func TestNewServerBadSeed(t *testing.T) {
	defer func() {
		if msg, _ := recover().(string); !strings.HasPrefix(msg, "localcognitotest: seed: ") {
			t.Errorf("panic = %q", msg)
		}
	}()
	NewServer("pools: [{id: nope}]")
	t.Error("no panic")
}
