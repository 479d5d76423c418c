package localcognito

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Where each trigger fires, with its event shapes. The shapes follow the
// Amazon Cognito Developer Guide's trigger pages; every event carries the
// common parameters of triggerEvent.

// triggerCtx is what the triggers of one request see of it.
type triggerCtx struct {
	// clientMetadata is the request's ClientMetadata, except for
	// InitiateAuth and AdminInitiateAuth, whose ClientMetadata reaches
	// only pre authentication and user migration, as validationData.
	clientMetadata map[string]string
	validationData map[string]string
	outgoing       []pendingMessage
	tokens         *tokenOverrides
	after          []func() *apiError // see reqCtx.later
}

// readTriggerInputs picks ClientMetadata and ValidationData out of a
// request body; the operations' own decoding ignores both.
func (s *Server) readTriggerInputs(rc *reqCtx, body []byte) {
	var in struct {
		ClientMetadata map[string]string `json:"ClientMetadata"`
		ValidationData []attribute       `json:"ValidationData"`
	}
	if json.Unmarshal(body, &in) != nil {
		return
	}
	switch rc.op {
	case "InitiateAuth", "AdminInitiateAuth":
		rc.trigger.validationData = in.ClientMetadata
	default:
		rc.trigger.clientMetadata = in.ClientMetadata
		if len(in.ValidationData) > 0 {
			rc.trigger.validationData = map[string]string{}
			for _, a := range in.ValidationData {
				rc.trigger.validationData[a.Name] = a.Value
			}
		}
	}
}

// userAttributeMap is request.userAttributes for an existing user: sub,
// the attributes as strings, and cognito:user_status, as Cognito sends.
func userAttributeMap(u *user) map[string]string {
	m := map[string]string{"sub": u.sub}
	for _, a := range u.attrs {
		m[a.Name] = a.Value
	}
	m["cognito:user_status"] = u.status
	return m
}

// userAttrs snapshots a user's request.userAttributes; nil when the user
// is gone.
func (s *Server) userAttrs(poolID, username string) map[string]string {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if u := s.store.userLocked(poolID, username); u != nil {
		return userAttributeMap(u)
	}
	return nil
}

// Custom message: messages wait in the request until its handler is
// done, so the function runs with no lock held, then go to the outbox.

type pendingMessage struct {
	msg   Message
	attrs map[string]string
}

type customMessageRequest struct {
	UserAttributes    map[string]string `json:"userAttributes"`
	CodeParameter     string            `json:"codeParameter"`
	LinkParameter     string            `json:"linkParameter"`
	UsernameParameter *string           `json:"usernameParameter"`
	ClientMetadata    map[string]string `json:"clientMetadata,omitempty"`
}

type customMessageResponse struct {
	SMSMessage   *string `json:"smsMessage"`
	EmailMessage *string `json:"emailMessage"`
	EmailSubject *string `json:"emailSubject"`
}

const (
	codePlaceholder     = "{####}"
	usernamePlaceholder = "{username}"
	linkPlaceholder     = "{##Click Here##}"
	// tempPasswordHidden stands in for the temporary password of an
	// AdminCreateUser message: localcognito never keeps it.
	tempPasswordHidden = "(temporary password not recorded)"
)

// flushMessages runs once a handler is done: the CustomMessage trigger
// on the request's pending messages, which then go to the outbox, and
// the triggers the handler deferred (reqCtx.later). A trigger failure
// drops its message and fails the request.
func (s *Server) flushMessages(rc *reqCtx) *apiError {
	msgs := rc.trigger.outgoing
	rc.trigger.outgoing = nil
	for _, m := range msgs {
		if arn, _ := s.poolTrigger(m.msg.PoolID, trigCustomMessage); arn != "" {
			if e := s.customMessage(rc, arn, &m); e != nil {
				return e
			}
		}
		s.outbox.add(m.msg)
	}
	return s.runLater(rc)
}

