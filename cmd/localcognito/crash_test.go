package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// startBinary runs the built command on a free port with -data dir and
// returns its URL and process.
func startBinary(t *testing.T, bin, dir string) (string, *exec.Cmd) {
	t.Helper()
	args := []string{"-addr", "127.0.0.1:0", "-log-level", "error"}
	if dir != "" {
		args = append(args, "-data", dir)
	}
	cmd := exec.Command(bin, args...)
	url, _ := startCmd(t, cmd)
	return url, cmd
}

// startCmd starts a localcognito command, kills it when the test ends
// (logging its stderr if the test failed) and returns the URL its banner
// names and its stderr.
func startCmd(t *testing.T, cmd *exec.Cmd) (string, *syncBuffer) {
	t.Helper()
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("stderr of %s: %.4000s", cmd.Args, stderr)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the banner: %v (stderr: %s)", err, stderr)
	}
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("banner = %q", line)
	}
	go io.Copy(io.Discard, stdout)
	return m[1], stderr
}

func sdkClient(url string, creds aws.CredentialsProvider) *cip.Client {
	return cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), Credentials: creds,
		HTTPClient: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{}}, Retryer: aws.NopRetryer{}})
}

// TestKill9KeepsAcknowledgedWrites runs the real binary with -data, fires
// concurrent AdminCreateUser and SignUp calls, kills it with SIGKILL in
// mid-stream, restarts it on the same directory and checks that every
// write that was answered 200 is there. Writes cut off may or may not be.
func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "localcognito")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	url, cmd := startBinary(t, bin, dir)
	admin := sdkClient(url, credentials.NewStaticCredentialsProvider("test", "test", ""))
	anon := sdkClient(url, aws.AnonymousCredentials{})
	ctx := context.Background()
	pool, err := admin.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("crash")})
	if err != nil {
		t.Fatal(err)
	}
	poolID := pool.UserPool.Id
	client, err := admin.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: poolID, ClientName: aws.String("web")})
	if err != nil {
		t.Fatal(err)
	}
	clientID := client.UserPoolClient.ClientId

	const writes, workers, killAfter = 1000, 64, 200
	var (
		mu      sync.Mutex
		acked   []string
		n       atomic.Int64
		killed  atomic.Bool
		jobs    = make(chan int)
		wg      sync.WaitGroup
		failed  atomic.Int64
		killErr error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				name := fmt.Sprintf("user-%04d", i)
				var err error
				if i%2 == 0 {
					_, err = admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: poolID, Username: aws.String(name),
						TemporaryPassword: aws.String("Temp0rary!pass"), MessageAction: types.MessageActionTypeSuppress})
				} else {
					_, err = anon.SignUp(ctx, &cip.SignUpInput{ClientId: clientID, Username: aws.String(name), Password: aws.String("Passw0rd!long")})
				}
				if err != nil {
					failed.Add(1)
					continue
				}
				mu.Lock()
				acked = append(acked, name)
				mu.Unlock()
				if n.Add(1) == killAfter && killed.CompareAndSwap(false, true) {
					killErr = cmd.Process.Kill() // SIGKILL: no shutdown, no Close
				}
			}
		}()
	}
	for i := range writes {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if !killed.Load() || killErr != nil {
		t.Fatalf("the server was not killed (%v)", killErr)
	}
	cmd.Wait()
	if failed.Load() == 0 {
		t.Fatal("no write failed: the kill came after the stream")
	}
	t.Logf("%d writes answered 200 before the kill, %d failed", len(acked), failed.Load())

	oldURL := url
	url, _ = startBinary(t, bin, dir)
	t.Logf("restarted: %s, was %s", url, oldURL)
	admin = sdkClient(url, credentials.NewStaticCredentialsProvider("test", "test", ""))
	for _, name := range acked {
		if _, err := admin.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: poolID, Username: aws.String(name)}); err != nil {
			t.Errorf("%s was acknowledged before the kill but is gone: %v", name, err)
		}
	}
	// The restarted server takes writes.
	if _, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: poolID, Username: aws.String("after"),
		MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatalf("a write after the restart: %v", err)
	}
}
