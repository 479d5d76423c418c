package jsonlitetest

import (
	"runtime"
	"testing"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/jsonlite"
)

type sample struct {
	S  string            `json:"s"`
	SO string            `json:"so,omitempty"`
	B  bool              `json:"b,omitempty"`
	I  int               `json:"i"`
	F  float64           `json:"f,omitempty"`
	L  []string          `json:"l,omitempty"`
	M  map[string]string `json:"m"`
	P  *inner            `json:"p,omitempty"`
	Q  []inner           `json:"q"`
}

type inner struct {
	Name  string `json:"name"`
	Inner *inner `json:"inner,omitempty"`
}

func sampleFields(s *sample) []jsonlite.Field {
	return []jsonlite.Field{
		jsonlite.String("s", &s.S), jsonlite.String("so,omitempty", &s.SO), jsonlite.Bool("b,omitempty", &s.B),
		jsonlite.Int("i", &s.I), jsonlite.Float("f,omitempty", &s.F), jsonlite.Strings("l,omitempty", &s.L),
		jsonlite.StringMap("m", &s.M), jsonlite.Ptr("p,omitempty", &s.P, innerFields), jsonlite.Slice("q", &s.Q, innerFields),
	}
}

func innerFields(n *inner) []jsonlite.Field {
	return []jsonlite.Field{jsonlite.String("name", &n.Name), jsonlite.Ptr("inner,omitempty", &n.Inner, innerFields)}
}

func TestCheck(t *testing.T) {
	Check(t, sampleFields)
	Check(t, innerFields)
}

// A shape that binds a tag to the wrong field, or leaves one out, fails.
func TestCheckCatchesMistakes(t *testing.T) {
	for name, fields := range map[string]func(*sample) []jsonlite.Field{
		"swapped": func(s *sample) []jsonlite.Field {
			f := sampleFields(s)
			f[0] = jsonlite.String("s", &s.SO)
			return f
		},
		"missing": func(s *sample) []jsonlite.Field { return sampleFields(s)[1:] },
		"omitempty": func(s *sample) []jsonlite.Field {
			f := sampleFields(s)
			f[0] = jsonlite.String("s,omitempty", &s.S)
			return f
		},
	} {
		r := &recorder{}
		done := make(chan struct{})
		go func() { defer close(done); Check(r, fields) }()
		<-done
		if !r.failed {
			t.Errorf("%s: Check passed", name)
		}
	}
}

type recorder struct{ failed bool }

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	runtime.Goexit()
}
