package auth

import (
	"context"
	"maps"
	"strconv"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Auth flows a sign-in can start with.
const (
	FlowUserSRP      = "USER_SRP_AUTH"
	FlowUserPassword = "USER_PASSWORD_AUTH"
	FlowCustom       = "CUSTOM_AUTH"
	// FlowCustomWithSRP is CUSTOM_AUTH that proves the password with SRP
	// before the custom challenges (CHALLENGE_NAME=SRP_A).
	FlowCustomWithSRP = "CUSTOM_WITH_SRP"
	// FlowUserAuth is choice-based sign-in; see SignInInput.PreferredChallenge.
	FlowUserAuth = "USER_AUTH"
	// FlowAdminUserPassword sends the password to Cognito from a server
	// (Config.Admin); ADMIN_NO_SRP_AUTH is its older name.
	FlowAdminUserPassword = "ADMIN_USER_PASSWORD_AUTH"
	FlowAdminNoSRP        = "ADMIN_NO_SRP_AUTH"
)

// SignInInput is one sign-in attempt.
type SignInInput struct {
	Username string
	// Password is needed by every flow but CUSTOM_AUTH and the
	// password-less USER_AUTH choices. SRP flows never send it.
	Password string
	// AuthFlow defaults to USER_SRP_AUTH.
	AuthFlow string
	// PreferredChallenge is USER_AUTH's first choice: PASSWORD,
	// PASSWORD_SRP, EMAIL_OTP or SMS_OTP.
	PreferredChallenge string
	// ClientMetadata goes to the pool's Lambda triggers.
	ClientMetadata map[string]string
	// Device is a remembered device: Cognito then asks for DEVICE_SRP_AUTH,
	// which this package answers, and skips MFA.
	Device *Device
}

// Device is a remembered device's credentials, as ConfirmDevice set them.
// Password is a secret: store it as carefully as a refresh token.
type Device struct {
	Key      string `json:"deviceKey"`
	GroupKey string `json:"deviceGroupKey"`
	Password string `json:"devicePassword"`
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
	Username string `json:"username,omitempty"`
	// Answers names the keys Respond expects for this challenge.
	Answers []string `json:"answers,omitempty"`
	// Options lists the allowed values of an ANSWER that is a choice
	// (SELECT_MFA_TYPE, SELECT_CHALLENGE).
	Options []string `json:"options,omitempty"`
	// TOTP is set on MFA_SETUP: the secret to put in an authenticator app.
	TOTP   *TOTPSetup `json:"totp,omitempty"`
	Tokens *Tokens    `json:"tokens,omitempty"`
	// DeviceForgotten says Cognito no longer knows the remembered device
	// the sign-in was given; forget its stored credentials.
	DeviceForgotten bool `json:"deviceForgotten,omitempty"`
}

// TOTPSetup is a new authenticator-app secret.
type TOTPSetup struct {
	Secret string `json:"secret"`
	// URI is the otpauth:// URI authenticator apps read from a QR code.
	URI string `json:"uri"`
}

// Tokens are the result of a completed sign-in or refresh.
type Tokens struct {
	IDToken      string `json:"idToken"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken,omitempty"`
	ExpiresIn    int    `json:"expiresIn"`
	TokenType    string `json:"tokenType"`
	// NewDevice is set when the pool tracks devices and this one is new;
	// pass it to ConfirmDevice to remember the device.
	NewDevice *NewDevice `json:"newDevice,omitempty"`
}

// NewDevice is Cognito's NewDeviceMetadata.
type NewDevice struct {
	Key      string `json:"deviceKey"`
	GroupKey string `json:"deviceGroupKey"`
}

// attempt is what one SignIn or Respond call carries through the loop
// besides Cognito's answer: secrets that are never part of a Step.
type attempt struct {
	password string
	device   *Device
	metadata map[string]string
	username string
	// srp is the exchange whose SRP_A was sent, awaiting PASSWORD_VERIFIER.
	srp *srp.Client
	// autoAnswers counts the challenges answered without the caller.
	autoAnswers int
}

// maxAutoAnswers bounds the challenges one call answers by itself: a
// sign-in needs at most PASSWORD_VERIFIER and DEVICE_SRP_AUTH, so a
// server that keeps asking is broken or hostile, not slow.
const maxAutoAnswers = 4

// SignIn starts a sign-in and runs it as far as it can without the caller.
func (c *Client) SignIn(ctx context.Context, in SignInInput) (*Step, error) {
	step, err := c.signIn(ctx, in)
	if err != nil && in.Device != nil && isDeviceGone(err) {
		// Forgotten on the server: sign in as a new device and say so,
		// so the caller drops its stored credentials.
		in.Device = nil
		if step, err = c.signIn(ctx, in); step != nil {
			step.DeviceForgotten = true
		}
	}
	return step, err
}

func (c *Client) signIn(ctx context.Context, in SignInInput) (*Step, error) {
	if in.Username == "" {
		return nil, invalidParameter("username is required")
	}
	if err := wellFormed("username", in.Username, "password", in.Password); err != nil {
		return nil, err
	}
	flow := in.AuthFlow
	if flow == "" {
		flow = FlowUserSRP
	}
	start, ok := flowStarts[flow]
	if !ok {
		return nil, invalidParameter("authFlow " + strconv.Quote(flow) + " is not one of USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH, CUSTOM_WITH_SRP, USER_AUTH, ADMIN_USER_PASSWORD_AUTH")
	}
	if strings.HasPrefix(flow, "ADMIN_") && !c.cfg.Admin {
		return nil, invalidParameter("authFlow " + flow + " needs the admin API: set admin and AWS credentials, on a server")
	}
	at := &attempt{password: in.Password, device: in.Device, metadata: in.ClientMetadata, username: in.Username}
	wire, params, err := start(in, at)
	if err != nil {
		return nil, err
	}
	if in.Device != nil {
		if err := in.Device.check(); err != nil {
			return nil, err
		}
		params["DEVICE_KEY"] = in.Device.Key
	}
	var out challengeOutput
	err = c.initiate(ctx, &initiateAuthInput{
		AuthFlow:       wire,
		AuthParameters: c.withUser(params, in.Username),
		ClientId:       c.cfg.ClientID,
		ClientMetadata: in.ClientMetadata,
	}, &out)
	if err != nil {
		return nil, err
	}
	return c.drive(ctx, &out, at)
}

// flowStarts give each flow's wire name and first AuthParameters.
var flowStarts = map[string]func(in SignInInput, at *attempt) (string, map[string]string, error){
	FlowUserSRP: func(in SignInInput, at *attempt) (string, map[string]string, error) {
		p, err := at.startSRP()
		return FlowUserSRP, p, err
	},
	FlowUserPassword: func(in SignInInput, at *attempt) (string, map[string]string, error) {
		if in.Password == "" {
			return "", nil, invalidParameter("password is required")
		}
		return FlowUserPassword, map[string]string{"PASSWORD": in.Password}, nil
	},
	FlowCustom: func(SignInInput, *attempt) (string, map[string]string, error) {
		return FlowCustom, map[string]string{}, nil
	},
	FlowCustomWithSRP: func(in SignInInput, at *attempt) (string, map[string]string, error) {
		p, err := at.startSRP()
		if err != nil {
			return "", nil, err
		}
		p["CHALLENGE_NAME"] = "SRP_A"
		return FlowCustom, p, nil
	},
	FlowUserAuth:          userAuthStart,
	FlowAdminUserPassword: adminPasswordStart(FlowAdminUserPassword),
	FlowAdminNoSRP:        adminPasswordStart(FlowAdminNoSRP),
}

func adminPasswordStart(flow string) func(SignInInput, *attempt) (string, map[string]string, error) {
	return func(in SignInInput, _ *attempt) (string, map[string]string, error) {
		if in.Password == "" {
			return "", nil, invalidParameter("password is required")
		}
		return flow, map[string]string{"PASSWORD": in.Password}, nil
	}
}

// initiate sends InitiateAuth, or AdminInitiateAuth for admin clients.
func (c *Client) initiate(ctx context.Context, in *initiateAuthInput, out *challengeOutput) error {
	if c.cfg.Admin {
		in.UserPoolId = c.cfg.UserPoolID
		return c.call(ctx, opAdminInitiateAuth, in, out)
	}
	return c.call(ctx, opInitiateAuth, in, out)
}

// answer sends RespondToAuthChallenge, or its admin twin.
func (c *Client) answer(ctx context.Context, in *respondToAuthChallengeInput, out *challengeOutput) error {
	if c.cfg.Admin {
		in.UserPoolId = c.cfg.UserPoolID
		return c.call(ctx, opAdminRespondToAuthChallenge, in, out)
	}
	return c.call(ctx, opRespondToAuthChallenge, in, out)
}

func userAuthStart(in SignInInput, at *attempt) (string, map[string]string, error) {
	p := map[string]string{}
	switch in.PreferredChallenge {
	case "", "EMAIL_OTP", "SMS_OTP":
	case "PASSWORD_SRP":
		var err error
		if p, err = at.startSRP(); err != nil {
			return "", nil, err
		}
	case "PASSWORD":
		if in.Password == "" {
			return "", nil, invalidParameter("password is required")
		}
		p["PASSWORD"] = in.Password
	default:
		return "", nil, invalidParameter("preferredChallenge " + strconv.Quote(in.PreferredChallenge) + " is not one of PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP")
	}
	if in.PreferredChallenge != "" {
		p["PREFERRED_CHALLENGE"] = in.PreferredChallenge
	}
	return FlowUserAuth, p, nil
}

// RespondInput answers the challenge of a Step.
type RespondInput struct {
	Step *Step
	// Answers are the challenge's responses by Cognito's names
	// (NEW_PASSWORD, SMS_MFA_CODE, ANSWER, …); see Step.Answers. USERNAME
	// and SECRET_HASH are added.
	Answers map[string]string
	// Password is needed when answering SELECT_CHALLENGE with PASSWORD or
	// PASSWORD_SRP; it is never part of a Step.
	Password string
	// Device is the remembered device the sign-in started with, if any.
	Device         *Device
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
	if err := wellFormed("password", in.Password); err != nil {
		return nil, err
	}
	for k, v := range in.Answers {
		if err := wellFormed(k, v); err != nil {
			return nil, err
		}
	}
	at := &attempt{password: in.Password, device: in.Device, metadata: in.ClientMetadata, username: s.Username}
	answers := maps.Clone(in.Answers)
	if answers == nil {
		answers = map[string]string{}
	}
	switch s.ChallengeName {
	case ChallengeMFASetup:
		return c.finishMFASetup(ctx, s, answers, at)
	case ChallengeSelectChallenge:
		if err := c.addChoice(answers, at); err != nil {
			return nil, err
		}
	}
	return c.respond(ctx, s.ChallengeName, s.Session, answers, at)
}

// respond sends one RespondToAuthChallenge and runs the loop on.
func (c *Client) respond(ctx context.Context, name, session string, answers map[string]string, at *attempt) (*Step, error) {
	var out challengeOutput
	err := c.answer(ctx, &respondToAuthChallengeInput{
		ChallengeName:      name,
		ChallengeResponses: c.withUser(answers, at.username),
		ClientId:           c.cfg.ClientID,
		ClientMetadata:     at.metadata,
		Session:            session,
	}, &out)
	if err != nil {
		return nil, err
	}
	return c.drive(ctx, &out, at)
}

// drive answers every challenge that needs no person and returns the
// first that does, or the tokens.
func (c *Client) drive(ctx context.Context, out *challengeOutput, at *attempt) (*Step, error) {
	if r := out.AuthenticationResult; r != nil {
		return &Step{Done: true, Tokens: r.tokens()}, nil
	}
	if out.ChallengeName == "" {
		return nil, invalidResponse(nil, "Cognito returned neither tokens nor a challenge")
	}
	if u := out.ChallengeParameters["USERNAME"]; u != "" {
		at.username = u
	}
	switch out.ChallengeName {
	case ChallengePasswordVerifier, ChallengeDeviceSRPAuth:
		if at.autoAnswers++; at.autoAnswers > maxAutoAnswers {
			return nil, invalidResponse(nil, "Cognito asked for "+out.ChallengeName+" again after "+
				strconv.Itoa(maxAutoAnswers)+" challenges this client answers by itself")
		}
		if out.ChallengeName == ChallengePasswordVerifier {
			return c.answerPasswordVerifier(ctx, out, at)
		}
		return c.answerDeviceSRPAuth(ctx, out, at)
	case ChallengeDevicePasswordVerifier:
		return nil, invalidResponse(nil, "Cognito asked for DEVICE_PASSWORD_VERIFIER without DEVICE_SRP_AUTH first")
	case ChallengeMFASetup:
		return c.startMFASetup(ctx, out, at)
	}
	return challengeStep(out, at.username), nil
}

func (c *Client) addSecretHash(params map[string]string, username string) {
	if h := c.secretHash(username); h != "" {
		params["SECRET_HASH"] = h
	}
}

func (d *Device) check() error {
	if d.Key == "" || d.GroupKey == "" || d.Password == "" {
		return invalidParameter("device needs deviceKey, deviceGroupKey and devicePassword")
	}
	return nil
}