func (s *Server) customMessage(rc *reqCtx, arn string, m *pendingMessage) *apiError {
	req := &customMessageRequest{UserAttributes: m.attrs, CodeParameter: codePlaceholder, LinkParameter: linkPlaceholder,
		ClientMetadata: rc.trigger.clientMetadata}
	admin := m.msg.Kind == kindAdminCreateUser
	if admin {
		req.UsernameParameter = ptr(usernamePlaceholder)
	}
	resp := &customMessageResponse{}
	ev := s.newEvent(m.msg.PoolID, rc.client, m.msg.Username, "CustomMessage_"+m.msg.Kind, req, resp)
	if e := s.invoke(rc, trigCustomMessage, arn, ev); e != nil {
		return e
	}
	text := resp.EmailMessage
	if m.msg.Channel == "SMS" {
		text = resp.SMSMessage
	} else if resp.EmailSubject != nil {
		m.msg.Subject = *resp.EmailSubject
	}
	if text == nil || *text == "" {
		return nil // the default message goes out
	}
	code := m.msg.Code
	if admin {
		code = tempPasswordHidden
	}
	r := strings.NewReplacer(codePlaceholder, code, usernamePlaceholder, m.msg.Username)
	m.msg.Message = r.Replace(*text)
	return nil
}

func ptr[T any](v T) *T { return &v }

// Pre sign-up.

type preSignUpRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	ValidationData map[string]string `json:"validationData,omitempty"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
}

type preSignUpResponse struct {
	AutoConfirmUser bool `json:"autoConfirmUser"`
	AutoVerifyPhone bool `json:"autoVerifyPhone"`
	AutoVerifyEmail bool `json:"autoVerifyEmail"`
}

// preSignUp runs the trigger, if any, for a user about to be created;
// source is PreSignUp_SignUp or PreSignUp_AdminCreateUser.
func (s *Server) preSignUp(rc *reqCtx, poolID, clientID, username, source string, attrs []attribute) (*preSignUpResponse, *apiError) {
	resp := &preSignUpResponse{}
	arn, _ := s.poolTrigger(poolID, trigPreSignUp)
	if arn == "" {
		return resp, nil
	}
	m := map[string]string{}
	for _, a := range attrs {
		m[a.Name] = a.Value
	}
	req := &preSignUpRequest{UserAttributes: m, ValidationData: rc.trigger.validationData, ClientMetadata: rc.trigger.clientMetadata}
	ev := s.newEvent(poolID, clientID, username, source, req, resp)
	if e := s.invoke(rc, trigPreSignUp, arn, ev); e != nil {
		return nil, e
	}
	if resp.AutoVerifyEmail && m["email"] == "" {
		return nil, errInvalidParameter("autoVerifyEmail is set but the user has no email attribute.")
	}
	if resp.AutoVerifyPhone && m["phone_number"] == "" {
		return nil, errInvalidParameter("autoVerifyPhone is set but the user has no phone_number attribute.")
	}
	return resp, nil
}

// Post confirmation.

type userAttrsRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
}

// postConfirmation runs after a confirmation is committed: a failure is
// reported, but the user stays confirmed.
func (s *Server) postConfirmation(rc *reqCtx, poolID, username, source string) *apiError {
	arn, _ := s.poolTrigger(poolID, trigPostConfirmation)
	if arn == "" {
		return nil
	}
	attrs := s.userAttrs(poolID, username)
	if attrs == nil {
		return nil
	}
	ev := s.newEvent(poolID, rc.client, username, source, &userAttrsRequest{UserAttributes: attrs, ClientMetadata: rc.trigger.clientMetadata}, &struct{}{})
	return s.invoke(rc, trigPostConfirmation, arn, ev)
}

// Pre authentication.

type preAuthRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	ValidationData map[string]string `json:"validationData,omitempty"`
}

// preAuthentication runs before a known user's credentials are checked.
func (s *Server) preAuthentication(rc *reqCtx, c *appClient, username string) *apiError {
	arn, _ := s.poolTrigger(c.poolID, trigPreAuthentication)
	if arn == "" {
		return nil
	}
	attrs := s.userAttrs(c.poolID, username)
	if attrs == nil {
		return errUserNotFound()
	}
	ev := s.newEvent(c.poolID, c.id, username, "PreAuthentication_Authentication",
		&preAuthRequest{UserAttributes: attrs, ValidationData: rc.trigger.validationData}, &struct{}{})
	return s.invoke(rc, trigPreAuthentication, arn, ev)
}

// Post authentication.

type postAuthRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	NewDeviceUsed  *bool             `json:"newDeviceUsed,omitempty"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
}

