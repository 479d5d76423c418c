// Package jsonlite reads and writes JSON for a fixed set of Go shapes
// without reflection, to keep encoding/json (and the reflection it needs)
// out of the WebAssembly module: see docs/PERFORMANCE.md, section 5.
//
// A shape lists its fields once, each with its struct tag as written on
// the Go type and a pointer to where its value lives; the list serves
// both directions. What it writes is byte for byte what json.Marshal
// writes for the struct, and what it reads it reads as json.Unmarshal
// does (exact names first, then case-insensitive ones; null leaves a value
// alone; the first type error wins but decoding goes on). The tests hold
// both to encoding/json on the same inputs, and jsonlitetest checks each
// shape against its struct tags.
package jsonlite

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Kind is the type of a JSON value.
type Kind uint8

const (
	NullKind Kind = iota
	BoolKind
	NumberKind
	StringKind
	ArrayKind
	ObjectKind
)

// kindNames are encoding/json's words for each kind in its type errors.
var kindNames = [...]string{"null", "bool", "number", "string", "array", "object"}

func (k Kind) String() string { return kindNames[k] }

// Value is a parsed JSON value.
type Value struct {
	Kind Kind
	// Text is a string's contents, a number's literal, or a boolean's
	// "true" or "false".
	Text    string
	Items   []Value  // an array's elements
	Members []Member // an object's members in order, duplicates kept
	// Lossy marks a string that held a lone UTF-16 surrogate or invalid
	// UTF-8, which Text has as U+FFFD: strict decoding refuses it.
	Lossy bool
}

// Member is one name and value of a JSON object.
type Member struct {
	Key   string
	Value Value
}

// maxDepth limits nested arrays and objects. encoding/json allows 10000,
// but parsing that deep recurses past the stack a browser gives
// WebAssembly, which would end the module; no answer this package reads
// nests more than a few levels.
const maxDepth = 1000

var errEOF = errors.New("unexpected end of JSON input")

// Parse reads data, which must hold one JSON value and nothing else but
// white space, as json.Unmarshal requires.
func Parse(data []byte) (Value, error) {
	p := parser{data: data}
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.space()
	if p.pos < len(data) {
		return Value{}, p.unexpected("after top-level value")
	}
	return v, nil
}

// ParseFirst reads the first JSON value in data and ignores what follows,
// as a json.Decoder's first Decode does.
func ParseFirst(data []byte) (Value, error) {
	p := parser{data: data}
	return p.value(0)
}

type parser struct {
	data []byte
	pos  int
	// lossy says the last string read replaced something with U+FFFD.
	lossy bool
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// accept consumes c if it comes next.
func (p *parser) accept(c byte) bool {
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// unexpected is the error for the byte at p.pos, or for the input's end.
func (p *parser) unexpected(context string) error {
	if p.pos >= len(p.data) {
		return errEOF
	}
	return errors.New("invalid character " + strconv.QuoteRune(rune(p.data[p.pos])) + " " + context +
		" at offset " + strconv.Itoa(p.pos))
}

func (p *parser) value(depth int) (Value, error) {
	p.space()
	if p.pos >= len(p.data) {
		return Value{}, errEOF
	}
	switch c := p.data[p.pos]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return Value{}, errors.New("exceeded max depth")
		}
		p.pos++
		if c == '{' {
			return p.object(depth + 1)
		}
		return p.array(depth + 1)
	case c == '"':
		s, err := p.str()
		return Value{Kind: StringKind, Text: s, Lossy: p.lossy}, err
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", BoolKind)
	case c == 'f':
		return p.literal("false", BoolKind)
	case c == 'n':
		return p.literal("null", NullKind)
	}
	return Value{}, p.unexpected("looking for beginning of value")
}

func (p *parser) literal(word string, k Kind) (Value, error) {
	for i := 0; i < len(word); i++ {
		if !p.accept(word[i]) {
			return Value{}, p.unexpected("in literal " + word)
		}
	}
	if k == NullKind {
		word = ""
	}
	return Value{Kind: k, Text: word}, nil
}

