package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// TestGoInBrowser compiles the js/wasm tests of auth and wasm and runs them
// in headless Chromium. The page is served by wasmbrowsertest from another
// port than localcognito, so every call is a cross-origin fetch.
func TestGoInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		if _, err2 := exec.LookPath("google-chrome"); err2 != nil {
			t.Fatal("no chromium on PATH: install it (apt-get install -y chromium); .ci/run does")
		}
	}
	endpoint := lct.Start(t, "")
	out := goTestInBrowser(t, 8*time.Minute, []string{"./auth/", "./wasm/"},
		"LOCALCOGNITO_ENDPOINT="+endpoint+"/",
		"LOCALCOGNITO_POOL_ID="+lct.PoolID,
		"LOCALCOGNITO_CLIENT_ID="+lct.ClientID,
		"LOCALCOGNITO_SECRET_CLIENT_ID="+lct.SecretClientID,
		"LOCALCOGNITO_CLIENT_SECRET="+lct.ClientSecret,
		"LOCALCOGNITO_USER="+lct.Alice,
		"LOCALCOGNITO_NEW_USER="+lct.Bob,
		"LOCALCOGNITO_PASSWORD="+lct.Password,
		"LOCALCOGNITO_MFA_POOL_ID="+lct.MFAPoolID,
		"LOCALCOGNITO_MFA_CLIENT_ID="+lct.MFAClientID,
		"LOCALCOGNITO_TOTP_SECRET="+lct.TOTPSecret,
	)
	requirePassed(t, out, "TestBrowserSignIn", "TestBrowserNewPasswordRequired", "TestBrowserSessionCalls", "TestBrowserRefusesAdmin", "TestBrowserTOTPAndRememberedDevice", "TestSignInEnvelope")
	if bytes.Contains(out, []byte("unknown")) && bytes.Contains(out, []byte("enum")) {
		t.Errorf("chromedp logged unknown enum values; upgrade chromedp/cdproto")
	}
}

// TestSRPKernelInBrowser runs srp's kernel tests in headless Chromium, the
// engine its SIMD code is tuned for: the kernel must compile there, agree
// with mont.go and math/big, and give way to Go when it cannot run. (srp's
// other tests read testdata/, which a page cannot; make test runs them all
// in Node as well.)
func TestSRPKernelInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	out := goTestInBrowser(t, 4*time.Minute, []string{"-run", "^TestKernel", "./srp/"})
	requirePassed(t, out, "TestKernelRuns", "TestKernelExp", "TestKernelExpG", "TestKernelBroken", "TestKernelThrows", "TestKernelAbsent")
}

// goTestInBrowser runs go test on args as js/wasm in headless Chromium
// (wasmbrowsertest), with env added, and returns its output; it fails t if
// the tests fail.
func goTestInBrowser(t *testing.T, timeout time.Duration, args []string, env ...string) []byte {
	t.Helper()
	root := repoRoot(t)
	runner := goOutput(t, root, "tool", "-n", "wasmbrowsertest")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-count=1", "-v", "-exec", runner}, args...)...)
	cmd.Dir = root
	cmd.Env = append(append(os.Environ(), "GOOS=js", "GOARCH=wasm"), env...)
	out, err := cmd.CombinedOutput()
	t.Logf("browser run:\n%s", out)
	if err != nil {
		t.Fatalf("tests in Chromium failed: %v", err)
	}
	return out
}

// requirePassed fails t for each named test that did not pass: a skipped
// browser test would pass silently.
func requirePassed(t *testing.T, out []byte, names ...string) {
	t.Helper()
	for _, name := range names {
		if !bytes.Contains(out, []byte("--- PASS: "+name)) {
			t.Errorf("%s did not pass in the browser", name)
		}
	}
}

func repoRoot(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func goOutput(t *testing.T, dir string, args ...string) string {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}
