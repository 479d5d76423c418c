package localcognito

import (
	"bufio"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// startLambdaRunner runs scripts/lambda-runner with its examples and
// returns its URL.
func startLambdaRunner(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: this test runs scripts/lambda-runner, which needs Node.js 18+")
	}
	cmd := exec.Command(node, "../scripts/lambda-runner/server.mjs", "--dir", "../scripts/lambda-runner/examples", "--port", "0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("lambda-runner stderr:\n%s", stderr.String())
		}
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		lines <- line
	}()
	select {
	case line := <-lines:
		m := regexp.MustCompile(`^lambda-runner listening on (http://127\.0\.0\.1:[0-9]+)\n$`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first line %q (stderr: %s)", line, stderr.String())
		}
		return m[1]
	case <-time.After(20 * time.Second):
		t.Fatalf("lambda-runner did not start (stderr: %s)", stderr.String())
	}
	return ""
}

const runnerSeed = `
pools:
  - id: us-east-1_Runner001
    name: runner
    lambdaConfig:
      DefineAuthChallenge: arn:aws:lambda:us-east-1:000000000000:function:define
      CreateAuthChallenge: arn:aws:lambda:us-east-1:000000000000:function:create
      VerifyAuthChallengeResponse: arn:aws:lambda:us-east-1:000000000000:function:verify
      UserMigration: arn:aws:lambda:us-east-1:000000000000:function:migrate
    clients:
      - id: runnerclient000000000000001
        name: runner-web
        explicitAuthFlows: [ALLOW_CUSTOM_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: alice
        password: Corr3ct-Horse!
        permanent: true
        attributes: {email: alice@example.com, email_verified: "true"}
`

// TestLambdaRunnerExamples signs in through the example functions of
// scripts/lambda-runner: SRP-then-custom, and a user migration.
func TestLambdaRunnerExamples(t *testing.T) {
	url := startLambdaRunner(t)
	e, _ := newTriggerEnv(t, func(o *Options) { o.LambdaEndpoint = url })
	if err := e.srv.LoadSeed(strings.NewReader(runnerSeed)); err != nil {
		t.Fatal(err)
	}
	f := fixture{poolID: "us-east-1_Runner001", clientID: "runnerclient000000000000001", username: "alice", password: goodPassword}

	c, err := srp.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeCustomAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"USERNAME": "alice", "CHALLENGE_NAME": "SRP_A", "SRP_A": c.A()}})
	if err != nil || out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("InitiateAuth CUSTOM_AUTH with SRP_A: %v %+v", err, out)
	}
	ch, err := e.passwordSRP(f, c, out.ChallengeParameters)
	if err != nil || ch.ChallengeName != types.ChallengeNameTypeCustomChallenge || ch.ChallengeParameters["question"] != "What is 2+2?" {
		t.Fatalf("after PASSWORD_VERIFIER: %v %+v", err, ch)
	}
	wrong, err := e.answerCustom(f, ch.Session, "5", nil)
	if err != nil || wrong.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Fatalf("a wrong answer: %v %+v", err, wrong)
	}
	done, err := e.answerCustom(f, wrong.Session, "4", nil)
	wantTokens(t, "the right answer", done, err)

	// Migration: the legacy user signs in with a password, then with SRP.
	_, err = e.passwordSignIn(f.clientID, "", "legacy-user", "Wr0ng-password!")
	wantAPIError(t, err, "UserLambdaValidationException", "UserMigration failed with error Bad password.")
	res, err := e.passwordSignIn(f.clientID, "", "legacy-user", "Legacy-Passw0rd!")
	if err != nil || res.AuthenticationResult == nil {
		t.Fatalf("migrating sign-in: %v", err)
	}
	e.mustTokens(fixture{poolID: f.poolID, clientID: f.clientID, username: "legacy-user", password: "Legacy-Passw0rd!"})
	if got := adminGetAttr(t, e, f.poolID, "legacy-user", "email"); got != "legacy-user@example.com" {
		t.Errorf("migrated email = %q", got)
	}
}
