package auth

import (
	"context"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// ConfirmDeviceResult is a newly confirmed device.
type ConfirmDeviceResult struct {
	// Device holds the credentials to keep for DEVICE_SRP_AUTH.
	Device *Device `json:"device"`
	// UserConfirmationNecessary: the pool remembers devices only on the
	// user's say-so; call RememberDevice to remember this one.
	UserConfirmationNecessary bool `json:"userConfirmationNecessary"`
}

// ConfirmDevice registers the device a sign-in reported as new: it makes
// a random device password and sends Cognito only its SRP verifier.
func (c *Client) ConfirmDevice(ctx context.Context, accessToken string, nd NewDevice, name string) (*ConfirmDeviceResult, error) {
	if err := required("deviceKey", nd.Key, "deviceGroupKey", nd.GroupKey); err != nil {
		return nil, err
	}
	secret, err := srp.NewDeviceSecret(nd.GroupKey, nd.Key)
	if err != nil {
		return nil, &Error{Name: ErrInternal, Message: err.Error(), cause: err}
	}
	in := map[string]any{
		"DeviceKey": nd.Key,
		"DeviceSecretVerifierConfig": map[string]string{
			"PasswordVerifier": secret.PasswordVerifier,
			"Salt":             secret.Salt,
		},
	}
	if name != "" {
		in["DeviceName"] = name
	}
	var out confirmDeviceOutput
	if err := c.withToken(ctx, "ConfirmDevice", accessToken, in, &out); err != nil {
		return nil, err
	}
	return &ConfirmDeviceResult{
		Device:                    &Device{Key: nd.Key, GroupKey: nd.GroupKey, Password: secret.Password},
		UserConfirmationNecessary: out.UserConfirmationNecessary,
	}, nil
}

//jsonlite:shape
type confirmDeviceOutput struct {
	UserConfirmationNecessary bool `json:"UserConfirmationNecessary"`
}

// RememberDevice sets whether a confirmed device is remembered.
func (c *Client) RememberDevice(ctx context.Context, accessToken, deviceKey string, remember bool) error {
	if err := required("deviceKey", deviceKey); err != nil {
		return err
	}
	status := "not_remembered"
	if remember {
		status = "remembered"
	}
	return c.withToken(ctx, "UpdateDeviceStatus", accessToken, map[string]any{"DeviceKey": deviceKey, "DeviceRememberedStatus": status}, &noOutput{})
}

// ForgetDevice makes Cognito forget a device.
func (c *Client) ForgetDevice(ctx context.Context, accessToken, deviceKey string) error {
	if err := required("deviceKey", deviceKey); err != nil {
		return err
	}
	return c.withToken(ctx, "ForgetDevice", accessToken, map[string]any{"DeviceKey": deviceKey}, &noOutput{})
}

// DeviceInfo is one of a user's devices.
type DeviceInfo struct {
	Key        string            `json:"deviceKey"`
	Attributes map[string]string `json:"attributes"`
	Created    float64           `json:"created,omitempty"`
	LastUsed   float64           `json:"lastUsed,omitempty"`
}

// ListDevices lists the signed-in user's devices.
func (c *Client) ListDevices(ctx context.Context, accessToken string) ([]DeviceInfo, error) {
	var out listDevicesOutput
	if err := c.withToken(ctx, "ListDevices", accessToken, map[string]any{"Limit": 60}, &out); err != nil {
		return nil, err
	}
	list := make([]DeviceInfo, 0, len(out.Devices))
	for _, d := range out.Devices {
		info := DeviceInfo{Key: d.DeviceKey, Attributes: map[string]string{}, Created: float64(d.DeviceCreateDate), LastUsed: float64(d.DeviceLastAuthenticatedDate)}
		for _, a := range d.DeviceAttributes {
			info.Attributes[a.Name] = a.Value
		}
		list = append(list, info)
	}
	return list, nil
}

//jsonlite:shape
type listDevicesOutput struct {
	Devices []deviceWire `json:"Devices"`
}

//jsonlite:shape
type deviceWire struct {
	DeviceKey                   string          `json:"DeviceKey"`
	DeviceAttributes            []attributeWire `json:"DeviceAttributes"`
	DeviceCreateDate            epochSeconds    `json:"DeviceCreateDate"`
	DeviceLastAuthenticatedDate epochSeconds    `json:"DeviceLastAuthenticatedDate"`
}
