package auth

import (
	"errors"
	"strconv"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// The request and response shapes of Cognito's JSON 1.1 API that the
// challenge loop uses. Field names are Cognito's. Each struct marked
// jsonlite:shape gets a Fields method, written from its struct tags into
// jsonlite_gen.go, through which jsonlite reads and writes it without
// reflection; wire_test.go holds the two to encoding/json.

//go:generate go run ../internal/jsonlite/jsonlitegen

//jsonlite:shape
type initiateAuthInput struct {
	UserPoolId     string            `json:"UserPoolId,omitempty"` // admin calls only
	AuthFlow       string            `json:"AuthFlow"`
	AuthParameters map[string]string `json:"AuthParameters"`
	ClientId       string            `json:"ClientId"`
	ClientMetadata map[string]string `json:"ClientMetadata,omitempty"`
}

//jsonlite:shape
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
//
//jsonlite:shape
type challengeOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	AvailableChallenges  []string              `json:"AvailableChallenges,omitempty"`
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters,omitempty"`
	Session              string                `json:"Session,omitempty"`
}

//jsonlite:shape
type authenticationResult struct {
	AccessToken       string             `json:"AccessToken"`
	ExpiresIn         int                `json:"ExpiresIn"`
	IdToken           string             `json:"IdToken"`
	RefreshToken      string             `json:"RefreshToken,omitempty"`
	TokenType         string             `json:"TokenType"`
	NewDeviceMetadata *newDeviceMetadata `json:"NewDeviceMetadata,omitempty"`
}

//jsonlite:shape
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
		seconds, ok := rfc3339Seconds(v.Text)
		if !ok {
			d.Fail(errors.New("date " + strconv.Quote(v.Text) + " is not RFC 3339"))
			return
		}
		*e = epochSeconds(seconds)
	default:
		d.TypeMismatch(v, "number")
	}
}

// EncodeJSON implements jsonlite.Codec.
func (e *epochSeconds) EncodeJSON(w *jsonlite.Writer) { w.Float(float64(*e)) }

// UnmarshalJSON reads the date for encoding/json, in the SDK transport.
func (e *epochSeconds) UnmarshalJSON(b []byte) error { return jsonlite.UnmarshalValue(b, e) }

// rfc3339Seconds reads an RFC 3339 time, as seconds since the epoch, the
// way time.Parse(time.RFC3339Nano, s) reads the time.Time JSON the SDK
// writes. time.Parse itself would add its general layout parser to the
// wasm (scripts/wasmsymbols keeps it out), for input Cognito never sends
// there.
func rfc3339Seconds(s string) (float64, bool) {
	ok := true
	num := func(s string, lo, hi int) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				ok = false
				return lo
			}
			n = n*10 + int(s[i]-'0')
		}
		if n < lo || n > hi {
			ok = false
			return lo
		}
		return n
	}
	if len(s) < len("2006-01-02T15:04:05") {
		return 0, false
	}
	year := num(s[0:4], 0, 9999)
	month := num(s[5:7], 1, 12)
	day := num(s[8:10], 1, time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day())
	hour := num(s[11:13], 0, 23)
	minute := num(s[14:16], 0, 59)
	second := num(s[17:19], 0, 59)
	if !ok || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	s = s[19:]
	nsec := 0
	if len(s) >= 2 && s[0] == '.' && '0' <= s[1] && s[1] <= '9' {
		n := 2
		for n < len(s) && '0' <= s[n] && s[n] <= '9' {
			n++
		}
		digits := s[1:min(n, 10)] // nanoseconds: later digits are dropped
		nsec = num(digits, 0, 999999999)
		for range 9 - len(digits) {
			nsec *= 10
		}
		s = s[n:]
	}
	offset := 0
	if s != "Z" {
		if len(s) != len("-07:00") {
			return 0, false
		}
		offset = (num(s[1:3], 0, 23)*60 + num(s[4:6], 0, 59)) * 60
		if !ok || s[0] != '+' && s[0] != '-' || s[3] != ':' {
			return 0, false
		}
		if s[0] == '-' {
			offset = -offset
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, nsec, time.UTC)
	return float64(t.UnixNano()-int64(offset)*1e9) / 1e9, true
}
