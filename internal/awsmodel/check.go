package awsmodel

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CommonErrors may answer any operation of a JSON-protocol service
// though no operation declares them: the "Common Errors" every AWS API
// reference lists (AccessDeniedException, IncompleteSignature,
// InternalFailure, … ValidationError), in that spelling and as the JSON
// protocol sends them, and the protocol layer's own errors for
// credentials, signatures, bodies and targets.
var CommonErrors = []string{
	"AccessDeniedException",
	"ExpiredTokenException",
	"IncompleteSignature", "IncompleteSignatureException",
	"InternalFailure",
	"InvalidAction",
	"InvalidClientTokenId",
	"InvalidSignatureException",
	"MissingAuthenticationToken", "MissingAuthenticationTokenException",
	"NotAuthorized",
	"OptInRequired",
	"RequestExpired",
	"SerializationException",
	"ServiceUnavailable", "ServiceUnavailableException",
	"ThrottlingException",
	"UnknownOperationException",
	"UnrecognizedClientException",
	"ValidationError", "ValidationException",
}

// CheckInput checks a request body against op's input shape.
func (m *Model) CheckInput(op string, body []byte) error {
	o, err := m.operation(op)
	if err != nil {
		return err
	}
	return m.checkBody(op+" input", o.Input, body, false)
}

// CheckOutput checks a success answer's body against op's output shape.
func (m *Model) CheckOutput(op string, body []byte) error {
	o, err := m.operation(op)
	if err != nil {
		return err
	}
	return m.checkBody(op+" output", o.Output, body, true)
}

// CheckError checks an error answer's body: its __type names an error op
// declares, or a common one, and the rest fits that error's shape. op ""
// is an answer to no known operation, which only common errors may be.
func (m *Model) CheckError(op string, body []byte) error {
	v, err := decode(body)
	if err != nil {
		return fmt.Errorf("%s error: %w", op, err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s error: body is %s, not an object", op, kind(v))
	}
	t, _ := obj["__type"].(string)
	// The protocol allows a namespace before # (aws.cognito#Name).
	name := t[strings.LastIndexByte(t, '#')+1:]
	if name == "" {
		return fmt.Errorf("%s error: no __type", op)
	}
	delete(obj, "__type")
	var declared *Ref
	if o := m.Operations[op]; o != nil {
		for _, e := range o.Errors {
			if e.Shape == name {
				declared = &e
			}
		}
	}
	switch {
	case declared != nil:
		c := &checker{m: m, out: true}
		c.value("$", declared.Shape, obj)
		if err := c.err(); err != nil {
			return fmt.Errorf("%s error %s: %w", op, name, err)
		}
		return nil
	case slices.Contains(CommonErrors, name):
		// Their shape is the protocol's: a message, spelt either way.
		for k, v := range obj {
			if _, isString := v.(string); (k != "message" && k != "Message") || !isString {
				return fmt.Errorf("%s error %s: member %s (%s) is not a message", op, name, k, kind(v))
			}
		}
		return nil
	case op == "" || m.Operations[op] == nil:
		return fmt.Errorf("error %s answers no operation of the model (%q), and is not a common error", name, op)
	default:
		return fmt.Errorf("%s error %s: the operation does not declare it, nor is it a common error", op, name)
	}
}

func (m *Model) operation(op string) (*Operation, error) {
	o := m.Operations[op]
	if o == nil {
		return nil, fmt.Errorf("%s: no such operation in the model", op)
	}
	return o, nil
}

// checkBody checks a whole body: a JSON object of the shape, or with no
// shape (an operation without input or output) an empty one, or nothing.
func (m *Model) checkBody(where string, ref *Ref, body []byte, out bool) error {
	if ref == nil {
		if t := bytes.TrimSpace(body); len(t) == 0 || string(t) == "{}" {
			return nil
		}
		return fmt.Errorf("%s: the model has no shape, yet the body is %.80q", where, body)
	}
	v, err := decode(body)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	c := &checker{m: m, out: out}
	c.value("$", ref.Shape, v)
	if err := c.err(); err != nil {
		return fmt.Errorf("%s (%s): %w", where, ref.Shape, err)
	}
	return nil
}

// decode reads one JSON value, numbers kept as written.
func decode(body []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("body is not JSON: %w", err)
	}
	if d.More() {
		return nil, errors.New("body has more than one JSON value")
	}
	return v, nil
}

// checker walks a value and its shape, collecting every violation.
type checker struct {
	m          *Model
	out        bool // an answer, not a request
	violations []string
}

func (c *checker) fail(path, format string, args ...any) {
	c.violations = append(c.violations, path+": "+fmt.Sprintf(format, args...))
}

