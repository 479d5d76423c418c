// Package localcognito is a local stand-in for the Amazon Cognito user-pool
// API: the JSON 1.1 protocol, SigV4 on the admin operations, and USER_SRP_AUTH
// sign-in with real SRP verification, issuing RS256 tokens that verify
// against the server's JWKS. State is in memory or, with Options.DataDir,
// also in a bbolt database that survives restarts (see persist.go).
//
// Routes: POST / with X-Amz-Target AWSCognitoIdentityProviderService.<Op>;
// GET /<poolId>/.well-known/jwks.json and openid-configuration; GET and
// DELETE /_localcognito/outbox (see Message); OPTIONS (CORS preflight)
// anywhere. Passwords are kept only as SRP salt and
// verifier; SECRET_BLOCK and Session values are sealed, single-use handles
// that expire after Options.SessionTTL.
package localcognito

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	Region          string        // default "us-east-1"
	AccessKeyID     string        // admin SigV4 credentials; default "test"
	SecretAccessKey string        // default "test"
	Issuer          string        // token issuer base; "" = "http://" + request Host. iss = Issuer + "/" + poolId
	SessionTTL      time.Duration // default 3 * time.Minute
	Logger          *slog.Logger  // default: discard
	// Now is the server clock for token times, handle expiry, TIMESTAMP
	// and SigV4 skew checks; default time.Now.
	Now func() time.Time
	// LambdaEndpoint is the base URL of a Lambda Invoke API (for example
	// `sam local start-lambda` or scripts/lambda-runner) that runs the
	// pools' trigger functions; "" makes every trigger fail. See lambda.go.
	LambdaEndpoint string
	// LambdaTimeout bounds one trigger invocation; default 5 s, Cognito's.
	LambdaTimeout time.Duration
	// DataDir, if set, keeps the server's state in DIR/localcognito.db so
	// it survives restarts; a request is answered only once its changes
	// are on disk. Close the Server when done. See persist.go.
	DataDir string
	// LogBodies adds each operation's request and response JSON to its
	// log line, every secret in them (passwords, codes, tokens, SRP
	// values, secret hashes, sessions…) redacted. See reqlog.go.
	LogBodies bool
}

// Server implements the Cognito user-pool API over HTTP.
type Server struct {
	opts   Options
	log    *slog.Logger
	store  *store
	sealer cipher.AEAD // seals SECRET_BLOCK and Session handles
	key    *rsa.PrivateKey
	kid    string
	ops    map[string]operation
	outbox outbox
	// lambdaClient invokes trigger functions; Options.LambdaTimeout
	// bounds each call through its context.
	lambdaClient *http.Client
	// existenceKey keys PreventUserExistenceErrors' simulated answers.
	existenceKey []byte
	verifiers    *verifierCache
	durable      *durable // nil without Options.DataDir
	closeOnce    sync.Once
}

const (
	targetPrefix  = "AWSCognitoIdentityProviderService."
	jsonType      = "application/x-amz-json-1.1"
	maxBodyBytes  = 1 << 20
	tokenLifetime = time.Hour
	// timestampSkew bounds how far a PASSWORD_VERIFIER TIMESTAMP may be
	// from the server clock; clients more than ~5 minutes off fail against
	// real Cognito too.
	timestampSkew = 5 * time.Minute
)

