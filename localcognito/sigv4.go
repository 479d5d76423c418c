package localcognito

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SigV4 verification for the admin operations. It rebuilds the canonical
// request from exactly the headers the client says it signed, as AWS does.

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	sigV4Service   = "cognito-idp"
	amzDateLayout  = "20060102T150405Z"
	sigV4MaxSkew   = 15 * time.Minute
	msgBadSig      = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgBadToken    = "The security token included in the request is invalid."
	// msgContentHash is S3's wording for a body whose SHA-256 is not the
	// X-Amz-Content-Sha256 sent; the JSON services have no code of their
	// own for it, so it goes out as an InvalidSignatureException.
	msgContentHash = "The provided 'x-amz-content-sha256' header does not match what was computed."
)

// requiredSigned are the headers a signature must cover, each with the
// name AWS's "must be a 'SignedHeader'" message gives it. Without
// x-amz-target a captured AdminGetUser could be replayed as any other
// operation with the same body for as long as its date is current.
var requiredSigned = []struct{ name, display string }{
	{"host", "'Host' or ':authority'"},
	{"x-amz-date", "'X-Amz-Date'"},
	{"x-amz-target", "'X-Amz-Target'"},
}

func errMissingAuth() *apiError {
	return newError(http.StatusBadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token")
}

func errIncompleteSig(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "IncompleteSignatureException", format, args...)
}

func errInvalidSig(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "InvalidSignatureException", format, args...)
}

type sigV4Auth struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
}

// parseAuthorization splits "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
func parseAuthorization(h string) (*sigV4Auth, *apiError) {
	alg, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	if alg != sigV4Algorithm {
		return nil, errIncompleteSig("Authorization header requires the %s algorithm.", sigV4Algorithm)
	}
	params := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			params[k] = v
		}
	}
	var missing []string
	for _, k := range []string{"Credential", "Signature", "SignedHeaders"} {
		if params[k] == "" {
			missing = append(missing, fmt.Sprintf("Authorization header requires '%s' parameter.", k))
		}
	}
	if len(missing) > 0 {
		return nil, errIncompleteSig("%s", strings.Join(missing, " "))
	}
	scope := strings.Split(params["Credential"], "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return nil, errIncompleteSig("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", params["Credential"])
	}
	return &sigV4Auth{
		accessKey: scope[0], date: scope[1], region: scope[2], service: scope[3],
		signedHeaders: strings.Split(params["SignedHeaders"], ";"),
		signature:     params["Signature"],
	}, nil
}

// verifySigV4 checks r's Authorization against the configured credentials.
func (s *Server) verifySigV4(r *http.Request, body []byte, now time.Time) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return errMissingAuth()
	}
	auth, e := parseAuthorization(h)
	if e != nil {
		return e
	}
	amzDate, e := requestTime(r)
	if e != nil {
		return e
	}
	if e := s.checkScope(auth, amzDate, now); e != nil {
		return e
	}
	if e := checkSignedHeaders(auth.signedHeaders); e != nil {
		return e
	}
	if e := checkPresent(r, auth.signedHeaders); e != nil {
		return e
	}
	payloadHash, e := payloadHash(r, body)
	if e != nil {
		return e
	}
	canonical := canonicalRequest(r, auth.signedHeaders, payloadHash)
	scope := strings.Join([]string{auth.date, auth.region, auth.service, "aws4_request"}, "/")
	digest := sha256.Sum256([]byte(canonical))
	toSign := strings.Join([]string{sigV4Algorithm, amzDate.Format(amzDateLayout), scope, hex.EncodeToString(digest[:])}, "\n")
	want := hmacSHA256(signingKey(s.opts.SecretAccessKey, auth.date, auth.region, auth.service), toSign)
	got, err := hex.DecodeString(auth.signature)
	if err != nil || !hmac.Equal(got, want) {
		return errInvalidSig(msgBadSig)
	}
	return nil
}