func (c *checker) err() error {
	if len(c.violations) == 0 {
		return nil
	}
	return errors.New(strings.Join(c.violations, "; "))
}

// knownDeviation is where Cognito's answers break its own model, allowed
// exactly: DescribeUserPool lists the standard attribute
// phone_number_verified (21 characters) in SchemaAttributes, whose Name
// the model bounds at 20.
func (c *checker) knownDeviation(shape, member string, v any) bool {
	return c.out && shape == "SchemaAttributeType" && member == "Name" && v == "phone_number_verified"
}

func (c *checker) value(path, shapeName string, v any) {
	s := c.m.Shapes[shapeName]
	if v == nil {
		// AWS's SDKs leave out what is unset; null is no value of any type.
		c.fail(path, "null where %s (%s) belongs", shapeName, s.Type)
		return
	}
	if s.Document {
		return
	}
	switch s.Type {
	case "structure":
		obj, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "%s, want an object (%s)", kind(v), shapeName)
			return
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ref, declared := s.Members[k]
			switch {
			case !declared:
				c.fail(path, "member %q is not declared by %s", k, shapeName)
			case c.knownDeviation(shapeName, k, obj[k]):
			default:
				c.value(path+"."+k, ref.Shape, obj[k])
			}
		}
		for _, k := range s.Required {
			if _, ok := obj[k]; !ok {
				c.fail(path, "required member %q is missing (%s)", k, shapeName)
			}
		}
	case "list":
		list, ok := v.([]any)
		if !ok {
			c.fail(path, "%s, want an array (%s)", kind(v), shapeName)
			return
		}
		c.limits(path, shapeName, s, float64(len(list)), "entries")
		for i, e := range list {
			c.value(path+"["+strconv.Itoa(i)+"]", s.Member.Shape, e)
		}
	case "map":
		obj, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "%s, want an object (%s)", kind(v), shapeName)
			return
		}
		c.limits(path, shapeName, s, float64(len(obj)), "entries")
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			c.value(path+"{key "+strconv.Quote(k)+"}", s.Key.Shape, k)
			c.value(path+"["+strconv.Quote(k)+"]", s.Value.Shape, obj[k])
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			c.fail(path, "%s, want a string (%s)", kind(v), shapeName)
			return
		}
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, str) {
			c.fail(path, "%q is not one of %s's values %v", str, shapeName, s.Enum)
		}
		c.limits(path, shapeName, s, float64(utf8.RuneCountInString(str)), "characters")
		if s.re != nil && !s.re.MatchString(str) {
			c.fail(path, "%.80q does not match %s's pattern %s", str, shapeName, s.Pattern)
		}
	case "integer", "long":
		n, ok := v.(json.Number)
		if !ok {
			c.fail(path, "%s, want an integer (%s)", kind(v), shapeName)
			return
		}
		bits := 64
		if s.Type == "integer" {
			bits = 32
		}
		i, err := strconv.ParseInt(string(n), 10, bits)
		if err != nil {
			c.fail(path, "%s is not a %d-bit integer (%s)", n, bits, shapeName)
			return
		}
		c.limits(path, shapeName, s, float64(i), "")
	case "float", "double", "timestamp":
		// The JSON protocol sends timestamps as seconds since the epoch.
		n, ok := v.(json.Number)
		if !ok {
			c.fail(path, "%s, want a number (%s)", kind(v), shapeName)
			return
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) {
			c.fail(path, "%s is not a number (%s)", n, shapeName)
			return
		}
		c.limits(path, shapeName, s, f, "")
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.fail(path, "%s, want a boolean (%s)", kind(v), shapeName)
		}
	case "blob":
		str, ok := v.(string)
		if !ok {
			c.fail(path, "%s, want a base64 string (%s)", kind(v), shapeName)
			return
		}
		b, err := base64.StdEncoding.DecodeString(str)
		if err != nil {
			c.fail(path, "not base64 (%s): %v", shapeName, err)
			return
		}
		c.limits(path, shapeName, s, float64(len(b)), "bytes")
	}
}

// limits checks min and max: a length, a count or a value.
func (c *checker) limits(path, shapeName string, s *Shape, n float64, unit string) {
	what := "value"
	if unit != "" {
		what = unit
	}
	if s.Min != nil && n < *s.Min {
		c.fail(path, "%v %s, under %s's minimum %v", n, what, shapeName, *s.Min)
	}
	if s.Max != nil && n > *s.Max {
		c.fail(path, "%v %s, over %s's maximum %v", n, what, shapeName, *s.Max)
	}
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}
