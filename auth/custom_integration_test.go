//go:build !js

package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito"
	lct "github.com/cognito-srp-wasm/cognito-srp-wasm/localcognito/localcognitotest"
)

// CUSTOM_AUTH (with and without SRP), USER_AUTH and user migration
// against localcognito, whose Lambda triggers call a fake Lambda Invoke
// API served here: define/create/verify ask "what is 2+2?", migrate
// accepts one legacy user.

const (
	triggerPool   = "us-east-1_Triggers1"
	triggerClient = "triggerclient0000000000001"
	legacyUser    = "legacy"
	legacyPass    = "Legacy-Passw0rd!"
)

const triggerSeed = `
pools:
  - id: ` + triggerPool + `
    name: triggers
    allowedFirstAuthFactors: [PASSWORD, EMAIL_OTP, SMS_OTP]
    lambdaConfig:
      DefineAuthChallenge: arn:aws:lambda:us-east-1:000000000000:function:define
      CreateAuthChallenge: arn:aws:lambda:us-east-1:000000000000:function:create
      VerifyAuthChallengeResponse: arn:aws:lambda:us-east-1:000000000000:function:verify
      UserMigration: arn:aws:lambda:us-east-1:000000000000:function:migrate
    clients:
      - id: ` + triggerClient + `
        name: web
        explicitAuthFlows: [ALLOW_CUSTOM_AUTH, ALLOW_USER_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: carol
        password: ` + lct.Password + `
        permanent: true
        attributes: {email: carol@example.com, email_verified: "true", phone_number: "+15555550177", phone_number_verified: "true"}
`

// fakeLambda answers Lambda Invoke calls with Go stand-ins for the
// pool's trigger functions.
func fakeLambda(t *testing.T) string {
	handlers := map[string]func(ev map[string]any){
		"define": func(ev map[string]any) {
			req, res := ev["request"].(map[string]any), ev["response"].(map[string]any)
			session, _ := req["session"].([]any)
			res["issueTokens"], res["failAuthentication"] = false, false
			if len(session) == 0 {
				res["challengeName"] = "CUSTOM_CHALLENGE"
				return
			}
			last := session[len(session)-1].(map[string]any)
			failures := 0
			for _, s := range session {
				if e := s.(map[string]any); e["challengeName"] == "CUSTOM_CHALLENGE" && e["challengeResult"] == false {
					failures++
				}
			}
			switch {
			case last["challengeName"] == "SRP_A":
				res["challengeName"] = "PASSWORD_VERIFIER"
			case failures >= 3:
				res["failAuthentication"] = true
			case last["challengeName"] == "CUSTOM_CHALLENGE" && last["challengeResult"] == true:
				res["issueTokens"] = true
			default:
				res["challengeName"] = "CUSTOM_CHALLENGE"
			}
		},
		"create": func(ev map[string]any) {
			res := ev["response"].(map[string]any)
			res["publicChallengeParameters"] = map[string]string{"question": "What is 2+2?"}
			res["privateChallengeParameters"] = map[string]string{"answer": "4"}
			res["challengeMetadata"] = "ARITHMETIC"
		},
		"verify": func(ev map[string]any) {
			req := ev["request"].(map[string]any)
			private := req["privateChallengeParameters"].(map[string]any)
			ev["response"].(map[string]any)["answerCorrect"] = req["challengeAnswer"] == private["answer"]
		},
		"migrate": func(ev map[string]any) {
			req := ev["request"].(map[string]any)
			if ev["userName"] != legacyUser || (req["password"] != nil && req["password"] != legacyPass) {
				panic("Bad password")
			}
			ev["response"] = map[string]any{
				"userAttributes":  map[string]string{"email": "legacy@example.com", "email_verified": "true"},
				"finalUserStatus": "CONFIRMED",
				"messageAction":   "SUPPRESS",
			}
		},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/2015-03-31/functions/"), "/invocations")
		var ev map[string]any
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil || handlers[name] == nil {
			http.Error(w, "bad invocation", http.StatusBadRequest)
			return
		}
		if ev["response"] == nil {
			ev["response"] = map[string]any{}
		}
		defer func() {
			if p := recover(); p != nil { // a handler that throws, as Lambda reports it
				w.Header().Set("X-Amz-Function-Error", "Unhandled")
				json.NewEncoder(w).Encode(map[string]string{"errorMessage": p.(string), "errorType": "Error"})
			}
		}()
		handlers[name](ev)
		json.NewEncoder(w).Encode(ev)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func triggerClientFor(t *testing.T) (string, *auth.Client) {
	endpoint := lct.StartWith(t, triggerSeed, localcognito.Options{LambdaEndpoint: fakeLambda(t)})
	c, err := auth.New(auth.Config{UserPoolID: triggerPool, ClientID: triggerClient, Endpoint: endpoint + "/"})
	if err != nil {
		t.Fatal(err)
	}
	return endpoint, c
}

func TestCustomAuth(t *testing.T) {
	_, c := triggerClientFor(t)
	ctx := context.Background()
	for _, flow := range []string{auth.FlowCustom, auth.FlowCustomWithSRP} {
		t.Run(flow, func(t *testing.T) {
			step, err := c.SignIn(ctx, auth.SignInInput{Username: "carol", Password: lct.Password, AuthFlow: flow})
			step = expectChallenge(t, step, err, auth.ChallengeCustom)
			if step.ChallengeParameters["question"] != "What is 2+2?" || !slices.Equal(step.Answers, []string{"ANSWER"}) {
				t.Fatalf("custom challenge: %+v", step)
			}
			// A wrong answer: Define asks again.
			step = expectChallenge(t, answer(t, c, step, map[string]string{"ANSWER": "5"}), nil, auth.ChallengeCustom)
			if done := answer(t, c, step, map[string]string{"ANSWER": "4"}); !done.Done {
				t.Fatalf("after the right answer: %+v", done)
			}
		})
	}
	// SRP-then-custom proves the password first: a wrong one never reaches the question.
	_, err := c.SignIn(ctx, auth.SignInInput{Username: "carol", Password: "wrong", AuthFlow: auth.FlowCustomWithSRP})
	wantError(t, err, "NotAuthorizedException")

	// Three wrong answers: Define fails the sign-in.
	step, err := c.SignIn(ctx, auth.SignInInput{Username: "carol", AuthFlow: auth.FlowCustom})
	for i := 0; i < 2; i++ {
		step = expectChallenge(t, step, err, auth.ChallengeCustom)
		step, err = c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"ANSWER": "5"}})
	}
	step = expectChallenge(t, step, err, auth.ChallengeCustom)
	_, err = c.Respond(ctx, auth.RespondInput{Step: step, Answers: map[string]string{"ANSWER": "5"}})
	wantError(t, err, "NotAuthorizedException")
}

