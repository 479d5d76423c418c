package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Challenge names.
const (
	ChallengePasswordVerifier       = "PASSWORD_VERIFIER"
	ChallengeDeviceSRPAuth          = "DEVICE_SRP_AUTH"
	ChallengeDevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER"
	ChallengeNewPasswordRequired    = "NEW_PASSWORD_REQUIRED"
	ChallengeSMSMFA                 = "SMS_MFA"
	ChallengeEmailOTP               = "EMAIL_OTP"
	ChallengeSMSOTP                 = "SMS_OTP"
	ChallengeSoftwareTokenMFA       = "SOFTWARE_TOKEN_MFA"
	ChallengeSelectMFAType          = "SELECT_MFA_TYPE"
	ChallengeMFASetup               = "MFA_SETUP"
	ChallengeCustom                 = "CUSTOM_CHALLENGE"
	ChallengeSelectChallenge        = "SELECT_CHALLENGE"
)

// answerKeys are the responses each challenge that needs a person takes.
var answerKeys = map[string][]string{
	ChallengeNewPasswordRequired: {"NEW_PASSWORD"},
	ChallengeSMSMFA:              {"SMS_MFA_CODE"},
	ChallengeEmailOTP:            {"EMAIL_OTP_CODE"},
	ChallengeSMSOTP:              {"SMS_OTP_CODE"},
	ChallengeSoftwareTokenMFA:    {"SOFTWARE_TOKEN_MFA_CODE"},
	ChallengeSelectMFAType:       {"ANSWER"},
	ChallengeMFASetup:            {"SOFTWARE_TOKEN_MFA_CODE"},
	ChallengeCustom:              {"ANSWER"},
	ChallengeSelectChallenge:     {"ANSWER"},
}

// challengeStep describes a challenge for the caller: what it is called
// and which answers it takes.
func challengeStep(out *challengeOutput, username string) *Step {
	p := out.ChallengeParameters
	s := &Step{
		ChallengeName:       out.ChallengeName,
		ChallengeParameters: p,
		Session:             out.Session,
		Username:            username,
		Answers:             answerKeys[out.ChallengeName],
	}
	switch out.ChallengeName {
	case ChallengeNewPasswordRequired:
		// requiredAttributes is a JSON array of "userAttributes.<name>".
		s.Answers = append(append([]string{}, s.Answers...), jsonList(p["requiredAttributes"])...)
	case ChallengeSelectMFAType:
		s.Options = jsonList(p["MFAS_CAN_CHOOSE"])
	case ChallengeSelectChallenge:
		s.Options = out.AvailableChallenges
	}
	return s
}

// jsonList reads the JSON string arrays Cognito puts in challenge
// parameters; anything else reads as empty.
func jsonList(s string) []string {
	list, err := jsonlite.UnmarshalStrings([]byte(s))
	if err != nil {
		return nil
	}
	return list
}

// startSRP begins an SRP exchange and returns the SRP_A parameter.
func (at *attempt) startSRP() (map[string]string, error) {
	if at.password == "" {
		return nil, invalidParameter("password is required")
	}
	client, err := srp.NewClient()
	if err != nil {
		return nil, &Error{Name: ErrInternal, Message: err.Error(), cause: err}
	}
	at.srp = client
	return map[string]string{"SRP_A": client.A()}, nil
}

// answerPasswordVerifier proves the password without sending it.
func (c *Client) answerPasswordVerifier(ctx context.Context, ch *challengeOutput, at *attempt) (*Step, error) {
	if at.srp == nil {
		return nil, invalidResponse(nil, "PASSWORD_VERIFIER challenge without an SRP exchange under way")
	}
	userID := ch.ChallengeParameters["USER_ID_FOR_SRP"]
	if userID == "" {
		return nil, invalidResponse(nil, "PASSWORD_VERIFIER challenge without USER_ID_FOR_SRP")
	}
	answers, err := c.claim(at.srp, c.poolName, userID, at.password, ch.ChallengeParameters)
	if err != nil {
		return nil, err
	}
	at.srp = nil
	// Later answers, and their SECRET_HASH, use the name SRP proved.
	at.username = userID
	if at.device != nil {
		answers["DEVICE_KEY"] = at.device.Key
	}
	return c.respond(ctx, ChallengePasswordVerifier, ch.Session, answers, at)
}

// claim signs a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER challenge.
func (c *Client) claim(client *srp.Client, realm, userID, password string, p map[string]string) (map[string]string, error) {
	key, err := client.Key(realm, userID, password, p["SALT"], p["SRP_B"])
	if err != nil {
		return nil, invalidResponse(err, "password verifier challenge: "+err.Error())
	}
	timestamp := srp.Timestamp(c.now())
	signature, err := srp.Signature(key, realm, userID, p["SECRET_BLOCK"], timestamp)
	if err != nil {
		return nil, invalidResponse(err, "password verifier challenge: "+err.Error())
	}
	return map[string]string{
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"PASSWORD_CLAIM_SIGNATURE":    signature,
		"TIMESTAMP":                   timestamp,
	}, nil
}

