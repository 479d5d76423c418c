package localcognito

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// The SigV4-authenticated pool, client and user administration operations.

type passwordPolicyInput struct {
	MinimumLength                 *int  `json:"MinimumLength"`
	RequireUppercase              *bool `json:"RequireUppercase"`
	RequireLowercase              *bool `json:"RequireLowercase"`
	RequireNumbers                *bool `json:"RequireNumbers"`
	RequireSymbols                *bool `json:"RequireSymbols"`
	TemporaryPasswordValidityDays *int  `json:"TemporaryPasswordValidityDays"`
}

// policy resolves an input policy: fields left out are off, except the
// length and validity, which take Cognito's defaults.
func (in *passwordPolicyInput) policy() (passwordPolicy, *apiError) {
	if in == nil {
		return defaultPasswordPolicy(), nil
	}
	p := passwordPolicy{MinimumLength: 8, TemporaryPasswordValidityDays: 7}
	if in.MinimumLength != nil {
		if *in.MinimumLength < 6 || *in.MinimumLength > 99 {
			return p, errValidation(fmt.Sprint(*in.MinimumLength), "policies.passwordPolicy.minimumLength", "Member must have value between 6 and 99")
		}
		p.MinimumLength = *in.MinimumLength
	}
	if in.TemporaryPasswordValidityDays != nil {
		if *in.TemporaryPasswordValidityDays < 0 || *in.TemporaryPasswordValidityDays > 365 {
			return p, errValidation(fmt.Sprint(*in.TemporaryPasswordValidityDays), "policies.passwordPolicy.temporaryPasswordValidityDays", "Member must have value between 0 and 365")
		}
		p.TemporaryPasswordValidityDays = *in.TemporaryPasswordValidityDays
	}
	p.RequireUppercase = in.RequireUppercase != nil && *in.RequireUppercase
	p.RequireLowercase = in.RequireLowercase != nil && *in.RequireLowercase
	p.RequireNumbers = in.RequireNumbers != nil && *in.RequireNumbers
	p.RequireSymbols = in.RequireSymbols != nil && *in.RequireSymbols
	return p, nil
}

type createUserPoolInput struct {
	UserPoolID string `json:"UserPoolId"` // UpdateUserPool only
	PoolName   string `json:"PoolName"`
	Policies   *struct {
		PasswordPolicy *passwordPolicyInput `json:"PasswordPolicy"`
		SignInPolicy   *signInPolicyInput   `json:"SignInPolicy"`
	} `json:"Policies"`
	LambdaConfig *lambdaConfigInput `json:"LambdaConfig"`

	MfaConfiguration       string        `json:"MfaConfiguration"`
	DeviceConfiguration    *deviceConfig `json:"DeviceConfiguration"`
	AutoVerifiedAttributes []string      `json:"AutoVerifiedAttributes"`
	// CreateUserPool only: UpdateUserPool cannot change them.
	usernameSettings
	Schema []schemaAttrInput `json:"Schema"`
}

// settings validates the configurable parts of a pool.
func (in *createUserPoolInput) settings() (passwordPolicy, *apiError) {
	var pin *passwordPolicyInput
	if in.Policies != nil {
		pin = in.Policies.PasswordPolicy
	}
	policy, e := pin.policy()
	if e != nil {
		return policy, e
	}
	if e := checkMfaMode(in.MfaConfiguration); e != nil {
		return policy, e
	}
	for i, a := range in.AutoVerifiedAttributes {
		if a != "email" && a != "phone_number" {
			return policy, errValidation(quote(a), fmt.Sprintf("autoVerifiedAttributes.%d.member", i+1), "Member must satisfy enum value set: [phone_number, email]")
		}
	}
	if e := in.checkTriggers(); e != nil {
		return policy, e
	}
	return policy, nil
}

// apply sets a pool's configurable parts; what the input leaves out takes
// its default, as UpdateUserPool does in Cognito.
func (in *createUserPoolInput) apply(p *userPool, policy passwordPolicy) {
	p.policy = policy
	p.autoVerify = slices.Clone(in.AutoVerifiedAttributes)
	p.devices = in.DeviceConfiguration
	p.mfa.setMode(in.MfaConfiguration)
	in.applyTriggers(p)
}

