package auth

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite/jsonlitetest"
)

// Each wire shape's Fields must say what its struct tags say: same names,
// same order, same JSON both ways as encoding/json.
func TestWireShapes(t *testing.T) {
	jsonlitetest.Check(t, (*initiateAuthInput).Fields)
	jsonlitetest.Check(t, (*respondToAuthChallengeInput).Fields)
	jsonlitetest.Check(t, (*challengeOutput).Fields)
	jsonlitetest.Check(t, (*authenticationResult).Fields)
	jsonlitetest.Check(t, (*newDeviceMetadata).Fields)
	jsonlitetest.Check(t, (*errorOutput).Fields)
	jsonlitetest.Check(t, (*codeDeliveryWire).Fields)
	jsonlitetest.Check(t, (*attributeWire).Fields)
	jsonlitetest.Check(t, (*signUpOutput).Fields)
	jsonlitetest.Check(t, (*noOutput).Fields)
	jsonlitetest.Check(t, (*codeDeliveryOutput).Fields)
	jsonlitetest.Check(t, (*getUserOutput).Fields)
	jsonlitetest.Check(t, (*updateAttributesOutput).Fields)
	jsonlitetest.Check(t, (*associateOutput).Fields)
	jsonlitetest.Check(t, (*verifyOutput).Fields)
	jsonlitetest.Check(t, (*confirmDeviceOutput).Fields)
	jsonlitetest.Check(t, (*listDevicesOutput).Fields)
	jsonlitetest.Check(t, (*deviceWire).Fields)
}

// The requests built as maps encode as encoding/json encodes them.
func TestMapRequests(t *testing.T) {
	for _, in := range []any{
		map[string]string{"Session": "s", "UserCode": "123456"},
		map[string]any{"Username": "u", "Password": "p", "ClientId": "c", "UserAttributes": attributeList(map[string]string{"email": "a@b.c"}), "ClientMetadata": map[string]string(nil)},
		map[string]any{"AccessToken": "t", "UserAttributes": attributeList(nil)},
		map[string]any{"AccessToken": "t", "Limit": 60},
		map[string]any{"AccessToken": "t", "SMSMfaSettings": map[string]bool{"Enabled": true, "PreferredMfa": false}},
		map[string]any{"DeviceKey": "k", "DeviceSecretVerifierConfig": map[string]string{"PasswordVerifier": "v", "Salt": "s"}},
		&initiateAuthInput{AuthFlow: FlowUserSRP, AuthParameters: map[string]string{"USERNAME": "<u&>", "SRP_A": "ab"}, ClientId: "c"},
	} {
		want, _ := json.Marshal(in)
		got, err := marshal(in)
		if err != nil || string(got) != string(want) {
			t.Errorf("marshal = %s, %v; encoding/json %s", got, err, want)
		}
	}
}

// epochSeconds reads what the old encoding/json reader, oldEpochSeconds,
// read: numbers, and RFC 3339 times as the AWS SDK writes them.
func TestEpochSeconds(t *testing.T) {
	inputs := []string{`1700000000.5`, `0`, `-1.5e3`, `null`, `"2023-11-14T22:13:20Z"`, `"2023-11-14T22:13:20.25+01:00"`,
		`"yesterday"`, `""`, `true`, `[]`, `1e999`}
	for _, tm := range []time.Time{time.Unix(1700000000, 0).UTC(), time.Unix(1700000000, 123456789), time.Date(2024, 2, 29, 23, 59, 59, 5e8, time.FixedZone("", -7*3600))} {
		b, _ := json.Marshal(tm) // as the SDK transport re-encodes a date
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		want, wantErr := oldEpochSeconds([]byte(in))
		var e epochSeconds
		err := json.Unmarshal([]byte(in), &e)
		if (err == nil) != (wantErr == nil) || float64(e) != want {
			t.Errorf("%s: %v, %v; before %v, %v", in, float64(e), err, want, wantErr)
		}
		var out deviceWire
		err = unmarshal([]byte(`{"DeviceCreateDate":`+in+`}`), &out)
		if (err == nil) != (wantErr == nil) || float64(out.DeviceCreateDate) != want {
			t.Errorf("jsonlite %s: %v, %v; before %v, %v", in, float64(out.DeviceCreateDate), err, want, wantErr)
		}
	}
}

func oldEpochSeconds(b []byte) (float64, error) {
	var n float64
	if err := json.Unmarshal(b, &n); err == nil {
		return n, nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return 0, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, err
	}
	return float64(t.UnixNano()) / 1e9, nil
}

// jsonList and claimString read as they did with encoding/json.
func TestJSONHelpers(t *testing.T) {
	for s, want := range map[string]int{`["a","b"]`: 2, `[]`: 0, `null`: 0, `["a",1]`: 0, `{}`: 0, `x`: 0, ``: 0} {
		if got := jsonList(s); len(got) != want {
			t.Errorf("jsonList(%q) = %q", s, got)
		}
	}
	enc := func(s string) string { return "h." + base64.RawURLEncoding.EncodeToString([]byte(s)) + ".s" }
	for payload, want := range map[string]string{
		`{"username":"alice","origin_jti":"j"}`: "alice",
		`{"username":5}`:                        "",
		`{"username":"a","username":"b"}`:       "b",
		`{"username":"a","big":1e999}`:          "",
		`["username"]`:                          "",
		`null`:                                  "",
		`{`:                                     "",
	} {
		if got := claimString(enc(payload), "username"); got != want {
			t.Errorf("claimString(%s) = %q, want %q", payload, got, want)
		}
	}
}

// rfc3339Seconds reads what time.Parse(time.RFC3339Nano) reads, as the
// old epochSeconds did, and never accepts what it refuses.
func FuzzRFC3339Seconds(f *testing.F) {
	for _, s := range []string{
		"2023-11-14T22:13:20Z", "2023-11-14T22:13:20.123456789Z", "2023-11-14T22:13:20.1234567891234Z", "2023-11-14T22:13:20.5+05:30",
		"2024-02-29T23:59:59-07:00", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+23:59",
		"2023-11-14T24:00:00Z", "2023-11-14t22:13:20z", "2023-11-14T22:13:20", "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20,5Z",
		"2023-11-14T22:13:20+0530", "2023-11-14T22:13:60Z", "+023-11-14T22:13:20Z", "2023-1-14T22:13:20Z", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := rfc3339Seconds(s)
		tm, err := time.Parse(time.RFC3339Nano, s)
		if ok && (err != nil || got != float64(tm.UnixNano())/1e9) {
			t.Fatalf("rfc3339Seconds(%q) = %v; time.Parse %v, %v", s, got, tm, err)
		}
		if !ok && err == nil && tm.Format(time.RFC3339Nano) == s {
			t.Fatalf("rfc3339Seconds(%q) refused what time.Parse reads as %v", s, tm)
		}
	})
}
