package srp

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// The known-answer vectors in testdata/vectors.json come from AWS's own
// JavaScript client, amazon-cognito-identity-js, driven through its real
// CognitoUser USER_SRP_AUTH and DEVICE_SRP_AUTH code paths by
// scripts/gen-srp-vectors.mjs (see testdata/README.md).

type srpVector struct {
	Flow      string `json:"flow"`     // USER_SRP_AUTH or DEVICE_SRP_AUTH
	Realm     string `json:"realm"`    // pool name, or device group key
	UserID    string `json:"userId"`   // USER_ID_FOR_SRP, or device key
	Password  string `json:"password"` // user password, or device password
	SmallA    string `json:"a"`        // private exponent, hex
	A         string `json:"A"`        // SRP_A exactly as the JS client sends it
	Salt      string `json:"salt"`     // SALT as Cognito sends it (signed hex)
	SaltBytes string `json:"saltBytes,omitempty"`
	B         string `json:"B"` // SRP_B
	Secret    string `json:"secretBlock"`
	Unix      int64  `json:"unix"` // the mocked clock, seconds since the epoch
	Timestamp string `json:"timestamp"`
	Key       string `json:"key"` // HKDF output, hex
	Signature string `json:"signature"`
}

type padVector struct {
	Value  string `json:"value"`  // hex, possibly negative
	Padded string `json:"padded"` // padHex output, hex
}

type deviceVector struct {
	DeviceGroupKey string `json:"deviceGroupKey"`
	DeviceKey      string `json:"deviceKey"`
	Password       string `json:"password"`
	Salt           string `json:"salt"`     // getSaltDevices(), hex
	Verifier       string `json:"verifier"` // getVerifierDevices(), hex
	SaltBase64     string `json:"saltBase64"`
	VerifierBase64 string `json:"verifierBase64"`
}

type vectorFile struct {
	Generator       string         `json:"generator"`
	SRP             []srpVector    `json:"srp"`
	PadHex          []padVector    `json:"padHex"`
	DeviceVerifiers []deviceVector `json:"deviceVerifiers"`
}

var (
	vectorsOnce sync.Once
	vectors     vectorFile
	vectorsErr  error
)

func loadVectors(t testing.TB) *vectorFile {
	t.Helper()
	vectorsOnce.Do(func() {
		var data []byte
		data, vectorsErr = os.ReadFile("testdata/vectors.json")
		if vectorsErr == nil {
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			vectorsErr = dec.Decode(&vectors)
		}
	})
	if vectorsErr != nil {
		t.Fatalf("loading testdata/vectors.json: %v", vectorsErr)
	}
	// Guard against an accidentally truncated file.
	if len(vectors.SRP) < 200 || len(vectors.PadHex) < 12 || len(vectors.DeviceVerifiers) == 0 {
		t.Fatalf("vectors.json has only %d srp, %d padHex, %d device cases",
			len(vectors.SRP), len(vectors.PadHex), len(vectors.DeviceVerifiers))
	}
	return &vectors
}

func mustParseHex(t testing.TB, s string) *big.Int {
	t.Helper()
	n, err := ParseHex(s)
	if err != nil {
		t.Fatalf("ParseHex(%.40q): %v", s, err)
	}
	return n
}