func (s *Server) createUserPool(rc *reqCtx, in *createUserPoolInput) (any, *apiError) {
	if e := checkName("poolName", in.PoolName); e != nil {
		return nil, e
	}
	policy, e := in.settings()
	if e != nil {
		return nil, e
	}
	if e := in.usernameSettings.check(); e != nil {
		return nil, e
	}
	required, e := requiredFromSchema(in.Schema)
	if e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p := s.addPoolLocked(newPoolID(s.opts.Region), in.PoolName, policy, rc.now)
	in.apply(p, policy)
	in.usernameSettings.apply(p)
	p.required = required
	rc.pool = p.id
	return &userPoolOutput{UserPool: s.poolView(p)}, nil
}

// addPoolLocked creates a pool; s.store.mu is held.
func (s *Server) addPoolLocked(id, name string, policy passwordPolicy, now time.Time) *userPool {
	p := &userPool{id: id, name: name, policy: policy, mfa: poolMFA{mode: "OFF"}, created: now, modified: now, users: map[string]*user{}}
	s.store.pools[id] = p
	s.store.touchPool(id)
	return p
}

// poolView is UserPoolType with the members a fresh pool has.
func (s *Server) poolView(p *userPool) *userPoolType {
	return &userPoolType{
		AdminCreateUserConfig:  adminCreateUserConfigType{UnusedAccountValidityDays: p.policy.TemporaryPasswordValidityDays},
		AliasAttributes:        p.aliasAttrs,
		Arn:                    fmt.Sprintf("arn:aws:cognito-idp:%s:000000000000:userpool/%s", s.opts.Region, p.id),
		AutoVerifiedAttributes: p.autoVerify,
		CreationDate:           epoch(p.created),
		DeletionProtection:     "INACTIVE",
		DeviceConfiguration:    p.devices,
		EstimatedNumberOfUsers: len(p.users),
		ID:                     p.id,
		LambdaConfig:           lambdaView(p),
		LastModifiedDate:       epoch(p.modified),
		MfaConfiguration:       p.mfa.mode,
		Name:                   p.name,
		Policies:               userPoolPolicyType{PasswordPolicy: p.policy, SignInPolicy: signInPolicyView(p)},
		SchemaAttributes:       schemaView(p),
		UsernameAttributes:     p.usernameAttrs,
		UsernameConfiguration:  usernameConfigurationType{CaseSensitive: !p.caseInsensitive},
	}
}

type poolRef struct {
	UserPoolID string `json:"UserPoolId"`
}

// describeUserPool reads the pool without marking it changed, unlike
// withPool.
func (s *Server) describeUserPool(rc *reqCtx, in *poolRef) (any, *apiError) {
	rc.pool = in.UserPoolID
	if e := checkPoolID("userPoolId", in.UserPoolID); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	return &userPoolOutput{UserPool: s.poolView(p)}, nil
}

type createClientInput struct {
	UserPoolID           string         `json:"UserPoolId"`
	ClientID             string         `json:"ClientId"` // UpdateUserPoolClient only
	ClientName           string         `json:"ClientName"`
	GenerateSecret       bool           `json:"GenerateSecret"`
	ExplicitAuthFlows    []string       `json:"ExplicitAuthFlows"`
	RefreshTokenRotation *rotationInput `json:"RefreshTokenRotation"`
	// PreventUserExistenceErrors: LEGACY (the default) or ENABLED.
	PreventUserExistenceErrors string `json:"PreventUserExistenceErrors"`
}

type rotationInput struct {
	Feature                 string `json:"Feature"`
	RetryGracePeriodSeconds int    `json:"RetryGracePeriodSeconds"`
}

// rotation validates RefreshTokenRotation; nil means disabled.
func (in *rotationInput) rotation() (*rotationConfig, *apiError) {
	if in == nil {
		return nil, nil
	}
	switch in.Feature {
	case "DISABLED":
		return nil, nil
	case "ENABLED":
	default:
		return nil, errValidation(quote(in.Feature), "refreshTokenRotation.feature", "Member must satisfy enum value set: [ENABLED, DISABLED]")
	}
	if in.RetryGracePeriodSeconds < 0 || in.RetryGracePeriodSeconds > 60 {
		return nil, errValidation(itoa(in.RetryGracePeriodSeconds), "refreshTokenRotation.retryGracePeriodSeconds", "Member must have value between 0 and 60")
	}
	return &rotationConfig{graceSeconds: in.RetryGracePeriodSeconds}, nil
}

