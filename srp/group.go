// Package srp implements the SRP-6a variant Amazon Cognito uses for
// USER_SRP_AUTH and DEVICE_SRP_AUTH: both the client's password claim and
// the server's verifier side, device verifiers, SECRET_HASH and the
// TIMESTAMP format.
//
// Names follow RFC 2945 and RFC 5054 (N, g, k, a, A, b, B, u, x, S, v).
// Where Cognito departs from the RFCs (hashing hex-padded numbers, the
// HKDF step, the claim signature) this package does what Cognito and AWS's
// own JavaScript client do, byte for byte. It uses the standard library only.
package srp

import "crypto/sha256"

// nHex is the 3072-bit MODP group of RFC 3526, section 4, which Cognito uses.
const nHex = "" +
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

// NHex is the group's prime N in hex, for servers that need it as a number.
const NHex = nHex

// N and k as bytes (nBytes, kBytes) are written out by gen_montmul.go,
// with mont.go's constants; TestGeneratedConstants (mont_test.go) checks
// them against nHex.

func hash(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}
