package auth

import (
	"context"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// The calls around a sign-in: account creation and recovery, which need
// no tokens, and what a signed-in user does with an access token.

// CodeDelivery says where Cognito sent a code.
type CodeDelivery struct {
	Destination    string `json:"destination"`
	DeliveryMedium string `json:"deliveryMedium"`
	AttributeName  string `json:"attributeName"`
}

//jsonlite:shape
type codeDeliveryWire struct {
	Destination    string `json:"Destination"`
	DeliveryMedium string `json:"DeliveryMedium"`
	AttributeName  string `json:"AttributeName"`
}

func (w *codeDeliveryWire) plain() *CodeDelivery {
	if w == nil {
		return nil
	}
	return &CodeDelivery{Destination: w.Destination, DeliveryMedium: w.DeliveryMedium, AttributeName: w.AttributeName}
}

//jsonlite:shape
type attributeWire struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// attributes is a list of attributes in a request.
type attributes []attributeWire

// EncodeJSON implements jsonlite.Encoder.
func (a attributes) EncodeJSON(w *jsonlite.Writer) {
	jsonlite.WriteList(w, a, (*attributeWire).Fields)
}

func attributeList(m map[string]string) attributes {
	out := make(attributes, 0, len(m))
	for k, v := range m {
		out = append(out, attributeWire{Name: k, Value: v})
	}
	return out
}

// SignUpInput registers a new user.
type SignUpInput struct {
	Username       string
	Password       string
	Attributes     map[string]string
	ClientMetadata map[string]string
}

// SignUpResult is Cognito's answer to SignUp.
type SignUpResult struct {
	UserConfirmed bool          `json:"userConfirmed"`
	UserSub       string        `json:"userSub"`
	CodeDelivery  *CodeDelivery `json:"codeDelivery,omitempty"`
}

// SignUp registers a user; a confirmation code usually follows.
func (c *Client) SignUp(ctx context.Context, in SignUpInput) (*SignUpResult, error) {
	if err := required("username", in.Username, "password", in.Password); err != nil {
		return nil, err
	}
	var out signUpOutput
	err := c.call(ctx, "SignUp", c.withClient(withMetadata(map[string]any{
		"Username": in.Username, "Password": in.Password,
		"UserAttributes": attributeList(in.Attributes),
	}, in.ClientMetadata), in.Username), &out)
	if err != nil {
		return nil, err
	}
	return &SignUpResult{UserConfirmed: out.UserConfirmed, UserSub: out.UserSub, CodeDelivery: out.CodeDeliveryDetails.plain()}, nil
}

//jsonlite:shape
type signUpOutput struct {
	UserConfirmed       bool              `json:"UserConfirmed"`
	UserSub             string            `json:"UserSub"`
	CodeDeliveryDetails *codeDeliveryWire `json:"CodeDeliveryDetails"`
}

// noOutput is the answer of operations whose result this package ignores.
//
//jsonlite:shape
type noOutput struct{}

// ConfirmSignUp confirms a user with the code Cognito sent.
func (c *Client) ConfirmSignUp(ctx context.Context, username, code string, metadata map[string]string) error {
	if err := required("username", username, "code", code); err != nil {
		return err
	}
	return c.call(ctx, "ConfirmSignUp", c.withClient(withMetadata(map[string]any{
		"Username": username, "ConfirmationCode": code,
	}, metadata), username), &noOutput{})
}

// withMetadata adds ClientMetadata if there is any: a JSON null is no map
// in Cognito's model, and the SDK sends nothing for a nil one.
func withMetadata(in map[string]any, metadata map[string]string) map[string]any {
	if len(metadata) > 0 {
		in["ClientMetadata"] = metadata
	}
	return in
}

// ResendConfirmationCode sends the sign-up code again.
func (c *Client) ResendConfirmationCode(ctx context.Context, username string) (*CodeDelivery, error) {
	return c.sendCode(ctx, "ResendConfirmationCode", username)
}

// ForgotPassword sends a code with which to set a new password.
func (c *Client) ForgotPassword(ctx context.Context, username string) (*CodeDelivery, error) {
	return c.sendCode(ctx, "ForgotPassword", username)
}

func (c *Client) sendCode(ctx context.Context, op, username string) (*CodeDelivery, error) {
	if err := required("username", username); err != nil {
		return nil, err
	}
	var out codeDeliveryOutput
	if err := c.call(ctx, op, c.withClient(map[string]any{"Username": username}, username), &out); err != nil {
		return nil, err
	}
	return out.CodeDeliveryDetails.plain(), nil
}

//jsonlite:shape
type codeDeliveryOutput struct {
	CodeDeliveryDetails *codeDeliveryWire `json:"CodeDeliveryDetails"`
}

// ConfirmForgotPassword sets a new password with ForgotPassword's code.
func (c *Client) ConfirmForgotPassword(ctx context.Context, username, code, newPassword string) error {
	if err := required("username", username, "code", code, "newPassword", newPassword); err != nil {
		return err
	}
	return c.call(ctx, "ConfirmForgotPassword", c.withClient(map[string]any{
		"Username": username, "ConfirmationCode": code, "Password": newPassword,
	}, username), &noOutput{})
}

// withClient adds ClientId and, for clients with a secret, SecretHash.
func (c *Client) withClient(in map[string]any, username string) map[string]any {
	in["ClientId"] = c.cfg.ClientID
	if h := c.secretHash(username); h != "" {
		in["SecretHash"] = h
	}
	return in
}

// RefreshInput renews the ID and access tokens.
type RefreshInput struct {
	RefreshToken string
	// Username is the internal user name (the access token's "username"
	// claim), over which Cognito checks SECRET_HASH on refresh. It is read
	// from AccessToken when empty.
	Username    string
	AccessToken string
	// DeviceKey is the remembered device, if any.
	DeviceKey string
}

// Refresh trades a refresh token for new ID and access tokens. The result
// keeps the refresh token unless Cognito rotated it.
func (c *Client) Refresh(ctx context.Context, in RefreshInput) (*Tokens, error) {
	if err := required("refreshToken", in.RefreshToken); err != nil {
		return nil, err
	}
	username := in.Username
	if username == "" && in.AccessToken != "" {
		username = claimString(in.AccessToken, "username")
	}
	params := map[string]string{"REFRESH_TOKEN": in.RefreshToken}
	if username != "" {
		params["USERNAME"] = username
		c.addSecretHash(params, username)
	} else if c.cfg.ClientSecret != "" {
		return nil, invalidParameter("username (or accessToken) is required to refresh with a client secret")
	}
	if in.DeviceKey != "" {
		params["DEVICE_KEY"] = in.DeviceKey
	}
	var out challengeOutput
	err := c.initiate(ctx, &initiateAuthInput{AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: params, ClientId: c.cfg.ClientID}, &out)
	if err != nil {
		return nil, err
	}
	if out.AuthenticationResult == nil {
		return nil, invalidResponse(nil, "refresh returned no tokens")
	}
	t := out.AuthenticationResult.tokens()
	if t.RefreshToken == "" {
		t.RefreshToken = in.RefreshToken
	}
	return t, nil
}

// SignOutInput ends a session.
type SignOutInput struct {
	AccessToken  string
	RefreshToken string
	// Global signs the user out of every device (GlobalSignOut).
	Global bool
}

// SignOut revokes the refresh token (and the tokens issued with it) when
// the tokens support revocation, or signs out everywhere when Global.
func (c *Client) SignOut(ctx context.Context, in SignOutInput) error {
	if in.Global {
		if err := required("accessToken", in.AccessToken); err != nil {
			return err
		}
		return c.call(ctx, "GlobalSignOut", map[string]string{"AccessToken": in.AccessToken}, &noOutput{})
	}
	// Tokens without origin_jti predate revocation and cannot be revoked.
	if in.RefreshToken == "" || (in.AccessToken != "" && claimString(in.AccessToken, "origin_jti") == "") {
		return nil
	}
	req := map[string]string{"Token": in.RefreshToken, "ClientId": c.cfg.ClientID}
	if c.cfg.ClientSecret != "" {
		req["ClientSecret"] = c.cfg.ClientSecret
	}
	return c.call(ctx, "RevokeToken", req, &noOutput{})
}

// User is a signed-in user's profile.
type User struct {
	Username     string            `json:"username"`
	Attributes   map[string]string `json:"attributes"`
	PreferredMFA string            `json:"preferredMfa,omitempty"`
	MFAMethods   []string          `json:"mfaMethods,omitempty"`
}

// GetUser reads the signed-in user's profile.
func (c *Client) GetUser(ctx context.Context, accessToken string) (*User, error) {
	var out getUserOutput
	if err := c.withToken(ctx, "GetUser", accessToken, map[string]any{}, &out); err != nil {
		return nil, err
	}
	u := &User{Username: out.Username, Attributes: map[string]string{}, PreferredMFA: out.PreferredMfaSetting, MFAMethods: out.UserMFASettingList}
	for _, a := range out.UserAttributes {
		u.Attributes[a.Name] = a.Value
	}
	return u, nil
}

//jsonlite:shape
type getUserOutput struct {
	Username            string          `json:"Username"`
	UserAttributes      []attributeWire `json:"UserAttributes"`
	PreferredMfaSetting string          `json:"PreferredMfaSetting"`
	UserMFASettingList  []string        `json:"UserMFASettingList"`
}

// ChangePassword changes the signed-in user's password.
func (c *Client) ChangePassword(ctx context.Context, accessToken, previous, proposed string) error {
	if err := required("previousPassword", previous, "proposedPassword", proposed); err != nil {
		return err
	}
	return c.withToken(ctx, "ChangePassword", accessToken, map[string]any{"PreviousPassword": previous, "ProposedPassword": proposed}, &noOutput{})
}

// UpdateAttributes sets attributes; changed email or phone numbers are
// verified with a code, whose deliveries are returned.
func (c *Client) UpdateAttributes(ctx context.Context, accessToken string, attrs map[string]string) ([]CodeDelivery, error) {
	var out updateAttributesOutput
	if err := c.withToken(ctx, "UpdateUserAttributes", accessToken, map[string]any{"UserAttributes": attributeList(attrs)}, &out); err != nil {
		return nil, err
	}
	list := make([]CodeDelivery, 0, len(out.CodeDeliveryDetailsList))
	for i := range out.CodeDeliveryDetailsList {
		list = append(list, *out.CodeDeliveryDetailsList[i].plain())
	}
	return list, nil
}

//jsonlite:shape
type updateAttributesOutput struct {
	CodeDeliveryDetailsList []codeDeliveryWire `json:"CodeDeliveryDetailsList"`
}

// SendAttributeCode sends a code to verify an email or phone attribute.
func (c *Client) SendAttributeCode(ctx context.Context, accessToken, attribute string) (*CodeDelivery, error) {
	var out codeDeliveryOutput
	if err := c.withToken(ctx, "GetUserAttributeVerificationCode", accessToken, map[string]any{"AttributeName": attribute}, &out); err != nil {
		return nil, err
	}
	return out.CodeDeliveryDetails.plain(), nil
}

// VerifyAttribute verifies an attribute with the code sent for it.
func (c *Client) VerifyAttribute(ctx context.Context, accessToken, attribute, code string) error {
	if err := required("attribute", attribute, "code", code); err != nil {
		return err
	}
	return c.withToken(ctx, "VerifyUserAttribute", accessToken, map[string]any{"AttributeName": attribute, "Code": code}, &noOutput{})
}

// DeleteUser deletes the signed-in user.
func (c *Client) DeleteUser(ctx context.Context, accessToken string) error {
	return c.withToken(ctx, "DeleteUser", accessToken, map[string]any{}, &noOutput{})
}

// AssociateTOTP starts authenticator-app MFA for a signed-in user.
func (c *Client) AssociateTOTP(ctx context.Context, accessToken string) (*TOTPSetup, error) {
	var out associateOutput
	if err := c.withToken(ctx, opAssociateSoftwareToken, accessToken, map[string]any{}, &out); err != nil {
		return nil, err
	}
	return &TOTPSetup{Secret: out.SecretCode, URI: totpURI(c.cfg.TOTPIssuer, claimString(accessToken, "username"), out.SecretCode)}, nil
}

// VerifyTOTP confirms AssociateTOTP's secret with a first code.
func (c *Client) VerifyTOTP(ctx context.Context, accessToken, code, friendlyName string) error {
	if err := required("code", code); err != nil {
		return err
	}
	in := map[string]any{"UserCode": code}
	if friendlyName != "" {
		in["FriendlyDeviceName"] = friendlyName
	}
	var out verifyOutput
	if err := c.withToken(ctx, opVerifySoftwareToken, accessToken, in, &out); err != nil {
		return err
	}
	if out.Status != "SUCCESS" {
		return &Error{Name: "EnableSoftwareTokenMFAException", Message: "the code was not accepted (status " + out.Status + ")"}
	}
	return nil
}

// MFASetting enables an MFA method and may make it the preferred one.
type MFASetting struct {
	Enabled   bool `json:"enabled"`
	Preferred bool `json:"preferred"`
}

// MFAPreference sets each method; nil leaves a method as it is.
type MFAPreference struct {
	SMS   *MFASetting `json:"sms,omitempty"`
	TOTP  *MFASetting `json:"totp,omitempty"`
	Email *MFASetting `json:"email,omitempty"`
}

// SetMFAPreference sets the signed-in user's MFA methods.
func (c *Client) SetMFAPreference(ctx context.Context, accessToken string, p MFAPreference) error {
	in := map[string]any{}
	put := func(key string, s *MFASetting) {
		if s != nil {
			in[key] = map[string]bool{"Enabled": s.Enabled, "PreferredMfa": s.Preferred}
		}
	}
	put("SMSMfaSettings", p.SMS)
	put("SoftwareTokenMfaSettings", p.TOTP)
	put("EmailMfaSettings", p.Email)
	return c.withToken(ctx, "SetUserMFAPreference", accessToken, in, &noOutput{})
}

// withToken calls an operation authorised by the user's access token.
func (c *Client) withToken(ctx context.Context, op, accessToken string, in map[string]any, out any) error {
	if err := required("accessToken", accessToken); err != nil {
		return err
	}
	in["AccessToken"] = accessToken
	return c.call(ctx, op, in, out)
}

// required checks name/value pairs and names the first empty one.
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return invalidParameter(pairs[i] + " is required")
		}
	}
	return wellFormed(pairs...)
}

// wellFormed refuses, by name, a value of name-value pairs that is not
// valid UTF-8: encoded as JSON it would become U+FFFD, so two passwords
// differing only there would be one password.
func wellFormed(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if !utf8.ValidString(pairs[i+1]) {
			return invalidParameter(pairs[i] + " is not well-formed Unicode (invalid UTF-8)")
		}
	}
	return nil
}

// claimString reads one string claim of a JWT without verifying it; it
// only picks names to send back to Cognito, which verifies the token.
func claimString(token, name string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	v, err := jsonlite.Parse(payload)
	if err != nil {
		return ""
	}
	claims, err := v.Interface()
	if err != nil {
		return ""
	}
	m, _ := claims.(map[string]any)
	s, _ := m[name].(string)
	return s
}
