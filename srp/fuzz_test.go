package srp

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fuzz tests for everything that parses input from the network. The seed
// corpus (vector values plus hostile strings) runs in plain `go test`; run
// a fuzzer with e.g.
//
//	go test -run='^$' -fuzz=FuzzClientKey -fuzztime=20s -fuzzminimizetime=2s ./srp/
//
// (The short -fuzzminimizetime keeps the fuzzer from spending most of its
// time minimizing long interesting inputs.)

// nastyHex are strings every hex-reading entry point is seeded with.
func nastyHex() []string {
	Nx := N.Text(16)
	return []string{
		"", "-", "--1", "-0", "0", "00", "1", "-1", "+1", "0x10", "-0x10", "0X10",
		" 10", "10 ", "\t", "\n", "1\n", "1_0", "ff\x00", "é", "１", "g", "-g",
		"7f", "80", "-80", "ff", "-ff", "FF", "DeAdBeEf",
		Nx, strings.ToUpper(Nx), "-" + Nx,
		new(big.Int).Sub(N, big.NewInt(1)).Text(16),
		new(big.Int).Add(N, big.NewInt(1)).Text(16),
		new(big.Int).Lsh(N, 1).Text(16),
		new(big.Int).Lsh(N, 1000).Text(16),
		// Long inputs. Megabyte-sized ones are in TestHugeInputs: as fuzz
		// seeds they stall the fuzzer while it minimizes them.
		strings.Repeat("0", 4096) + "2",
		strings.Repeat("f", 4099),
		"-" + strings.Repeat("8", 4096),
		strings.Repeat("-", 100),
	}
}

// TestHugeInputs feeds megabyte-sized strings to every parser: each must
// answer (value or error) without panicking.
func TestHugeInputs(t *testing.T) {
	const n = 1 << 20
	huge := []string{
		strings.Repeat("f", n), "-" + strings.Repeat("8", n), strings.Repeat("0", n) + "2",
		strings.Repeat("f", n) + "g", strings.Repeat("-", n), strings.Repeat(" ", n),
	}
	c := fuzzClient()
	for _, s := range huge {
		x, err := ParseHex(s)
		if hexRE.MatchString(s) {
			want, _ := new(big.Int).SetString(strings.TrimPrefix(s, "-"), 16)
			if strings.HasPrefix(s, "-") {
				want.Neg(want)
			}
			if err != nil || x.Cmp(want) != 0 {
				t.Errorf("ParseHex(%.10q…) is wrong: %v", s, err)
			}
		} else if err == nil {
			t.Errorf("ParseHex(%.10q…) accepted", s)
		}
		if key, err := c.Key("p", "u", "pw", s, "2"); err == nil && len(key) != 16 {
			t.Errorf("Key(salt=%.10q…) = %d bytes", s, len(key))
		}
		if key, err := c.Key("p", "u", "pw", "-1", s); err == nil && len(key) != 16 {
			t.Errorf("Key(B=%.10q…) = %d bytes", s, len(key))
		}
		if key, err := fuzzServer().Key(s); err == nil && len(key) != 16 {
			t.Errorf("Server.Key(%.10q…) = %d bytes", s, len(key))
		}
		if _, err := ParseTimestamp(s); err == nil {
			t.Errorf("ParseTimestamp(%.10q…) accepted", s)
		}
		_, decErr := base64.StdEncoding.DecodeString(s)
		if _, err := Signature(make([]byte, 16), "p", "u", s, "t"); (err == nil) != (decErr == nil) {
			t.Errorf("Signature(secret block %.10q…): error %v, base64 error %v", s, err, decErr)
		}
	}
	// A megabyte secret block that is valid base64 is signed normally.
	block := base64.StdEncoding.EncodeToString(make([]byte, n))
	if sig, err := Signature(make([]byte, 16), "p", "u", block, "t"); err != nil || !Verify(make([]byte, 16), "p", "u", block, "t", sig) {
		t.Errorf("Signature over a 1 MiB block: %v", err)
	}
}

