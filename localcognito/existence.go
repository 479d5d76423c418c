package localcognito

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/big"
	"slices"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// PreventUserExistenceErrors, an app client setting: LEGACY (the API's
// default) reveals that a user does not exist; ENABLED answers as if the
// user existed ("Managing user existence error responses" in the Cognito
// developer guide):
//
//   - USER_SRP_AUTH: InitiateAuth answers a PASSWORD_VERIFIER challenge
//     with a simulated salt and SRP_B, and RespondToAuthChallenge then
//     fails with NotAuthorizedException "Incorrect username or password.",
//     as for a wrong password. The salt (and USER_ID_FOR_SRP) is the same
//     for the same pool and user name every time, across restarts with
//     Options.DataDir; SRP_B is computed from a simulated verifier with a
//     fresh secret, so it varies between attempts as a real user's does.
//   - USER_PASSWORD_AUTH and the admin password flows: "Incorrect
//     username or password.".
//   - RESET_REQUIRED users (Cognito's imported users) are answered the
//     same way instead of with PasswordResetRequiredException.
//   - ForgotPassword for an unknown or disabled user, or one without a
//     verified email or phone number, and ResendConfirmationCode for an
//     unknown or disabled user: CodeDeliveryDetails for a simulated
//     destination, chosen by the form of the user name (an email address,
//     a phone number) or else the pool's auto-verified attributes.
//   - ConfirmForgotPassword for an unknown or disabled user and
//     ConfirmSignUp for an unknown one: CodeMismatchException.
//
// Where real Cognito gives an unknown user a UUID as USER_ID_FOR_SRP in
// every pool, localcognito gives one only in pools whose user names are
// UUIDs (UsernameAttributes); elsewhere it echoes the user name, so the
// challenge looks like a real user's.

const (
	preventEnabled = "ENABLED"
	preventLegacy  = "LEGACY"
)

func checkPreventExistence(v string) *apiError {
	if v != "" && v != preventEnabled && v != preventLegacy {
		return errValidation(quote(v), "preventUserExistenceErrors", "Member must satisfy enum value set: [LEGACY, ENABLED]")
	}
	return nil
}

func preventView(c *appClient) string {
	if c.preventExistence {
		return preventEnabled
	}
	return preventLegacy
}

// hidesUser reports whether e reveals, to a client that prevents it,
// that a user does not exist or must reset its password.
func hidesUser(c *appClient, e *apiError) bool {
	return c.preventExistence && e != nil && (e.Type == "UserNotFoundException" || e.Type == "PasswordResetRequiredException")
}

// existenceMAC derives simulated values from the pool and the folded
// user name, so they stay the same for the same name.
func (s *Server) existenceMAC(purpose, poolID, name string) []byte {
	m := hmac.New(sha256.New, s.existenceKey)
	fmt.Fprintf(m, "%s\x00%s\x00%s", purpose, poolID, name)
	return m.Sum(nil)
}

// fakeSRPChallenge answers USER_SRP_AUTH for a user the client may not
// learn is missing. Its SECRET_BLOCK holds a key from a verifier nobody
// knows the password of, so the claim fails as a wrong password.
func (s *Server) fakeSRPChallenge(rc *reqCtx, c *appClient, username, srpA string, admin bool) (*initiateAuthOutput, *apiError) {
	s.store.mu.Lock()
	p := s.store.pools[c.poolID]
	var name string
	uuidNames := false
	if p != nil {
		name, uuidNames = p.fold(username), len(p.usernameAttrs) > 0
	}
	s.store.mu.Unlock()
	if p == nil {
		return nil, errPoolNotFound(c.poolID)
	}
	userID := name
	if uuidNames {
		b := s.existenceMAC("user-id", c.poolID, name)[:16]
		b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
		userID = fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	}
	if s.hiddenLocked(rc, c.poolID, userID) {
		return nil, errLockedOut()
	}
	salt := srp.SignedHex(s.existenceMAC("salt", c.poolID, name)[:16])
	key, srpB, e := s.serverExchange(s.fakeVerifier(c.poolID, name), srpA, false)
	if e != nil {
		return nil, e
	}
	block := s.issueHandle(&challengeState{kind: handleSRP, poolID: c.poolID, clientID: c.id, username: userID,
		srpKey: key, admin: admin}, rc.now)
	return passwordVerifierOutput(salt, srpB, block, userID), nil
}

// groupPrime is SRP's N.
var groupPrime, _ = new(big.Int).SetString(srp.NHex, 16)

// fakeVerifier is a number below N derived from the pool and name: to
// anyone without existenceKey, as good as a real verifier.
func (s *Server) fakeVerifier(poolID, name string) []byte {
	n := (groupPrime.BitLen() + 7) / 8
	raw, err := hkdf.Key(sha256.New, s.existenceKey, nil, string(s.existenceMAC("verifier", poolID, name)), n+16)
	if err != nil {
		panic("localcognito: hkdf: " + err.Error())
	}
	v := new(big.Int).Mod(new(big.Int).SetBytes(raw), groupPrime)
	if v.Sign() == 0 {
		v.SetInt64(2)
	}
	return v.FillBytes(make([]byte, n))
}

// fakeDelivery is CodeDeliveryDetails for a simulated destination.
func (s *Server) fakeDelivery(p *userPool, username string) *codeDeliveryDetailsType {
	switch {
	case emailFormat.MatchString(username):
		return &codeDeliveryDetailsType{Destination: mask("email", username), DeliveryMedium: "EMAIL", AttributeName: "email"}
	case phoneFormat.MatchString(username):
		return &codeDeliveryDetailsType{Destination: mask("phone_number", username), DeliveryMedium: "SMS", AttributeName: "phone_number"}
	}
	mac := s.existenceMAC("destination", p.id, p.fold(username))
	if slices.Contains(p.autoVerify, "phone_number") && !slices.Contains(p.autoVerify, "email") {
		return &codeDeliveryDetailsType{Destination: fmt.Sprintf("+*******%04d", binary.BigEndian.Uint16(mac)%10000),
			DeliveryMedium: "SMS", AttributeName: "phone_number"}
	}
	return &codeDeliveryDetailsType{Destination: fmt.Sprintf("%c***@%c***", 'a'+mac[0]%26, 'a'+mac[1]%26),
		DeliveryMedium: "EMAIL", AttributeName: "email"}
}
