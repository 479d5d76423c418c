package localcognito

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp/totp"
)

// mfaPool sets a pool's MFA mode with SMS, TOTP and email all allowed.
func (e *env) mfaPool(poolID string, mode types.UserPoolMfaType) {
	e.t.Helper()
	_, err := e.admin.SetUserPoolMfaConfig(ctx(), &cip.SetUserPoolMfaConfigInput{UserPoolId: aws.String(poolID), MfaConfiguration: mode,
		SmsMfaConfiguration:           &types.SmsMfaConfigType{SmsAuthenticationMessage: aws.String("code {####}")},
		EmailMfaConfiguration:         &types.EmailMfaConfigType{Message: aws.String("code {####}")},
		SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) setMFA(f fixture, sms, email *types.SMSMfaSettingsType, soft *types.SoftwareTokenMfaSettingsType) {
	e.t.Helper()
	in := &cip.AdminSetUserMFAPreferenceInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username), SMSMfaSettings: sms, SoftwareTokenMfaSettings: soft}
	if email != nil {
		in.EmailMfaSettings = &types.EmailMfaSettingsType{Enabled: email.Enabled, PreferredMfa: email.PreferredMfa}
	}
	if _, err := e.admin.AdminSetUserMFAPreference(ctx(), in); err != nil {
		e.t.Fatal(err)
	}
}

// passwordThenChallenge signs in with SRP and returns the challenge that follows.
func (e *env) passwordThenChallenge(f fixture) *cip.RespondToAuthChallengeOutput {
	e.t.Helper()
	out, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) answer(f fixture, name types.ChallengeNameType, session *string, kv ...string) (*cip.RespondToAuthChallengeOutput, error) {
	r := map[string]string{"USERNAME": f.username}
	for i := 0; i < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{ClientId: aws.String(f.clientID), ChallengeName: name, Session: session, ChallengeResponses: r})
}

func TestPoolMfaConfig(t *testing.T) {
	e := newEnv(t)
	poolID := e.createPool("mfa")
	e.mfaPool(poolID, types.UserPoolMfaTypeOptional)
	got, err := e.admin.GetUserPoolMfaConfig(ctx(), &cip.GetUserPoolMfaConfigInput{UserPoolId: aws.String(poolID)})
	if err != nil || got.MfaConfiguration != types.UserPoolMfaTypeOptional || !got.SoftwareTokenMfaConfiguration.Enabled ||
		got.SmsMfaConfiguration == nil || got.EmailMfaConfiguration == nil {
		t.Fatalf("GetUserPoolMfaConfig: %v %+v", err, got)
	}
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("on"), MfaConfiguration: types.UserPoolMfaTypeOn})
	if err != nil || out.UserPool.MfaConfiguration != types.UserPoolMfaTypeOn {
		t.Fatalf("CreateUserPool with MFA ON: %v", err)
	}
	_, err = e.admin.SetUserPoolMfaConfig(ctx(), &cip.SetUserPoolMfaConfigInput{UserPoolId: aws.String(poolID), MfaConfiguration: types.UserPoolMfaTypeOn,
		SmsMfaConfiguration: nil, SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: false}})
	if err != nil {
		t.Fatalf("SMS stays allowed, so ON is fine: %v", err)
	}
}

