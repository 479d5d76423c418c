package localcognito

import (
	"net/http"
	"slices"
)

// The client-facing user life cycle: sign-up and confirmation, password
// reset and change, attributes and their verification, sign-out. The
// operations a signed-in user calls run under onTokenUser, with the store
// locked.

const msgUserClientNotFound = "Username/client id combination not found."

type signUpInput struct {
	ClientID       string      `json:"ClientId"`
	SecretHash     string      `json:"SecretHash"`
	Username       string      `json:"Username"`
	Password       string      `json:"Password"`
	UserAttributes []attribute `json:"UserAttributes"`
}

func (s *Server) signUp(rc *reqCtx, in *signUpInput) (any, *apiError) {
	c, e := s.authClient(rc, in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkUsername("username", in.Username); e != nil {
		return nil, e
	}
	if in.Password == "" {
		return nil, errRequired("password")
	}
	if e := checkAttributes(in.UserAttributes); e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, in.Username, in.SecretHash); e != nil {
		return nil, e
	}
	if e := s.checkRequiredAttributes(c.poolID, in.Username, in.UserAttributes); e != nil {
		return nil, e
	}
	auto, e := s.signUpTrigger(rc, c, in.Username, in.Password, in.UserAttributes)
	if e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(c.poolID)
	if e != nil {
		return nil, e
	}
	name, attrs, e := p.newUserName(in.Username, in.UserAttributes)
	if e != nil {
		return nil, e
	}
	if p.users[name] != nil {
		return nil, newError(http.StatusBadRequest, "UsernameExistsException", "User already exists")
	}
	if e := checkPassword("password", in.Password, p.policy); e != nil {
		return nil, e
	}
	if e := s.store.claimAliasesLocked(p, nil, attrs, true, false); e != nil {
		return nil, e
	}
	u, err := s.addUserLocked(p, name, in.Password, attrs, auto.status(), rc.now)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	out := &signUpOutput{UserSub: u.sub}
	if s.autoConfirmed(rc, u, auto) {
		out.UserConfirmed = true
	} else {
		out.CodeDeliveryDetails = s.sendSignUpCode(rc, p, u, kindSignUp)
	}
	return out, nil
}

// checkRequiredAttributes refuses a sign-up without the pool's required
// attributes, before the PreSignUp trigger runs. A user name that is an
// email or phone number in a username-attribute pool supplies it.
func (s *Server) checkRequiredAttributes(poolID, username string, attrs []attribute) *apiError {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(poolID)
	if e != nil {
		return e
	}
	if _, withName, e := p.newUserName(username, attrs); e == nil {
		attrs = withName
	}
	if missing := missingRequired(p, attrs); len(missing) > 0 {
		return errRequiredAttributes(missing)
	}
	return nil
}

// sendSignUpCode sends a confirmation code to the first auto-verified
// attribute the user has, phone before email as Cognito prefers; nil
// when the pool verifies nothing the user has.
func (s *Server) sendSignUpCode(rc *reqCtx, p *userPool, u *user, kind string) *codeDeliveryDetailsType {
	for _, attr := range []string{"phone_number", "email"} {
		if _, has := u.attr(attr); has && slices.Contains(p.autoVerify, attr) {
			code := u.newUserCode(purposeSignUp, signUpCodeTTL, rc.now)
			u.codes[purposeSignUp].attr = attr
			return s.send(rc, p.id, u, attr, kind, code, codeText(kind, code))
		}
	}
	return nil
}

// clientUserInput is the shape of the unauthenticated per-user calls.
type clientUserInput struct {
	ClientID         string `json:"ClientId"`
	SecretHash       string `json:"SecretHash"`
	Username         string `json:"Username"`
	ConfirmationCode string `json:"ConfirmationCode"`
	Password         string `json:"Password"`
	// ForceAliasCreation (ConfirmSignUp) takes a verified alias over from
	// the user who holds it.
	ForceAliasCreation bool `json:"ForceAliasCreation"`
}

func (s *Server) confirmSignUp(rc *reqCtx, in *clientUserInput) (any, *apiError) {
	return s.withClientUser(rc, in, true, func(_ *appClient, p *userPool, u *user) (any, *apiError) {
		if u == nil {
			return nil, errCodeMismatch(msgCodeMismatch).withReason("no such user; PreventUserExistenceErrors")
		}
		if u.status != "UNCONFIRMED" {
			return nil, errNotAuthorized("User cannot be confirmed. Current status is %s", u.status)
		}
		attr := ""
		code := u.codes[purposeSignUp]
		if code != nil {
			attr = code.attr
		}
		if e := u.useCode(purposeSignUp, in.ConfirmationCode, rc.now); e != nil {
			return nil, e
		}
		if attr != "" {
			next := withAttr(u.attrs, attr+"_verified", "true")
			if e := s.store.claimAliasesLocked(p, u, next, false, in.ForceAliasCreation); e != nil {
				u.codes[purposeSignUp] = code // usable again, say with ForceAliasCreation
				return nil, e
			}
		}
		confirmUser(u, attr, rc)
		s.afterPostConfirmation(rc, u.username, "PostConfirmation_ConfirmSignUp")
		return struct{}{}, nil
	})
}

