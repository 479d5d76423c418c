// Command localcognito serves a local Amazon Cognito user-pool API with
// real SRP verification, for tests and demos.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "localcognito:", err)
		os.Exit(1)
	}
}

type config struct {
	addr, seed, logLevel string
	opts                 localcognito.Options
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	var c config
	fs := flag.NewFlagSet("localcognito", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:9229", "listen address (port 0 picks a free port)")
	fs.StringVar(&c.seed, "seed", "", "YAML seed `file` of pools, clients and users")
	fs.StringVar(&c.opts.Region, "region", "us-east-1", "region for new pool ids and SigV4 scopes")
	fs.StringVar(&c.opts.Issuer, "issuer", "", "token issuer base URL (default: http:// + request Host)")
	fs.StringVar(&c.opts.AccessKeyID, "access-key", "test", "access key id admin calls must be signed with")
	fs.StringVar(&c.opts.SecretAccessKey, "secret-key", "test", "secret access key admin calls must be signed with")
	fs.DurationVar(&c.opts.SessionTTL, "session-ttl", 3*time.Minute, "lifetime of SECRET_BLOCK and Session handles")
	fs.StringVar(&c.opts.LambdaEndpoint, "lambda-endpoint", "", "base `URL` of a Lambda Invoke API (sam local start-lambda, scripts/lambda-runner) for the pools' triggers")
	fs.DurationVar(&c.opts.LambdaTimeout, "lambda-timeout", 5*time.Second, "time a Lambda trigger has to answer")
	fs.StringVar(&c.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.opts.DataDir, "data", "", "keep state in `DIR`/localcognito.db across restarts (default: in memory); -seed then adds only what is missing")
	fs.BoolVar(&c.opts.LogBodies, "log-bodies", false, "log request and response bodies, secrets redacted")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return &c, nil
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	c.opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	srv, err := localcognito.New(c.opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	if c.seed != "" {
		if err := srv.LoadSeedFile(c.seed); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	maxConns := localcognito.MaxConns()
	ln = localcognito.LimitListener(ln, maxConns)
	hs := localcognito.NewHTTPServer(srv)
	fmt.Fprintf(stdout, "localcognito listening on http://%s\n", ln.Addr())
	c.opts.Logger.Info("serving", "max_connections", maxConns)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	c.opts.Logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return srv.Close()
}
