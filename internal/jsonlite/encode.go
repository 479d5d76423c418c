package jsonlite

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/sortedkeys"
)

// Writer builds JSON text as json.Marshal writes it.
type Writer struct {
	buf []byte
	err error
}

// ErrUnsupportedType is Marshal's error for a value of another type than
// those it takes.
var ErrUnsupportedType = errors.New("jsonlite: cannot encode a value of this type")

// Encoder is a value that writes its own JSON.
type Encoder interface {
	EncodeJSON(w *Writer)
}

// Marshal encodes v as json.Marshal would. v is a Shape, an Encoder, or
// one of nil, string, bool, int, float64, []string, map[string]string,
// map[string]bool and map[string]any whose values are any of these.
func Marshal(v any) ([]byte, error) {
	var w Writer
	w.Any(v)
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}

// Null writes null.
func (w *Writer) Null() { w.buf = append(w.buf, "null"...) }

// Bool writes true or false.
func (w *Writer) Bool(b bool) { w.buf = strconv.AppendBool(w.buf, b) }

// Int writes an integer.
func (w *Writer) Int(n int) { w.buf = strconv.AppendInt(w.buf, int64(n), 10) }

// Float writes a number as encoding/json does: like JavaScript, with an
// exponent only below 1e-6 or from 1e21.
func (w *Writer) Float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		w.fail(errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64)))
		w.Null()
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	w.buf = strconv.AppendFloat(w.buf, f, format, -1, 64)
	if n := len(w.buf); format == 'e' && n >= 4 && w.buf[n-4] == 'e' && w.buf[n-3] == '-' && w.buf[n-2] == '0' {
		// e-07 becomes e-7
		w.buf[n-2] = w.buf[n-1]
		w.buf = w.buf[:n-1]
	}
}

const hexDigits = "0123456789abcdef"

// String writes s quoted, escaped as encoding/json escapes it: the HTML
// characters <, > and &, control characters, U+2028 and U+2029, and
// invalid UTF-8 as U+FFFD.
func (w *Writer) String(s string) {
	b := append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	w.buf = append(append(b, s[start:]...), '"')
}

// Strings writes a list of strings; nil is null.
func (w *Writer) Strings(list []string) {
	if list == nil {
		w.Null()
		return
	}
	w.buf = append(w.buf, '[')
	for i, s := range list {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.String(s)
	}
	w.buf = append(w.buf, ']')
}

// StringMap writes a map with its keys in order, as encoding/json does;
// nil is null.
func (w *Writer) StringMap(m map[string]string) { writeMap(w, m, w.String) }

// Object writes fields in order, leaving out empty omitempty ones.
func (w *Writer) Object(fields []Field) {
	w.buf = append(w.buf, '{')
	n := 0
	for i := range fields {
		f := &fields[i]
		if f.omitted() {
			continue
		}
		w.key(n, f.name())
		n++
		f.codec.EncodeJSON(w)
	}
	w.buf = append(w.buf, '}')
}

// key writes the i-th key of an object and its colon.
func (w *Writer) key(i int, k string) {
	if i > 0 {
		w.buf = append(w.buf, ',')
	}
	w.String(k)
	w.buf = append(w.buf, ':')
}

// Any writes v, of one of the types Marshal takes.
func (w *Writer) Any(v any) {
	switch v := v.(type) {
	case nil:
		w.Null()
	case string:
		w.String(v)
	case bool:
		w.Bool(v)
	case int:
		w.Int(v)
	case float64:
		w.Float(v)
	case []string:
		w.Strings(v)
	case map[string]string:
		w.StringMap(v)
	case map[string]bool:
		writeMap(w, v, w.Bool)
	case map[string]any:
		writeMap(w, v, w.Any)
	case Shape:
		w.Object(v.Fields())
	case Encoder:
		v.EncodeJSON(w)
	default:
		w.fail(ErrUnsupportedType)
		w.Null()
	}
}

// WriteList writes a list of shapes, each described by fields; nil is null.
func WriteList[T any](w *Writer, list []T, fields func(*T) []Field) {
	sliceOf(&list, fields).EncodeJSON(w)
}

func writeMap[V any](w *Writer, m map[string]V, value func(V)) {
	if m == nil {
		w.Null()
		return
	}
	w.buf = append(w.buf, '{')
	for i, k := range sortedkeys.Of(m) {
		w.key(i, k)
		value(m[k])
	}
	w.buf = append(w.buf, '}')
}

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}