var hexRE = regexp.MustCompile(`^-?[0-9a-fA-F]+$`)

func FuzzParseHex(f *testing.F) {
	for _, s := range nastyHex() {
		f.Add(s)
	}
	for _, v := range loadVectors(f).PadHex {
		f.Add(v.Value)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseHex(s)
		// The documented grammar: optional '-', then one or more hex digits.
		if !hexRE.MatchString(s) {
			if err == nil {
				t.Fatalf("ParseHex(%q) = %v, want an error", s, n)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseHex(%q): %v", s, err)
		}
		want, ok := new(big.Int).SetString(strings.TrimPrefix(s, "-"), 16)
		if !ok {
			t.Fatalf("big.Int rejects %q", s)
		}
		if strings.HasPrefix(s, "-") {
			want.Neg(want)
		}
		if n.Cmp(want) != 0 {
			t.Fatalf("ParseHex(%q) = %v, want %v", s, n, want)
		}

		// Pad is the minimal two's-complement encoding and SignedHex reads
		// it back.
		p := Pad(n)
		if !bytes.Equal(p, refPad(n)) {
			t.Fatalf("Pad(%v) = %x, math/big padded it as %x", n, p, refPad(n))
		}
		if len(p) == 0 {
			t.Fatalf("Pad(%v) is empty", n)
		}
		if len(p) > 1 && (p[0] == 0 && p[1]&0x80 == 0 || p[0] == 0xff && p[1]&0x80 != 0) {
			t.Fatalf("Pad(%v) = %x is not minimal", n, p)
		}
		back := new(big.Int).SetBytes(p)
		if p[0]&0x80 != 0 {
			back.Sub(back, new(big.Int).Lsh(big.NewInt(1), uint(8*len(p))))
		}
		if back.Cmp(n) != 0 {
			t.Fatalf("Pad(%v) = %x reads back as %v", n, p, back)
		}
		if got := SignedHex(p); got != n.Text(16) {
			t.Fatalf("SignedHex(Pad(%v)) = %s, want %s", n, got, n.Text(16))
		}
		if again, err := ParseHex(n.Text(16)); err != nil || again.Cmp(n) != 0 {
			t.Fatalf("ParseHex(%s) = %v, %v", n.Text(16), again, err)
		}
	})
}

func FuzzParseTimestamp(f *testing.F) {
	for _, v := range loadVectors(f).SRP[:20] {
		f.Add(v.Timestamp)
	}
	for _, s := range []string{
		"", "-", "0", "Tue Jan 1 06:06:09 UTC 2019", "Tue Jan 01 06:06:09 UTC 2019",
		"Mon Jan 1 06:06:09 UTC 2019", "Tue Jan 1 6:6:9 UTC 2019", "Tue Jan 1 06:06:09 GMT 2019",
		"Tue Jan 1 06:06:09 UTC 19", "Tue Jan 1 06:06:09 UTC 20190", "Tue Jan 32 06:06:09 UTC 2019",
		"Thu Feb 29 00:00:00 UTC 2024", "Fri Feb 29 00:00:00 UTC 2023", "Tue Jan 1 24:00:00 UTC 2019",
		"Tue Jan 1 23:59:60 UTC 2019", " Tue Jan 1 06:06:09 UTC 2019", "Tue Jan 1 06:06:09 UTC 2019 ",
		"Tue  Jan 1 06:06:09 UTC 2019", "Tue Jan  1 06:06:09 UTC 2019", "tue jan 1 06:06:09 utc 2019",
		"Tuesday January 1 06:06:09 UTC 2019", "2019-01-01T06:06:09Z", "Tue Jan 1 06:06:09.5 UTC 2019",
		"Tue Jan -1 06:06:09 UTC 2019", "Tue Jan 1 06:06:09 UTC -2019", strings.Repeat("Tue ", 10000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTimestamp(s)
		if err != nil {
			return
		}
		if tm.Location() != time.UTC {
			t.Fatalf("ParseTimestamp(%q) = %v, not in UTC", s, tm)
		}
		// Whatever was accepted has a canonical form that round-trips.
		// ParseTimestamp inherits time.Parse's leniency: it also accepts
		// non-canonical spellings (a weekday that does not match the date,
		// "Jan 01", "Jan  1", fractional seconds "06:06:09.5"), so s itself
		// need not equal Timestamp(tm), and the fraction is dropped here.
		tm = tm.Truncate(time.Second)
		canon := Timestamp(tm)
		again, err := ParseTimestamp(canon)
		if err != nil || !again.Equal(tm) {
			t.Fatalf("ParseTimestamp(%q) = %v; its Timestamp %q reads back as %v, %v", s, tm, canon, again, err)
		}
		if Timestamp(again) != canon {
			t.Fatalf("Timestamp is not stable for %q", canon)
		}
	})
}

