package localcognito

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

type rememberedDevice struct {
	key, group string
	secret     *srp.DeviceSecret
}

// devicePool turns device remembering on and returns a confirmed device.
func (e *env) devicePool(f fixture, onPrompt bool) rememberedDevice {
	e.t.Helper()
	if _, err := e.admin.UpdateUserPool(ctx(), &cip.UpdateUserPoolInput{UserPoolId: aws.String(f.poolID),
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: onPrompt}}); err != nil {
		e.t.Fatal(err)
	}
	res := e.mustTokens(f)
	m := res.NewDeviceMetadata
	if m == nil {
		e.t.Fatal("no NewDeviceMetadata")
	}
	if !regexp.MustCompile(`^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(*m.DeviceKey) ||
		!regexp.MustCompile(`^-[0-9A-Za-z]{9}$`).MatchString(*m.DeviceGroupKey) {
		e.t.Fatalf("device metadata %s / %s", *m.DeviceKey, *m.DeviceGroupKey)
	}
	secret, err := srp.NewDeviceSecret(*m.DeviceGroupKey, *m.DeviceKey)
	if err != nil {
		e.t.Fatal(err)
	}
	out, err := e.anon.ConfirmDevice(ctx(), &cip.ConfirmDeviceInput{AccessToken: res.AccessToken, DeviceKey: m.DeviceKey, DeviceName: aws.String("laptop"),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(secret.PasswordVerifier), Salt: aws.String(secret.Salt)}})
	if err != nil || out.UserConfirmationNecessary != onPrompt {
		e.t.Fatalf("ConfirmDevice: %v %+v", err, out)
	}
	return rememberedDevice{key: *m.DeviceKey, group: *m.DeviceGroupKey, secret: secret}
}

// deviceSignIn signs in with SRP naming the device and answers the
// device challenges with the given device password.
func (e *env) deviceSignIn(f fixture, d rememberedDevice, devicePassword string) (*cip.RespondToAuthChallengeOutput, error) {
	e.t.Helper()
	c, err := srp.NewClient()
	if err != nil {
		e.t.Fatal(err)
	}
	init, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"USERNAME": f.username, "SRP_A": c.A(), "DEVICE_KEY": d.key}})
	if err != nil {
		return nil, err
	}
	s := e.signIn(f.poolID, f.clientID, "", f.username, f.password)
	s.challenge = init
	p := init.ChallengeParameters
	if s.key, err = c.Key(realmOf(f.poolID), p["USER_ID_FOR_SRP"], f.password, p["SALT"], p["SRP_B"]); err != nil {
		e.t.Fatal(err)
	}
	out, err := s.respond(s.responses())
	if err != nil || out.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth {
		return out, err
	}
	return e.proveDevice(f, d, devicePassword, out.Session)
}

// proveDevice answers DEVICE_SRP_AUTH, asked with session, and the
// DEVICE_PASSWORD_VERIFIER that follows.
func (e *env) proveDevice(f fixture, d rememberedDevice, devicePassword string, session *string) (*cip.RespondToAuthChallengeOutput, error) {
	e.t.Helper()
	dc, err := srp.NewClient()
	if err != nil {
		e.t.Fatal(err)
	}
	ver, err := e.answer(f, types.ChallengeNameTypeDeviceSrpAuth, session, "DEVICE_KEY", d.key, "SRP_A", dc.A())
	if err != nil {
		return nil, err
	}
	vp := ver.ChallengeParameters
	if ver.ChallengeName != types.ChallengeNameTypeDevicePasswordVerifier || vp["DEVICE_KEY"] != d.key || vp["USERNAME"] != f.username {
		e.t.Fatalf("DEVICE_SRP_AUTH answered %+v", ver)
	}
	key, err := dc.Key(d.group, d.key, devicePassword, vp["SALT"], vp["SRP_B"])
	if err != nil {
		e.t.Fatal(err)
	}
	ts := srp.Timestamp(e.clock.Now())
	sig, err := srp.Signature(key, d.group, d.key, vp["SECRET_BLOCK"], ts)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.answer(f, types.ChallengeNameTypeDevicePasswordVerifier, ver.Session, "DEVICE_KEY", d.key,
		"PASSWORD_CLAIM_SECRET_BLOCK", vp["SECRET_BLOCK"], "PASSWORD_CLAIM_SIGNATURE", sig, "TIMESTAMP", ts)
}

func TestRememberedDeviceSignIn(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	d := e.devicePool(f, false)
	out, err := e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("device sign-in: %v %+v", err, out)
	}
	res := out.AuthenticationResult
	if res.NewDeviceMetadata != nil || claimsOf(t, *res.AccessToken)["device_key"] != d.key {
		t.Fatalf("device sign-in result %+v", res)
	}
	_, err = e.deviceSignIn(f, d, "not-the-device-password")
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")

	// Refresh needs the confirmed device's key.
	if _, err := e.anon.InitiateAuth(ctx(), &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": *res.RefreshToken, "DEVICE_KEY": d.key}}); err != nil {
		t.Fatalf("refresh with DEVICE_KEY: %v", err)
	}
	_, err = e.refresh(f.clientID, "", *res.RefreshToken)
	wantAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")

	got, err := e.anon.GetDevice(ctx(), &cip.GetDeviceInput{AccessToken: res.AccessToken, DeviceKey: aws.String(d.key)})
	if err != nil || *got.Device.DeviceKey != d.key || deviceAttr(got.Device, "device_name") != "laptop" || deviceAttr(got.Device, "dev:device_remembered_status") != "remembered" {
		t.Fatalf("GetDevice: %v %+v", err, got)
	}
	list, err := e.anon.ListDevices(ctx(), &cip.ListDevicesInput{AccessToken: res.AccessToken})
	if err != nil || len(list.Devices) != 1 {
		t.Fatalf("ListDevices: %v %+v", err, list)
	}
	if _, err := e.anon.ForgetDevice(ctx(), &cip.ForgetDeviceInput{AccessToken: res.AccessToken, DeviceKey: aws.String(d.key)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.deviceSignIn(f, d, d.secret.Password)
	wantAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
	_, err = e.anon.GetDevice(ctx(), &cip.GetDeviceInput{AccessToken: res.AccessToken, DeviceKey: aws.String(d.key)})
	wantAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
}

func deviceAttr(d *types.DeviceType, name string) string {
	for _, a := range d.DeviceAttributes {
		if *a.Name == name {
			return *a.Value
		}
	}
	return ""
}

func TestRememberedDeviceSkipsMFA(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	d := e.devicePool(f, true) // remembered only once the user says so
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	e.setMFA(f, nil, &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}, nil)

	// Not remembered: MFA first, then the device proves its secret, as
	// Cognito orders them.
	out, err := e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || out.ChallengeName != types.ChallengeNameTypeEmailOtp {
		t.Fatalf("a not-remembered device still gets MFA: %v %+v", err, out)
	}
	after, err := e.answer(f, types.ChallengeNameTypeEmailOtp, out.Session, "EMAIL_OTP_CODE", e.lastCode(f.poolID, f.username, kindAuthentication))
	if err != nil || after.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth {
		t.Fatalf("after EMAIL_OTP: %v %+v", err, after)
	}
	// The MFA challenge's Session carries on (amazon-cognito-identity-js
	// answers with it), good for DEVICE_SRP_AUTH alone.
	if *after.Session != *out.Session {
		t.Error("DEVICE_SRP_AUTH after MFA came with a new Session")
	}
	done, err := e.proveDevice(f, d, d.secret.Password, after.Session)
	if err != nil || done.AuthenticationResult == nil || done.AuthenticationResult.NewDeviceMetadata != nil {
		t.Fatalf("the device after EMAIL_OTP: %v %+v", err, done)
	}
	_, err = e.answer(f, types.ChallengeNameTypeEmailOtp, out.Session, "EMAIL_OTP_CODE", e.lastCode(f.poolID, f.username, kindAuthentication))
	wantAPIError(t, err, "NotAuthorizedException", msgInvalidSession)
	if _, err := e.anon.UpdateDeviceStatus(ctx(), &cip.UpdateDeviceStatusInput{AccessToken: done.AuthenticationResult.AccessToken, DeviceKey: aws.String(d.key),
		DeviceRememberedStatus: types.DeviceRememberedStatusTypeRemembered}); err != nil {
		t.Fatal(err)
	}
	out, err = e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("a remembered device skips MFA: %v %+v", err, out)
	}
}

func TestDeviceChallengeCannotSkipMFA(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	d := e.devicePool(f, true)
	e.mfaPool(f.poolID, types.UserPoolMfaTypeOptional)
	e.setMFA(f, nil, &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}, nil)
	out, err := e.deviceSignIn(f, d, d.secret.Password)
	if err != nil || out.ChallengeName != types.ChallengeNameTypeEmailOtp {
		t.Fatalf("want EMAIL_OTP first: %v %+v", err, out)
	}
	// The MFA challenge's Session does not answer DEVICE_SRP_AUTH.
	_, err = e.proveDevice(f, d, d.secret.Password, out.Session)
	wantAPIError(t, err, "NotAuthorizedException", msgInvalidSession)
}

func TestAdminDeviceOperations(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	d := e.devicePool(f, false)
	pool, user := aws.String(f.poolID), aws.String(f.username)
	list, err := e.admin.AdminListDevices(ctx(), &cip.AdminListDevicesInput{UserPoolId: pool, Username: user, Limit: aws.Int32(10)})
	if err != nil || len(list.Devices) != 1 || *list.Devices[0].DeviceKey != d.key {
		t.Fatalf("AdminListDevices: %v %+v", err, list)
	}
	if _, err := e.admin.AdminUpdateDeviceStatus(ctx(), &cip.AdminUpdateDeviceStatusInput{UserPoolId: pool, Username: user, DeviceKey: aws.String(d.key),
		DeviceRememberedStatus: types.DeviceRememberedStatusTypeNotRemembered}); err != nil {
		t.Fatal(err)
	}
	got, err := e.admin.AdminGetDevice(ctx(), &cip.AdminGetDeviceInput{UserPoolId: pool, Username: user, DeviceKey: aws.String(d.key)})
	if err != nil || deviceAttr(got.Device, "dev:device_remembered_status") != "not_remembered" {
		t.Fatalf("AdminGetDevice: %v", err)
	}
	if _, err := e.admin.AdminForgetDevice(ctx(), &cip.AdminForgetDeviceInput{UserPoolId: pool, Username: user, DeviceKey: aws.String(d.key)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.AdminGetDevice(ctx(), &cip.AdminGetDeviceInput{UserPoolId: pool, Username: user, DeviceKey: aws.String(d.key)})
	wantAPIError(t, err, "ResourceNotFoundException", "Device does not exist.")
	_, err = e.anon.AdminListDevices(ctx(), &cip.AdminListDevicesInput{UserPoolId: pool, Username: user})
	wantAPIError(t, err, "MissingAuthenticationTokenException", "")
}