func (s *Server) createUserPoolClient(rc *reqCtx, in *createClientInput) (any, *apiError) {
	rc.pool = in.UserPoolID
	if e := checkPoolID("userPoolId", in.UserPoolID); e != nil {
		return nil, e
	}
	if e := checkName("clientName", in.ClientName); e != nil {
		return nil, e
	}
	rotation, e := in.RefreshTokenRotation.rotation()
	if e != nil {
		return nil, e
	}
	flows, e := normalizeAuthFlows(in.ExplicitAuthFlows, rotation != nil)
	if e != nil {
		return nil, e
	}
	if e := checkPreventExistence(in.PreventUserExistenceErrors); e != nil {
		return nil, e
	}
	secret := ""
	if in.GenerateSecret {
		secret = newClientSecret()
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if _, e := s.store.poolLocked(in.UserPoolID); e != nil {
		return nil, e
	}
	c := s.addClientLocked(in.UserPoolID, newClientID(), in.ClientName, secret, flows, rc.now)
	c.rotation = rotation
	c.preventExistence = in.PreventUserExistenceErrors == preventEnabled
	rc.client = c.id
	return &userPoolClientOutput{UserPoolClient: clientView(c)}, nil
}

func (s *Server) addClientLocked(poolID, id, name, secret string, flows []string, now time.Time) *appClient {
	c := &appClient{id: id, poolID: poolID, name: name, secret: secret, authFlows: flows, created: now, modified: now}
	s.store.clients[id] = c
	s.store.touchClient(id)
	return c
}

// clientView is UserPoolClientType with the defaults Cognito reports.
func clientView(c *appClient) *userPoolClientType {
	v := &userPoolClientType{
		AuthSessionValidity:        3,
		ClientID:                   c.id,
		ClientName:                 c.name,
		ClientSecret:               c.secret,
		CreationDate:               epoch(c.created),
		EnableTokenRevocation:      true,
		ExplicitAuthFlows:          c.authFlows,
		LastModifiedDate:           epoch(c.modified),
		PreventUserExistenceErrors: preventView(c),
		RefreshTokenValidity:       30,
		UserPoolID:                 c.poolID,
	}
	if c.rotation != nil {
		v.RefreshTokenRotation = &refreshTokenRotationType{Feature: "ENABLED", RetryGracePeriodSeconds: c.rotation.graceSeconds}
	}
	return v
}

type clientRef struct {
	UserPoolID string `json:"UserPoolId"`
	ClientID   string `json:"ClientId"`
}

// describeUserPoolClient reads the client without marking it changed,
// unlike withClient.
func (s *Server) describeUserPoolClient(rc *reqCtx, in *clientRef) (any, *apiError) {
	rc.pool, rc.client = in.UserPoolID, in.ClientID
	if e := checkPoolID("userPoolId", in.UserPoolID); e != nil {
		return nil, e
	}
	if e := checkClientID("clientId", in.ClientID); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if _, e := s.store.poolLocked(in.UserPoolID); e != nil {
		return nil, e
	}
	c, e := s.store.clientLocked(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	return &userPoolClientOutput{UserPoolClient: clientView(c)}, nil
}

type adminCreateUserInput struct {
	UserPoolID        string      `json:"UserPoolId"`
	Username          string      `json:"Username"`
	UserAttributes    []attribute `json:"UserAttributes"`
	TemporaryPassword *string     `json:"TemporaryPassword"`
	MessageAction     string      `json:"MessageAction"`
	// ForceAliasCreation takes a verified alias over from its holder.
	ForceAliasCreation bool `json:"ForceAliasCreation"`
}

func (s *Server) adminCreateUser(rc *reqCtx, in *adminCreateUserInput) (any, *apiError) {
	rc.pool = in.UserPoolID
	if e := checkPoolID("userPoolId", in.UserPoolID); e != nil {
		return nil, e
	}
	if e := checkUsername("username", in.Username); e != nil {
		return nil, e
	}
	if in.MessageAction != "" && in.MessageAction != "SUPPRESS" && in.MessageAction != "RESEND" {
		return nil, errValidation(quote(in.MessageAction), "messageAction", "Member must satisfy enum value set: [RESEND, SUPPRESS]")
	}
	if e := checkAttributes(in.UserAttributes); e != nil {
		return nil, e
	}
	if in.MessageAction != "RESEND" {
		if _, e := s.preSignUp(rc, in.UserPoolID, "", in.Username, "PreSignUp_AdminCreateUser", in.UserAttributes); e != nil {
			return nil, e
		}
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	existing := s.store.lookupLocked(p, in.Username)
	if in.MessageAction == "RESEND" {
		// Nothing is ever delivered here; resending changes nothing.
		if existing == nil {
			return nil, errUserNotFound()
		}
		s.sendInvitation(rc, p, existing)
		return &adminCreateUserOutput{User: userView(existing)}, nil
	}
	name, attrs, e := p.newUserName(in.Username, in.UserAttributes)
	if e != nil {
		return nil, e
	}
	if p.users[name] != nil {
		return nil, newError(http.StatusBadRequest, "UsernameExistsException", msgUserExists)
	}
	pw := generatePassword(p.policy)
	if in.TemporaryPassword != nil {
		pw = *in.TemporaryPassword
		if e := checkPassword("temporaryPassword", pw, p.policy); e != nil {
			return nil, e
		}
	}
	if e := s.store.claimAliasesLocked(p, nil, attrs, true, in.ForceAliasCreation); e != nil {
		return nil, e
	}
	u, err := s.addUserLocked(p, name, pw, attrs, "FORCE_CHANGE_PASSWORD", rc.now)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	if in.MessageAction != "SUPPRESS" {
		s.sendInvitation(rc, p, u)
	}
	return &adminCreateUserOutput{User: userView(u)}, nil
}

// sendInvitation records the welcome message to the user's email, or
// else phone. The temporary password is never stored, so the message
// only says one was set.
func (s *Server) sendInvitation(rc *reqCtx, p *userPool, u *user) {
	for _, attr := range []string{"email", "phone_number"} {
		if hasAttr(u, attr) {
			s.send(rc, p.id, u, attr, kindAdminCreateUser, "", "Your username is "+u.username+" and a temporary password has been set.")
			return
		}
	}
}

// addUserLocked creates a user holding only the SRP salt and verifier of
// the password. username is the user name to store (see newUserName); in
// pools with UsernameAttributes it is a UUID, and sub is the same UUID.
// s.store.mu is held, or p is not yet in the store.
func (s *Server) addUserLocked(p *userPool, username, password string, attrs []attribute, status string, now time.Time) (*user, error) {
	salt, verifier, err := srp.NewVerifier(p.srpRealm(), username, password)
	if err != nil {
		return nil, fmt.Errorf("computing SRP verifier: %w", err)
	}
	u := &user{username: username, sub: newUUID(), status: status, enabled: true,
		created: now, modified: now, salt: salt, verifier: verifier}
	if len(p.usernameAttrs) > 0 {
		u.sub = username
	}
	for _, a := range attrs {
		u.setAttr(a.Name, a.Value)
	}
	p.users[username] = u
	s.store.touchUser(p.id, username)
	return u, nil
}

// setPassword replaces the verifier; the plaintext goes no further.
func setPassword(p *userPool, u *user, password, status string, now time.Time) error {
	salt, verifier, err := srp.NewVerifier(p.srpRealm(), u.username, password)
	if err != nil {
		return fmt.Errorf("computing SRP verifier: %w", err)
	}
	u.salt, u.verifier, u.status, u.modified = salt, verifier, status, now
	return nil
}

// userView is UserType as AdminCreateUser and ListUsers report it.
func userView(u *user) userType {
	return userType{Attributes: u.allAttrs(), Enabled: u.enabled, UserCreateDate: epoch(u.created),
		UserLastModifiedDate: epoch(u.modified), UserStatus: u.status, Username: u.username}
}

type userRef struct {
	UserPoolID string `json:"UserPoolId"`
	Username   string `json:"Username"`
}

type adminSetUserPasswordInput struct {
	userRef
	Password  string `json:"Password"`
	Permanent bool   `json:"Permanent"`
}

func (s *Server) adminSetUserPassword(rc *reqCtx, in *adminSetUserPasswordInput) (any, *apiError) {
	if in.Password == "" {
		rc.pool = in.UserPoolID
		return nil, errRequired("password")
	}
	return s.withUser(rc, in.userRef, func(p *userPool, u *user) (any, *apiError) {
		if e := checkPassword("password", in.Password, p.policy); e != nil {
			return nil, e
		}
		status := "FORCE_CHANGE_PASSWORD"
		if in.Permanent {
			status = "CONFIRMED"
		}
		if err := setPassword(p, u, in.Password, status, rc.now); err != nil {
			return nil, errInternal().withReason(err.Error())
		}
		return struct{}{}, nil
	})
}

// adminGetUser runs under onUser, with the store locked, as
// adminDeleteUser does.
func (s *Server) adminGetUser(_ *reqCtx, _ *userRef, _ *userPool, u *user) (any, *apiError) {
	mfa := mfaView(u)
	return &adminGetUserOutput{Enabled: u.enabled, MFAOptions: mfa.options, PreferredMfaSetting: mfa.preferred,
		UserAttributes: u.allAttrs(), UserCreateDate: epoch(u.created), UserLastModifiedDate: epoch(u.modified),
		UserMFASettingList: mfa.settings, UserStatus: u.status, Username: u.username}, nil
}

func (s *Server) adminDeleteUser(_ *reqCtx, _ *userRef, p *userPool, u *user) (any, *apiError) {
	delete(p.users, u.username)
	s.store.dropUserLocked(p.id, u.username)
	return struct{}{}, nil
}

// Explicit auth flow names. The legacy names predate the ALLOW_ ones and
// cannot be mixed with them.
var (
	allowFlows  = []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"}
	legacyFlows = []string{"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}
	// defaultFlows is what a client created without ExplicitAuthFlows gets.
	defaultFlows = []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"}
)

// normalizeAuthFlows validates ExplicitAuthFlows. Refresh token rotation
// replaces REFRESH_TOKEN_AUTH, so such clients may leave it out.
func normalizeAuthFlows(flows []string, rotation bool) ([]string, *apiError) {
	if len(flows) == 0 {
		return slices.Clone(defaultFlows), nil
	}
	var allow, legacy int
	for i, f := range flows {
		switch {
		case slices.Contains(allowFlows, f):
			allow++
		case slices.Contains(legacyFlows, f):
			legacy++
		default:
			return nil, errValidation(quote(f), fmt.Sprintf("explicitAuthFlows.%d.member", i+1),
				"Member must satisfy enum value set: ["+strings.Join(append(slices.Clone(legacyFlows), allowFlows...), ", ")+"]")
		}
	}
	if allow > 0 && legacy > 0 {
		return nil, errInvalidParameter("ExplicitAuthFlows cannot mix ALLOW_ values with the legacy values %s.", strings.Join(legacyFlows, ", "))
	}
	if allow > 0 && !rotation && !slices.Contains(flows, "ALLOW_REFRESH_TOKEN_AUTH") {
		return nil, errInvalidParameter("REFRESH_TOKEN_AUTH should always be allowed.")
	}
	return slices.Compact(slices.Clone(flows)), nil
}

// allowsSRP reports whether a client may use USER_SRP_AUTH: named with
// ALLOW_ values, or, with legacy values, unless CUSTOM_AUTH_FLOW_ONLY.
func (c *appClient) allowsSRP() bool {
	if slices.Contains(c.authFlows, "ALLOW_USER_SRP_AUTH") {
		return true
	}
	for _, f := range c.authFlows {
		if strings.HasPrefix(f, "ALLOW_") || f == "CUSTOM_AUTH_FLOW_ONLY" {
			return false
		}
	}
	return true
}

// allows reports whether the client may use an auth flow. Legacy flow
// lists always allow SRP (unless CUSTOM_AUTH_FLOW_ONLY) and refresh.
func (c *appClient) allows(flow string) bool {
	legacy := !slices.ContainsFunc(c.authFlows, func(f string) bool { return strings.HasPrefix(f, "ALLOW_") })
	switch flow {
	case "USER_SRP_AUTH":
		return c.allowsSRP()
	case "USER_PASSWORD_AUTH":
		return slices.Contains(c.authFlows, "ALLOW_USER_PASSWORD_AUTH") || slices.Contains(c.authFlows, "USER_PASSWORD_AUTH")
	case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
		return slices.Contains(c.authFlows, "ALLOW_ADMIN_USER_PASSWORD_AUTH") || slices.Contains(c.authFlows, "ADMIN_NO_SRP_AUTH")
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return c.rotation == nil && (legacy || slices.Contains(c.authFlows, "ALLOW_REFRESH_TOKEN_AUTH"))
	case "CUSTOM_AUTH":
		return legacy || slices.Contains(c.authFlows, "ALLOW_CUSTOM_AUTH")
	case "USER_AUTH":
		return slices.Contains(c.authFlows, "ALLOW_USER_AUTH")
	}
	return false
}
