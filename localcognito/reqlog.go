package localcognito

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Request logging. Every request logs one line: request_id, op, status,
// duration, pool and client when known, outcome ("ok" or the error type)
// and, for errors, error and the log-only reason. None of these carry a
// password, code, token, SRP value or secret.
//
// With Options.LogBodies an operation's line also has request_body and
// response_body: the JSON with every value under a sensitive key replaced
// by "REDACTED", at any depth, keys compared case-insensitively (see
// sensitiveKey). A body that is not JSON is logged as its size only.

const redacted = "REDACTED"

// sensitiveKeys are redacted wherever they appear.
var sensitiveKeys = map[string]bool{
	"password": true, "new_password": true, "temporarypassword": true, "proposedpassword": true, "previouspassword": true,
	"password_claim_signature": true, "password_claim_secret_block": true, "secret_block": true,
	"srp_a": true, "srp_b": true, "salt": true, "passwordverifier": true,
	"secret_hash": true, "secrethash": true, "clientsecret": true, "secretcode": true,
	"session": true, "accesstoken": true, "idtoken": true, "refreshtoken": true, "refresh_token": true, "token": true,
	"confirmationcode": true, "code": true, "usercode": true, "answer": true,
	"device_password": true, "devicesecretverifierconfig": true,
}

// notSensitive end like sensitive keys but are not secret.
var notSensitive = map[string]bool{
	"paginationtoken": true, "nexttoken": true, "generatesecret": true, "tokentype": true,
}

// sensitiveKey reports whether a member's value must not be logged: the
// names above, and any name ending in _code (SMS_MFA_CODE, EMAIL_OTP_CODE,
// SOFTWARE_TOKEN_MFA_CODE, …), password, secret, token or _secret_block.
func sensitiveKey(k string) bool {
	k = strings.ToLower(k)
	if notSensitive[k] {
		return false
	}
	if sensitiveKeys[k] {
		return true
	}
	for _, suffix := range []string{"_code", "password", "secret", "token", "secret_block", "secret_hash"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return false
}

// redactJSON returns data as compact JSON with sensitive values redacted.
func redactJSON(data []byte) string {
	if len(bytes.TrimSpace(data)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return "(" + strconv.Itoa(len(data)) + " bytes, not JSON)"
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return "(" + strconv.Itoa(len(data)) + " bytes)"
	}
	return string(out)
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if sensitiveKey(k) {
				t[k] = redacted
			} else {
				t[k] = redactValue(child)
			}
		}
	case []any:
		for i := range t {
			t[i] = redactValue(t[i])
		}
	}
	return v
}

// noteBodies keeps an operation's redacted bodies for its log line.
func (s *Server) noteBodies(rc *reqCtx, body []byte, out any, e *apiError) {
	if !s.opts.LogBodies {
		return
	}
	rc.reqBody = redactJSON(body)
	var resp any = out
	if e != nil {
		resp = map[string]string{"__type": e.Type, "message": e.Message}
	}
	data, err := json.Marshal(resp)
	if err == nil {
		rc.respBody = redactJSON(data)
	}
}
