// Command demo runs the demo: localcognito with a seeded pool on one port
// and the demo login page on another, so the page's calls are
// cross-origin, as they are against real Cognito. The pool's custom-auth
// Lambda triggers run in scripts/lambda-runner (Node.js), started next to
// localcognito; without Node the demo runs without them.
package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito"
)

//go:embed seed.yaml
var demoSeed string

// demoPool is a seeded pool and its app client; seed.yaml must agree.
type demoPool struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	UserPoolID string `json:"userPoolId"`
	ClientID   string `json:"clientId"`
}

var demoPools = []demoPool{
	{"main", "demo (MFA optional)", "us-east-1_DemoPool1", "demoweb0000000000000000001"},
	{"mfa", "demo-mfa-required (MFA on for every user)", "us-east-1_DemoMfaOn1", "demomfa0000000000000000001"},
}

// demoUser is shown on the page and printed at start: sign in as
// Username in Pool with Flow (and, for USER_AUTH, PreferredChallenge) and
// the page shows what Shows says.
type demoUser struct {
	Username           string `json:"username"`
	Password           string `json:"password"` // "" when the flow needs none
	Pool               string `json:"pool"`     // a demoPool's Key
	Flow               string `json:"flow"`     // the page's flow selector: signIn's authFlow
	PreferredChallenge string `json:"preferredChallenge,omitempty"`
	Shows              string `json:"shows"`
}

// totpSecret is totpuser's authenticator-app secret; seed.yaml must agree.
const totpSecret = "DEMOTOTPSECRETDEMOTOTPSECRET2345"

var demoUsers = []demoUser{
	{"demo", "Passw0rd!", "main", "USER_SRP_AUTH", "", "a plain SRP sign-in, then the tokens view: claims, expiry countdown, refresh, sign out"},
	{"demo", "Passw0rd!", "main", "USER_PASSWORD_AUTH", "", "the password itself is sent instead of an SRP proof; the same tokens view"},
	{"newuser", "Passw0rd!", "main", "USER_SRP_AUTH", "", "NEW_PASSWORD_REQUIRED: choose a new password at first sign-in"},
	{"totpuser", "Passw0rd!", "main", "USER_SRP_AUTH", "", "SOFTWARE_TOKEN_MFA: add the secret " + totpSecret + " to an authenticator app; tick \"Remember this device\" and the next sign-in skips MFA"},
	{"smsuser", "Passw0rd!", "main", "USER_SRP_AUTH", "", "SMS_MFA: the code lands in localcognito's outbox (linked on the page)"},
	{"setupuser", "Passw0rd!", "mfa", "USER_SRP_AUTH", "", "MFA_SETUP: pick the pool \"demo-mfa-required\", scan the QR code, enter the app's code"},
	{"choiceuser", "Passw0rd!", "main", "USER_AUTH", "", "SELECT_CHALLENGE lists PASSWORD, PASSWORD_SRP, EMAIL_OTP and SMS_OTP (the user has an email address and a phone number); the codes need no password and land in the outbox; a password choice takes the password from the form or asks for it"},
	{"choiceuser", "", "main", "USER_AUTH", "EMAIL_OTP", "EMAIL_OTP straight away, no password: enter the code from the outbox"},
	{"choiceuser", "Passw0rd!", "main", "USER_AUTH", "PASSWORD_SRP", "no choice to make: SRP proves the password, then the tokens view"},
	{"customuser", "", "main", "CUSTOM_AUTH", "", "CUSTOM_CHALLENGE: the trigger asks \"What is 2+2?\" (answer 4; a wrong answer is asked again, the third ends the sign-in)"},
	{"customuser", "Passw0rd!", "main", "CUSTOM_WITH_SRP", "", "SRP proves the password first (PASSWORD_VERIFIER), then the same CUSTOM_CHALLENGE"},
}

