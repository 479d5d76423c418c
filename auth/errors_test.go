package auth

import (
	"errors"
	"fmt"
	"testing"
)

// asError finds what errors.As finds.
func TestAsError(t *testing.T) {
	e := &Error{Name: "ResourceNotFoundException", Message: "Device does not exist."}
	for _, err := range []error{
		nil, errors.New("plain"), e, fmt.Errorf("wrapped: %w", e), fmt.Errorf("twice: %w", fmt.Errorf("once: %w", e)),
		errors.Join(errors.New("a"), fmt.Errorf("b: %w", e)), errors.Join(errors.New("a")), fmt.Errorf("%w and %w", errors.New("x"), e),
	} {
		var want *Error
		errors.As(err, &want)
		if got := asError(err); got != want {
			t.Errorf("asError(%v) = %v, errors.As %v", err, got, want)
		}
	}
	if !isDeviceGone(fmt.Errorf("call: %w", e)) || isDeviceGone(&Error{Name: "ResourceNotFoundException", Message: "User pool not found"}) {
		t.Error("isDeviceGone")
	}
}
