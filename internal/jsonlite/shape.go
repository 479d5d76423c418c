package jsonlite

import (
	"strconv"
	"strings"
)

// Shape is a Go value whose JSON is an object: a struct, described by its
// fields in the struct's order.
type Shape interface {
	Fields() []Field
}

// Field is one field of a shape: its struct tag ("name" or
// "name,omitempty") and its value.
type Field struct {
	tag   string
	codec Codec
}

// name is the field's JSON name.
func (f *Field) name() string {
	if i := strings.IndexByte(f.tag, ','); i >= 0 {
		return f.tag[:i]
	}
	return f.tag
}

// omitted says whether the field is left out of the JSON: its tag says
// omitempty and its value is empty.
func (f *Field) omitted() bool {
	e, ok := f.codec.(emptier)
	return ok && strings.HasSuffix(f.tag, ",omitempty") && e.empty()
}

// Codec reads and writes one Go value.
type Codec interface {
	DecodeJSON(d *Decoder, v *Value)
	EncodeJSON(w *Writer)
}

// emptier is a Codec whose value can be empty, for omitempty.
type emptier interface{ empty() bool }

// Custom is a field whose value c reads and writes. tag is the field's
// struct tag, such as "name" or "name,omitempty".
func Custom(tag string, c Codec) Field { return Field{tag, c} }

// Tag is the struct tag the field was made with.
func (f Field) Tag() string { return f.tag }

// String is a string field.
func String(tag string, p *string) Field { return Custom(tag, (*stringCodec)(p)) }

// Bool is a bool field.
func Bool(tag string, p *bool) Field { return Custom(tag, (*boolCodec)(p)) }

// Int is an int field.
func Int(tag string, p *int) Field { return Custom(tag, (*intCodec)(p)) }

// Float is a float64 field.
func Float(tag string, p *float64) Field { return Custom(tag, (*floatCodec)(p)) }

// Strings is a []string field.
func Strings(tag string, p *[]string) Field { return Custom(tag, (*stringsCodec)(p)) }

// StringMap is a map[string]string field.
func StringMap(tag string, p *map[string]string) Field { return Custom(tag, (*stringMapCodec)(p)) }

// Ptr is a field that points to a shape, described by fields.
func Ptr[T any](tag string, p **T, fields func(*T) []Field) Field {
	// Only these closures depend on T, so that each type adds little
	// code to the wasm.
	return Custom(tag, &ptrCodec{
		get: func(alloc bool) []Field {
			if *p == nil {
				if !alloc {
					return nil
				}
				*p = new(T)
			}
			return fields(*p)
		},
		clear: func() { *p = nil },
	})
}

// Slice is a field that holds a list of shapes, each described by fields.
func Slice[T any](tag string, p *[]T, fields func(*T) []Field) Field {
	return Custom(tag, sliceOf(p, fields))
}

func sliceOf[T any](p *[]T, fields func(*T) []Field) *sliceCodec {
	return &sliceCodec{
		len: func() int {
			if *p == nil {
				return -1
			}
			return len(*p)
		},
		make: func(n int) {
			if n < 0 {
				*p = nil
			} else {
				*p = make([]T, n)
			}
		},
		elem: func(i int) []Field { return fields(&(*p)[i]) },
	}
}

// Decoder is the state of one decoding: the path to the field being read,
// for errors, and the first error.
type Decoder struct {
	strict bool
	path   []string
	err    error
}

// TypeError is a JSON value of the wrong type for its field, as
// json.UnmarshalTypeError reports it.
type TypeError struct {
	// Field is the path to the field from the top, as in
	// "step.tokens.expiresIn" ("" for the top value itself). Map keys and
	// list positions are not part of it.
	Field string
	// Value is what the input holds: "number", "string", "bool", "array"
	// or "object", or "number 1.5" for a number the field cannot hold.
	Value string
	// Want is what the field takes: "string", "bool", "number", "array"
	// or "object".
	Want string
}

func (e *TypeError) Error() string {
	where := "the value"
	if e.Field != "" {
		where = "field " + e.Field
	}
	return "json: cannot unmarshal " + e.Value + " into " + where + " of type " + e.Want
}

