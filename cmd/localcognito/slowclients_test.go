//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

const (
	slowClients  = 1100 // more than the server's 1,024 files
	serverFiles  = 1024 // the usual RLIMIT_NOFILE
	slowHold     = 10 * time.Second
	answerWithin = 30 * time.Second // only so a failure does not hang
)

// TestSlowClientsDoNotStarveTheServer runs the binary with 1,024 files,
// opens 1,100 connections that send a request's headers and then trickle
// its body a byte a second, and 10 s later wants a normal request
// answered: slow bodies must time out and the connections served at once
// must stay below the file limit, so none of them takes the last file.
func TestSlowClientsDoNotStarveTheServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and holds 1,100 connections for 10 s")
	}
	needFiles(t, slowClients+100)
	url, stderr := startWithFileLimit(t, serverFiles)
	addr := url[len("http://"):]

	slow := dialSlow(t, addr, slowClients)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); slow.trickle(stop) }()
	t.Cleanup(func() { close(stop); wg.Wait(); slow.closeAll() })

	time.Sleep(slowHold)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), answerWithin)
	defer cancel()
	admin := sdkClient(url, credentials.NewStaticCredentialsProvider("test", "test", ""))
	if _, err := admin.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(1)}); err != nil {
		t.Fatalf("a normal request %v after %d slow clients came: %v (%d of them still open)",
			slowHold, slowClients, err, slow.open())
	}
	t.Logf("answered in %v", time.Since(start).Round(time.Millisecond))
	// Each was served, or waited for a slot, then had its 10 s.
	if n := slow.waitDropped(15 * time.Second); n > 0 {
		t.Errorf("%d slow connections still open %v after they came", n, slowHold+15*time.Second)
	}
	if strings.Contains(stderr.String(), "too many open files") {
		t.Error("the server ran out of files")
	}
}

// needFiles raises this process's soft RLIMIT_NOFILE to n, or skips.
func needFiles(t *testing.T, n uint64) {
	t.Helper()
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	if rl.Cur >= n {
		return
	}
	if rl.Max < n {
		t.Skipf("RLIMIT_NOFILE hard limit %d < %d", rl.Max, n)
	}
	rl.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
}

// startWithFileLimit builds the command and runs it under `ulimit -n
// files` (soft and hard, since Go raises its soft limit to the hard one).
// It returns the server's URL and its stderr.
func startWithFileLimit(t *testing.T, files int) (string, *syncBuffer) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "localcognito")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	script := fmt.Sprintf(`ulimit -n %d && exec "$0" "$@"`, files)
	return startCmd(t, exec.Command("sh", "-c", script, bin, "-addr", "127.0.0.1:0", "-log-level", "error"))
}

// slowConns are connections that promised a 1 MB body and send it a byte
// at a time.
type slowConns struct {
	mu    sync.Mutex
	conns []net.Conn // nil once the server has dropped it
}

func dialSlow(t *testing.T, addr string, n int) *slowConns {
	t.Helper()
	head := "POST / HTTP/1.1\r\nHost: " + addr + "\r\n" +
		"Content-Type: application/x-amz-json-1.1\r\n" +
		"X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\n" +
		"Content-Length: 1000000\r\n\r\n{"
	s := &slowConns{}
	d := net.Dialer{Timeout: 5 * time.Second}
	for i := range n {
		c, err := d.Dial("tcp", addr)
		if err != nil {
			s.closeAll()
			t.Fatalf("slow connection %d: %v", i, err)
		}
		c.SetWriteDeadline(time.Now().Add(time.Second))
		if _, err := io.WriteString(c, head); err != nil {
			c.Close()
			c = nil
		}
		s.conns = append(s.conns, c)
	}
	return s
}

// trickle sends each open connection a byte a second until stop; a
// connection the server dropped is closed and left.
func (s *slowConns) trickle(stop <-chan struct{}) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		s.mu.Lock()
		for i, c := range s.conns {
			if c == nil {
				continue
			}
			c.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
			if _, err := c.Write([]byte(" ")); err != nil {
				c.Close()
				s.conns[i] = nil
			}
		}
		s.mu.Unlock()
	}
}

func (s *slowConns) open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.conns {
		if c != nil {
			n++
		}
	}
	return n
}

// waitDropped waits up to d for the server to drop every connection and
// returns how many it has not.
func (s *slowConns) waitDropped(d time.Duration) int {
	deadline := time.Now().Add(d)
	for s.open() > 0 && time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
	}
	return s.open()
}

func (s *slowConns) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, c := range s.conns {
		if c != nil {
			c.Close()
			s.conns[i] = nil
		}
	}
}
