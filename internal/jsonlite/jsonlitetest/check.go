// Package jsonlitetest checks a jsonlite shape against the struct it
// describes, for tests: the shape must list the struct's json tags in the
// struct's order, and write and read the struct's JSON exactly as
// encoding/json does, for the zero value and for random values.
package jsonlitetest

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"slices"
	"testing/quick"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

type shape []jsonlite.Field

func (s shape) Fields() []jsonlite.Field { return s }

// TB is the part of *testing.T that Check uses.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Check holds fields, the jsonlite description of T, to T's json tags and
// to encoding/json.
func Check[T any](t TB, fields func(*T) []jsonlite.Field) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	var tags, got []string
	for i := 0; i < typ.NumField(); i++ {
		if f := typ.Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
			tags = append(tags, f.Tag.Get("json"))
		}
	}
	for _, f := range fields(new(T)) {
		got = append(got, f.Tag())
	}
	if !slices.Equal(got, tags) {
		t.Fatalf("%v: jsonlite fields %q, struct tags %q", typ, got, tags)
	}

	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		p := new(T)
		if i > 0 {
			v, ok := quick.Value(typ, rnd)
			if !ok {
				t.Fatalf("%v: no random values", typ)
			}
			reflect.ValueOf(p).Elem().Set(v)
		}
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("%v", err)
		}
		enc, err := jsonlite.Marshal(shape(fields(p)))
		if err != nil || string(enc) != string(want) {
			t.Fatalf("%v: jsonlite writes %s (%v)\nencoding/json %s", typ, enc, err, want)
		}
		a, b := new(T), new(T)
		if err := json.Unmarshal(want, a); err != nil {
			t.Fatalf("%v", err)
		}
		if err := jsonlite.Unmarshal(want, shape(fields(b))); err != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("%v: jsonlite reads %s as %+v (%v)\nencoding/json %+v", typ, want, b, err, a)
		}
	}
}