// New makes a Server with a fresh sealing key and a fresh RSA signing
// key, or with Options.DataDir the state and signing key kept there.
func New(opts Options) (*Server, error) {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.AccessKeyID == "" {
		opts.AccessKeyID = "test"
	}
	if opts.SecretAccessKey == "" {
		opts.SecretAccessKey = "test"
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 3 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Issuer = strings.TrimRight(opts.Issuer, "/")
	if opts.LambdaTimeout <= 0 {
		opts.LambdaTimeout = defaultLambdaTimeout
	}
	block, err := aes.NewCipher(randomBytes(32))
	if err != nil {
		return nil, fmt.Errorf("localcognito: sealing key: %w", err)
	}
	sealer, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("localcognito: sealing key: %w", err)
	}
	s := &Server{opts: opts, log: opts.Logger, store: newStore(), sealer: sealer,
		lambdaClient: &http.Client{Transport: lambdaTransport()}, existenceKey: randomBytes(32), verifiers: newVerifierCache(verifierCacheSize)}
	if opts.DataDir != "" {
		if s.key, err = s.openData(opts.DataDir); err != nil {
			return nil, err
		}
	}
	if s.key == nil {
		if s.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			s.Close()
			return nil, fmt.Errorf("localcognito: generating signing key: %w", err)
		}
		if s.durable != nil {
			if err := s.storeKey(s.key); err != nil {
				s.Close()
				return nil, fmt.Errorf("localcognito: storing signing key: %w", err)
			}
		}
	}
	s.kid = keyID(&s.key.PublicKey)
	s.ops = s.operations()
	return s, nil
}

// reqCtx carries one request's facts to the handler and the log line.
type reqCtx struct {
	r      *http.Request
	id     string
	now    time.Time
	op     string
	pool   string
	client string
	// reqBody and respBody are the redacted bodies for the log line, with
	// Options.LogBodies.
	reqBody, respBody string
	// trigger carries what Lambda triggers see of this request: its
	// ClientMetadata and ValidationData, messages awaiting the
	// CustomMessage trigger, and PreTokenGeneration's claim changes.
	trigger triggerCtx
}

type operation struct {
	admin  bool // requires SigV4
	handle func(rc *reqCtx, body []byte) (any, *apiError)
}

func (s *Server) operations() map[string]operation {
	ops := map[string]operation{}
	for name, h := range s.adminOps() {
		ops[name] = operation{admin: true, handle: h}
	}
	for name, h := range s.publicOps() {
		ops[name] = operation{handle: h}
	}
	return ops
}

type handler = func(rc *reqCtx, body []byte) (any, *apiError)

// adminOps need SigV4. Each handler is wrapped as handlers.go describes:
// handle decodes the input; onPool, onUser and onDevice also find what it
// names and lock the store around the handler.
func (s *Server) adminOps() map[string]handler {
	return map[string]handler{
		"CreateUserPool":       handle(s.createUserPool),
		"DescribeUserPool":     handle(s.describeUserPool),
		"UpdateUserPool":       handle(s.updateUserPool),
		"DeleteUserPool":       onPool(s, s.deleteUserPool),
		"ListUserPools":        handle(s.listUserPools),
		"SetUserPoolMfaConfig": onPool(s, s.setUserPoolMfaConfig),
		"GetUserPoolMfaConfig": onPool(s, s.getUserPoolMfaConfig),

		"CreateUserPoolClient":   handle(s.createUserPoolClient),
		"DescribeUserPoolClient": handle(s.describeUserPoolClient),
		"UpdateUserPoolClient":   handle(s.updateUserPoolClient),
		"DeleteUserPoolClient":   handle(s.deleteUserPoolClient),
		"ListUserPoolClients":    handle(s.listUserPoolClients),

		"AdminCreateUser":           handle(s.adminCreateUser),
		"AdminSetUserPassword":      handle(s.adminSetUserPassword),
		"AdminGetUser":              onUser(s, s.adminGetUser),
		"AdminDeleteUser":           onUser(s, s.adminDeleteUser),
		"ListUsers":                 handle(s.listUsers),
		"AdminConfirmSignUp":        onUser(s, s.adminConfirmSignUp),
		"AdminUpdateUserAttributes": handle(s.adminUpdateUserAttributes),
		"AdminResetUserPassword":    onUser(s, s.adminResetUserPassword),
		"AdminDisableUser":          onUser(s, s.adminDisableUser),
		"AdminEnableUser":           onUser(s, s.adminEnableUser),
		"AdminUserGlobalSignOut":    onUser(s, s.adminUserGlobalSignOut),
		"AdminSetUserMFAPreference": onUser(s, s.adminSetUserMFAPreference),

		"AdminInitiateAuth":           handle(s.adminInitiateAuth),
		"AdminRespondToAuthChallenge": handle(s.adminRespondToAuthChallenge),

		"AdminListDevices":        userAsResource(s.onDevice(true, false, listDevices)),
		"AdminGetDevice":          userAsResource(s.onDevice(true, true, getDevice)),
		"AdminForgetDevice":       s.onDevice(true, true, forgetDevice),
		"AdminUpdateDeviceStatus": s.onDevice(true, true, updateDeviceStatus),
	}
}

