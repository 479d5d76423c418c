package localcognito

import (
	"encoding/base64"
	"slices"
	"strings"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Remembered devices: NewDeviceMetadata, ConfirmDevice, the device
// operations, and DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER sign-in.

// device holds only the SRP salt and verifier of the device password.
type device struct {
	key, groupKey, name string
	salt, verifier      []byte
	confirmed           bool
	status              string // remembered or not_remembered
	created, modified   time.Time
	lastAuth            time.Time
}

// maxPendingDevices bounds devices issued but never confirmed per user.
const maxPendingDevices = 20

const msgNoDevice = "Device does not exist."

func errNoDevice() *apiError { return errResourceNotFound(msgNoDevice) }

// newDeviceLocked issues a device as Cognito shapes them: the key is
// "<region>_<uuid>", the group key "-" and nine random characters.
func (s *Server) newDeviceLocked(rc *reqCtx, u *user) *newDeviceMetadataType {
	if u.devices == nil {
		u.devices = map[string]*device{}
	}
	pending := 0
	for k, d := range u.devices {
		if !d.confirmed {
			if pending++; pending >= maxPendingDevices {
				delete(u.devices, k)
			}
		}
	}
	d := &device{key: s.opts.Region + "_" + newUUID(), groupKey: "-" + randomString(mixedAlnum, 9),
		created: rc.now, modified: rc.now, status: "not_remembered"}
	u.devices[d.key] = d
	return &newDeviceMetadataType{DeviceKey: d.key, DeviceGroupKey: d.groupKey}
}

// deviceRemembered tells whether the sign-in's device is confirmed and
// remembered, so that it stands in for MFA.
func (s *Server) deviceRemembered(st *challengeState) (bool, *apiError) {
	d, e := s.signInDevice(st)
	if e != nil {
		return false, e
	}
	return d.confirmed && d.status == "remembered", nil
}

// signInDevice is a copy of the device the sign-in named, confirmed or not.
func (s *Server) signInDevice(st *challengeState) (*device, *apiError) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	var d *device
	if u := s.store.userLocked(st.poolID, st.username); u != nil {
		d = u.devices[st.deviceKey]
	}
	if d == nil {
		return nil, errNoDevice()
	}
	cp := *d
	return &cp, nil
}

func (s *Server) deviceSRPAuth(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	resp := in.ChallengeResponses
	if e := requireParams(resp, "DEVICE_KEY", "SRP_A"); e != nil {
		return nil, e
	}
	st, _, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	if resp["DEVICE_KEY"] != st.deviceKey {
		return nil, errNotAuthorized(msgInvalidSession).withReason("DEVICE_KEY differs from the sign-in's")
	}
	d, e := s.deviceCopy(st)
	if e != nil {
		return nil, e
	}
	// The device answers after its user has proved the password: nothing to hide.
	key, srpB, e := s.serverExchange(d.verifier, resp["SRP_A"], true)
	if e != nil {
		return nil, e
	}
	next := *st
	next.kind, next.next, next.srpKey = handleSRP, "DEVICE_PASSWORD_VERIFIER", key
	block := s.issueHandle(&next, rc.now)
	return &initiateAuthOutput{ChallengeName: "DEVICE_PASSWORD_VERIFIER", ChallengeParameters: map[string]string{
		"SALT": srp.SignedHex(d.salt), "SRP_B": srpB, "SECRET_BLOCK": block,
		"USERNAME": st.username, "DEVICE_KEY": st.deviceKey,
	}}, nil
}

// deviceCopy returns a copy of the sign-in's device.
func (s *Server) deviceCopy(st *challengeState) (*device, *apiError) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	u := s.store.userLocked(st.poolID, st.username)
	if u == nil {
		return nil, errUserNotFound()
	}
	d := u.devices[st.deviceKey]
	if d == nil || !d.confirmed {
		return nil, errNoDevice()
	}
	cp := *d
	return &cp, nil
}

func (s *Server) devicePasswordVerifier(rc *reqCtx, c *appClient, resp map[string]string) (*initiateAuthOutput, *apiError) {
	if e := requireParams(resp, "USERNAME", "DEVICE_KEY", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"); e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, resp["USERNAME"], resp["SECRET_HASH"]); e != nil {
		return nil, e
	}
	st, e := s.verifyClaim(rc, c, resp, resp["DEVICE_KEY"])
	if e != nil {
		return nil, e
	}
	d, e := s.deviceCopy(st)
	if e != nil {
		return nil, e
	}
	if !srp.Verify(st.srpKey, d.groupKey, d.key, resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]) {
		return nil, errIncorrectPassword("device claim signature does not verify")
	}
	s.store.mu.Lock()
	if u := s.store.userLocked(st.poolID, st.username); u != nil && u.devices[d.key] != nil {
		u.devices[d.key].lastAuth = rc.now
	}
	s.store.mu.Unlock()
	// A remembered device came before MFA and skips it; any other came
	// after MFA was answered.
	return s.tokensFor(rc, st)
}

// deviceInput is the device operations' input: the user's access token
// or, for the admin operations, the user's pool and name.
type deviceInput struct {
	tokenRef
	userRef
	DeviceKey                  string `json:"DeviceKey"`
	DeviceName                 string `json:"DeviceName"`
	DeviceRememberedStatus     string `json:"DeviceRememberedStatus"`
	Limit                      int    `json:"Limit"`
	PaginationToken            string `json:"PaginationToken"`
	DeviceSecretVerifierConfig *struct {
		PasswordVerifier string `json:"PasswordVerifier"`
		Salt             string `json:"Salt"`
	} `json:"DeviceSecretVerifierConfig"`
}

