package main

import (
	"io"
	"testing"
	"time"
)

func TestLambdaFlags(t *testing.T) {
	c, err := parseFlags([]string{"-lambda-endpoint", "http://127.0.0.1:3001", "-lambda-timeout", "2s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.LambdaEndpoint != "http://127.0.0.1:3001" || c.opts.LambdaTimeout != 2*time.Second {
		t.Fatalf("options = %+v", c.opts)
	}
	c, err = parseFlags(nil, io.Discard)
	if err != nil || c.opts.LambdaEndpoint != "" || c.opts.LambdaTimeout != 5*time.Second {
		t.Fatalf("defaults: %v %+v", err, c.opts)
	}
}
