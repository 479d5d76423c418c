package localcognito

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// The developer guide's custom challenge, as Go functions: Define asks
// for PASSWORD_VERIFIER after SRP_A, then a CUSTOM_CHALLENGE until one is
// answered right (tokens) or three are answered wrong (failure); Create
// asks "What is 2+2?"; Verify compares the answer.

func session(ev map[string]any) []map[string]any {
	var out []map[string]any
	for _, s := range ev["request"].(map[string]any)["session"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

func defineMath(ev map[string]any) (any, error) {
	sess := session(ev)
	wrong := 0
	for _, s := range sess {
		if s["challengeName"] == "CUSTOM_CHALLENGE" && s["challengeResult"] == false {
			wrong++
		}
	}
	var last map[string]any
	if len(sess) > 0 {
		last = sess[len(sess)-1]
	}
	switch {
	case last != nil && last["challengeName"] == "SRP_A":
		return respond(ev, map[string]any{"challengeName": "PASSWORD_VERIFIER", "issueTokens": false, "failAuthentication": false}), nil
	case last != nil && last["challengeName"] == "CUSTOM_CHALLENGE" && last["challengeResult"] == true:
		return respond(ev, map[string]any{"issueTokens": true, "failAuthentication": false}), nil
	case wrong >= 3:
		return respond(ev, map[string]any{"issueTokens": false, "failAuthentication": true}), nil
	}
	return respond(ev, map[string]any{"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false}), nil
}

func createMath(ev map[string]any) (any, error) {
	return respond(ev, map[string]any{
		"publicChallengeParameters":  map[string]any{"question": "What is 2+2?"},
		"privateChallengeParameters": map[string]any{"answer": "4"},
		"challengeMetadata":          "MATH",
	}), nil
}

func verifyMath(ev map[string]any) (any, error) {
	req := ev["request"].(map[string]any)
	ok := req["privateChallengeParameters"].(map[string]any)["answer"] == req["challengeAnswer"]
	return respond(ev, map[string]any{"answerCorrect": ok}), nil
}

// customPool is a pool with the three challenge triggers, a client that
// allows CUSTOM_AUTH and USER_SRP_AUTH, and alice.
func customPool(t *testing.T) (*env, *fakeLambda, fixture) {
	e, fl := newTriggerEnv(t)
	fl.set("define", defineMath)
	fl.set("create", createMath)
	fl.set("verify", verifyMath)
	poolID := e.triggerPool(map[string]string{"DefineAuthChallenge": "define", "CreateAuthChallenge": "create", "VerifyAuthChallengeResponse": "verify"})
	clientID, _ := e.createClient(poolID, false, types.ExplicitAuthFlowsTypeAllowCustomAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	e.createUser(poolID, "alice", goodPassword, attrs("email", "alice@example.com")...)
	return e, fl, fixture{poolID: poolID, clientID: clientID, username: "alice", password: goodPassword}
}

func (e *env) answerCustom(f fixture, session *string, answer string, meta map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ClientId: aws.String(f.clientID),
		ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: session, ClientMetadata: meta,
		ChallengeResponses: map[string]string{"USERNAME": f.username, "ANSWER": answer}})
}

func TestCustomAuth(t *testing.T) {
	e, fl, f := customPool(t)
	sub := adminGetAttr(t, e, f.poolID, "alice", "sub")
	common := `"version":"1","region":"us-east-1","userPoolId":"` + f.poolID + `","userName":"alice",
		"callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"` + f.clientID + `"},`
	userAttrs := `"userAttributes":{"sub":"` + sub + `","email":"alice@example.com","cognito:user_status":"CONFIRMED"}`

	out, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeCustomAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"USERNAME": "alice"}, ClientMetadata: map[string]string{"not": "passed"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.ChallengeName != types.ChallengeNameTypeCustomChallenge || out.Session == nil ||
		out.ChallengeParameters["question"] != "What is 2+2?" || out.ChallengeParameters["USERNAME"] != "alice" || len(out.ChallengeParameters) != 2 {
		t.Fatalf("InitiateAuth = %+v", out)
	}
	// InitiateAuth's ClientMetadata reaches neither Define nor Create.
	wantEvent(t, fl.invocations("define")[0].event, `{`+common+`"triggerSource":"DefineAuthChallenge_Authentication",
		"request":{`+userAttrs+`,"session":[]},
		"response":{"challengeName":null,"issueTokens":null,"failAuthentication":null}}`)
	wantEvent(t, fl.invocations("create")[0].event, `{`+common+`"triggerSource":"CreateAuthChallenge_Authentication",
		"request":{`+userAttrs+`,"challengeName":"CUSTOM_CHALLENGE","session":[]},
		"response":{"publicChallengeParameters":null,"privateChallengeParameters":null,"challengeMetadata":null}}`)

	meta := map[string]string{"locale": "en"}
	wrong, err := e.answerCustom(f, out.Session, "5", meta)
	if err != nil || wrong.ChallengeName != types.ChallengeNameTypeCustomChallenge || wrong.Session == nil {
		t.Fatalf("a wrong answer: %v %+v", err, wrong)
	}
	wantEvent(t, fl.invocations("verify")[0].event, `{`+common+`"triggerSource":"VerifyAuthChallengeResponse_Authentication",
		"request":{`+userAttrs+`,"privateChallengeParameters":{"answer":"4"},"challengeAnswer":"5","clientMetadata":{"locale":"en"}},
		"response":{"answerCorrect":null}}`)
	wantEvent(t, fl.invocations("define")[1].event, `{`+common+`"triggerSource":"DefineAuthChallenge_Authentication",
		"request":{`+userAttrs+`,"session":[{"challengeName":"CUSTOM_CHALLENGE","challengeResult":false,"challengeMetadata":"MATH"}],"clientMetadata":{"locale":"en"}},
		"response":{"challengeName":null,"issueTokens":null,"failAuthentication":null}}`)

	// A Session is single-use.
	_, err = e.answerCustom(f, out.Session, "4", nil)
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
	_, err = e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ClientId: aws.String(f.clientID),
		ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: wrong.Session, ChallengeResponses: map[string]string{"USERNAME": "alice"}})
	wantAPIError(t, err, "InvalidParameterException", "Missing required parameter ANSWER")

	done, err := e.answerCustom(f, wrong.Session, "4", nil)
	if err != nil || done.AuthenticationResult == nil || done.AuthenticationResult.RefreshToken == nil {
		t.Fatalf("the right answer: %v", err)
	}
	if got := session(fl.invocations("define")[2].event); len(got) != 2 || got[1]["challengeResult"] != true || got[1]["challengeMetadata"] != "MATH" {
		t.Fatalf("third Define session = %v", got)
	}
	if _, err := e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: done.AuthenticationResult.AccessToken}); err != nil {
		t.Fatal(err)
	}

	// Three wrong answers: Define fails the sign-in.
	out, _ = e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeCustomAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"USERNAME": "alice"}})
	sess := out.Session
	for i := range 3 {
		r, err := e.answerCustom(f, sess, "22", nil)
		if i < 2 {
			if err != nil {
				t.Fatal(err)
			}
			sess = r.Session
			continue
		}
		wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	}

	// The same through AdminInitiateAuth and AdminRespondToAuthChallenge.
	admin, err := e.admin.AdminInitiateAuth(ctx(), &cip.AdminInitiateAuthInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID),
		AuthFlow: types.AuthFlowTypeCustomAuth, AuthParameters: map[string]string{"USERNAME": "alice"}})
	if err != nil || admin.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Fatalf("AdminInitiateAuth CUSTOM_AUTH: %v", err)
	}
	adone, err := e.admin.AdminRespondToAuthChallenge(ctx(), &cip.AdminRespondToAuthChallengeInput{UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID),
		ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: admin.Session, ChallengeResponses: map[string]string{"USERNAME": "alice", "ANSWER": "4"}})
	if err != nil || adone.AuthenticationResult == nil {
		t.Fatalf("AdminRespondToAuthChallenge: %v", err)
	}
}

