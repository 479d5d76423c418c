package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// The demo pool's custom-auth triggers (Define, Create and
// VerifyAuthChallenge in seed.yaml) run in scripts/lambda-runner, which
// serves the Node handlers of scripts/lambda-runner/examples on the Lambda
// Invoke API; localcognito calls it at Options.LambdaEndpoint. Without
// Node the demo still starts: the page says custom auth is unavailable.

// lambdaRunner is a started scripts/lambda-runner.
type lambdaRunner struct {
	url    string
	cmd    *exec.Cmd
	exited chan struct{}
}

var runnerListening = regexp.MustCompile(`^lambda-runner listening on (http://\S+)$`)

// startLambdaRunner runs `node server.mjs --dir dir --port 0` and waits
// for its listening line. The runner's own output (handlers' console
// lines, one per invocation) goes to stderr, prefixed.
func startLambdaRunner(node, script, dir string) (*lambdaRunner, error) {
	if node == "" {
		return nil, errors.New("the demo was started with -node \"\"")
	}
	path, err := exec.LookPath(node)
	if err != nil {
		return nil, fmt.Errorf("Node.js was not found (%s): install Node 18 or later, or pass -node /path/to/node", node)
	}
	for _, p := range []string{script, dir} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%s is missing (-web-dir must be the repository's web/ folder, or pass -lambda-dir)", p)
		}
	}
	cmd := exec.Command(path, script, "--dir", dir, "--port", "0")
	cmd.Stderr = prefixWriter{os.Stderr}
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	setParentDeathSignal(cmd.SysProcAttr)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	r := &lambdaRunner{cmd: cmd, exited: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		listening := false
		for lines.Scan() {
			if m := runnerListening.FindStringSubmatch(lines.Text()); m != nil && !listening {
				listening = true
				found <- m[1]
				continue
			}
			fmt.Fprintf(os.Stderr, "lambda-runner: %s\n", lines.Text())
		}
		io.Copy(io.Discard, stdout)
		cmd.Wait()
		close(r.exited)
	}()
	select {
	case u := <-found:
		r.url = u
		return r, nil
	case <-r.exited:
		return nil, fmt.Errorf("%s %s exited before listening (%s); its output is above", path, script, cmd.ProcessState)
	case <-time.After(15 * time.Second):
		r.stop()
		return nil, fmt.Errorf("%s %s did not start listening within 15 s", path, script)
	}
}

// stop ends the runner and waits for it (SIGKILL after 5 s).
func (r *lambdaRunner) stop() {
	if r == nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(5 * time.Second):
		r.cmd.Process.Kill()
		<-r.exited
	}
}

// prefixWriter marks the runner's stderr lines as its own.
type prefixWriter struct{ w io.Writer }

func (p prefixWriter) Write(b []byte) (int, error) {
	text := strings.TrimRight(string(b), "\n")
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "lambda-runner") {
			line = "lambda-runner: " + line
		}
		if _, err := fmt.Fprintln(p.w, line); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// triggersStatus is what the page learns about the triggers.
type triggersStatus struct {
	Available bool   `json:"available"`
	Reason    string `json:"reason,omitempty"`
	Functions string `json:"functions,omitempty"`
}

func lambdaPaths(webDir, lambdaDir string) (script, dir string) {
	root := filepath.Join(webDir, "..", "scripts", "lambda-runner")
	if lambdaDir == "" {
		lambdaDir = filepath.Join(root, "examples")
	}
	return filepath.Join(root, "server.mjs"), lambdaDir
}
