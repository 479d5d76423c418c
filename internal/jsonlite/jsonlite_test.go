package jsonlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every test here holds jsonlite to encoding/json on the same input.

var parseSeeds = []string{
	`null`, `true`, `false`, `0`, `-0`, `1.5`, `-1.5e+10`, `1E-7`, `1e999`, `-1e999`, `123456789012345678901234567890`,
	`""`, `"a"`, `"\u00e9\ud83d\ude00"`, `"\ud83d"`, `"\ude00\ud83d"`, `"\ud83dx"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`,
	`"\"\\\/\b\f\n\r\t"`, "\"\xff\xfe\"", "\"\xed\xa0\x80\"", "\"é\"", "\"\x7f\"",
	`[]`, `[1,"a",null,[{}]]`, `{}`, `{"a":1,"a":2,"A":3}`, `{"a":{"b":[true,false]}}`,
	" \t\r\n{ \"k\" : [ 1 , 2 ] } \n",
	// not JSON
	``, ` `, `nul`, `tru`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `0x1`, `[1,]`, `{"a":1,}`, `{"a"}`, `{a:1}`,
	`[1 2]`, `"a`, "\"\x01\"", `"\x"`, `"\u12"`, `"\u12g4"`, `"\'"`, `{"a":1}x`, `{"a":1}{}`, `[`, `{`, `{"a":`, `NaN`, `Infinity`,
}

func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want any
		wantErr := json.Unmarshal(data, &want)
		v, err := Parse(data)
		if (err != nil) != (wantErr != nil && !isTypeError(wantErr)) {
			t.Fatalf("Parse(%q): error %v, encoding/json %v", data, err, wantErr)
		}
		if err != nil {
			return
		}
		got, err := v.Interface()
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("Interface(%q): error %v, encoding/json %v", data, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(%q) = %#v, encoding/json %#v", data, got, want)
		}
	})
}

func isTypeError(err error) bool {
	var te *json.UnmarshalTypeError
	return errors.As(err, &te)
}

func TestParseFirst(t *testing.T) {
	for _, s := range []string{`{"a":1} x`, `{"a":1}{}`, `[1]]`, ` "s"  "t"`, `{"a":1}`} {
		dec := json.NewDecoder(strings.NewReader(s))
		var want any
		wantErr := dec.Decode(&want)
		v, err := ParseFirst([]byte(s))
		got, _ := v.Interface()
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseFirst(%q) = %v, %v; json.Decoder %v, %v", s, got, err, want, wantErr)
		}
	}
}