// fuzzClient is a Client with a fixed 256-bit a, shared by fuzz workers.
var fuzzClient = sync.OnceValue(func() *Client {
	a, _ := new(big.Int).SetString("33bb984a3f1f56ae6180b405af232d2d6f7b601205250c82e45d39db71c4d576", 16)
	c, err := newClient(a.Bytes())
	if err != nil {
		panic(err)
	}
	return c
})

func FuzzClientKey(f *testing.F) {
	for _, v := range loadVectors(f).SRP[:12] {
		f.Add(v.Salt, v.B, v.Password)
	}
	nasty := nastyHex()
	for i, s := range nasty {
		f.Add(s, "2", "pw")
		f.Add("-16e462a84f2df159eee0c14642974ee7", s, "pw:"+s)
		f.Add(s, nasty[(i+7)%len(nasty)], "")
	}
	f.Fuzz(func(t *testing.T, saltHex, bHex, password string) {
		c := fuzzClient()
		key, err := c.Key("AbCdEf123", "user:ü", password, saltHex, bHex)
		if err != nil {
			if key != nil {
				t.Fatalf("Key returned both a key and an error: %v", err)
			}
			// An error is only allowed for input that is unusable.
			_, serr := ParseHex(saltHex)
			B, berr := ParseHex(bHex)
			if serr == nil && berr == nil && new(big.Int).Mod(B, N).Sign() != 0 {
				// u == 0 is the only other reason, with probability 2^-256.
				u := hashInt(Pad(intOf(c.bigA)), Pad(B))
				if u.Sign() != 0 {
					t.Fatalf("Key(salt=%.40q, B=%.40q) rejected usable input: %v", saltHex, bHex, err)
				}
			}
			return
		}
		if len(key) != 16 {
			t.Fatalf("Key(salt=%.40q, B=%.40q) = %d bytes, want 16", saltHex, bHex, len(key))
		}
		// A key means both values were valid hex and B was usable.
		if _, err := ParseHex(saltHex); err != nil {
			t.Fatalf("Key accepted salt %.40q that ParseHex rejects: %v", saltHex, err)
		}
		B, err := ParseHex(bHex)
		if err != nil {
			t.Fatalf("Key accepted B %.40q that ParseHex rejects: %v", bHex, err)
		}
		if new(big.Int).Mod(B, N).Sign() == 0 {
			t.Fatalf("Key accepted B = %.40q ≡ 0 mod N", bHex)
		}
	})
}

// fuzzServer is a Server for a fixed verifier (its b is random, which is
// fine: the properties checked do not depend on it).
var fuzzServer = sync.OnceValue(func() *Server {
	v, err := Verifier("AbCdEf123", "alice", "Passw0rd!", "-16e462a84f2df159eee0c14642974ee7")
	if err != nil {
		panic(err)
	}
	s, err := NewServer(v)
	if err != nil {
		panic(err)
	}
	return s
})