func TestUserAuthChoices(t *testing.T) {
	endpoint, c := triggerClientFor(t)
	ctx := context.Background()

	step, err := c.SignIn(ctx, auth.SignInInput{Username: "carol", AuthFlow: auth.FlowUserAuth})
	step = expectChallenge(t, step, err, auth.ChallengeSelectChallenge)
	if !slices.Contains(step.Options, "PASSWORD_SRP") || !slices.Contains(step.Options, "EMAIL_OTP") {
		t.Fatalf("options = %v", step.Options)
	}
	done, err := c.Respond(ctx, auth.RespondInput{Step: step, Password: lct.Password, Answers: map[string]string{"ANSWER": "PASSWORD_SRP"}})
	if err != nil || !done.Done {
		t.Fatalf("PASSWORD_SRP: %+v, %v", done, err)
	}

	for _, preferred := range []string{"PASSWORD", "PASSWORD_SRP"} {
		step, err := c.SignIn(ctx, auth.SignInInput{Username: "carol", Password: lct.Password, AuthFlow: auth.FlowUserAuth, PreferredChallenge: preferred})
		if err != nil || !step.Done {
			t.Fatalf("preferred %s: %+v, %v", preferred, step, err)
		}
	}

	for _, otp := range []struct{ preferred, challenge, key string }{
		{"EMAIL_OTP", auth.ChallengeEmailOTP, "EMAIL_OTP_CODE"},
		{"SMS_OTP", auth.ChallengeSMSOTP, "SMS_OTP_CODE"},
	} {
		step, err = c.SignIn(ctx, auth.SignInInput{Username: "carol", AuthFlow: auth.FlowUserAuth, PreferredChallenge: otp.preferred})
		step = expectChallenge(t, step, err, otp.challenge)
		if !slices.Equal(step.Answers, []string{otp.key}) {
			t.Errorf("%s answers = %v", otp.challenge, step.Answers)
		}
		code := lct.Code(t, endpoint, "carol", "Authentication")
		if done := answer(t, c, step, map[string]string{otp.key: code}); !done.Done {
			t.Fatalf("%s: %+v", otp.challenge, done)
		}
	}
}

func TestUserMigration(t *testing.T) {
	_, c := triggerClientFor(t)
	ctx := context.Background()
	// SRP cannot migrate: the password never reaches Cognito.
	_, err := c.SignIn(ctx, auth.SignInInput{Username: legacyUser, Password: legacyPass})
	wantError(t, err, "UserNotFoundException")
	// USER_PASSWORD_AUTH hands it to the UserMigration trigger; a trigger
	// that throws reaches the client as Cognito words it.
	_, err = c.SignIn(ctx, auth.SignInInput{Username: legacyUser, Password: "wrong", AuthFlow: auth.FlowUserPassword})
	if e := asError(t, err); e.Name != "UserLambdaValidationException" || !strings.Contains(e.Message, "Bad password") {
		t.Errorf("wrong legacy password: %s: %s", e.Name, e.Message)
	}
	step, err := c.SignIn(ctx, auth.SignInInput{Username: legacyUser, Password: legacyPass, AuthFlow: auth.FlowUserPassword})
	if err != nil || !step.Done {
		t.Fatalf("migration sign-in: %+v, %v", step, err)
	}
	// Migrated: now SRP works too.
	signIn(t, c, legacyUser, legacyPass)
}