// publicOps are unauthenticated or authenticated by an access token;
// onTokenUser finds the token's user.
func (s *Server) publicOps() map[string]handler {
	return map[string]handler{
		"InitiateAuth":              handle(s.initiateAuth),
		"RespondToAuthChallenge":    handle(s.respondToAuthChallenge),
		"GetTokensFromRefreshToken": handle(s.getTokensFromRefreshToken),
		"RevokeToken":               handle(s.revokeToken),

		"SignUp":                           handle(s.signUp),
		"ConfirmSignUp":                    handle(s.confirmSignUp),
		"ResendConfirmationCode":           handle(s.resendConfirmationCode),
		"ForgotPassword":                   handle(s.forgotPassword),
		"ConfirmForgotPassword":            handle(s.confirmForgotPassword),
		"ChangePassword":                   onTokenUser(s, s.changeUserPassword),
		"GetUser":                          onTokenUser(s, s.getUser),
		"DeleteUser":                       onTokenUser(s, s.deleteUser),
		"UpdateUserAttributes":             onTokenUser(s, s.updateUserAttributes),
		"VerifyUserAttribute":              onTokenUser(s, s.verifyUserAttribute),
		"GetUserAttributeVerificationCode": onTokenUser(s, s.getUserAttributeVerificationCode),
		"GlobalSignOut":                    onTokenUser(s, s.globalSignOut),

		"SetUserMFAPreference":   onTokenUser(s, s.setUserMFAPreference),
		"AssociateSoftwareToken": handle(s.associateSoftwareToken),
		"VerifySoftwareToken":    handle(s.verifySoftwareToken),

		"ConfirmDevice":      s.onDevice(false, true, s.confirmDevice),
		"GetDevice":          s.onDevice(false, true, getDevice),
		"ListDevices":        s.onDevice(false, false, listDevices),
		"ForgetDevice":       s.onDevice(false, true, forgetDevice),
		"UpdateDeviceStatus": s.onDevice(false, true, updateDeviceStatus),
	}
}

// ServeHTTP routes: OPTIONS preflights, GET well-known documents, and
// POST / operations.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc := &reqCtx{r: r, id: newUUID(), now: s.opts.Now()}
	start := time.Now()
	setHeader(w, "x-amzn-RequestId", rc.id)
	if r.Header.Get("Origin") != "" {
		setHeader(w, "Access-Control-Allow-Origin", "*")
		setHeader(w, "Access-Control-Expose-Headers", "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date")
	}
	var status int
	var apiErr *apiError
	switch {
	case r.Method == http.MethodOptions:
		rc.op = "OPTIONS"
		status = s.preflight(w, r)
	case r.URL.Path == outboxPath:
		status, apiErr = s.serveOutbox(w, rc)
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/.well-known/"):
		rc.op = "GET " + r.URL.Path
		status, apiErr = s.wellKnown(w, rc)
	case r.Method == http.MethodPost && r.URL.Path == "/":
		status, apiErr = s.serveOperation(w, rc)
	default:
		rc.op = r.Method + " " + r.URL.Path
		apiErr = newError(http.StatusNotFound, "BadRequest", "The server did not understand the operation that was requested.")
		status = writeError(w, apiErr)
	}
	s.logRequest(rc, status, apiErr, time.Since(start))
}

