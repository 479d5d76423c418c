package localcognito

import (
	"fmt"
	"slices"
	"strings"
)

// USER_AUTH, choice-based sign-in. A pool's SignInPolicy
// AllowedFirstAuthFactors (default [PASSWORD]) decides what a user may
// start with; InitiateAuth with PREFERRED_CHALLENGE goes straight to that
// challenge when the user has it, and otherwise answers SELECT_CHALLENGE
// with AvailableChallenges. RespondToAuthChallenge SELECT_CHALLENGE then
// takes ANSWER: PASSWORD (with PASSWORD), PASSWORD_SRP (with SRP_A, then
// PASSWORD_VERIFIER), EMAIL_OTP or SMS_OTP (a code to the user's email or
// phone, answered with EMAIL_OTP_CODE or SMS_OTP_CODE). WEB_AUTHN is
// accepted in the policy but never offered: localcognito has no passkeys.

var firstFactorValues = []string{"PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"}

// checkFirstFactors validates SignInPolicy.AllowedFirstAuthFactors.
func checkFirstFactors(field string, factors []string) *apiError {
	for i, f := range factors {
		if !slices.Contains(firstFactorValues, f) {
			return errValidation(quote(f), fmt.Sprintf("%s.%d.member", field, i+1),
				"Member must satisfy enum value set: ["+strings.Join(firstFactorValues, ", ")+"]")
		}
	}
	return nil
}

// signInPolicyView is SignInPolicyType as DescribeUserPool reports it.
func signInPolicyView(p *userPool) signInPolicyType {
	factors := p.firstFactors
	if len(factors) == 0 {
		factors = []string{"PASSWORD"}
	}
	return signInPolicyType{AllowedFirstAuthFactors: factors}
}

// availableChallenges lists the first factors a user can use now.
func (s *Server) availableChallenges(poolID, username string) []string {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p := s.store.pools[poolID]
	u := s.store.userLocked(poolID, username)
	if p == nil || u == nil {
		return nil
	}
	factors := p.firstFactors
	if len(factors) == 0 {
		factors = []string{"PASSWORD"}
	}
	var out []string
	for _, f := range factors {
		switch {
		case f == "PASSWORD":
			out = append(out, "PASSWORD", "PASSWORD_SRP")
		case f == "EMAIL_OTP" && hasAttr(u, "email"):
			out = append(out, "EMAIL_OTP")
		case f == "SMS_OTP" && hasAttr(u, "phone_number"):
			out = append(out, "SMS_OTP")
		}
	}
	return out
}

func (s *Server) startUserAuth(rc *reqCtx, c *appClient, params map[string]string, admin bool) (*initiateAuthOutput, *apiError) {
	if e := requireParams(params, "USERNAME"); e != nil {
		return nil, e
	}
	username := params["USERNAME"]
	if e := checkSecretHash(c, username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	u, e := s.signInUser(rc, c.poolID, username)
	if e != nil {
		return nil, e
	}
	if e := s.preAuthentication(rc, c, u.username); e != nil {
		return nil, e
	}
	st := &challengeState{poolID: c.poolID, clientID: c.id, username: u.username, deviceKey: params["DEVICE_KEY"], admin: admin}
	avail := s.availableChallenges(c.poolID, u.username)
	if pref := params["PREFERRED_CHALLENGE"]; pref != "" && slices.Contains(avail, pref) {
		return s.firstFactor(rc, c, st, pref, params)
	}
	out := s.challengeOut(rc, st, "SELECT_CHALLENGE", map[string]string{})
	out.AvailableChallenges = avail
	return out, nil
}

// answerSelectChallenge starts the first factor the user chose.
func (s *Server) answerSelectChallenge(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	if in.Session == "" {
		return nil, errMissingParameter("Session")
	}
	if e := requireParams(in.ChallengeResponses, "USERNAME", "ANSWER"); e != nil {
		return nil, e
	}
	st, id, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	answer := in.ChallengeResponses["ANSWER"]
	if !slices.Contains(s.availableChallenges(st.poolID, st.username), answer) {
		s.restoreHandle(id, st, rc.now)
		return nil, errInvalidParameter("Invalid ANSWER: choose one of AvailableChallenges.")
	}
	next := *st
	next.kind, next.next = "", ""
	return s.firstFactor(rc, c, &next, answer, in.ChallengeResponses)
}

// firstFactor runs a chosen first factor; params hold PASSWORD or SRP_A.
func (s *Server) firstFactor(rc *reqCtx, c *appClient, st *challengeState, choice string, params map[string]string) (*initiateAuthOutput, *apiError) {
	switch choice {
	case "PASSWORD":
		if e := requireParams(params, "PASSWORD"); e != nil {
			return nil, e
		}
		s.store.mu.Lock()
		p, e := s.store.poolLocked(st.poolID)
		if e == nil {
			u := s.store.userLocked(st.poolID, st.username)
			if e = checkSignIn(rc, u); e == nil {
				e = s.checkPasswordLocked(rc, p, u, params["PASSWORD"])
			}
		}
		s.store.mu.Unlock()
		if e != nil {
			return nil, e
		}
		return s.afterPassword(rc, st)
	case "PASSWORD_SRP":
		if e := requireParams(params, "SRP_A"); e != nil {
			return nil, e
		}
		u, e := s.signInUser(rc, st.poolID, st.username)
		if e != nil {
			return nil, e
		}
		key, srpB, e := s.serverExchange(u.verifier, params["SRP_A"], !c.preventExistence)
		if e != nil {
			return nil, e
		}
		next := *st
		next.kind, next.srpKey = handleSRP, key
		block := s.issueHandle(&next, rc.now)
		return passwordVerifierOutput(u.salt, srpB, block, u.username), nil
	case "EMAIL_OTP", "SMS_OTP":
		s.store.mu.Lock()
		defer s.store.mu.Unlock()
		u := s.store.userLocked(st.poolID, st.username)
		if e := checkSignIn(rc, u); e != nil {
			return nil, e
		}
		return s.mfaStepLocked(rc, st, u, choice), nil
	}
	return nil, errInvalidParameter("Invalid ANSWER: choose one of AvailableChallenges.")
}
