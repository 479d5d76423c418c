package browsertest

import (
	"fmt"
	"os"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/awsmodel"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// TestMain holds every request the wasm's fetch transport sends from
// Chromium, and every answer, to AWS's model of Cognito
// (internal/awsmodel).
func TestMain(m *testing.M) {
	model, err := awsmodel.Cognito()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lct.Wrap = (&awsmodel.Checker{Model: model}).Wrap
	os.Exit(m.Run())
}