func TestSMSMFA(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	e.mustTokens(f) // OPTIONAL and nothing enabled: straight to tokens
	if _, err := e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username),
		UserAttributes: attrs("phone_number", "+15555551234", "phone_number_verified", "true")}); err != nil {
		t.Fatal(err)
	}
	e.setMFA(f, &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}, nil, nil)
	ch := e.passwordThenChallenge(f)
	p := ch.ChallengeParameters
	if ch.ChallengeName != types.ChallengeNameTypeSmsMfa || ch.Session == nil || p["CODE_DELIVERY_DESTINATION"] != "+*******1234" || p["CODE_DELIVERY_DELIVERY_MEDIUM"] != "SMS" {
		t.Fatalf("challenge = %+v", ch)
	}
	msgs := e.outbox(url.Values{"kind": {kindAuthentication}})
	if len(msgs) != 1 || msgs[0].Channel != "SMS" || msgs[0].Destination != "+15555551234" {
		t.Fatalf("outbox = %+v", msgs)
	}
	code := msgs[0].Code
	_, err := e.answer(f, types.ChallengeNameTypeSmsMfa, ch.Session, "SMS_MFA_CODE", wrongCode(code))
	wantAPIError(t, err, "CodeMismatchException", "Invalid code or auth state for the user.")
	done, err := e.answer(f, types.ChallengeNameTypeSmsMfa, ch.Session, "SMS_MFA_CODE", code)
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("right code after a wrong one: %v", err)
	}
	_, err = e.answer(f, types.ChallengeNameTypeSmsMfa, ch.Session, "SMS_MFA_CODE", code)
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")

	ch = e.passwordThenChallenge(f)
	e.clock.Advance(4 * time.Minute)
	_, err = e.answer(f, types.ChallengeNameTypeSmsMfa, ch.Session, "SMS_MFA_CODE", e.lastCode(f.poolID, f.username, kindAuthentication))
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
	e.clock.Advance(-4 * time.Minute)

	ch = e.passwordThenChallenge(f)
	for range 3 {
		_, err = e.answer(f, types.ChallengeNameTypeSmsMfa, ch.Session, "SMS_MFA_CODE", "000000x")
	}
	_, err = e.answer(f, types.ChallengeNameTypeSmsMfa, ch.Session, "SMS_MFA_CODE", e.lastCode(f.poolID, f.username, kindAuthentication))
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
}

func TestEmailOTP(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	e.setMFA(f, nil, &types.SMSMfaSettingsType{Enabled: true}, nil)
	ch := e.passwordThenChallenge(f)
	if ch.ChallengeName != types.ChallengeNameTypeEmailOtp || ch.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "a***@e***" {
		t.Fatalf("challenge = %+v", ch)
	}
	done, err := e.answer(f, types.ChallengeNameTypeEmailOtp, ch.Session, "EMAIL_OTP_CODE", e.lastCode(f.poolID, f.username, kindAuthentication))
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("EMAIL_OTP: %v", err)
	}
}

// enrolTOTP associates and verifies an authenticator with an access token.
func (e *env) enrolTOTP(f fixture) string {
	e.t.Helper()
	tok := e.mustTokens(f).AccessToken
	_, err := e.anon.SetUserMFAPreference(ctx(), &cip.SetUserMFAPreferenceInput{AccessToken: tok,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true}})
	wantAPIError(e.t, err, "InvalidParameterException", "User has not verified software token mfa")
	assoc, err := e.anon.AssociateSoftwareToken(ctx(), &cip.AssociateSoftwareTokenInput{AccessToken: tok})
	if err != nil {
		e.t.Fatal(err)
	}
	secret := *assoc.SecretCode
	_, err = e.anon.VerifySoftwareToken(ctx(), &cip.VerifySoftwareTokenInput{AccessToken: tok, UserCode: aws.String("000000")})
	wantAPIError(e.t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	v, err := e.anon.VerifySoftwareToken(ctx(), &cip.VerifySoftwareTokenInput{AccessToken: tok, UserCode: aws.String(e.totp(secret, 0))})
	if err != nil || v.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		e.t.Fatalf("VerifySoftwareToken: %v", err)
	}
	if _, err := e.anon.SetUserMFAPreference(ctx(), &cip.SetUserMFAPreferenceInput{AccessToken: tok,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// totp is the code for the server clock shifted by steps of 30 s.
func (e *env) totp(secret string, steps int) string {
	e.t.Helper()
	code, err := totp.GenerateCode(secret, e.clock.Now().Add(time.Duration(steps)*30*time.Second))
	if err != nil {
		e.t.Fatal(err)
	}
	return code
}

func TestSoftwareTokenMFA(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	secret := e.enrolTOTP(f)
	ch := e.passwordThenChallenge(f)
	if ch.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("challenge = %s", ch.ChallengeName)
	}
	_, err := e.answer(f, types.ChallengeNameTypeSoftwareTokenMfa, ch.Session, "SOFTWARE_TOKEN_MFA_CODE", e.totp(secret, -3))
	wantAPIError(t, err, "CodeMismatchException", "Invalid code received for user")
	done, err := e.answer(f, types.ChallengeNameTypeSoftwareTokenMfa, ch.Session, "SOFTWARE_TOKEN_MFA_CODE", e.totp(secret, -1))
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("a code one step old: %v", err)
	}
	u, err := e.anon.GetUser(ctx(), &cip.GetUserInput{AccessToken: done.AuthenticationResult.AccessToken})
	if err != nil || aws.ToString(u.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" || !slices.Equal(u.UserMFASettingList, []string{"SOFTWARE_TOKEN_MFA"}) {
		t.Fatalf("GetUser MFA: %v %+v", err, u)
	}
}

