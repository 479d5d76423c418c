package srp

import (
	"bytes"
	"math/big"
	mathrand "math/rand/v2"
	"testing"
	"time"
)

func TestClientRejectsBadServerValues(t *testing.T) {
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"0", N.Text(16), new(big.Int).Lsh(N, 1).Text(16), "zz", ""} {
		if _, err := c.Key("p", "u", "pw", "01", b); err == nil {
			t.Errorf("B=%.20q: want error", b)
		}
	}
	if _, err := c.Key("p", "u", "pw", "-", "02"); err == nil {
		t.Error("salt \"-\": want error")
	}
}

func TestServerRejectsBadA(t *testing.T) {
	_, v, _ := NewVerifier("p", "u", "pw")
	s, err := NewServer(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"0", N.Text(16), "-5", "xyz"} {
		if _, err := s.Key(a); err == nil {
			t.Errorf("A=%.20q: want error", a)
		}
	}
}

func TestTimestamp(t *testing.T) {
	cases := map[time.Time]string{
		time.Date(2019, 1, 1, 6, 6, 9, 0, time.UTC):                      "Tue Jan 1 06:06:09 UTC 2019",
		time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC):                   "Mon Nov 30 23:00:00 UTC 2026",
		time.Date(2026, 11, 30, 1, 0, 0, 0, time.FixedZone("X", 2*3600)): "Sun Nov 29 23:00:00 UTC 2026",
	}
	for in, want := range cases {
		if got := Timestamp(in); got != want {
			t.Errorf("Timestamp(%v) = %q, want %q", in, got, want)
		}
		back, err := ParseTimestamp(want)
		if err != nil || !back.Equal(in) {
			t.Errorf("ParseTimestamp(%q) = %v, %v", want, back, err)
		}
	}
}

func TestPadAndSignedHex(t *testing.T) {
	cases := []struct{ in, pad string }{
		{"0", "00"}, {"14", "14"}, {"ec", "00ec"}, {"-ec", "ff14"}, {"-14", "ec"},
		{"-80", "80"}, {"-81", "ff7f"}, {"-1", "ff"}, {"-8000", "8000"}, {"1ab", "01ab"},
	}
	for _, c := range cases {
		n, err := ParseHex(c.in)
		if err != nil {
			t.Fatal(err)
		}
		got := Pad(n)
		if h := bytesHex(got); h != c.pad {
			t.Errorf("Pad(%s) = %s, want %s", c.in, h, c.pad)
		}
		if c.in != "0" && SignedHex(got) != c.in {
			t.Errorf("SignedHex(Pad(%s)) = %s", c.in, SignedHex(got))
		}
	}
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestSecretHash(t *testing.T) {
	// From: printf aliceclient | openssl dgst -sha256 -hmac secret -binary | base64
	const want = "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0="
	if got := SecretHash("client", "secret", "alice"); got != want {
		t.Errorf("SecretHash = %q, want %q", got, want)
	}
}

func TestPreparedClientIsHandedOutOnce(t *testing.T) {
	if err := Prepare(); err != nil {
		t.Fatal(err)
	}
	first, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	second, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if first.A() == second.A() {
		t.Fatal("two NewClient calls after one Prepare shared a secret")
	}
	if takePrepared() != nil {
		t.Fatal("a prepared client is still held after being handed out")
	}
}

// A prepared verifier's table gives the same v^u as the plain
// exponentiation, and its servers agree with clients as NewServer's do.
func TestPreparedVerifier(t *testing.T) {
	salt, verifier, err := NewVerifier("pool", "user", "Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	p, err := PrepareVerifier(verifier)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range [][]byte{
		{1}, bytes.Repeat([]byte{0xff}, 32), hash([]byte("u")), hash([]byte("another u")),
	} {
		got, want := p.powers.exp(u).canonicalBytes(), expModN(p.v, u).canonicalBytes()
		if !bytes.Equal(got, want) {
			t.Errorf("u #%d: table gives %x…, want %x…", i, got[:8], want[:8])
		}
	}
	for range 3 {
		s, err := p.NewServer()
		if err != nil {
			t.Fatal(err)
		}
		c, err := NewClient()
		if err != nil {
			t.Fatal(err)
		}
		skey, err := s.Key(c.A())
		if err != nil {
			t.Fatal(err)
		}
		ckey, err := c.Key("pool", "user", "Passw0rd!", salt, s.B())
		if err != nil || !bytes.Equal(ckey, skey) {
			t.Fatalf("client key %x, server key %x (%v)", ckey, skey, err)
		}
		bad, _ := c.Key("pool", "user", "Passw0rd?", salt, s.B())
		if bytes.Equal(bad, skey) {
			t.Fatal("a wrong password gives the server's key")
		}
		if _, err := s.Key("0"); err == nil {
			t.Error("A=0: want error")
		}
	}
	for _, bad := range [][]byte{nil, {0, 0}, nBytes} {
		if _, err := PrepareVerifier(bad); err == nil {
			t.Errorf("PrepareVerifier(%.8x…): want error", bad)
		}
	}
}

// Timestamp writes what time's formatter writes with Cognito's layout, for
// any time in years 0–9999 and in any zone.
func TestTimestampMatchesTimeFormat(t *testing.T) {
	r := mathrand.New(mathrand.NewPCG(3, 4))
	zone := time.FixedZone("X", 5*3600+45*60)
	times := []time.Time{time.Unix(0, 0), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(7, 2, 3, 4, 5, 6, 0, time.UTC), time.Date(987, 6, 5, 4, 3, 2, 1, zone)}
	for range 2000 {
		times = append(times, time.Unix(r.Int64N(253402300799+62167219200)-62167219200, r.Int64N(1e9)).In(zone))
	}
	for _, tm := range times {
		if got, want := Timestamp(tm), tm.UTC().Format(timestampLayout); got != want {
			t.Fatalf("Timestamp(%v) = %q, want %q", tm, got, want)
		}
	}
}