func main() {
	apiAddr := flag.String("api-addr", "127.0.0.1:9229", "localcognito listen address")
	webAddr := flag.String("web-addr", "127.0.0.1:8080", "demo page listen address")
	webDir := flag.String("web-dir", "web", "the npm package folder (holds demo/ and dist/)")
	nodeModules := flag.String("node-modules", "", "the repository's node_modules (default: next to -web-dir)")
	node := flag.String("node", "node", "the Node.js that runs the pool's Lambda triggers (scripts/lambda-runner); \"\" runs none")
	lambdaDir := flag.String("lambda-dir", "", "the trigger handlers (default: scripts/lambda-runner/examples, next to -web-dir)")
	flag.Parse()
	if *nodeModules == "" {
		*nodeModules = filepath.Join(*webDir, "..", "node_modules")
	}
	if err := run(*apiAddr, *webAddr, *webDir, *nodeModules, *node, *lambdaDir); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(apiAddr, webAddr, webDir, nodeModules, node, lambdaDir string) error {
	if _, err := os.Stat(filepath.Join(webDir, "dist", "cognito-srp.wasm")); err != nil {
		return fmt.Errorf("%s/dist is not built; run `make build` first: %w", webDir, err)
	}
	qrcodeJS, err := bundleQRCode(nodeModules)
	if err != nil {
		return err
	}
	apiLn, err := net.Listen("tcp", apiAddr)
	if err != nil {
		return err
	}
	webLn, err := net.Listen("tcp", webAddr)
	if err != nil {
		return err
	}
	apiURL := "http://" + apiLn.Addr().String()
	webURL := "http://" + webLn.Addr().String()

	// The custom-auth triggers; the demo goes on without them.
	triggers := triggersStatus{Functions: "define, create, verify"}
	script, handlers := lambdaPaths(webDir, lambdaDir)
	runner, err := startLambdaRunner(node, script, handlers)
	if err != nil {
		triggers.Reason = err.Error()
		fmt.Fprintln(os.Stderr, "demo: custom auth is unavailable:", err)
	} else {
		defer runner.stop()
		triggers.Available = true
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	opts := localcognito.Options{Issuer: apiURL, Logger: logger}
	if runner != nil {
		opts.LambdaEndpoint = runner.url
	}
	lc, err := localcognito.New(opts)
	if err != nil {
		return err
	}
	if err := lc.LoadSeed(strings.NewReader(demoSeed)); err != nil {
		return err
	}

	// The two servers share the process's files: the API gets half, the
	// page a quarter, as a page connection may hold a file open as well.
	maxConns := localcognito.MaxConns()
	api := localcognito.NewHTTPServer(lc)
	page := localcognito.NewHTTPServer(pageHandler(webDir, apiURL, qrcodeJS, triggers))
	errc := make(chan error, 2)
	go func() { errc <- api.Serve(localcognito.LimitListener(apiLn, maxConns/2)) }()
	go func() { errc <- page.Serve(localcognito.LimitListener(webLn, maxConns/4)) }()
	printBanner(webURL, apiURL, triggers, runner)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	select {
	case <-stop:
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// pageHandler serves the npm package folder, the page with its files at
// versioned URLs (assets.go), and the page's configuration.
func pageHandler(webDir, apiURL string, qrcodeJS []byte, triggers triggersStatus) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /config.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(map[string]any{
			"endpoint":   apiURL + "/",
			"userPoolId": demoPools[0].UserPoolID,
			"clientId":   demoPools[0].ClientID,
			"pools":      demoPools,
			"users":      demoUsers,
			"outbox":     apiURL + "/_localcognito/outbox",
			"triggers":   triggers,
		})
	})
	mux.HandleFunc("GET /vendor/qrcode.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(qrcodeJS)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/demo/", http.StatusFound)
	})
	static := newAssets(webDir, map[string][]byte{"vendor/qrcode.js": qrcodeJS})
	mux.HandleFunc("GET /demo/{$}", static.servePage)
	mux.HandleFunc("GET "+versionedPrefix+"{version}/{file...}", static.serveVersioned)
	files := http.FileServer(http.Dir(webDir))
	mux.Handle("GET /", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache") // the demo is rebuilt often
		files.ServeHTTP(w, r)
	}))
	return mux
}

func printBanner(webURL, apiURL string, triggers triggersStatus, runner *lambdaRunner) {
	fmt.Printf("demo page: %s/demo/\n", webURL)
	fmt.Printf("localcognito: %s\n", apiURL)
	for _, p := range demoPools {
		fmt.Printf("  pool %s: %s, client %s\n", p.Name, p.UserPoolID, p.ClientID)
	}
	if runner != nil {
		fmt.Printf("lambda triggers (%s): %s (scripts/lambda-runner)\n", triggers.Functions, runner.url)
	} else {
		fmt.Printf("custom auth is unavailable: %s\n", triggers.Reason)
	}
	for _, u := range demoUsers {
		password := u.Password
		if password == "" {
			password = "(no password)"
		}
		flow := u.Flow
		if u.PreferredChallenge != "" {
			flow += " with first challenge " + u.PreferredChallenge
		}
		fmt.Printf("sign in as %s / %s in pool “%s”, flow %s: %s\n", u.Username, password, poolName(u.Pool), flow, u.Shows)
	}
	fmt.Println("also on the page: Create account (sign-up with an emailed code) and Forgot password;")
	fmt.Printf("  codes are not sent, read them in the outbox: %s/_localcognito/outbox\n", apiURL)
	fmt.Println("press Ctrl-C to stop")
}

func poolName(key string) string {
	for _, p := range demoPools {
		if p.Key == key {
			return p.Name
		}
	}
	return key
}