func (s *Server) serveOperation(w http.ResponseWriter, rc *reqCtx) (int, *apiError) {
	target := rc.r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, targetPrefix)
	op, known := s.ops[name]
	rc.op = name
	if !ok || !known {
		rc.op = "unknown(" + truncate(target, 80) + ")"
		e := newError(http.StatusBadRequest, "UnknownOperationException", "The server did not understand the operation that was requested.")
		return writeError(w, e), e
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, rc.r.Body, maxBodyBytes))
	if err != nil {
		e := errSerialization("Request body could not be read or exceeds 1 MiB.")
		return writeError(w, e), e
	}
	if op.admin {
		if e := s.verifySigV4(rc.r, body, rc.now); e != nil {
			return writeError(w, e), e
		}
	}
	s.readTriggerInputs(rc, body)
	out, e := s.call(op, rc, body)
	if fe := s.flushMessages(rc); e == nil && fe != nil {
		out, e = nil, fe
	}
	// Answer only once the changes are on disk, errors included: a wrong
	// password counts towards the lockout.
	if err := s.commit(); err != nil {
		out, e = nil, errInternal().withReason(err.Error())
	}
	s.noteBodies(rc, body, out, e)
	if e != nil {
		return writeError(w, e), e
	}
	writeJSON(w, http.StatusOK, out)
	return http.StatusOK, nil
}

// call runs a handler, turning a panic into InternalErrorException so one
// bad request cannot take the server down.
func (s *Server) call(op operation, rc *reqCtx, body []byte) (out any, e *apiError) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in handler", "request_id", rc.id, "op", rc.op, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, e = nil, errInternal()
		}
	}()
	return op.handle(rc, body)
}

// preflight answers CORS preflights the way Cognito does: any origin, the
// requested headers echoed back.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) int {
	setHeader(w, "Access-Control-Allow-Origin", "*")
	methods := "POST"
	switch {
	case r.URL.Path == outboxPath:
		methods = "GET,DELETE"
	case strings.Contains(r.URL.Path, "/.well-known/"):
		methods = "GET"
	}
	setHeader(w, "Access-Control-Allow-Methods", methods)
	headers := r.Header.Get("Access-Control-Request-Headers")
	if headers == "" {
		headers = "content-type,x-amz-target,x-amz-user-agent,cache-control,authorization,x-amz-date,x-amz-security-token,x-amz-content-sha256,amz-sdk-invocation-id,amz-sdk-request"
	}
	setHeader(w, "Access-Control-Allow-Headers", headers)
	setHeader(w, "Access-Control-Max-Age", "172800")
	w.WriteHeader(http.StatusOK)
	return http.StatusOK
}

func (s *Server) logRequest(rc *reqCtx, status int, e *apiError, d time.Duration) {
	attrs := []any{"request_id", rc.id, "op", rc.op, "status", status, "duration", d}
	if rc.pool != "" {
		attrs = append(attrs, "pool", rc.pool)
	}
	if rc.client != "" {
		attrs = append(attrs, "client", rc.client)
	}
	outcome := "ok"
	if e != nil {
		outcome = e.Type
	}
	attrs = append(attrs, "outcome", outcome)
	level := slog.LevelInfo
	if e != nil {
		attrs = append(attrs, "error", e.Type)
		if e.reason != "" {
			attrs = append(attrs, "reason", e.reason)
		}
		if status >= 500 {
			level = slog.LevelError
		}
	}
	if rc.reqBody != "" || rc.respBody != "" {
		attrs = append(attrs, "request_body", rc.reqBody, "response_body", rc.respBody)
	}
	s.log.Log(rc.r.Context(), level, "request", attrs...)
}

// setHeader keeps the header's spelling, as AWS sends it.
func setHeader(w http.ResponseWriter, name, value string) {
	w.Header()[name] = []string{value}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// issuer is the token issuer for a pool: Options.Issuer or the request host.
func (s *Server) issuer(r *http.Request, poolID string) string {
	base := s.opts.Issuer
	if base == "" {
		base = "http://" + r.Host
	}
	return base + "/" + poolID
}
