//go:build js && wasm

package main

import (
	"context"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
)

// The arguments of each method, by the JavaScript API's names.

//jsonlite:shape
type signInArgs struct {
	Username           string            `json:"username"`
	Password           string            `json:"password"`
	AuthFlow           string            `json:"authFlow"`
	PreferredChallenge string            `json:"preferredChallenge"`
	ClientMetadata     map[string]string `json:"clientMetadata"`
	Device             *auth.Device      `json:"device"`
}

//jsonlite:shape
type respondArgs struct {
	Step           *auth.Step        `json:"step"`
	Answers        map[string]string `json:"answers"`
	Password       string            `json:"password"`
	Device         *auth.Device      `json:"device"`
	ClientMetadata map[string]string `json:"clientMetadata"`
}

//jsonlite:shape
type tokenArgs struct {
	AccessToken string `json:"accessToken"`
}

//jsonlite:shape
type userArgs struct {
	Username       string            `json:"username"`
	Password       string            `json:"password"`
	Code           string            `json:"code"`
	NewPassword    string            `json:"newPassword"`
	Attributes     map[string]string `json:"attributes"`
	ClientMetadata map[string]string `json:"clientMetadata"`
}

//jsonlite:shape
type refreshArgs struct {
	RefreshToken string `json:"refreshToken"`
	AccessToken  string `json:"accessToken"`
	Username     string `json:"username"`
	DeviceKey    string `json:"deviceKey"`
}

//jsonlite:shape
type signOutArgs struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	Global       bool   `json:"global"`
}

//jsonlite:shape
type passwordArgs struct {
	AccessToken      string `json:"accessToken"`
	PreviousPassword string `json:"previousPassword"`
	ProposedPassword string `json:"proposedPassword"`
}

//jsonlite:shape
type attributeArgs struct {
	AccessToken string            `json:"accessToken"`
	Attributes  map[string]string `json:"attributes"`
	Attribute   string            `json:"attribute"`
	Code        string            `json:"code"`
}

//jsonlite:shape
type totpArgs struct {
	AccessToken  string `json:"accessToken"`
	Code         string `json:"code"`
	FriendlyName string `json:"friendlyName"`
}

//jsonlite:shape
type mfaArgs struct {
	AccessToken string           `json:"accessToken"`
	SMS         *auth.MFASetting `json:"sms"`
	TOTP        *auth.MFASetting `json:"totp"`
	Email       *auth.MFASetting `json:"email"`
}

//jsonlite:shape
type deviceArgs struct {
	AccessToken    string `json:"accessToken"`
	DeviceKey      string `json:"deviceKey"`
	DeviceGroupKey string `json:"deviceGroupKey"`
	DeviceName     string `json:"deviceName"`
	Remember       bool   `json:"remember"`
}