// deviceFunc is a device operation, run on the user the call names with
// the store locked.
type deviceFunc func(rc *reqCtx, in *deviceInput, p *userPool, u *user) (any, *apiError)

// onDevice is the handler of a device operation: the user is found by
// access token or, for admin calls, by name, as onTokenUser and onUser
// find them. needKey makes DeviceKey required.
func (s *Server) onDevice(admin, needKey bool, fn deviceFunc) handler {
	run := func(rc *reqCtx, in *deviceInput, p *userPool, u *user) (any, *apiError) {
		if needKey && in.DeviceKey == "" {
			return nil, errRequired("deviceKey")
		}
		return fn(rc, in, p, u)
	}
	if admin {
		return onUser(s, run)
	}
	return onTokenUser(s, run)
}

func (s *Server) confirmDevice(rc *reqCtx, in *deviceInput, p *userPool, u *user) (any, *apiError) {
	d := u.devices[in.DeviceKey]
	if d == nil {
		return nil, errNoDevice()
	}
	cfg := in.DeviceSecretVerifierConfig
	if cfg == nil {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig is required.")
	}
	salt, err1 := base64.StdEncoding.DecodeString(cfg.Salt)
	verifier, err2 := base64.StdEncoding.DecodeString(cfg.PasswordVerifier)
	if err1 != nil || err2 != nil || len(salt) == 0 {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig must hold base64 Salt and PasswordVerifier.")
	}
	if _, err := srp.NewServer(verifier); err != nil {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig.PasswordVerifier is not a valid SRP verifier.")
	}
	prompt := p.devices != nil && p.devices.DeviceOnlyRememberedOnUserPrompt
	d.salt, d.verifier, d.confirmed, d.name, d.modified = salt, verifier, true, in.DeviceName, rc.now
	d.status = "remembered"
	if prompt {
		d.status = "not_remembered"
	}
	return &confirmDeviceOutput{UserConfirmationNecessary: prompt}, nil
}

// deviceView is DeviceType.
func deviceView(d *device) deviceType {
	return deviceType{
		DeviceAttributes: []attribute{
			{Name: "device_status", Value: "valid"},
			{Name: "device_name", Value: d.name},
			{Name: "dev:device_remembered_status", Value: d.status},
		},
		DeviceCreateDate:            epoch(d.created),
		DeviceKey:                   d.key,
		DeviceLastAuthenticatedDate: epoch(d.lastAuth),
		DeviceLastModifiedDate:      epoch(d.modified),
	}
}

func getDevice(_ *reqCtx, in *deviceInput, _ *userPool, u *user) (any, *apiError) {
	d := u.devices[in.DeviceKey]
	if d == nil || !d.confirmed {
		return nil, errNoDevice()
	}
	return &getDeviceOutput{Device: deviceView(d)}, nil
}

// userAsResource answers a missing user as ResourceNotFoundException, for
// AdminGetDevice and AdminListDevices: Cognito's model declares no
// UserNotFoundException for them, as it does for the other admin device
// operations.
func userAsResource(h handler) handler {
	return func(rc *reqCtx, body []byte) (any, *apiError) {
		out, e := h(rc, body)
		if e != nil && e.Type == "UserNotFoundException" {
			e = errResourceNotFound("%s", e.Message).withReason(e.reason)
		}
		return out, e
	}
}

// listDevices pages through confirmed devices, oldest first.
func listDevices(_ *reqCtx, in *deviceInput, _ *userPool, u *user) (any, *apiError) {
	if in.Limit < 0 || in.Limit > 60 {
		return nil, errValidation(quote(itoa(in.Limit)), "limit", "Member must have value between 0 and 60")
	}
	var ds []*device
	for _, d := range u.devices {
		if d.confirmed {
			ds = append(ds, d)
		}
	}
	slices.SortFunc(ds, func(a, b *device) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	keys := make([]string, len(ds))
	byKey := map[string]*device{}
	for i, d := range ds {
		keys[i], byKey[d.key] = d.key, d
	}
	keys, next, e := page(keys, in.PaginationToken, cmpOr(in.Limit, 60))
	if e != nil {
		return nil, e
	}
	out := &listDevicesOutput{Devices: []deviceType{}, PaginationToken: next}
	for _, k := range keys {
		out.Devices = append(out.Devices, deviceView(byKey[k]))
	}
	return out, nil
}

func updateDeviceStatus(_ *reqCtx, in *deviceInput, _ *userPool, u *user) (any, *apiError) {
	d := u.devices[in.DeviceKey]
	if d == nil || !d.confirmed {
		return nil, errNoDevice()
	}
	switch in.DeviceRememberedStatus {
	case "remembered", "not_remembered":
		d.status = in.DeviceRememberedStatus
	default:
		return nil, errValidation(quote(in.DeviceRememberedStatus), "deviceRememberedStatus", "Member must satisfy enum value set: [remembered, not_remembered]")
	}
	return struct{}{}, nil
}

// forgetDevice removes a device; signing in with its key then fails.
func forgetDevice(_ *reqCtx, in *deviceInput, _ *userPool, u *user) (any, *apiError) {
	if u.devices[in.DeviceKey] == nil {
		return nil, errNoDevice()
	}
	delete(u.devices, in.DeviceKey)
	return struct{}{}, nil
}