func TestCustomAuthAfterSRP(t *testing.T) {
	e, fl, f := customPool(t)
	run := func(password string) (*cip.RespondToAuthChallengeOutput, error) {
		c, err := srp.NewClient()
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeCustomAuth, ClientId: aws.String(f.clientID),
			AuthParameters: map[string]string{"USERNAME": "alice", "CHALLENGE_NAME": "SRP_A", "SRP_A": c.A()}})
		if err != nil {
			t.Fatal(err)
		}
		p := out.ChallengeParameters
		if out.ChallengeName != types.ChallengeNameTypePasswordVerifier || p["SRP_B"] == "" || p["SECRET_BLOCK"] == "" {
			t.Fatalf("InitiateAuth = %+v", out)
		}
		key, err := c.Key(realmOf(f.poolID), p["USER_ID_FOR_SRP"], password, p["SALT"], p["SRP_B"])
		if err != nil {
			t.Fatal(err)
		}
		ts := srp.Timestamp(e.clock.Now())
		sig, _ := srp.Signature(key, realmOf(f.poolID), "alice", p["SECRET_BLOCK"], ts)
		return e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ClientId: aws.String(f.clientID),
			ChallengeName: types.ChallengeNameTypePasswordVerifier, Session: out.Session, ChallengeResponses: map[string]string{
				"USERNAME": "alice", "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": ts}})
	}
	ch, err := run(f.password)
	if err != nil || ch.ChallengeName != types.ChallengeNameTypeCustomChallenge || ch.ChallengeParameters["question"] == "" {
		t.Fatalf("after the password: %v %+v", err, ch)
	}
	defs := fl.invocations("define")
	if got := session(defs[0].event); len(got) != 1 || got[0]["challengeName"] != "SRP_A" || got[0]["challengeResult"] != true || got[0]["challengeMetadata"] != nil {
		t.Fatalf("first Define session = %v", got)
	}
	if got := session(defs[1].event); len(got) != 2 || got[1]["challengeName"] != "PASSWORD_VERIFIER" || got[1]["challengeResult"] != true {
		t.Fatalf("second Define session = %v", got)
	}
	if got := session(fl.invocations("create")[0].event); len(got) != 2 {
		t.Fatalf("Create session = %v", got)
	}
	done, err := e.answerCustom(f, ch.Session, "4", nil)
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("answer: %v", err)
	}
	if got := session(fl.invocations("define")[2].event); len(got) != 3 || got[2]["challengeName"] != "CUSTOM_CHALLENGE" {
		t.Fatalf("third Define session = %v", got)
	}

	// The password is verified for real: a wrong one ends the sign-in.
	fl.reset()
	_, err = run("Wr0ng-password!")
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if n := len(fl.invocations("define")); n != 1 {
		t.Errorf("Define ran %d times; a wrong password must not reach it again", n)
	}
}