// MalformedStringError is a string, in strict decoding, that is not
// well-formed Unicode: a lone UTF-16 surrogate, or invalid UTF-8. Read
// loosely it would become U+FFFD, so different inputs would read alike.
type MalformedStringError struct{ Field string }

func (e *MalformedStringError) Error() string {
	return "json: field " + e.Field + " is not well-formed Unicode (a lone surrogate or invalid UTF-8)"
}

// UnknownFieldError is a member that no field takes, in strict decoding.
type UnknownFieldError struct{ Name string }

func (e *UnknownFieldError) Error() string { return "json: unknown field " + strconv.Quote(e.Name) }

// Fail records err unless an earlier error is already recorded; decoding
// goes on, as encoding/json's does.
func (d *Decoder) Fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// TypeMismatch records that v is not what the current field takes.
func (d *Decoder) TypeMismatch(v *Value, want string) {
	d.Fail(&TypeError{Field: strings.Join(d.path, "."), Value: v.Kind.String(), Want: want})
}

// outOfRange records that the number v does not fit the current field.
func (d *Decoder) outOfRange(v *Value, want string) {
	d.Fail(&TypeError{Field: strings.Join(d.path, "."), Value: "number " + v.Text, Want: want})
}

// Object reads v into fields: members match fields by exact name, else
// by a case-insensitive one, and the last of duplicates wins.
func (d *Decoder) Object(v *Value, fields []Field) {
	switch v.Kind {
	case NullKind:
		return
	case ObjectKind:
	default:
		d.TypeMismatch(v, "object")
		return
	}
	for i := range v.Members {
		m := &v.Members[i]
		f := lookup(fields, m.Key)
		if f == nil {
			if d.strict {
				d.Fail(&UnknownFieldError{Name: m.Key})
			}
			continue
		}
		d.path = append(d.path, f.name())
		f.codec.DecodeJSON(d, &m.Value)
		d.path = d.path[:len(d.path)-1]
	}
}

func lookup(fields []Field, key string) *Field {
	for i := range fields {
		if fields[i].name() == key {
			return &fields[i]
		}
	}
	for i := range fields {
		if strings.EqualFold(fields[i].name(), key) {
			return &fields[i]
		}
	}
	return nil
}

// Unmarshal reads data, one JSON value, into s as json.Unmarshal would
// read it into the struct s describes.
func Unmarshal(data []byte, s Shape) error {
	v, err := Parse(data)
	if err != nil {
		return err
	}
	var d Decoder
	d.Object(&v, s.Fields())
	return d.err
}

// UnmarshalValue reads data, one JSON value, with c.
func UnmarshalValue(data []byte, c Codec) error {
	v, err := Parse(data)
	if err != nil {
		return err
	}
	var d Decoder
	c.DecodeJSON(&d, &v)
	return d.err
}

// DecodeStrict reads the first JSON value in data into s as a json.Decoder
// with DisallowUnknownFields would: a member no field takes, at any depth,
// is an *UnknownFieldError.
func DecodeStrict(data []byte, s Shape) error {
	v, err := ParseFirst(data)
	if err != nil {
		return err
	}
	d := Decoder{strict: true}
	d.Object(&v, s.Fields())
	return d.err
}

type stringCodec string

func (c *stringCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case StringKind:
		if v.Lossy && d.strict {
			d.Fail(&MalformedStringError{Field: strings.Join(d.path, ".")})
		}
		*c = stringCodec(v.Text)
	case NullKind:
	default:
		d.TypeMismatch(v, "string")
	}
}
func (c *stringCodec) EncodeJSON(w *Writer) { w.String(string(*c)) }
func (c *stringCodec) empty() bool          { return *c == "" }

type boolCodec bool

func (c *boolCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case BoolKind:
		*c = v.Text == "true"
	case NullKind:
	default:
		d.TypeMismatch(v, "bool")
	}
}
func (c *boolCodec) EncodeJSON(w *Writer) { w.Bool(bool(*c)) }
func (c *boolCodec) empty() bool          { return !bool(*c) }