func TestVectorsSRP(t *testing.T) {
	vf := loadVectors(t)
	for i, v := range vf.SRP {
		if testing.Short() && i%10 != 0 {
			continue
		}
		c, err := newClient(mustParseHex(t, v.SmallA).Bytes())
		if err != nil {
			t.Fatalf("case %d: newClient: %v", i, err)
		}
		// SRP_A must be byte-identical to what the JS client sends:
		// largeAValue.toString(16), lowercase, no padding. Compare strings,
		// not numbers, because Cognito receives the string.
		if got := c.A(); got != v.A {
			t.Errorf("case %d (%s): A() = %.40s…, want %.40s…", i, v.Flow, got, v.A)
		}

		key, err := c.Key(v.Realm, v.UserID, v.Password, v.Salt, v.B)
		if err != nil {
			t.Errorf("case %d (%s): Key(realm=%q, user=%q, salt=%s, B=%.40s…): %v", i, v.Flow, v.Realm, v.UserID, v.Salt, v.B, err)
			continue
		}
		if got := hex.EncodeToString(key); got != v.Key {
			t.Errorf("case %d (%s): Key(realm=%q, user=%q, password=%q, salt=%s, B=%.40s…) = %s, want %s",
				i, v.Flow, v.Realm, v.UserID, v.Password, v.Salt, v.B, got, v.Key)
			continue
		}

		sig, err := Signature(key, v.Realm, v.UserID, v.Secret, v.Timestamp)
		if err != nil {
			t.Errorf("case %d: Signature: %v", i, err)
		} else if sig != v.Signature {
			t.Errorf("case %d: Signature = %s, want %s", i, sig, v.Signature)
		}
		if !Verify(key, v.Realm, v.UserID, v.Secret, v.Timestamp, v.Signature) {
			t.Errorf("case %d: Verify rejects AWS's signature", i)
		}
		raw, err := base64.StdEncoding.DecodeString(v.Signature)
		if err != nil {
			t.Fatalf("case %d: bad signature in vectors: %v", i, err)
		}
		bit := i % (8 * len(raw))
		raw[bit/8] ^= 1 << (bit % 8)
		if Verify(key, v.Realm, v.UserID, v.Secret, v.Timestamp, base64.StdEncoding.EncodeToString(raw)) {
			t.Errorf("case %d: Verify accepts a signature with bit %d flipped", i, bit)
		}

		instant := time.Unix(v.Unix, 0)
		if got := Timestamp(instant); got != v.Timestamp {
			t.Errorf("case %d: Timestamp(%v) = %q, want %q", i, instant.UTC(), got, v.Timestamp)
		}
		back, err := ParseTimestamp(v.Timestamp)
		if err != nil || !back.Equal(instant) {
			t.Errorf("case %d: ParseTimestamp(%q) = %v, %v; want %v", i, v.Timestamp, back, err, instant.UTC())
		}

		if v.SaltBytes != "" {
			b, err := hex.DecodeString(v.SaltBytes)
			if err != nil {
				t.Fatalf("case %d: bad saltBytes: %v", i, err)
			}
			// Cognito renders salts like Java's BigInteger.toString(16),
			// lowercase; the vectors also spell some in upper case.
			if got := SignedHex(b); got != strings.ToLower(v.Salt) {
				t.Errorf("case %d: SignedHex(%s) = %s, want %s", i, v.SaltBytes, got, strings.ToLower(v.Salt))
			}
		}
	}
}

func TestVectorsPadHex(t *testing.T) {
	vf := loadVectors(t)
	for _, v := range vf.PadHex {
		// padHex returns lowercase hex (its doc comment shows upper case,
		// but the code emits toString(16)); compare as lowercase anyway.
		if got := hex.EncodeToString(Pad(mustParseHex(t, v.Value))); got != strings.ToLower(v.Padded) {
			t.Errorf("Pad(%s) = %s, want %s", v.Value, got, v.Padded)
		}
	}
}

func TestVectorsDeviceVerifier(t *testing.T) {
	vf := loadVectors(t)
	for i, v := range vf.DeviceVerifiers {
		got, err := Verifier(v.DeviceGroupKey, v.DeviceKey, v.Password, v.Salt)
		if err != nil {
			t.Errorf("case %d: Verifier: %v", i, err)
			continue
		}
		if hex.EncodeToString(got) != strings.ToLower(v.Verifier) {
			t.Errorf("case %d: Verifier(%q, %q, %q, %s) = %x, want %s", i, v.DeviceGroupKey, v.DeviceKey, v.Password, v.Salt, got, v.Verifier)
		}
		// The base64 forms CognitoUser sends in DeviceSecretVerifierConfig.
		if b64 := base64.StdEncoding.EncodeToString(got); b64 != v.VerifierBase64 {
			t.Errorf("case %d: verifier base64 = %s, want %s", i, b64, v.VerifierBase64)
		}
		salt, err := base64.StdEncoding.DecodeString(v.SaltBase64)
		if err != nil || hex.EncodeToString(salt) != v.Salt {
			t.Errorf("case %d: saltBase64 does not decode to salt (%v)", i, err)
		}
	}
}

