package auth

import (
	"strconv"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// The request and response shapes of Cognito's JSON 1.1 API that the
// challenge loop uses. Field names are Cognito's. Each shape's Fields
// method repeats its struct tags for jsonlite, which reads and writes them
// without reflection; wire_test.go holds the two to each other.

type initiateAuthInput struct {
	UserPoolId     string            `json:"UserPoolId,omitempty"` // admin calls only
	AuthFlow       string            `json:"AuthFlow"`
	AuthParameters map[string]string `json:"AuthParameters"`
	ClientId       string            `json:"ClientId"`
	ClientMetadata map[string]string `json:"ClientMetadata,omitempty"`
}

func (in *initiateAuthInput) Fields() []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("UserPoolId,omitempty", &in.UserPoolId),
		jsonlite.String("AuthFlow", &in.AuthFlow),
		jsonlite.StringMap("AuthParameters", &in.AuthParameters),
		jsonlite.String("ClientId", &in.ClientId),
		jsonlite.StringMap("ClientMetadata,omitempty", &in.ClientMetadata),
	}
}

type respondToAuthChallengeInput struct {
	UserPoolId         string            `json:"UserPoolId,omitempty"` // admin calls only
	ChallengeName      string            `json:"ChallengeName"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
	ClientId           string            `json:"ClientId"`
	ClientMetadata     map[string]string `json:"ClientMetadata,omitempty"`
	Session            string            `json:"Session,omitempty"`
}

func (in *respondToAuthChallengeInput) Fields() []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("UserPoolId,omitempty", &in.UserPoolId),
		jsonlite.String("ChallengeName", &in.ChallengeName),
		jsonlite.StringMap("ChallengeResponses", &in.ChallengeResponses),
		jsonlite.String("ClientId", &in.ClientId),
		jsonlite.StringMap("ClientMetadata,omitempty", &in.ClientMetadata),
		jsonlite.String("Session,omitempty", &in.Session),
	}
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

func (o *challengeOutput) Fields() []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.Ptr("AuthenticationResult,omitempty", &o.AuthenticationResult, (*authenticationResult).Fields),
		jsonlite.Strings("AvailableChallenges,omitempty", &o.AvailableChallenges),
		jsonlite.String("ChallengeName,omitempty", &o.ChallengeName),
		jsonlite.StringMap("ChallengeParameters,omitempty", &o.ChallengeParameters),
		jsonlite.String("Session,omitempty", &o.Session),
	}
}

type authenticationResult struct {
	AccessToken       string             `json:"AccessToken"`
	ExpiresIn         int                `json:"ExpiresIn"`
	IdToken           string             `json:"IdToken"`
	RefreshToken      string             `json:"RefreshToken,omitempty"`
	TokenType         string             `json:"TokenType"`
	NewDeviceMetadata *newDeviceMetadata `json:"NewDeviceMetadata,omitempty"`
}

func (r *authenticationResult) Fields() []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("AccessToken", &r.AccessToken),
		jsonlite.Int("ExpiresIn", &r.ExpiresIn),
		jsonlite.String("IdToken", &r.IdToken),
		jsonlite.String("RefreshToken,omitempty", &r.RefreshToken),
		jsonlite.String("TokenType", &r.TokenType),
		jsonlite.Ptr("NewDeviceMetadata,omitempty", &r.NewDeviceMetadata, (*newDeviceMetadata).Fields),
	}
}

type newDeviceMetadata struct {
	DeviceGroupKey string `json:"DeviceGroupKey"`
	DeviceKey      string `json:"DeviceKey"`
}

func (d *newDeviceMetadata) Fields() []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("DeviceGroupKey", &d.DeviceGroupKey),
		jsonlite.String("DeviceKey", &d.DeviceKey),
	}
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

// DecodeJSON implements jsonlite.Codec.
func (e *epochSeconds) DecodeJSON(d *jsonlite.Decoder, v *jsonlite.Value) {
	switch v.Kind {
	case jsonlite.NullKind:
		*e = 0
	case jsonlite.NumberKind:
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			d.Fail(err)
			return
		}
		*e = epochSeconds(f)
	case jsonlite.StringKind:
		var t time.Time
		if err := t.UnmarshalText([]byte(v.Text)); err != nil {
			d.Fail(err)
			return
		}
		*e = epochSeconds(float64(t.UnixNano()) / 1e9)
	default:
		d.TypeMismatch(v, "number")
	}
}

// EncodeJSON implements jsonlite.Codec.
func (e *epochSeconds) EncodeJSON(w *jsonlite.Writer) { w.Float(float64(*e)) }

// UnmarshalJSON reads the date for encoding/json, in the SDK transport.
func (e *epochSeconds) UnmarshalJSON(b []byte) error { return jsonlite.UnmarshalValue(b, e) }
