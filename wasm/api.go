//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/auth"
)

// clientOptions are signIn's pool and client options.
type clientOptions struct {
	UserPoolID   string `json:"userPoolId"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	Region       string `json:"region"`
	Endpoint     string `json:"endpoint"`
}

type signInOptions struct {
	Username       string            `json:"username"`
	Password       string            `json:"password"`
	AuthFlow       string            `json:"authFlow"`
	ClientMetadata map[string]string `json:"clientMetadata"`
}

type respondOptions struct {
	ClientMetadata map[string]string `json:"clientMetadata"`
}

// signIn(clientOptions, signInOptions) → Step
func signIn(ctx context.Context, args []string) (any, error) {
	var (
		cfg  clientOptions
		opts signInOptions
	)
	if err := decodeArgs(args, &cfg, &opts); err != nil {
		return nil, err
	}
	client, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return client.SignIn(ctx, auth.SignInInput{
		Username:       opts.Username,
		Password:       opts.Password,
		AuthFlow:       opts.AuthFlow,
		ClientMetadata: opts.ClientMetadata,
	})
}

// respond(clientOptions, step, answers, respondOptions) → Step
func respond(ctx context.Context, args []string) (any, error) {
	var (
		cfg     clientOptions
		step    auth.Step
		answers map[string]string
		opts    respondOptions
	)
	if err := decodeArgs(args, &cfg, &step, &answers, &opts); err != nil {
		return nil, err
	}
	client, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return client.Respond(ctx, auth.RespondInput{Step: &step, Answers: answers, ClientMetadata: opts.ClientMetadata})
}

func newClient(o clientOptions) (*auth.Client, error) {
	return auth.New(auth.Config{
		UserPoolID:   o.UserPoolID,
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		Region:       o.Region,
		Endpoint:     o.Endpoint,
	})
}

// decodeArgs decodes every JSON argument into its target, in order.
func decodeArgs(args []string, targets ...any) error {
	if len(args) != len(targets) {
		return invalidParameter("expected %d arguments, got %d", len(targets), len(args))
	}
	for i, t := range targets {
		if err := decode(args[i], t); err != nil {
			return err
		}
	}
	return nil
}

// decode reads one JSON argument strictly, naming the offending field.
func decode(data string, v any) error {
	if data == "" || data == "null" {
		data = "{}"
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(data)))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return invalidParameter("%s", typeMessage(typeErr, v))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return invalidParameter("unknown option %s", field)
	}
	return invalidParameter("cannot read %s: %v", argName(v), err)
}

// typeMessage says which field had the wrong type and what it needs.
func typeMessage(e *json.UnmarshalTypeError, v any) string {
	field := e.Field
	if field == "" {
		field = argName(v)
	}
	switch {
	case e.Type.Kind() == reflect.String && isMapField(field):
		return fmt.Sprintf("%s values must be strings, not %s", field, e.Value)
	case e.Type.Kind() == reflect.String:
		return fmt.Sprintf("%s must be a string, not %s", field, e.Value)
	case e.Type.Kind() == reflect.Bool:
		return fmt.Sprintf("%s must be a boolean, not %s", field, e.Value)
	default:
		return fmt.Sprintf("%s must be an object, not %s", field, e.Value)
	}
}

func isMapField(field string) bool {
	return field == "clientMetadata" || field == "answers" || field == "challengeParameters" ||
		strings.HasPrefix(field, "clientMetadata.") || strings.HasPrefix(field, "challengeParameters.")
}

func argName(v any) string {
	switch v.(type) {
	case *auth.Step:
		return "step"
	case *map[string]string:
		return "answers"
	}
	return "options"
}

func invalidParameter(format string, args ...any) error {
	return &auth.Error{Name: auth.ErrInvalidParameter, Message: fmt.Sprintf(format, args...)}
}