// postAuthentication runs once a sign-in has succeeded, before tokens
// are returned; a failure fails the sign-in. newDevice is nil unless the
// pool remembers devices.
func (s *Server) postAuthentication(rc *reqCtx, st *challengeState, attrs map[string]string, newDevice *bool) *apiError {
	arn, _ := s.poolTrigger(st.poolID, trigPostAuthentication)
	if arn == "" {
		return nil
	}
	ev := s.newEvent(st.poolID, st.clientID, st.username, "PostAuthentication_Authentication",
		&postAuthRequest{UserAttributes: attrs, NewDeviceUsed: newDevice, ClientMetadata: rc.trigger.clientMetadata}, &struct{}{})
	return s.invoke(rc, trigPostAuthentication, arn, ev)
}

// Pre token generation. V1_0 changes the ID token; V2_0 and V3_0 (one
// event shape, "version" 2 and 3) change both tokens and the scopes.

type groupConfiguration struct {
	GroupsToOverride   []string `json:"groupsToOverride"`
	IAMRolesToOverride []string `json:"iamRolesToOverride"`
	PreferredRole      *string  `json:"preferredRole"`
}

type preTokenRequest struct {
	UserAttributes     map[string]string  `json:"userAttributes"`
	GroupConfiguration groupConfiguration `json:"groupConfiguration"`
	Scopes             []string           `json:"scopes,omitempty"`
	ClientMetadata     map[string]string  `json:"clientMetadata,omitempty"`
}

type preTokenResponseV1 struct {
	ClaimsOverrideDetails *struct {
		ClaimsToAddOrOverride map[string]string   `json:"claimsToAddOrOverride"`
		ClaimsToSuppress      []string            `json:"claimsToSuppress"`
		GroupOverrideDetails  *groupConfiguration `json:"groupOverrideDetails"`
	} `json:"claimsOverrideDetails,omitempty"`
}

type tokenGeneration struct {
	ClaimsToAddOrOverride map[string]any `json:"claimsToAddOrOverride"`
	ClaimsToSuppress      []string       `json:"claimsToSuppress"`
	ScopesToAdd           []string       `json:"scopesToAdd"`
	ScopesToSuppress      []string       `json:"scopesToSuppress"`
}

type preTokenResponseV2 struct {
	ClaimsAndScopeOverrideDetails *struct {
		IDTokenGeneration     *tokenGeneration    `json:"idTokenGeneration"`
		AccessTokenGeneration *tokenGeneration    `json:"accessTokenGeneration"`
		GroupOverrideDetails  *groupConfiguration `json:"groupOverrideDetails"`
	} `json:"claimsAndScopeOverrideDetails,omitempty"`
}

// tokenOverrides are a PreTokenGeneration result, applied by mintTokens.
type tokenOverrides struct {
	id, access tokenGeneration
	groups     *groupConfiguration // nil: groups as they are
}

const defaultScope = "aws.cognito.signin.user.admin"