// answerDeviceSRPAuth proves the remembered device's secret: a second SRP
// exchange whose realm is the device group and whose user is the device.
func (c *Client) answerDeviceSRPAuth(ctx context.Context, ch *challengeOutput, at *attempt) (*Step, error) {
	d := at.device
	if d == nil {
		return nil, invalidResponse(nil, "Cognito asked for DEVICE_SRP_AUTH but no remembered device was given")
	}
	client, err := srp.NewClient()
	if err != nil {
		return nil, &Error{Name: ErrInternal, Message: err.Error(), cause: err}
	}
	var out challengeOutput
	if err := c.answer(ctx, &respondToAuthChallengeInput{
		ChallengeName:      ChallengeDeviceSRPAuth,
		ChallengeResponses: c.withUser(map[string]string{"DEVICE_KEY": d.Key, "SRP_A": client.A()}, at.username),
		ClientId:           c.cfg.ClientID,
		ClientMetadata:     at.metadata,
		Session:            ch.Session,
	}, &out); err != nil {
		return nil, err
	}
	if out.ChallengeName != ChallengeDevicePasswordVerifier {
		return c.drive(ctx, &out, at)
	}
	answers, err := c.claim(client, d.GroupKey, d.Key, d.Password, out.ChallengeParameters)
	if err != nil {
		return nil, err
	}
	answers["DEVICE_KEY"] = d.Key
	return c.respond(ctx, ChallengeDevicePasswordVerifier, out.Session, answers, at)
}

// startMFASetup asks Cognito for a TOTP secret inside the sign-in, so the
// caller can show it and answer with the first code.
func (c *Client) startMFASetup(ctx context.Context, ch *challengeOutput, at *attempt) (*Step, error) {
	step := challengeStep(ch, at.username)
	if !slices.Contains(jsonList(ch.ChallengeParameters["MFAS_CAN_SETUP"]), ChallengeSoftwareTokenMFA) {
		step.Answers = nil // e.g. email MFA set-up: the caller answers as Cognito asks
		return step, nil
	}
	var out associateOutput
	if err := c.call(ctx, opAssociateSoftwareToken, map[string]string{"Session": ch.Session}, &out); err != nil {
		return nil, err
	}
	step.Session = out.Session
	step.TOTP = &TOTPSetup{Secret: out.SecretCode, URI: totpURI(c.cfg.TOTPIssuer, at.username, out.SecretCode)}
	return step, nil
}

// associateOutput is AssociateSoftwareToken's answer.
//
//jsonlite:shape
type associateOutput struct {
	SecretCode string `json:"SecretCode"`
	Session    string `json:"Session"`
}

// finishMFASetup verifies the first TOTP code, then completes MFA_SETUP.
func (c *Client) finishMFASetup(ctx context.Context, s *Step, answers map[string]string, at *attempt) (*Step, error) {
	if s.TOTP == nil {
		return c.respond(ctx, s.ChallengeName, s.Session, answers, at)
	}
	code := answers["SOFTWARE_TOKEN_MFA_CODE"]
	if code == "" {
		return nil, invalidParameter("SOFTWARE_TOKEN_MFA_CODE is required")
	}
	in := map[string]string{"Session": s.Session, "UserCode": code}
	if name := answers["FRIENDLY_DEVICE_NAME"]; name != "" {
		in["FriendlyDeviceName"] = name
	}
	var out verifyOutput
	if err := c.call(ctx, opVerifySoftwareToken, in, &out); err != nil {
		return nil, err
	}
	if out.Status != "SUCCESS" {
		return nil, &Error{Name: "EnableSoftwareTokenMFAException", Message: "the code was not accepted (status " + out.Status + ")"}
	}
	return c.respond(ctx, ChallengeMFASetup, out.Session, map[string]string{}, at)
}

// verifyOutput is VerifySoftwareToken's answer.
//
//jsonlite:shape
type verifyOutput struct {
	Status  string `json:"Status"`
	Session string `json:"Session"`
}

// addChoice completes a SELECT_CHALLENGE answer that needs the password.
func (c *Client) addChoice(answers map[string]string, at *attempt) error {
	switch answers["ANSWER"] {
	case "PASSWORD_SRP":
		p, err := at.startSRP()
		if err != nil {
			return err
		}
		answers["SRP_A"] = p["SRP_A"]
	case "PASSWORD":
		if at.password == "" {
			return invalidParameter("password is required to answer PASSWORD")
		}
		answers["PASSWORD"] = at.password
	}
	return nil
}

// totpURI is the otpauth:// URI authenticator apps read from a QR code.
func totpURI(issuer, username, secret string) string {
	if issuer == "" {
		issuer = "AWSCognito"
	}
	return "otpauth://totp/" + escape(issuer) + ":" + escape(username) +
		"?issuer=" + escape(issuer) + "&secret=" + escape(secret)
}

// escape percent-encodes all but RFC 3986's unreserved characters, which
// is right in both the label and the query; net/url would cost the wasm
// tens of kilobytes for this one use.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isDeviceGone reports whether Cognito refused a remembered device.
func isDeviceGone(err error) bool {
	e := asError(err)
	return e != nil && e.Name == "ResourceNotFoundException" && strings.Contains(asciiLower(e.Message), "device")
}
