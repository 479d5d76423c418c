package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}

func TestRunServesSeedAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-seed", "../../localcognito/testdata/seed.yaml", "-log-level", "debug"}, outW, stderr)
		outW.Close()
	}()

	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the banner: %v (stderr: %s)", err, stderr)
	}
	m := regexp.MustCompile(`^localcognito listening on (http://127\.0\.0\.1:[1-9][0-9]*)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("banner = %q", line)
	}
	go io.Copy(io.Discard, outR)

	resp, err := http.Get(m[1] + "/us-east-1_DemoPool1/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	err = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if err != nil || doc["issuer"] != m[1]+"/us-east-1_DemoPool1" {
		t.Fatalf("openid-configuration = %v (%v)", doc, err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	logs := stderr.String()
	if !strings.Contains(logs, "op=\"GET /us-east-1_DemoPool1/.well-known/openid-configuration\"") || !strings.Contains(logs, "shutting down") {
		t.Errorf("stderr lacks the request log or shutdown: %s", logs)
	}
	if strings.Contains(logs, "Passw0rd!") {
		t.Error("stderr contains a seeded password")
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		errHas string
	}{
		{"bad flag", []string{"-nope"}, "flag provided but not defined"},
		{"bad log level", []string{"-log-level", "loud"}, "-log-level"},
		{"missing seed", []string{"-seed", "does-not-exist.yaml"}, "does-not-exist.yaml"},
		{"bad address", []string{"-addr", "256.0.0.1:0"}, "listening"},
		{"stray argument", []string{"extra"}, "unexpected arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := run(context.Background(), tc.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("error = %v, want one containing %q", err, tc.errHas)
			}
		})
	}
}
