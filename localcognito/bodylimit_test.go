package localcognito

import (
	"strings"
	"testing"
)

func TestOversizedBodyIsRefused(t *testing.T) {
	e := newEnv(t)
	body := `{"ClientId":"` + strings.Repeat("x", maxBodyBytes) + `"}`
	resp, out := e.raw("InitiateAuth", body, nil)
	if resp.StatusCode != 400 || out["__type"] != "SerializationException" {
		t.Fatalf("a body over 1 MiB: %d %v", resp.StatusCode, out)
	}
	// The server goes on serving.
	resp, out = e.raw("InitiateAuth", `{"ClientId":"nope","AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"u","SRP_A":"1"}}`, nil)
	if resp.StatusCode != 400 || out["__type"] != "ResourceNotFoundException" {
		t.Fatalf("after it: %d %v", resp.StatusCode, out)
	}
}