func TestSelectMFAType(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	e.enrolTOTP(f)
	if _, err := e.admin.AdminUpdateUserAttributes(ctx(), &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username),
		UserAttributes: attrs("phone_number", "+15555551234")}); err != nil {
		t.Fatal(err)
	}
	// Both on, neither preferred.
	e.setMFA(f, &types.SMSMfaSettingsType{Enabled: true}, nil, &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: false})
	ch := e.passwordThenChallenge(f)
	var choices []string
	if ch.ChallengeName != types.ChallengeNameTypeSelectMfaType || json.Unmarshal([]byte(ch.ChallengeParameters["MFAS_CAN_CHOOSE"]), &choices) != nil ||
		!slices.Equal(choices, []string{"SMS_MFA", "SOFTWARE_TOKEN_MFA"}) {
		t.Fatalf("challenge = %+v", ch)
	}
	_, err := e.answer(f, types.ChallengeNameTypeSelectMfaType, ch.Session, "ANSWER", "EMAIL_OTP")
	wantAPIError(t, err, "InvalidParameterException", "")
	sms, err := e.answer(f, types.ChallengeNameTypeSelectMfaType, ch.Session, "ANSWER", "SMS_MFA")
	if err != nil || sms.ChallengeName != types.ChallengeNameTypeSmsMfa {
		t.Fatalf("after choosing SMS_MFA: %v %+v", err, sms)
	}
	done, err := e.answer(f, types.ChallengeNameTypeSmsMfa, sms.Session, "SMS_MFA_CODE", e.lastCode(f.poolID, f.username, kindAuthentication))
	if err != nil || done.AuthenticationResult == nil {
		t.Fatal(err)
	}
}

func TestMFASetup(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	_, err := e.admin.SetUserPoolMfaConfig(ctx(), &cip.SetUserPoolMfaConfigInput{UserPoolId: aws.String(f.poolID), MfaConfiguration: types.UserPoolMfaTypeOn,
		SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	ch := e.passwordThenChallenge(f)
	if ch.ChallengeName != types.ChallengeNameTypeMfaSetup || ch.ChallengeParameters["MFAS_CAN_SETUP"] != `["SOFTWARE_TOKEN_MFA"]` {
		t.Fatalf("challenge = %+v", ch)
	}
	_, err = e.answer(f, types.ChallengeNameTypeMfaSetup, ch.Session)
	wantAPIError(t, err, "InvalidParameterException", "")
	assoc, err := e.anon.AssociateSoftwareToken(ctx(), &cip.AssociateSoftwareTokenInput{Session: ch.Session})
	if err != nil || len(*assoc.SecretCode) != 52 || assoc.Session == nil {
		t.Fatalf("AssociateSoftwareToken: %v %+v", err, assoc)
	}
	_, err = e.anon.VerifySoftwareToken(ctx(), &cip.VerifySoftwareTokenInput{Session: assoc.Session, UserCode: aws.String(wrongCode(e.totp(*assoc.SecretCode, 0)))})
	wantAPIError(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	v, err := e.anon.VerifySoftwareToken(ctx(), &cip.VerifySoftwareTokenInput{Session: assoc.Session, UserCode: aws.String(e.totp(*assoc.SecretCode, 0)), FriendlyDeviceName: aws.String("phone")})
	if err != nil || v.Status != types.VerifySoftwareTokenResponseTypeSuccess || v.Session == nil {
		t.Fatalf("VerifySoftwareToken: %v", err)
	}
	done, err := e.answer(f, types.ChallengeNameTypeMfaSetup, v.Session)
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("MFA_SETUP: %v", err)
	}
	next := e.passwordThenChallenge(f)
	if next.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("after set-up the sign-in asks %s", next.ChallengeName)
	}
}