// preTokenGeneration runs the trigger, if any, and leaves its changes in
// rc for mintTokens. source is the part after "TokenGeneration_".
func (s *Server) preTokenGeneration(rc *reqCtx, poolID, clientID string, u *user, source string) *apiError {
	rc.trigger.tokens = nil
	arn, version := s.poolTrigger(poolID, trigPreToken)
	if arn == "" {
		return nil
	}
	req := &preTokenRequest{UserAttributes: userAttributeMap(u), GroupConfiguration: groupConfiguration{GroupsToOverride: []string{}, IAMRolesToOverride: []string{}},
		ClientMetadata: rc.trigger.clientMetadata}
	var v1 preTokenResponseV1
	var v2 preTokenResponseV2
	var resp any = &v1
	evVersion := "1"
	if version == "V2_0" || version == "V3_0" {
		resp, evVersion = &v2, version[1:2]
		req.Scopes = []string{defaultScope}
	}
	ev := s.newEvent(poolID, clientID, u.username, "TokenGeneration_"+source, req, resp)
	ev.Version = evVersion
	if e := s.invoke(rc, trigPreToken, arn, ev); e != nil {
		return e
	}
	o := &tokenOverrides{}
	switch {
	case evVersion == "1" && v1.ClaimsOverrideDetails != nil:
		d := v1.ClaimsOverrideDetails
		o.id.ClaimsToSuppress, o.groups = d.ClaimsToSuppress, d.GroupOverrideDetails
		o.id.ClaimsToAddOrOverride = map[string]any{}
		for k, v := range d.ClaimsToAddOrOverride {
			o.id.ClaimsToAddOrOverride[k] = v
		}
	case evVersion != "1" && v2.ClaimsAndScopeOverrideDetails != nil:
		d := v2.ClaimsAndScopeOverrideDetails
		if d.IDTokenGeneration != nil {
			o.id = *d.IDTokenGeneration
		}
		if d.AccessTokenGeneration != nil {
			o.access = *d.AccessTokenGeneration
		}
		o.groups = d.GroupOverrideDetails
	}
	rc.trigger.tokens = o
	return nil
}