func requestTime(r *http.Request) (time.Time, *apiError) {
	v := r.Header.Get("X-Amz-Date")
	if v == "" {
		return time.Time{}, errIncompleteSig("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	t, err := time.Parse(amzDateLayout, v)
	if err != nil {
		return time.Time{}, errIncompleteSig("Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", v)
	}
	return t, nil
}

// checkScope validates the credential scope and the clock skew, in the
// order and wording AWS uses.
func (s *Server) checkScope(a *sigV4Auth, t, now time.Time) *apiError {
	if a.accessKey != s.opts.AccessKeyID {
		return newError(http.StatusBadRequest, "UnrecognizedClientException", msgBadToken)
	}
	if day := t.Format("20060102"); a.date != day {
		return errInvalidSig("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", a.date, day, t.Format(amzDateLayout))
	}
	if a.region != s.opts.Region {
		return errInvalidSig("Credential should be scoped to a valid region. ")
	}
	if a.service != sigV4Service {
		return errInvalidSig("Credential should be scoped to correct service: '%s'. ", sigV4Service)
	}
	if t.Before(now.Add(-sigV4MaxSkew)) {
		return errInvalidSig("Signature expired: %s is now earlier than %s (%s - 15 min.)",
			t.Format(amzDateLayout), now.Add(-sigV4MaxSkew).UTC().Format(amzDateLayout), now.UTC().Format(amzDateLayout))
	}
	if t.After(now.Add(sigV4MaxSkew)) {
		return errInvalidSig("Signature not yet current: %s is still later than %s (%s + 15 min.)",
			t.Format(amzDateLayout), now.Add(sigV4MaxSkew).UTC().Format(amzDateLayout), now.UTC().Format(amzDateLayout))
	}
	return nil
}

// payloadHash is the SHA-256 of the body received, always: a claimed
// X-Amz-Content-Sha256 (UNSIGNED-PAYLOAD included) must equal it, so no
// signature leaves the body free to be swapped.
func payloadHash(r *http.Request, body []byte) (string, *apiError) {
	sum := sha256.Sum256(body)
	computed := hex.EncodeToString(sum[:])
	if claimed := r.Header.Get("X-Amz-Content-Sha256"); claimed != "" && !strings.EqualFold(claimed, computed) {
		return "", errInvalidSig(msgContentHash)
	}
	return computed, nil
}

// checkPresent wants every signed header in the request, as AWS does;
// Go keeps Host and Content-Length out of r.Header.
func checkPresent(r *http.Request, signed []string) *apiError {
	for _, name := range signed {
		if name != "host" && name != "content-length" && len(r.Header.Values(name)) == 0 {
			return errInvalidSig("'%s' is named as a SignedHeader, but it does not exist in the HTTP request.", name)
		}
	}
	return nil
}

// checkSignedHeaders wants lowercase names and the required ones present.
func checkSignedHeaders(signed []string) *apiError {
	for _, name := range signed {
		if name != strings.ToLower(name) || name == "" {
			return errIncompleteSig("Invalid SignedHeaders: header names must be lowercase.")
		}
	}
	for _, h := range requiredSigned {
		if !slices.Contains(signed, h.name) {
			return errInvalidSig("%s must be a 'SignedHeader' in the AWS Authorization.", h.display)
		}
	}
	return nil
}

func canonicalRequest(r *http.Request, signed []string, payloadHash string) string {
	var lines strings.Builder
	for _, name := range signed {
		lines.WriteString(name + ":" + headerValue(r, name) + "\n")
	}
	return strings.Join([]string{
		r.Method,
		canonicalURI(r.URL),
		canonicalQuery(r.URL),
		lines.String(),
		strings.Join(signed, ";"),
		payloadHash,
	}, "\n")
}

// headerValue joins a header's values with commas and collapses runs of
// spaces, per the SigV4 canonical form. Go moves Host and Content-Length
// out of r.Header, so those come from the request itself.
func headerValue(r *http.Request, name string) string {
	var values []string
	switch name {
	case "host":
		values = []string{r.Host}
	case "content-length":
		values = r.Header.Values(name)
		if len(values) == 0 && r.ContentLength >= 0 {
			values = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		values = r.Header.Values(name)
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(values, ",")
}

func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	return p
}

func canonicalQuery(u *url.URL) string {
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, sigV4Escape(k)+"="+sigV4Escape(v))
		}
	}
	return strings.Join(parts, "&")
}

// sigV4Escape is RFC 3986 encoding: everything but unreserved characters.
func sigV4Escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

func signingKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, "aws4_request")
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