// jsonlite stops at a depth of 1000 where encoding/json goes to 10000:
// deeper recursion overflows the stack of WebAssembly in a browser.
func TestMaxDepth(t *testing.T) {
	for n, ok := range map[int]bool{maxDepth: true, maxDepth + 1: false, 10000: false, 100000: false} {
		data := []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
		if _, err := Parse(data); (err == nil) != ok {
			t.Errorf("depth %d: error %v", n, err)
		}
		data = []byte(strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n))
		if v, err := Parse(data); (err == nil) != ok {
			t.Errorf("depth %d: error %v", n, err)
		} else if _, err := v.Interface(); err != nil {
			t.Errorf("depth %d: Interface: %v", n, err)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\`, "<a href='x'>&amp;</a>", "\x00\x01\b\f\n\r\t\x1f\x7f", "\u2028\u2029\u2027", "é😀", "\xff", "a\xe2\x80", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		var w Writer
		w.String(s)
		if !bytes.Equal(w.buf, want) {
			t.Fatalf("String(%q) = %s, encoding/json %s", s, w.buf, want)
		}
	})
}

func TestFloat(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 1e-6, 9.99e-7, 1e-7, 123456789, 1.7e9 + 0.123, 1e20, 1e21, 1.5e300, -2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, _ := json.Marshal(f)
		var w Writer
		w.Float(f)
		if string(w.buf) != string(want) {
			t.Errorf("Float(%v) = %s, encoding/json %s", f, w.buf, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := Marshal(f); err == nil {
			t.Errorf("Marshal(%v): no error", f)
		}
	}
}

// sample has a field of each kind jsonlite reads and writes.
type sample struct {
	S  string            `json:"s"`
	SO string            `json:"so,omitempty"`
	B  bool              `json:"b"`
	BO bool              `json:"bo,omitempty"`
	I  int               `json:"i"`
	IO int               `json:"io,omitempty"`
	F  float64           `json:"f"`
	FO float64           `json:"fo,omitempty"`
	L  []string          `json:"l"`
	LO []string          `json:"lo,omitempty"`
	M  map[string]string `json:"m"`
	MO map[string]string `json:"mo,omitempty"`
	P  *inner            `json:"p"`
	PO *inner            `json:"po,omitempty"`
	Q  []inner           `json:"q"`
	QO []inner           `json:"qo,omitempty"`
	// Folded names: both match "CASE" case-insensitively; the first wins.
	C1 string `json:"case"`
	C2 string `json:"Case"`
}

type inner struct {
	Name  string `json:"name"`
	Inner *inner `json:"inner,omitempty"`
}

func (s *sample) Fields() []Field {
	return []Field{
		String("s", &s.S), String("so,omitempty", &s.SO),
		Bool("b", &s.B), Bool("bo,omitempty", &s.BO),
		Int("i", &s.I), Int("io,omitempty", &s.IO),
		Float("f", &s.F), Float("fo,omitempty", &s.FO),
		Strings("l", &s.L), Strings("lo,omitempty", &s.LO),
		StringMap("m", &s.M), StringMap("mo,omitempty", &s.MO),
		Ptr("p", &s.P, innerFields), Ptr("po,omitempty", &s.PO, innerFields),
		Slice("q", &s.Q, innerFields), Slice("qo,omitempty", &s.QO, innerFields),
		String("case", &s.C1), String("Case", &s.C2),
	}
}

func innerFields(n *inner) []Field {
	return []Field{String("name", &n.Name), Ptr("inner,omitempty", &n.Inner, innerFields)}
}

func TestMarshalSample(t *testing.T) {
	for _, s := range []sample{
		{},
		{S: "<&>", SO: "x", B: true, BO: true, I: -3, IO: 7, F: 1.5, FO: 1e-9, L: []string{}, LO: []string{"a"},
			M: map[string]string{}, MO: map[string]string{"b": "1", "a": "2", "é": "3", "B": "4"},
			P: &inner{}, PO: &inner{Name: "n", Inner: &inner{Name: "m"}}, Q: []inner{}, QO: []inner{{Name: "q"}}, C1: "1", C2: "2"},
	} {
		want, err := json.Marshal(&s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Marshal(&s)
		if err != nil || string(got) != string(want) {
			t.Errorf("Marshal = %s, %v\nencoding/json  %s", got, err, want)
		}
	}
}

func TestMarshalAny(t *testing.T) {
	for _, v := range []any{
		nil, "s", true, 5, 2.5, []string(nil), []string{"a"}, map[string]string(nil),
		map[string]any{"z": 1, "a": map[string]bool{"y": true, "x": false}, "m": map[string]string(nil), "n": nil, "s": []string{}, "o": &sample{}},
	} {
		want, _ := json.Marshal(v)
		got, err := Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("Marshal(%#v) = %s, %v; encoding/json %s", v, got, err, want)
		}
	}
	if _, err := Marshal(struct{}{}); err == nil {
		t.Error("Marshal of an unknown type: no error")
	}
}

var decodeSeeds = []string{
	`{}`, `null`, `[]`, `5`, `"x"`,
	`{"s":"a","so":"b","b":true,"bo":false,"i":-3,"io":0,"f":1.5,"fo":-0,"l":["a",null],"lo":[],"m":{"k":"v","k":null},"mo":null,"p":{"name":"n","inner":{"name":"m"}},"po":null,"q":[{"name":"x"},null],"qo":[]}`,
	`{"S":"a","CASE":"c","case":"d","Case":"e","cAsE":"f"}`, `{"s":"a","s":"b","S":"c"}`,
	`{"s":5}`, `{"s":null}`, `{"b":"true"}`, `{"i":1.5}`, `{"i":1e3}`, `{"i":"1"}`, `{"i":99999999999999999999}`, `{"f":1e999}`, `{"f":true}`,
	`{"l":"a"}`, `{"l":[1]}`, `{"l":{}}`, `{"m":[]}`, `{"m":{"k":1}}`, `{"m":{"k":{}},"s":2}`, `{"p":"x"}`, `{"p":{"name":1}}`, `{"p":{"inner":{"name":[]}}}`,
	`{"q":{}}`, `{"q":[1]}`, `{"q":[{"name":true}]}`, `{"x":1}`, `{"p":{"x":1}}`, `{"x":1,"s":2}`, `{"s":2,"x":1}`, `{"q":[{"y":[]}]}`,
	`{"s":"a"} x`, `{"s":`, `{"ſ":1}`, `{"\u017f":"x"}`,
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want, got sample
		wantErr := json.Unmarshal(data, &want)
		err := Unmarshal(data, &got)
		compareErrors(t, data, err, wantErr)
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("Unmarshal(%q) = %+v\nencoding/json %+v", data, got, want)
		}
	})
}

func FuzzDecodeStrict(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want, got sample
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		wantErr := dec.Decode(&want)
		err := DecodeStrict(data, &got)
		var malformed *MalformedStringError
		if errors.As(err, &malformed) {
			// encoding/json reads it as U+FFFD; strict decoding refuses it.
			if utf8.Valid(data) && !bytes.Contains(data, []byte(`\u`)) && !bytes.Contains(data, []byte(`\U`)) {
				t.Fatalf("DecodeStrict(%q): %v, with neither escapes nor invalid UTF-8", data, err)
			}
			return
		}
		compareErrors(t, data, err, wantErr)
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodeStrict(%q) = %+v\nencoding/json %+v", data, got, want)
		}
	})
}

// compareErrors insists on the same outcome, and for type errors and
// unknown fields on the same details.
func compareErrors(t *testing.T, data []byte, err, wantErr error) {
	t.Helper()
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, encoding/json %v", data, err, wantErr)
	}
	var te *json.UnmarshalTypeError
	if errors.As(wantErr, &te) {
		var got *TypeError
		if !errors.As(err, &got) || got.Field != te.Field || got.Value != te.Value {
			t.Fatalf("%q: error %#v, encoding/json field %q value %q", data, err, te.Field, te.Value)
		}
		if want := kindWord(te.Type.Kind()); got.Want != want {
			t.Fatalf("%q: want %q, encoding/json's type %v", data, got.Want, te.Type)
		}
	}
	if name, ok := strings.CutPrefix(fmtError(wantErr), "json: unknown field "); ok {
		var got *UnknownFieldError
		if !errors.As(err, &got) || got.Error() != "json: unknown field "+name {
			t.Fatalf("%q: error %v, encoding/json %v", data, err, wantErr)
		}
	}
}

func fmtError(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func kindWord(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Float64:
		return "number"
	case reflect.Slice:
		return "array"
	}
	return "object"
}

func TestUnmarshalStrings(t *testing.T) {
	for _, s := range []string{`["a","b"]`, `[]`, `null`, `["a",null]`, `["a",1]`, `{}`, `"a"`, `[`, ``} {
		var want []string
		wantErr := json.Unmarshal([]byte(s), &want)
		got, err := UnmarshalStrings([]byte(s))
		if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("UnmarshalStrings(%q) = %#v, %v; encoding/json %#v, %v", s, got, err, want, wantErr)
		}
	}
}

func TestDecodeStrictRefusesMalformedStrings(t *testing.T) {
	for data, field := range map[string]string{
		`{"s":"pass\ud800"}`:      "s",
		`{"s":"\udbff"}`:          "s",
		`{"s":"\udc00\ud800"}`:    "s", // low then high: no pair
		`{"l":["ok","\ud800x"]}`:  "l",
		`{"m":{"k":"\ud800"}}`:    "m",
		`{"p":{"name":"\ud800"}}`: "p.name",
		"{\"s\":\"pass\xff\"}":    "s",
	} {
		var got sample
		err := DecodeStrict([]byte(data), &got)
		var malformed *MalformedStringError
		if !errors.As(err, &malformed) || malformed.Field != field {
			t.Errorf("DecodeStrict(%s): %v, want a MalformedStringError for %s", data, err, field)
		}
		// Read loosely, as encoding/json reads it: U+FFFD.
		if err := Unmarshal([]byte(data), &got); err != nil {
			t.Errorf("Unmarshal(%s): %v", data, err)
		}
	}
	for _, data := range []string{`{"s":"\ud83d\ude00"}`, `{"s":"\ufffd"}`, "{\"s\":\"\xef\xbf\xbd\"}", `{"s":"é"}`} {
		var got sample
		if err := DecodeStrict([]byte(data), &got); err != nil {
			t.Errorf("DecodeStrict(%s): %v", data, err)
		}
	}
}