func TestCustomAuthRefusals(t *testing.T) {
	e, fl, f := customPool(t)
	initiate := func(client string, params map[string]string) error {
		_, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeCustomAuth, ClientId: aws.String(client), AuthParameters: params})
		return err
	}
	srpOnly, _ := e.createClient(f.poolID, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	wantAPIError(t, initiate(srpOnly, map[string]string{"USERNAME": "alice"}), "InvalidParameterException", "CUSTOM_AUTH flow not enabled for this client")
	wantAPIError(t, initiate(f.clientID, map[string]string{"USERNAME": "nobody"}), "UserNotFoundException", "User does not exist.")
	wantAPIError(t, initiate(f.clientID, map[string]string{"USERNAME": "alice", "CHALLENGE_NAME": "SRP_A"}), "InvalidParameterException", "Missing required parameter SRP_A")

	fl.set("define", func(ev map[string]any) (any, error) { return respond(ev, map[string]any{"issueTokens": false}), nil })
	wantAPIError(t, initiate(f.clientID, map[string]string{"USERNAME": "alice"}), "InvalidLambdaResponseException", "Unrecognizable lambda output")
	fl.set("define", func(ev map[string]any) (any, error) {
		return respond(ev, map[string]any{"challengeName": "PASSWORD_VERIFIER"}), nil
	})
	wantAPIError(t, initiate(f.clientID, map[string]string{"USERNAME": "alice"}), "InvalidLambdaResponseException", "Unrecognizable lambda output")
	fl.set("define", func(ev map[string]any) (any, error) { return respond(ev, map[string]any{"issueTokens": true}), nil })
	if err := initiate(f.clientID, map[string]string{"USERNAME": "alice"}); err != nil {
		t.Fatalf("Define issuing tokens at once: %v", err)
	}

	// A pool without the triggers.
	plain := e.createPool("plain")
	pc, _ := e.createClient(plain, false)
	e.createUser(plain, "alice", goodPassword)
	wantAPIError(t, initiate(pc, map[string]string{"USERNAME": "alice"}), "InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool.")
}