var methods = map[string]method{
	"signIn": with(func(ctx context.Context, c *auth.Client, a *signInArgs) (any, error) {
		return c.SignIn(ctx, auth.SignInInput{
			Username: a.Username, Password: a.Password, AuthFlow: a.AuthFlow,
			PreferredChallenge: a.PreferredChallenge, ClientMetadata: a.ClientMetadata, Device: a.Device,
		})
	}),
	"respond": with(func(ctx context.Context, c *auth.Client, a *respondArgs) (any, error) {
		return c.Respond(ctx, auth.RespondInput{
			Step: a.Step, Answers: a.Answers, Password: a.Password, Device: a.Device, ClientMetadata: a.ClientMetadata,
		})
	}),
	"signUp": with(func(ctx context.Context, c *auth.Client, a *userArgs) (any, error) {
		return c.SignUp(ctx, auth.SignUpInput{Username: a.Username, Password: a.Password, Attributes: a.Attributes, ClientMetadata: a.ClientMetadata})
	}),
	"confirmSignUp": with(func(ctx context.Context, c *auth.Client, a *userArgs) (any, error) {
		return done(c.ConfirmSignUp(ctx, a.Username, a.Code, a.ClientMetadata))
	}),
	"resendConfirmationCode": with(func(ctx context.Context, c *auth.Client, a *userArgs) (any, error) {
		return c.ResendConfirmationCode(ctx, a.Username)
	}),
	"forgotPassword": with(func(ctx context.Context, c *auth.Client, a *userArgs) (any, error) {
		return c.ForgotPassword(ctx, a.Username)
	}),
	"confirmForgotPassword": with(func(ctx context.Context, c *auth.Client, a *userArgs) (any, error) {
		return done(c.ConfirmForgotPassword(ctx, a.Username, a.Code, a.NewPassword))
	}),
	"refresh": with(func(ctx context.Context, c *auth.Client, a *refreshArgs) (any, error) {
		return c.Refresh(ctx, auth.RefreshInput{RefreshToken: a.RefreshToken, AccessToken: a.AccessToken, Username: a.Username, DeviceKey: a.DeviceKey})
	}),
	"signOut": with(func(ctx context.Context, c *auth.Client, a *signOutArgs) (any, error) {
		return done(c.SignOut(ctx, auth.SignOutInput{AccessToken: a.AccessToken, RefreshToken: a.RefreshToken, Global: a.Global}))
	}),
	"getUser": with(func(ctx context.Context, c *auth.Client, a *tokenArgs) (any, error) {
		return c.GetUser(ctx, a.AccessToken)
	}),
	"deleteUser": with(func(ctx context.Context, c *auth.Client, a *tokenArgs) (any, error) {
		return done(c.DeleteUser(ctx, a.AccessToken))
	}),
	"changePassword": with(func(ctx context.Context, c *auth.Client, a *passwordArgs) (any, error) {
		return done(c.ChangePassword(ctx, a.AccessToken, a.PreviousPassword, a.ProposedPassword))
	}),
	"updateAttributes": with(func(ctx context.Context, c *auth.Client, a *attributeArgs) (any, error) {
		return c.UpdateAttributes(ctx, a.AccessToken, a.Attributes)
	}),
	"sendAttributeCode": with(func(ctx context.Context, c *auth.Client, a *attributeArgs) (any, error) {
		return c.SendAttributeCode(ctx, a.AccessToken, a.Attribute)
	}),
	"verifyAttribute": with(func(ctx context.Context, c *auth.Client, a *attributeArgs) (any, error) {
		return done(c.VerifyAttribute(ctx, a.AccessToken, a.Attribute, a.Code))
	}),
	"associateTotp": with(func(ctx context.Context, c *auth.Client, a *totpArgs) (any, error) {
		return c.AssociateTOTP(ctx, a.AccessToken)
	}),
	"verifyTotp": with(func(ctx context.Context, c *auth.Client, a *totpArgs) (any, error) {
		return done(c.VerifyTOTP(ctx, a.AccessToken, a.Code, a.FriendlyName))
	}),
	"setMfaPreference": with(func(ctx context.Context, c *auth.Client, a *mfaArgs) (any, error) {
		return done(c.SetMFAPreference(ctx, a.AccessToken, auth.MFAPreference{SMS: a.SMS, TOTP: a.TOTP, Email: a.Email}))
	}),
	"confirmDevice": with(func(ctx context.Context, c *auth.Client, a *deviceArgs) (any, error) {
		return c.ConfirmDevice(ctx, a.AccessToken, auth.NewDevice{Key: a.DeviceKey, GroupKey: a.DeviceGroupKey}, a.DeviceName)
	}),
	"rememberDevice": with(func(ctx context.Context, c *auth.Client, a *deviceArgs) (any, error) {
		return done(c.RememberDevice(ctx, a.AccessToken, a.DeviceKey, a.Remember))
	}),
	"forgetDevice": with(func(ctx context.Context, c *auth.Client, a *deviceArgs) (any, error) {
		return done(c.ForgetDevice(ctx, a.AccessToken, a.DeviceKey))
	}),
	"listDevices": with(func(ctx context.Context, c *auth.Client, a *tokenArgs) (any, error) {
		return c.ListDevices(ctx, a.AccessToken)
	}),
}
