//go:build !js

package auth

import (
	"maps"
	"slices"
)

// SDKOperations lists the operations the SDK transport sends, for the
// wire conformance test in package auth_test.
func SDKOperations() []string { return slices.Sorted(maps.Keys(sdkOps)) }
