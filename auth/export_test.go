//go:build !js

package auth

import cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

// SDKSends tells whether the SDK transport can send operation, for the
// wire conformance test in package auth_test.
func SDKSends(operation string) bool {
	_, ok := sdkMethod(&cip.Client{}, operation)
	return ok
}
