//go:build js && wasm

package main

import (
	"context"
	"strconv"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

// clientOptions name the pool and app client; every call carries them.
//
//jsonlite:shape
type clientOptions struct {
	UserPoolID   string `json:"userPoolId"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	Region       string `json:"region"`
	Endpoint     string `json:"endpoint"`
	TOTPIssuer   string `json:"totpIssuer"`
	// Admin and Credentials are for Node only; auth refuses them in a
	// browser.
	Admin       bool              `json:"admin"`
	Credentials *auth.Credentials `json:"credentials"`
}

func (o *clientOptions) client() (*auth.Client, error) {
	return auth.New(auth.Config{
		UserPoolID:   o.UserPoolID,
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		Region:       o.Region,
		Endpoint:     o.Endpoint,
		TOTPIssuer:   o.TOTPIssuer,
		Admin:        o.Admin,
		Credentials:  o.Credentials,
	})
}

// method is one exported operation: its JSON arguments, decoded strictly,
// and the client to run it with.
type method func(ctx context.Context, c *auth.Client, args string) (any, error)

// with decodes a method's arguments into A before calling f.
func with[A any, P interface {
	*A
	jsonlite.Shape
}](f func(ctx context.Context, c *auth.Client, a *A) (any, error)) method {
	return func(ctx context.Context, c *auth.Client, raw string) (any, error) {
		a := new(A)
		if err := decode(raw, P(a)); err != nil {
			return nil, err
		}
		return f(ctx, c, a)
	}
}

// ok is the result of calls that return nothing.
var ok = struct{}{}

// done wraps calls that return only an error.
func done(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return ok, nil
}

// call(method, clientOptions, args) → the method's result.
func call(ctx context.Context, args []string) (any, error) {
	if len(args) != 3 {
		return nil, invalidParameter("expected 3 arguments, got " + strconv.Itoa(len(args)))
	}
	m, found := methods[args[0]]
	if !found {
		return nil, invalidParameter("unknown method " + strconv.Quote(args[0]))
	}
	var opts clientOptions
	if err := decode(args[1], &opts); err != nil {
		return nil, err
	}
	c, err := opts.client()
	if err != nil {
		return nil, err
	}
	return m(ctx, c, args[2])
}