func (p *parser) digits() int {
	n := 0
	for p.pos < len(p.data) && '0' <= p.data[p.pos] && p.data[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (Value, error) {
	start := p.pos
	p.accept('-')
	if !p.accept('0') && p.digits() == 0 {
		return Value{}, p.unexpected("in numeric literal")
	}
	if p.accept('.') && p.digits() == 0 {
		return Value{}, p.unexpected("after decimal point in numeric literal")
	}
	if p.accept('e') || p.accept('E') {
		if !p.accept('+') {
			p.accept('-')
		}
		if p.digits() == 0 {
			return Value{}, p.unexpected("in exponent of numeric literal")
		}
	}
	return Value{Kind: NumberKind, Text: string(p.data[start:p.pos])}, nil
}

// str reads a string whose opening quote is at p.pos. Like encoding/json
// it turns invalid UTF-8 and unpaired surrogates into U+FFFD.
func (p *parser) str() (string, error) {
	p.lossy = false
	p.pos++
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			p.pos++
			return string(p.data[start : p.pos-1]), nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.pos++
	}
	b := append([]byte(nil), p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(b), nil
		case c < 0x20:
			return "", p.unexpected("in string literal")
		case c == '\\':
			p.pos++
			if p.pos >= len(p.data) {
				return "", errEOF
			}
			e := p.data[p.pos]
			p.pos++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := p.hex4(p.pos)
				if r < 0 {
					return "", p.unexpected("in \\u hexadecimal character escape")
				}
				p.pos += 4
				if 0xD800 <= r && r < 0xE000 {
					// A high surrogate followed by an escaped low one is
					// one character; any other surrogate is U+FFFD.
					r2 := rune(-1)
					if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
						r2 = p.hex4(p.pos + 2)
					}
					if r < 0xDC00 && 0xDC00 <= r2 && r2 < 0xE000 {
						r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
						p.pos += 6
					} else {
						r, p.lossy = utf8.RuneError, true
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				p.pos--
				return "", p.unexpected("in string escape code")
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				p.lossy = true
			}
			b = utf8.AppendRune(b, r)
			p.pos += size
		}
	}
	return "", errEOF
}

// hex4 reads four hex digits at i, or returns -1.
func (p *parser) hex4(i int) rune {
	if i+4 > len(p.data) {
		return -1
	}
	var r rune
	for _, c := range p.data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

func (p *parser) object(depth int) (Value, error) {
	v := Value{Kind: ObjectKind}
	p.space()
	if p.accept('}') {
		return v, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return Value{}, p.unexpected("looking for beginning of object key string")
		}
		key, err := p.str()
		if err != nil {
			return Value{}, err
		}
		p.space()
		if !p.accept(':') {
			return Value{}, p.unexpected("after object key")
		}
		item, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Members = append(v.Members, Member{Key: key, Value: item})
		p.space()
		if p.accept('}') {
			return v, nil
		}
		if !p.accept(',') {
			return Value{}, p.unexpected("after object key:value pair")
		}
	}
}

func (p *parser) array(depth int) (Value, error) {
	v := Value{Kind: ArrayKind}
	p.space()
	if p.accept(']') {
		return v, nil
	}
	for {
		item, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Items = append(v.Items, item)
		p.space()
		if p.accept(']') {
			return v, nil
		}
		if !p.accept(',') {
			return Value{}, p.unexpected("after array element")
		}
	}
}

// Interface returns v as json.Unmarshal into an `any` would: nil, bool,
// float64, string, []any or map[string]any (the last of duplicate keys
// wins). A number beyond float64's range is a *TypeError, as there.
func (v *Value) Interface() (any, error) {
	switch v.Kind {
	case BoolKind:
		return v.Text == "true", nil
	case NumberKind:
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			return nil, &TypeError{Value: "number " + v.Text, Want: "number"}
		}
		return f, nil
	case StringKind:
		return v.Text, nil
	case ArrayKind:
		list := make([]any, len(v.Items))
		for i := range v.Items {
			item, err := v.Items[i].Interface()
			if err != nil {
				return nil, err
			}
			list[i] = item
		}
		return list, nil
	case ObjectKind:
		m := make(map[string]any, len(v.Members))
		for i := range v.Members {
			item, err := v.Members[i].Value.Interface()
			if err != nil {
				return nil, err
			}
			m[v.Members[i].Key] = item
		}
		return m, nil
	}
	return nil, nil
}