// confirmUser marks a user CONFIRMED and the attribute the code went to
// as verified.
func confirmUser(u *user, attr string, rc *reqCtx) {
	u.status, u.modified = "CONFIRMED", rc.now
	if attr != "" {
		u.setAttr(attr+"_verified", "true")
	}
}

func (s *Server) resendConfirmationCode(rc *reqCtx, in *clientUserInput) (any, *apiError) {
	return s.withClientUser(rc, in, false, func(c *appClient, p *userPool, u *user) (any, *apiError) {
		if u == nil || (c.preventExistence && !u.enabled) {
			return &codeDeliveryOutput{CodeDeliveryDetails: s.fakeDelivery(p, in.Username)}, nil
		}
		if u.status != "UNCONFIRMED" {
			return nil, errInvalidParameter("User is already confirmed.")
		}
		d := s.sendSignUpCode(rc, p, u, kindResendCode)
		if d == nil {
			return nil, errInvalidParameter("Cannot resend codes. Auto verification not turned on.")
		}
		return &codeDeliveryOutput{CodeDeliveryDetails: d}, nil
	})
}

func (s *Server) forgotPassword(rc *reqCtx, in *clientUserInput) (any, *apiError) {
	if e := s.migrateForgotten(rc, in); e != nil {
		return nil, e
	}
	return s.withClientUser(rc, in, false, func(c *appClient, p *userPool, u *user) (any, *apiError) {
		switch {
		case u == nil || (c.preventExistence && !u.enabled):
			return &codeDeliveryOutput{CodeDeliveryDetails: s.fakeDelivery(p, in.Username)}, nil
		case !u.enabled:
			return nil, errNotAuthorized(msgUserDisabled)
		}
		d := s.sendResetCode(rc, p, u)
		if d == nil && c.preventExistence {
			d = s.fakeDelivery(p, in.Username)
		}
		if d == nil {
			return nil, errInvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
		}
		return &codeDeliveryOutput{CodeDeliveryDetails: d}, nil
	})
}

// sendResetCode sends a reset code to a verified phone number or email
// (Cognito's legacy recovery order); nil when there is neither.
func (s *Server) sendResetCode(rc *reqCtx, p *userPool, u *user) *codeDeliveryDetailsType {
	for _, attr := range []string{"phone_number", "email"} {
		if v, _ := u.attr(attr + "_verified"); v == "true" {
			if _, has := u.attr(attr); has {
				code := u.newUserCode(purposeForgot, forgotCodeTTL, rc.now)
				return s.send(rc, p.id, u, attr, kindForgotPassword, code, codeText(kindForgotPassword, code))
			}
		}
	}
	return nil
}

func (s *Server) confirmForgotPassword(rc *reqCtx, in *clientUserInput) (any, *apiError) {
	if in.Password == "" {
		return nil, errRequired("password")
	}
	return s.withClientUser(rc, in, true, func(c *appClient, p *userPool, u *user) (any, *apiError) {
		if u == nil || (c.preventExistence && !u.enabled) {
			return nil, errCodeMismatch(msgCodeMismatch).withReason("no such user, or disabled; PreventUserExistenceErrors")
		}
		// The policy first, so a rejected password leaves the code usable.
		if e := checkPassword("password", in.Password, p.policy); e != nil {
			return nil, e
		}
		if e := u.useCode(purposeForgot, in.ConfirmationCode, rc.now); e != nil {
			return nil, e
		}
		status := "CONFIRMED"
		if u.status == "UNCONFIRMED" {
			status = u.status
		}
		if err := setPassword(p, u, in.Password, status, rc.now); err != nil {
			return nil, errInternal().withReason(err.Error())
		}
		u.lock = lockout{}
		s.afterPostConfirmation(rc, u.username, "PostConfirmation_ConfirmForgotPassword")
		return struct{}{}, nil
	})
}

// accessTokenInput is the shape of the calls a signed-in user makes
// about themselves.
type accessTokenInput struct {
	tokenRef
	PreviousPassword string      `json:"PreviousPassword"`
	ProposedPassword string      `json:"ProposedPassword"`
	UserAttributes   []attribute `json:"UserAttributes"`
	AttributeName    string      `json:"AttributeName"`
	Code             string      `json:"Code"`
}

func (s *Server) changeUserPassword(rc *reqCtx, in *accessTokenInput, p *userPool, u *user) (any, *apiError) {
	if in.PreviousPassword == "" {
		return nil, errRequired("previousPassword")
	}
	if in.ProposedPassword == "" {
		return nil, errRequired("proposedPassword")
	}
	if e := checkPassword("proposedPassword", in.ProposedPassword, p.policy); e != nil {
		return nil, e
	}
	if e := s.checkPasswordLocked(rc, p, u, in.PreviousPassword); e != nil {
		return nil, e
	}
	if err := setPassword(p, u, in.ProposedPassword, u.status, rc.now); err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	return struct{}{}, nil
}

