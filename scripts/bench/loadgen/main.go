// Command loadgen measures how many complete SRP sign-ins per second a
// running localcognito serves: each sign-in is InitiateAuth (USER_SRP_AUTH)
// and RespondToAuthChallenge (PASSWORD_VERIFIER) over HTTP, with the client
// side done by package srp. Workers sign in concurrently, round-robin over
// the given users, until -n sign-ins or -duration, whichever comes first.
// It refuses any endpoint that is not on loopback.
//
// It prints one JSON object: sign-ins, errors (with samples), rate,
// latency percentiles, its own CPU seconds and, with -server-pid, the
// server's CPU seconds over the measured phase (utime+stime from
// /proc/<pid>/stat). `make bench` (scripts/bench/run.mjs) runs it.
//
//	loadgen -endpoint http://127.0.0.1:9229/ -pool us-east-1_BenchPool1 \
//	  -client benchweb000000000000000001 -user-prefix load- -users 32 -password 'Passw0rd!'
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

type config struct {
	endpoint, pool, client, userPrefix, password string
	users, concurrency, n, warmup, clkTck, pid   int
	duration                                     time.Duration
}

type result struct {
	Concurrency     int      `json:"concurrency"`
	SignIns         int      `json:"signIns"`
	Errors          int      `json:"errors"`
	ErrorSamples    []string `json:"errorSamples"`
	ElapsedSeconds  float64  `json:"elapsedSeconds"`
	PerSecond       float64  `json:"perSecond"`
	P50ms           float64  `json:"p50ms"`
	P90ms           float64  `json:"p90ms"`
	P99ms           float64  `json:"p99ms"`
	MaxMs           float64  `json:"maxMs"`
	ClientCPU       float64  `json:"clientCPUSeconds"`
	ServerCPU       float64  `json:"serverCPUSeconds,omitempty"`
	ServerCPUPerSig float64  `json:"serverCPUPerSignInMs,omitempty"`
	ClientCPUPerSig float64  `json:"clientCPUPerSignInMs"`
	WarmupSignIns   int      `json:"warmupSignIns"`
	WarmupErrors    int      `json:"warmupErrors"`
}

