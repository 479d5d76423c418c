package localcognito

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// Limits that keep slow or idle clients from holding connections, and so
// the process's files, for long; and the number served at once below the
// file limit, so that no flood of them can take the last file.
const (
	// readTimeout bounds the arrival of a whole request, headers and body
	// (ReadHeaderTimeout defaults to it). Cognito's requests are a few kB,
	// sent in milliseconds; 10 s is room for even the 1 MiB maximum body
	// at 1 Mbit/s. Once the body is in, net/http lifts the deadline, so it
	// does not cut the handler short.
	readTimeout = 10 * time.Second
	// idleTimeout closes a keep-alive connection that sends nothing:
	// clients open a new one in a fraction of a millisecond here.
	idleTimeout = 30 * time.Second
	// ownFiles are the files the process needs besides the connections it
	// serves: stdio, the netpoller, listeners, the bbolt database, log
	// files, DNS look-ups, the demo's Lambda runner pipes.
	ownFiles = 64
	// lambdaConns bounds the connections to the Lambda endpoint, so that
	// triggers, which every served request may call, need no more files.
	lambdaConns = 32
	// minConns and maxConns bound MaxConns when the file limit is tiny,
	// or huge (Go raises its soft limit to the hard one, often 2^20).
	minConns = 16
	maxConns = 1 << 16
	// defaultFileLimit is the usual soft limit, for when there is none to read.
	defaultFileLimit = 1024
)

// NewHTTPServer is an *http.Server for h with the time limits above. No
// limit covers the handler's own work, so no WriteTimeout: Lambda
// triggers may take 5 s each, and several can run in one request.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:     h,
		ReadTimeout: readTimeout,
		IdleTimeout: idleTimeout,
	}
}

// MaxConns is how many connections a process may serve at once and keep
// files for its own needs: its soft RLIMIT_NOFILE less ownFiles and
// lambdaConns. A process with two listeners gives each a share.
func MaxConns() int {
	n := fileLimit() - ownFiles - lambdaConns
	return min(max(n, minConns), maxConns)
}

// LimitListener serves at most n of ln's connections at once; the others
// wait in the kernel's backlog, taking no file of the process until a
// slot is free. It is x/net's netutil.LimitListener, whose Close also
// wakes an Accept waiting for a slot.
func LimitListener(ln net.Listener, n int) net.Listener {
	return netutil.LimitListener(ln, n)
}
