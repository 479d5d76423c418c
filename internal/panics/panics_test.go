package panics

import (
	"errors"
	"fmt"
	"testing"
)

type stringer struct{}

func (stringer) String() string { return "from String" }

// Text agrees with fmt's %v for what panics carry.
func TestTextMatchesFmt(t *testing.T) {
	for _, r := range []any{errors.New("boom"), "plain", stringer{}} {
		if got, want := Text(r), fmt.Sprint(r); got != want {
			t.Errorf("Text(%#v) = %q, want %q", r, got, want)
		}
	}
	if got := Text(42); got != "a panic without a message" {
		t.Errorf("Text(42) = %q", got)
	}
}