func main() {
	var c config
	flag.StringVar(&c.endpoint, "endpoint", "", "localcognito base URL (loopback only)")
	flag.StringVar(&c.pool, "pool", "", "user pool id")
	flag.StringVar(&c.client, "client", "", "app client id (no secret)")
	flag.StringVar(&c.userPrefix, "user-prefix", "load-", "users are <prefix>00, <prefix>01, …")
	flag.IntVar(&c.users, "users", 32, "number of users")
	flag.StringVar(&c.password, "password", "", "every user's password")
	flag.IntVar(&c.concurrency, "c", 8, "concurrent sign-ins")
	flag.IntVar(&c.n, "n", 5000, "at most this many measured sign-ins")
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "at most this long measuring")
	flag.IntVar(&c.warmup, "warmup", 50, "sign-ins before measuring (not counted)")
	flag.IntVar(&c.pid, "server-pid", 0, "localcognito's pid, to read its CPU time")
	flag.IntVar(&c.clkTck, "clk-tck", 100, "clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK)")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	u, err := url.Parse(c.endpoint)
	if err != nil || u.Scheme != "http" {
		return fmt.Errorf("-endpoint must be an http:// URL: %q", c.endpoint)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-endpoint must be on loopback (an IP such as 127.0.0.1), not %q", u.Host)
	}
	if c.pool == "" || c.client == "" || c.password == "" || c.users < 1 || c.concurrency < 1 {
		return errors.New("-pool, -client, -password, -users ≥ 1 and -c ≥ 1 are needed")
	}
	_, realm, ok := strings.Cut(c.pool, "_")
	if !ok {
		return fmt.Errorf("-pool %q has no '_'", c.pool)
	}
	g := &gen{
		cfg:   c,
		realm: realm,
		http: &http.Client{
			Timeout: 10 * time.Second,
			Transport: &http.Transport{
				MaxIdleConns:        c.concurrency * 2,
				MaxIdleConnsPerHost: c.concurrency * 2,
				IdleConnTimeout:     30 * time.Second,
			},
		},
	}

	var out result
	out.Concurrency = c.concurrency
	if c.warmup > 0 {
		w := g.phase(c.warmup, time.Minute)
		out.WarmupSignIns, out.WarmupErrors = len(w.latencies), w.errors
	}

	cpu0 := selfCPU()
	srv0, srvErr := procCPU(c.pid, c.clkTck)
	start := time.Now()
	m := g.phase(c.n, c.duration)
	elapsed := time.Since(start)
	srv1, srvErr1 := procCPU(c.pid, c.clkTck)
	cpu1 := selfCPU()

	lat := m.latencies
	slices.Sort(lat)
	out.SignIns = len(lat) - m.errors
	out.Errors = m.errors
	out.ErrorSamples = m.samples
	out.ElapsedSeconds = elapsed.Seconds()
	out.PerSecond = float64(out.SignIns) / elapsed.Seconds()
	out.P50ms = ms(percentile(lat, 0.50))
	out.P90ms = ms(percentile(lat, 0.90))
	out.P99ms = ms(percentile(lat, 0.99))
	if len(lat) > 0 {
		out.MaxMs = ms(lat[len(lat)-1])
	}
	out.ClientCPU = (cpu1 - cpu0).Seconds()
	if out.SignIns > 0 {
		out.ClientCPUPerSig = 1000 * out.ClientCPU / float64(out.SignIns)
	}
	if c.pid > 0 {
		if srvErr != nil || srvErr1 != nil {
			return fmt.Errorf("reading the server's CPU time: %v", errors.Join(srvErr, srvErr1))
		}
		out.ServerCPU = srv1 - srv0
		if out.SignIns > 0 {
			out.ServerCPUPerSig = 1000 * out.ServerCPU / float64(out.SignIns)
		}
	}
	if out.ErrorSamples == nil {
		out.ErrorSamples = []string{}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

type gen struct {
	cfg   config
	realm string
	http  *http.Client
	next  atomic.Int64
}

type phaseResult struct {
	latencies []time.Duration // every attempt, failed ones included
	errors    int
	samples   []string
}

// phase runs up to n sign-ins on cfg.concurrency workers, for at most d.
func (g *gen) phase(n int, d time.Duration) phaseResult {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		mu      sync.Mutex
		res     phaseResult
		started atomic.Int64
		wg      sync.WaitGroup
	)
	for range g.cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && started.Add(1) <= int64(n) {
				user := fmt.Sprintf("%s%02d", g.cfg.userPrefix, g.next.Add(1)%int64(g.cfg.users))
				t0 := time.Now()
				err := g.signIn(ctx, user)
				lat := time.Since(t0)
				if err != nil && ctx.Err() != nil {
					return // cut off by the time limit: neither a result nor an error
				}
				mu.Lock()
				res.latencies = append(res.latencies, lat)
				if err != nil {
					res.errors++
					if len(res.samples) < 5 {
						res.samples = append(res.samples, err.Error())
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return res
}

// signIn is one complete USER_SRP_AUTH sign-in.
func (g *gen) signIn(ctx context.Context, username string) error {
	c, err := srp.NewClient()
	if err != nil {
		return err
	}
	var ch struct {
		ChallengeName       string
		ChallengeParameters map[string]string
		Session             string
	}
	err = g.call(ctx, "InitiateAuth", map[string]any{
		"AuthFlow":       "USER_SRP_AUTH",
		"ClientId":       g.cfg.client,
		"AuthParameters": map[string]string{"USERNAME": username, "SRP_A": c.A()},
	}, &ch)
	if err != nil {
		return err
	}
	if ch.ChallengeName != "PASSWORD_VERIFIER" {
		return fmt.Errorf("InitiateAuth: challenge %q, want PASSWORD_VERIFIER", ch.ChallengeName)
	}
	p := ch.ChallengeParameters
	userID := p["USER_ID_FOR_SRP"]
	key, err := c.Key(g.realm, userID, g.cfg.password, p["SALT"], p["SRP_B"])
	if err != nil {
		return err
	}
	ts := srp.Timestamp(time.Now())
	sig, err := srp.Signature(key, g.realm, userID, p["SECRET_BLOCK"], ts)
	if err != nil {
		return err
	}
	var done struct {
		ChallengeName        string
		AuthenticationResult *struct{ AccessToken, IdToken string }
	}
	err = g.call(ctx, "RespondToAuthChallenge", map[string]any{
		"ChallengeName": "PASSWORD_VERIFIER",
		"ClientId":      g.cfg.client,
		"Session":       ch.Session,
		"ChallengeResponses": map[string]string{
			"USERNAME":                    userID,
			"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"PASSWORD_CLAIM_SIGNATURE":    sig,
			"TIMESTAMP":                   ts,
		},
	}, &done)
	if err != nil {
		return err
	}
	if done.AuthenticationResult == nil || done.AuthenticationResult.AccessToken == "" || done.AuthenticationResult.IdToken == "" {
		return fmt.Errorf("RespondToAuthChallenge: no tokens (challenge %q)", done.ChallengeName)
	}
	return nil
}

func (g *gen) call(ctx context.Context, op string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.cfg.endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	resp, err := g.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: reading the answer: %w", op, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %.200s", op, resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// percentile is the nearest-rank percentile of sorted.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(len(sorted))))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU is utime+stime of a process, in seconds, from /proc/<pid>/stat.
func procCPU(pid, clkTck int) (float64, error) {
	if pid <= 0 {
		return 0, nil
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields after its ')' are
	// state, ppid, …; utime and stime are fields 14 and 15.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc/<pid>/stat")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, errors.New("short /proc/<pid>/stat")
	}
	ut, err1 := strconv.ParseUint(f[11], 10, 64)
	st, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("unreadable utime/stime in /proc/<pid>/stat")
	}
	return float64(ut+st) / float64(clkTck), nil
}