func (s *Server) getUser(_ *reqCtx, _ *accessTokenInput, _ *userPool, u *user) (any, *apiError) {
	mfa := mfaView(u)
	return &getUserOutput{MFAOptions: mfa.options, PreferredMfaSetting: mfa.preferred, UserAttributes: u.allAttrs(),
		UserMFASettingList: mfa.settings, Username: u.username}, nil
}

func (s *Server) deleteUser(_ *reqCtx, _ *accessTokenInput, p *userPool, u *user) (any, *apiError) {
	delete(p.users, u.username)
	s.store.dropUserLocked(p.id, u.username)
	return struct{}{}, nil
}

func (s *Server) globalSignOut(_ *reqCtx, _ *accessTokenInput, p *userPool, u *user) (any, *apiError) {
	s.store.revokeUserLocked(p.id, u.username)
	return struct{}{}, nil
}

func (s *Server) updateUserAttributes(rc *reqCtx, in *accessTokenInput, p *userPool, u *user) (any, *apiError) {
	if len(in.UserAttributes) == 0 {
		return nil, errRequired("userAttributes")
	}
	if e := checkAttributes(in.UserAttributes); e != nil {
		return nil, e
	}
	deliveries, e := s.applyAttributes(rc, p, u, in.UserAttributes)
	if e != nil {
		return nil, e
	}
	return &updateUserAttributesOutput{CodeDeliveryDetailsList: deliveries}, nil
}

// applyAttributes sets attributes; a changed email or phone number
// becomes unverified and, if the pool verifies it, gets a code. An alias
// another user holds is AliasExistsException, and then nothing changes.
func (s *Server) applyAttributes(rc *reqCtx, p *userPool, u *user, attrs []attribute) ([]*codeDeliveryDetailsType, *apiError) {
	given := map[string]bool{}
	for _, a := range attrs {
		given[a.Name] = true
	}
	next := slices.Clone(u.attrs)
	for _, a := range attrs {
		old := attrValue(next, a.Name)
		next = withAttr(next, a.Name, a.Value)
		if (a.Name == "email" || a.Name == "phone_number") && old != a.Value && !given[a.Name+"_verified"] {
			next = withAttr(next, a.Name+"_verified", "false")
		}
	}
	if e := s.store.claimAliasesLocked(p, u, next, false, false); e != nil {
		return nil, e
	}
	deliveries := []*codeDeliveryDetailsType{}
	for _, a := range attrs {
		old, had := u.attr(a.Name)
		u.setAttr(a.Name, a.Value)
		if (a.Name != "email" && a.Name != "phone_number") || (had && old == a.Value) || given[a.Name+"_verified"] {
			continue
		}
		u.setAttr(a.Name+"_verified", "false")
		if slices.Contains(p.autoVerify, a.Name) {
			code := u.newUserCode(purposeVerify+a.Name, signUpCodeTTL, rc.now)
			deliveries = append(deliveries, s.send(rc, p.id, u, a.Name, kindUpdateAttribute, code, codeText(kindUpdateAttribute, code)))
		}
	}
	u.modified = rc.now
	return deliveries, nil
}

func (s *Server) getUserAttributeVerificationCode(rc *reqCtx, in *accessTokenInput, p *userPool, u *user) (any, *apiError) {
	if e := checkVerifiable(in.AttributeName); e != nil {
		return nil, e
	}
	if _, has := u.attr(in.AttributeName); !has {
		return nil, errInvalidParameter("The user does not have a value for the attribute %s.", in.AttributeName)
	}
	code := u.newUserCode(purposeVerify+in.AttributeName, signUpCodeTTL, rc.now)
	d := s.send(rc, p.id, u, in.AttributeName, kindVerifyAttribute, code, codeText(kindVerifyAttribute, code))
	return &codeDeliveryOutput{CodeDeliveryDetails: d}, nil
}

func checkVerifiable(attr string) *apiError {
	switch attr {
	case "":
		return errRequired("attributeName")
	case "email", "phone_number":
		return nil
	}
	return errInvalidParameter("Only email and phone_number can be verified; got %s.", truncate(attr, 64))
}

func (s *Server) verifyUserAttribute(rc *reqCtx, in *accessTokenInput, p *userPool, u *user) (any, *apiError) {
	if e := checkVerifiable(in.AttributeName); e != nil {
		return nil, e
	}
	if in.Code == "" {
		return nil, errRequired("code")
	}
	code := u.codes[purposeVerify+in.AttributeName]
	if e := u.useCode(purposeVerify+in.AttributeName, in.Code, rc.now); e != nil {
		return nil, e
	}
	if e := s.store.claimAliasesLocked(p, u, withAttr(u.attrs, in.AttributeName+"_verified", "true"), false, false); e != nil {
		u.codes[purposeVerify+in.AttributeName] = code
		return nil, e
	}
	u.setAttr(in.AttributeName+"_verified", "true")
	u.modified = rc.now
	return struct{}{}, nil
}