// Claims a PreTokenGeneration response cannot change (the developer
// guide's list, plus the group claims, which groupOverrideDetails sets).
var (
	protectedIDClaims = []string{"acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp", "iat",
		"identities", "iss", "jti", "nbf", "nonce", "origin_jti", "sub", "token_use",
		"cognito:groups", "cognito:roles", "cognito:preferred_role"}
	protectedAccessClaims = []string{"acr", "amr", "aud", "auth_time", "azp", "client_id", "device_key", "event_id", "exp", "iat",
		"identities", "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "username", "version", "cognito:groups"}
)

// applyTokenOverrides changes freshly built claims as the request's
// PreTokenGeneration result says; suppression wins over addition.
func applyTokenOverrides(o *tokenOverrides, id, access jwt.MapClaims) {
	if o == nil {
		return
	}
	apply := func(c jwt.MapClaims, g tokenGeneration, protected []string) {
		for k, v := range g.ClaimsToAddOrOverride {
			if !slices.Contains(protected, k) {
				c[k] = v
			}
		}
		for _, k := range g.ClaimsToSuppress {
			if !slices.Contains(protected, k) {
				delete(c, k)
			}
		}
	}
	apply(id, o.id, protectedIDClaims)
	apply(access, o.access, protectedAccessClaims)
	if len(o.access.ScopesToAdd) > 0 || len(o.access.ScopesToSuppress) > 0 {
		scopes := strings.Fields(str(access["scope"]))
		for _, sc := range o.access.ScopesToAdd {
			if !slices.Contains(scopes, sc) {
				scopes = append(scopes, sc)
			}
		}
		scopes = slices.DeleteFunc(scopes, func(sc string) bool { return slices.Contains(o.access.ScopesToSuppress, sc) })
		access["scope"] = strings.Join(scopes, " ")
	}
	if g := o.groups; g != nil {
		delete(id, "cognito:groups")
		delete(access, "cognito:groups")
		delete(id, "cognito:roles")
		delete(id, "cognito:preferred_role")
		if len(g.GroupsToOverride) > 0 {
			id["cognito:groups"], access["cognito:groups"] = g.GroupsToOverride, g.GroupsToOverride
		}
		if len(g.IAMRolesToOverride) > 0 {
			id["cognito:roles"] = g.IAMRolesToOverride
		}
		if g.PreferredRole != nil && *g.PreferredRole != "" {
			id["cognito:preferred_role"] = *g.PreferredRole
		}
	}
}

// tokenSource names the flow that ends in tokens, for TokenGeneration_*.
func tokenSource(st *challengeState) string {
	switch {
	case st.next == "NEW_PASSWORD_REQUIRED":
		return "NewPasswordChallenge"
	case st.kind == handleSRP && st.next == "DEVICE_PASSWORD_VERIFIER":
		return "AuthenticateDevice"
	}
	return "Authentication"
}

// User migration.

type migrationRequest struct {
	Password       *string           `json:"password,omitempty"`
	ValidationData map[string]string `json:"validationData,omitempty"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
}

type migrationResponse struct {
	UserAttributes         map[string]string `json:"userAttributes"`
	FinalUserStatus        *string           `json:"finalUserStatus"`
	MessageAction          *string           `json:"messageAction"`
	DesiredDeliveryMediums []string          `json:"desiredDeliveryMediums"`
	ForceAliasCreation     *bool             `json:"forceAliasCreation"`
}

// migrateUser asks the UserMigration trigger about a user the pool does
// not know. It returns nil, nil without a trigger. password is "" for
// UserMigration_ForgotPassword; the user is then RESET_REQUIRED with a
// password nobody knows. A password is kept only as its SRP verifier.
func (s *Server) migrateUser(rc *reqCtx, c *appClient, username, password string) (*user, *apiError) {
	arn, _ := s.poolTrigger(c.poolID, trigMigration)
	if arn == "" {
		return nil, nil
	}
	source := "UserMigration_ForgotPassword"
	req := &migrationRequest{ClientMetadata: rc.trigger.clientMetadata}
	if password != "" {
		source = "UserMigration_Authentication"
		req = &migrationRequest{Password: &password, ValidationData: rc.trigger.validationData}
	}
	resp := &migrationResponse{}
	ev := s.newEvent(c.poolID, c.id, username, source, req, resp)
	if e := s.invoke(rc, trigMigration, arn, ev); e != nil {
		return nil, e
	}
	attrs := make([]attribute, 0, len(resp.UserAttributes))
	for k, v := range resp.UserAttributes {
		if k == "sub" || k == "username" || k == "cognito:user_status" {
			continue
		}
		attrs = append(attrs, attribute{Name: k, Value: v})
	}
	slices.SortFunc(attrs, func(a, b attribute) int { return strings.Compare(a.Name, b.Name) })
	if e := checkAttributes(attrs); e != nil {
		return nil, errInvalidLambdaResponse(msgLambdaUnrecognized).withReason("userAttributes: " + e.Message)
	}
	status := "CONFIRMED"
	if resp.FinalUserStatus != nil && *resp.FinalUserStatus != "" {
		status = *resp.FinalUserStatus
	}
	if status != "CONFIRMED" && status != "RESET_REQUIRED" {
		return nil, errInvalidLambdaResponse(msgLambdaUnrecognized).withReason("finalUserStatus must be CONFIRMED or RESET_REQUIRED")
	}
	if password == "" {
		status = "RESET_REQUIRED"
	}
	action := ""
	if resp.MessageAction != nil {
		action = *resp.MessageAction
	}
	if action != "" && action != "SUPPRESS" && action != "RESEND" {
		return nil, errInvalidLambdaResponse(msgLambdaUnrecognized).withReason("messageAction must be SUPPRESS or RESEND")
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(c.poolID)
	if e != nil {
		return nil, e
	}
	if u := s.store.lookupLocked(p, username); u != nil {
		return u, nil // migrated meanwhile by a concurrent request
	}
	name, attrs, e := p.newUserName(username, attrs)
	if e != nil {
		return nil, e
	}
	force := resp.ForceAliasCreation != nil && *resp.ForceAliasCreation
	if e := s.store.claimAliasesLocked(p, nil, attrs, true, force); e != nil {
		return nil, e
	}
	pw := password
	if pw == "" {
		pw = generatePassword(p.policy)
	}
	u, err := s.addUserLocked(p, name, pw, attrs, status, rc.now)
	if err != nil {
		return nil, errInternal().withReason(err.Error())
	}
	if action != "SUPPRESS" && source == "UserMigration_Authentication" {
		for _, attr := range []string{"email", "phone_number"} {
			if hasAttr(u, attr) {
				s.send(rc, p.id, u, attr, kindAdminCreateUser, "", "Welcome: your username is "+u.username+" and your password is the one you signed in with.")
				break
			}
		}
	}
	return u, nil
}
