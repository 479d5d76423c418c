// Package awsmodel holds JSON bodies to AWS's published model of the
// Cognito user-pool API: botocore's service-2.json, kept unmodified in
// testdata (see its SOURCE.md). It is for tests only: no package outside
// a _test.go file may import it, so neither the model nor regexp reaches
// the wasm or the servers.
package awsmodel

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sync"
)

//go:embed testdata/cognito-idp/2016-04-18/service-2.json
var cognitoJSON []byte

// Model is a service model: its operations and the shapes they use.
type Model struct {
	TargetPrefix string // "AWSCognitoIdentityProviderService", from X-Amz-Target
	Operations   map[string]*Operation
	Shapes       map[string]*Shape
}

// Operation is one API call: its input and output shapes (nil when the
// model has none) and the errors it declares.
type Operation struct {
	Name   string
	Input  *Ref
	Output *Ref
	Errors []Ref
}

// Ref names a shape.
type Ref struct {
	Shape string `json:"shape"`
}

// Shape is a model shape, with the constraints this package checks.
type Shape struct {
	Type            string         `json:"type"`
	Members         map[string]Ref `json:"members"`
	Required        []string       `json:"required"`
	Member          *Ref           `json:"member"` // list
	Key             *Ref           `json:"key"`    // map
	Value           *Ref           `json:"value"`  // map
	Enum            []string       `json:"enum"`
	Min             *float64       `json:"min"`
	Max             *float64       `json:"max"`
	Pattern         string         `json:"pattern"`
	Exception       bool           `json:"exception"`
	Document        bool           `json:"document"`
	TimestampFormat string         `json:"timestampFormat"`

	re *regexp.Regexp // Pattern, anchored and in RE2's syntax
}

var (
	cognitoOnce  sync.Once
	cognitoModel *Model
	cognitoErr   error
)

// Cognito is the model in testdata, loaded once.
func Cognito() (*Model, error) {
	cognitoOnce.Do(func() { cognitoModel, cognitoErr = Load(cognitoJSON) })
	return cognitoModel, cognitoErr
}

// Load reads a botocore service model. It fails on anything it could not
// check faithfully: an unknown shape type, a dangling reference, or a
// pattern with a Java construct RE2 has no translation for here.
func Load(data []byte) (*Model, error) {
	var raw struct {
		Metadata struct {
			Protocol     string `json:"protocol"`
			TargetPrefix string `json:"targetPrefix"`
		} `json:"metadata"`
		Operations map[string]*Operation `json:"operations"`
		Shapes     map[string]*Shape     `json:"shapes"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("awsmodel: %w", err)
	}
	if raw.Metadata.Protocol != "json" {
		return nil, fmt.Errorf("awsmodel: protocol %q: only the JSON protocol is checked", raw.Metadata.Protocol)
	}
	m := &Model{TargetPrefix: raw.Metadata.TargetPrefix, Operations: raw.Operations, Shapes: raw.Shapes}
	var errs []error
	ref := func(where string, r *Ref) {
		if r != nil && m.Shapes[r.Shape] == nil {
			errs = append(errs, fmt.Errorf("%s: no shape %q", where, r.Shape))
		}
	}
	for name, op := range m.Operations {
		op.Name = name
		ref(name+" input", op.Input)
		ref(name+" output", op.Output)
		for _, e := range op.Errors {
			ref(name+" error", &e)
			if s := m.Shapes[e.Shape]; s != nil && !s.Exception {
				errs = append(errs, fmt.Errorf("%s: error %s is not an exception shape", name, e.Shape))
			}
		}
	}
	for name, s := range m.Shapes {
		switch s.Type {
		case "structure":
			for member, r := range s.Members {
				ref(name+"."+member, &r)
			}
		case "list":
			ref(name+" member", s.Member)
		case "map":
			ref(name+" key", s.Key)
			ref(name+" value", s.Value)
		case "string", "integer", "long", "float", "double", "boolean", "blob":
		case "timestamp":
			if f := s.TimestampFormat; f != "" && f != "unixTimestamp" {
				errs = append(errs, fmt.Errorf("%s: timestampFormat %q is not checked", name, f))
			}
		default:
			errs = append(errs, fmt.Errorf("%s: type %q is not checked", name, s.Type))
		}
		if s.Pattern != "" {
			re, err := compilePattern(s.Pattern)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
			s.re = re
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("awsmodel: %w", err)
	}
	return m, nil
}