type intCodec int

func (c *intCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case NumberKind:
		n, err := strconv.ParseInt(v.Text, 10, strconv.IntSize)
		if err != nil {
			d.outOfRange(v, "number")
			return
		}
		*c = intCodec(n)
	case NullKind:
	default:
		d.TypeMismatch(v, "number")
	}
}
func (c *intCodec) EncodeJSON(w *Writer) { w.Int(int(*c)) }
func (c *intCodec) empty() bool          { return *c == 0 }

type floatCodec float64

func (c *floatCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case NumberKind:
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			d.outOfRange(v, "number")
			return
		}
		*c = floatCodec(f)
	case NullKind:
	default:
		d.TypeMismatch(v, "number")
	}
}
func (c *floatCodec) EncodeJSON(w *Writer) { w.Float(float64(*c)) }
func (c *floatCodec) empty() bool          { return *c == 0 }

type stringsCodec []string

func (c *stringsCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case ArrayKind:
		list := make([]string, len(v.Items))
		for i := range v.Items {
			(*stringCodec)(&list[i]).DecodeJSON(d, &v.Items[i])
		}
		*c = list
	case NullKind:
		*c = nil
	default:
		d.TypeMismatch(v, "array")
	}
}
func (c *stringsCodec) EncodeJSON(w *Writer) { w.Strings(*c) }
func (c *stringsCodec) empty() bool          { return len(*c) == 0 }

type stringMapCodec map[string]string

func (c *stringMapCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case ObjectKind:
		if *c == nil {
			*c = make(stringMapCodec, len(v.Members))
		}
		for i := range v.Members {
			var s string
			(*stringCodec)(&s).DecodeJSON(d, &v.Members[i].Value)
			(*c)[v.Members[i].Key] = s
		}
	case NullKind:
		*c = nil
	default:
		d.TypeMismatch(v, "object")
	}
}
func (c *stringMapCodec) EncodeJSON(w *Writer) { w.StringMap(*c) }
func (c *stringMapCodec) empty() bool          { return len(*c) == 0 }

// ptrCodec reads and writes a pointer to a shape: get returns the
// shape's fields, allocating it first if alloc, or nil for a nil pointer.
type ptrCodec struct {
	get   func(alloc bool) []Field
	clear func()
}

func (c *ptrCodec) DecodeJSON(d *Decoder, v *Value) {
	if v.Kind == NullKind {
		c.clear()
		return
	}
	d.Object(v, c.get(true))
}

func (c *ptrCodec) EncodeJSON(w *Writer) {
	if fields := c.get(false); fields != nil {
		w.Object(fields)
		return
	}
	w.Null()
}

func (c *ptrCodec) empty() bool { return c.get(false) == nil }

// sliceCodec reads and writes a list of shapes: len is -1 for a nil
// list, make(n) replaces the list with n zero shapes (-1: nil), elem(i)
// returns the fields of the i-th.
type sliceCodec struct {
	len  func() int
	make func(n int)
	elem func(i int) []Field
}

func (c *sliceCodec) DecodeJSON(d *Decoder, v *Value) {
	switch v.Kind {
	case ArrayKind:
		c.make(len(v.Items))
		for i := range v.Items {
			d.Object(&v.Items[i], c.elem(i))
		}
	case NullKind:
		c.make(-1)
	default:
		d.TypeMismatch(v, "array")
	}
}

func (c *sliceCodec) EncodeJSON(w *Writer) {
	n := c.len()
	if n < 0 {
		w.Null()
		return
	}
	w.buf = append(w.buf, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.Object(c.elem(i))
	}
	w.buf = append(w.buf, ']')
}

func (c *sliceCodec) empty() bool { return c.len() <= 0 }

// UnmarshalStrings reads data, one JSON value, as json.Unmarshal would
// into a []string.
func UnmarshalStrings(data []byte) ([]string, error) {
	var list []string
	err := UnmarshalValue(data, (*stringsCodec)(&list))
	return list, err
}