func FuzzServerKey(f *testing.F) {
	for _, v := range loadVectors(f).SRP[:12] {
		f.Add(v.A)
	}
	for _, s := range nastyHex() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, aHex string) {
		s := fuzzServer()
		key, err := s.Key(aHex)
		A, perr := ParseHex(aHex)
		if err != nil {
			if key != nil {
				t.Fatalf("Key returned both a key and an error: %v", err)
			}
			// Rejecting is right for bad hex, A ≡ 0 mod N, negative A
			// and (with probability 2^-256) u == 0; nothing else.
			if perr == nil && A.Sign() > 0 && new(big.Int).Mod(A, N).Sign() != 0 &&
				hashInt(Pad(A), Pad(intOf(s.bigB))).Sign() != 0 {
				t.Fatalf("Server.Key(%.40q) rejected usable A: %v", aHex, err)
			}
			return
		}
		if len(key) != 16 {
			t.Fatalf("Server.Key(%.40q) = %d bytes, want 16", aHex, len(key))
		}
		if perr != nil {
			t.Fatalf("Server.Key accepted A %.40q that ParseHex rejects: %v", aHex, perr)
		}
		if A.Sign() <= 0 || new(big.Int).Mod(A, N).Sign() == 0 {
			t.Fatalf("Server.Key accepted A = %.40q", aHex)
		}
	})
}

func FuzzSignature(f *testing.F) {
	vf := loadVectors(f)
	for _, v := range vf.SRP[:12] {
		f.Add(v.Secret, v.Timestamp, v.Signature)
	}
	for _, s := range []string{
		"", "=", "==", "A", "AA", "AA=", "AA==", "AAA=", "AAAA", "c2VjcmV0", "c2VjcmV0\n", "c2Vj\ncmV0",
		"c2Vj cmV0", "c2VjcmV0=", "-_-_", "+/+/", "////", "YQ", "YQ=", "YQ===", "\x00", "é",
		strings.Repeat("A", 1<<16), strings.Repeat("=", 64),
	} {
		f.Add(s, "Tue Jan 1 06:06:09 UTC 2019", s)
	}
	key, err := hex.DecodeString(vf.SRP[0].Key)
	if err != nil {
		f.Fatal(err)
	}
	realm, user := vf.SRP[0].Realm, vf.SRP[0].UserID
	f.Fuzz(func(t *testing.T, secretBlock, timestamp, signature string) {
		block, decErr := base64.StdEncoding.DecodeString(secretBlock)
		sig, err := Signature(key, realm, user, secretBlock, timestamp)
		if err != nil {
			if decErr == nil {
				t.Fatalf("Signature rejects base64 %.40q: %v", secretBlock, err)
			}
			if Verify(key, realm, user, secretBlock, timestamp, signature) {
				t.Fatalf("Verify accepts a claim over invalid base64 %.40q", secretBlock)
			}
			return
		}
		if decErr != nil {
			t.Fatalf("Signature accepts invalid base64 %.40q", secretBlock)
		}
		// Independent oracle: HMAC-SHA256(key, realm | user | block | timestamp).
		m := hmac.New(sha256.New, key)
		m.Write([]byte(realm + user))
		m.Write(block)
		m.Write([]byte(timestamp))
		want := m.Sum(nil)
		if sig != base64.StdEncoding.EncodeToString(want) {
			t.Fatalf("Signature(%.40q, %q) = %s, want %s", secretBlock, timestamp, sig, base64.StdEncoding.EncodeToString(want))
		}
		if !Verify(key, realm, user, secretBlock, timestamp, sig) {
			t.Fatalf("Verify rejects its own signature")
		}
		if Verify(key, realm+"x", user, secretBlock, timestamp, sig) || Verify(key, realm, user, secretBlock, timestamp+" ", sig) {
			t.Fatalf("Verify accepts a signature for different inputs")
		}
		// An arbitrary signature string verifies exactly when it decodes
		// to the right MAC.
		got, gerr := base64.StdEncoding.DecodeString(signature)
		expect := gerr == nil && bytes.Equal(got, want)
		if Verify(key, realm, user, secretBlock, timestamp, signature) != expect {
			t.Fatalf("Verify(signature=%.60q) = %v, want %v", signature, !expect, expect)
		}
	})
}