// A fresh DeviceSecret must be self-consistent in the form ConfirmDevice
// carries it: the verifier recomputed from the password and the salt bytes
// (hex, as AWS's client feeds getSaltDevices() to the hash) matches.
func TestVectorsDeviceSecretConsistent(t *testing.T) {
	for i := 0; i < 4; i++ {
		const dgk, dk = "-kp08BfN8X", "eu-west-1_fff8e3c9-654a-4217-aa97-c7528b168f62"
		d, err := NewDeviceSecret(dgk, dk)
		if err != nil {
			t.Fatal(err)
		}
		salt, err := base64.StdEncoding.DecodeString(d.Salt)
		if err != nil {
			t.Fatalf("Salt %q: %v", d.Salt, err)
		}
		want, err := base64.StdEncoding.DecodeString(d.PasswordVerifier)
		if err != nil {
			t.Fatalf("PasswordVerifier %q: %v", d.PasswordVerifier, err)
		}
		got, err := Verifier(dgk, dk, d.Password, hex.EncodeToString(salt))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("NewDeviceSecret: verifier does not match Verifier(password, salt)")
		}
	}
}

// Full exchange with the package's own server side: equal keys for the
// right password, different keys for a wrong one, for the realms and user
// IDs the vectors use.
func TestVectorsRoundTrip(t *testing.T) {
	vf := loadVectors(t)
	step := 40
	if testing.Short() {
		step = 140
	}
	for i := 0; i < len(vf.SRP); i += step {
		v := vf.SRP[i]
		salt, verifier, err := NewVerifier(v.Realm, v.UserID, v.Password)
		if err != nil {
			t.Fatal(err)
		}
		server, err := NewServer(verifier)
		if err != nil {
			t.Fatal(err)
		}
		client, err := NewClient()
		if err != nil {
			t.Fatal(err)
		}
		serverKey, err := server.Key(client.A())
		if err != nil {
			t.Fatal(err)
		}
		good, err := client.Key(v.Realm, v.UserID, v.Password, salt, server.B())
		if err != nil {
			t.Fatal(err)
		}
		if len(good) != 16 || !bytes.Equal(good, serverKey) {
			t.Errorf("case %d: client key %x != server key %x", i, good, serverKey)
		}
		bad, err := client.Key(v.Realm, v.UserID, v.Password+"x", salt, server.B())
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(bad, serverKey) {
			t.Errorf("case %d: wrong password gives the server's key", i)
		}
		// The claim signed with the client's key verifies with the server's.
		ts := Timestamp(time.Unix(v.Unix, 0))
		sig, err := Signature(good, v.Realm, v.UserID, v.Secret, ts)
		if err != nil {
			t.Fatal(err)
		}
		if !Verify(serverKey, v.Realm, v.UserID, v.Secret, ts, sig) {
			t.Errorf("case %d: server rejects the client's claim", i)
		}
		badSig, _ := Signature(bad, v.Realm, v.UserID, v.Secret, ts)
		if Verify(serverKey, v.Realm, v.UserID, v.Secret, ts, badSig) {
			t.Errorf("case %d: server accepts a claim made with the wrong password", i)
		}
		// Same for a device: the verifier from NewDeviceSecret authenticates
		// the device password, with the device group key as realm.
		d, err := NewDeviceSecret(v.Realm, v.UserID)
		if err != nil {
			t.Fatal(err)
		}
		dv, _ := base64.StdEncoding.DecodeString(d.PasswordVerifier)
		ds, _ := base64.StdEncoding.DecodeString(d.Salt)
		dserver, err := NewServer(dv)
		if err != nil {
			t.Fatal(err)
		}
		dServerKey, err := dserver.Key(client.A())
		if err != nil {
			t.Fatal(err)
		}
		dKey, err := client.Key(v.Realm, v.UserID, d.Password, hex.EncodeToString(ds), dserver.B())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(dKey, dServerKey) {
			t.Errorf("case %d: device client key != server key", i)
		}
	}
}
