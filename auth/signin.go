package auth

import (
	"context"
	"maps"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Auth flows.
const (
	FlowUserSRP = "USER_SRP_AUTH"
)

// Challenge names.
const (
	ChallengePasswordVerifier = "PASSWORD_VERIFIER"
)

// SignInInput is one sign-in attempt.
type SignInInput struct {
	Username string
	Password string
	// AuthFlow defaults to USER_SRP_AUTH.
	AuthFlow string
	// ClientMetadata goes to the pool's Lambda triggers.
	ClientMetadata map[string]string
}

// Step is where a sign-in stands: either Done with Tokens, or waiting for
// the caller to answer ChallengeName. It holds no password or secret, so
// it can be saved and passed back to Respond later.
type Step struct {
	Done                bool              `json:"done"`
	ChallengeName       string            `json:"challengeName,omitempty"`
	ChallengeParameters map[string]string `json:"challengeParameters,omitempty"`
	Session             string            `json:"session,omitempty"`
	// Username is the name Cognito expects in this step's answers.
	Username string  `json:"username,omitempty"`
	Tokens   *Tokens `json:"tokens,omitempty"`
}

// Tokens are the result of a completed sign-in.
type Tokens struct {
	IDToken      string `json:"idToken"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken,omitempty"`
	ExpiresIn    int    `json:"expiresIn"`
	TokenType    string `json:"tokenType"`
}

// SignIn starts a sign-in and runs it as far as it can without the caller.
func (c *Client) SignIn(ctx context.Context, in SignInInput) (*Step, error) {
	if in.Username == "" {
		return nil, invalidParameter("username is required")
	}
	if in.Password == "" {
		return nil, invalidParameter("password is required")
	}
	flow := in.AuthFlow
	if flow == "" {
		flow = FlowUserSRP
	}
	if flow != FlowUserSRP {
		return nil, invalidParameter("authFlow %q is not supported; use %s", flow, FlowUserSRP)
	}
	return c.signInSRP(ctx, in)
}

func (c *Client) signInSRP(ctx context.Context, in SignInInput) (*Step, error) {
	client, err := srp.NewClient()
	if err != nil {
		return nil, &Error{Name: ErrInternal, Message: err.Error(), cause: err}
	}
	params := map[string]string{"USERNAME": in.Username, "SRP_A": client.A()}
	c.addSecretHash(params, in.Username)
	var out challengeOutput
	err = c.transport.Call(ctx, opInitiateAuth, &initiateAuthInput{
		AuthFlow:       FlowUserSRP,
		AuthParameters: params,
		ClientId:       c.cfg.ClientID,
		ClientMetadata: in.ClientMetadata,
	}, &out)
	if err != nil {
		return nil, err
	}
	if out.ChallengeName == ChallengePasswordVerifier {
		return c.answerPasswordVerifier(ctx, client, in, &out)
	}
	return c.next(&out, in.Username)
}

// answerPasswordVerifier proves the password without sending it.
func (c *Client) answerPasswordVerifier(ctx context.Context, client *srp.Client, in SignInInput, ch *challengeOutput) (*Step, error) {
	p := ch.ChallengeParameters
	userID := p["USER_ID_FOR_SRP"]
	if userID == "" {
		return nil, invalidResponse(nil, "PASSWORD_VERIFIER challenge without USER_ID_FOR_SRP")
	}
	key, err := client.Key(c.poolName, userID, in.Password, p["SALT"], p["SRP_B"])
	if err != nil {
		return nil, invalidResponse(err, "PASSWORD_VERIFIER challenge: %v", err)
	}
	timestamp := srp.Timestamp(c.now())
	signature, err := srp.Signature(key, c.poolName, userID, p["SECRET_BLOCK"], timestamp)
	if err != nil {
		return nil, invalidResponse(err, "PASSWORD_VERIFIER challenge: %v", err)
	}
	answers := map[string]string{
		"USERNAME":                    userID,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"PASSWORD_CLAIM_SIGNATURE":    signature,
		"TIMESTAMP":                   timestamp,
	}
	c.addSecretHash(answers, userID)
	return c.respond(ctx, ChallengePasswordVerifier, ch.Session, answers, in.ClientMetadata, userID)
}

// RespondInput answers the challenge of a Step.
type RespondInput struct {
	Step *Step
	// Answers are the challenge's responses by Cognito's names
	// (NEW_PASSWORD, SMS_MFA_CODE, …). USERNAME and SECRET_HASH are added.
	Answers        map[string]string
	ClientMetadata map[string]string
}

// Respond answers a step's challenge and runs the sign-in on.
func (c *Client) Respond(ctx context.Context, in RespondInput) (*Step, error) {
	s := in.Step
	if s == nil || s.Done || s.ChallengeName == "" {
		return nil, invalidParameter("step has no challenge to answer")
	}
	if s.Username == "" {
		return nil, invalidParameter("step.username is required")
	}
	answers := maps.Clone(in.Answers)
	if answers == nil {
		answers = map[string]string{}
	}
	answers["USERNAME"] = s.Username
	c.addSecretHash(answers, s.Username)
	return c.respond(ctx, s.ChallengeName, s.Session, answers, in.ClientMetadata, s.Username)
}

func (c *Client) respond(ctx context.Context, name, session string, answers, metadata map[string]string, username string) (*Step, error) {
	var out challengeOutput
	err := c.transport.Call(ctx, opRespondToAuthChallenge, &respondToAuthChallengeInput{
		ChallengeName:      name,
		ChallengeResponses: answers,
		ClientId:           c.cfg.ClientID,
		ClientMetadata:     metadata,
		Session:            session,
	}, &out)
	if err != nil {
		return nil, err
	}
	return c.next(&out, username)
}

// next turns Cognito's answer into a Step.
func (c *Client) next(out *challengeOutput, username string) (*Step, error) {
	if r := out.AuthenticationResult; r != nil {
		return &Step{Done: true, Tokens: &Tokens{
			IDToken:      r.IdToken,
			AccessToken:  r.AccessToken,
			RefreshToken: r.RefreshToken,
			ExpiresIn:    r.ExpiresIn,
			TokenType:    r.TokenType,
		}}, nil
	}
	if out.ChallengeName == "" {
		return nil, invalidResponse(nil, "Cognito returned neither tokens nor a challenge")
	}
	if u := out.ChallengeParameters["USERNAME"]; u != "" {
		username = u
	}
	return &Step{
		ChallengeName:       out.ChallengeName,
		ChallengeParameters: out.ChallengeParameters,
		Session:             out.Session,
		Username:            username,
	}, nil
}

func (c *Client) addSecretHash(params map[string]string, username string) {
	if c.cfg.ClientSecret != "" {
		params["SECRET_HASH"] = srp.SecretHash(c.cfg.ClientID, c.cfg.ClientSecret, username)
	}
}
