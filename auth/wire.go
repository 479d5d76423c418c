package auth

import (
	"encoding/json"
	"time"
)

// The request and response shapes of Cognito's JSON 1.1 API that the
// challenge loop uses. Field names are Cognito's.

type initiateAuthInput struct {
	UserPoolId     string            `json:"UserPoolId,omitempty"` // admin calls only
	AuthFlow       string            `json:"AuthFlow"`
	AuthParameters map[string]string `json:"AuthParameters"`
	ClientId       string            `json:"ClientId"`
	ClientMetadata map[string]string `json:"ClientMetadata,omitempty"`
}

type respondToAuthChallengeInput struct {
	UserPoolId         string            `json:"UserPoolId,omitempty"` // admin calls only
	ChallengeName      string            `json:"ChallengeName"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
	ClientId           string            `json:"ClientId"`
	ClientMetadata     map[string]string `json:"ClientMetadata,omitempty"`
	Session            string            `json:"Session,omitempty"`
}

// challengeOutput is the answer to both InitiateAuth and
// RespondToAuthChallenge.
type challengeOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	AvailableChallenges  []string              `json:"AvailableChallenges,omitempty"`
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters,omitempty"`
	Session              string                `json:"Session,omitempty"`
}

type authenticationResult struct {
	AccessToken       string             `json:"AccessToken"`
	ExpiresIn         int                `json:"ExpiresIn"`
	IdToken           string             `json:"IdToken"`
	RefreshToken      string             `json:"RefreshToken,omitempty"`
	TokenType         string             `json:"TokenType"`
	NewDeviceMetadata *newDeviceMetadata `json:"NewDeviceMetadata,omitempty"`
}

type newDeviceMetadata struct {
	DeviceGroupKey string `json:"DeviceGroupKey"`
	DeviceKey      string `json:"DeviceKey"`
}

func (r *authenticationResult) tokens() *Tokens {
	t := &Tokens{
		IDToken:      r.IdToken,
		AccessToken:  r.AccessToken,
		RefreshToken: r.RefreshToken,
		ExpiresIn:    r.ExpiresIn,
		TokenType:    r.TokenType,
	}
	if d := r.NewDeviceMetadata; d != nil {
		t.NewDevice = &NewDevice{Key: d.DeviceKey, GroupKey: d.DeviceGroupKey}
	}
	return t
}

// Operations, by Cognito's names.
const (
	opInitiateAuth                = "InitiateAuth"
	opRespondToAuthChallenge      = "RespondToAuthChallenge"
	opAdminInitiateAuth           = "AdminInitiateAuth"
	opAdminRespondToAuthChallenge = "AdminRespondToAuthChallenge"
	opAssociateSoftwareToken      = "AssociateSoftwareToken"
	opVerifySoftwareToken         = "VerifySoftwareToken"
)

// epochSeconds reads Cognito's dates: seconds since the epoch on the wire,
// or RFC 3339 text where the AWS SDK re-encodes a time.Time.
type epochSeconds float64

func (e *epochSeconds) UnmarshalJSON(b []byte) error {
	var n float64
	if err := json.Unmarshal(b, &n); err == nil {
		*e = epochSeconds(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*e = epochSeconds(float64(t.UnixNano()) / 1e9)
	return nil
}
