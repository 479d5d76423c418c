package localcognito

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// decode reads a request body into v. Unknown members are ignored, as
// AWS services do; wrong JSON types are SerializationException with the
// wording Cognito's protocol layer uses.
func decode(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return errSerialization(typeMessage(typeErr))
	}
	return errSerialization("Malformed JSON request body.")
}

func typeMessage(e *json.UnmarshalTypeError) string {
	switch {
	case e.Value == "object":
		return "Start of structure or map found where not expected."
	case e.Value == "array":
		return "Start of list found where not expected."
	case e.Type != nil && e.Type.Kind() == reflect.Map:
		return "Expected map or null"
	default:
		return "Unexpected field type"
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Response types are plain structs and maps; this cannot fail.
		panic("localcognito: encoding response: " + err.Error())
	}
	body := bytes.TrimRight(buf.Bytes(), "\n")
	setHeader(w, "Content-Type", jsonType)
	// Cognito sends a Content-Length, never a chunked body; AWS's Go SDK
	// intermittently fails to read chunked answers ("use of closed network
	// connection").
	setHeader(w, "Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeError sends e as Cognito does and returns the status written.
func writeError(w http.ResponseWriter, e *apiError) int {
	setHeader(w, "x-amzn-ErrorType", e.Type)
	setHeader(w, "x-amzn-ErrorMessage", headerText(e.Message))
	msgKey := "message"
	if e.capitalMessage {
		msgKey = "Message"
	}
	writeJSON(w, e.Status, map[string]string{"__type": e.Type, msgKey: e.Message})
	return e.Status
}

// headerText is s with control characters as spaces: a message can quote
// the caller's input (a client id with a NUL in it), and a header value
// holding one is not HTTP, which clients reject as a network failure.
func headerText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// epoch renders a time as Cognito does: seconds since the epoch, a JSON
// number with a fraction.
type epoch time.Time

func (t epoch) MarshalJSON() ([]byte, error) {
	return json.Marshal(float64(time.Time(t).UnixMilli()) / 1000)
}

// IsZero lets a member that may have no time be omitzero.
func (t epoch) IsZero() bool { return time.Time(t).IsZero() }
