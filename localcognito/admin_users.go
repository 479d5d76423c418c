package localcognito

import (
	"regexp"
	"slices"
	"strings"
)

// Admin user operations beyond create/get/set-password/delete.

// withAdminUser decodes a user reference and runs fn with the store locked.
func (s *Server) withAdminUser(rc *reqCtx, body []byte, fn func(p *userPool, u *user) (any, *apiError)) (any, *apiError) {
	var in userRef
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	p, u, e := s.lockUser(rc, in)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	return fn(p, u)
}

func (s *Server) adminConfirmSignUp(rc *reqCtx, body []byte) (any, *apiError) {
	return s.withAdminUser(rc, body, func(_ *userPool, u *user) (any, *apiError) {
		if u.status != "UNCONFIRMED" {
			return nil, errNotAuthorized("User cannot be confirmed. Current status is %s", u.status)
		}
		confirmUser(u, "", rc)
		delete(u.codes, purposeSignUp)
		s.afterPostConfirmation(rc, u.username, "PostConfirmation_ConfirmSignUp")
		return struct{}{}, nil
	})
}

func (s *Server) adminDisableUser(rc *reqCtx, body []byte) (any, *apiError) {
	return s.withAdminUser(rc, body, func(p *userPool, u *user) (any, *apiError) {
		u.enabled, u.modified = false, rc.now
		s.store.revokeUserLocked(p.id, u.username) // Cognito revokes the user's tokens too
		return struct{}{}, nil
	})
}

func (s *Server) adminEnableUser(rc *reqCtx, body []byte) (any, *apiError) {
	return s.withAdminUser(rc, body, func(_ *userPool, u *user) (any, *apiError) {
		u.enabled, u.modified = true, rc.now
		return struct{}{}, nil
	})
}

func (s *Server) adminUserGlobalSignOut(rc *reqCtx, body []byte) (any, *apiError) {
	return s.withAdminUser(rc, body, func(p *userPool, u *user) (any, *apiError) {
		s.store.revokeUserLocked(p.id, u.username)
		return struct{}{}, nil
	})
}

// adminResetUserPassword sends a reset code; until ConfirmForgotPassword
// the user is RESET_REQUIRED and cannot sign in.
func (s *Server) adminResetUserPassword(rc *reqCtx, body []byte) (any, *apiError) {
	return s.withAdminUser(rc, body, func(p *userPool, u *user) (any, *apiError) {
		if s.sendResetCode(rc, p, u) == nil {
			return nil, errInvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
		}
		u.status, u.modified = "RESET_REQUIRED", rc.now
		return struct{}{}, nil
	})
}

type adminAttributesInput struct {
	userRef
	UserAttributes []attribute `json:"UserAttributes"`
}

func (s *Server) adminUpdateUserAttributes(rc *reqCtx, body []byte) (any, *apiError) {
	var in adminAttributesInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if e := checkAttributes(in.UserAttributes); e != nil {
		rc.pool = in.UserPoolID
		return nil, e
	}
	p, u, e := s.lockUser(rc, in.userRef)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	if _, e := s.applyAttributes(rc, p, u, in.UserAttributes); e != nil {
		return nil, e
	}
	return struct{}{}, nil
}

type listUsersInput struct {
	UserPoolID      string   `json:"UserPoolId"`
	Filter          string   `json:"Filter"`
	Limit           int      `json:"Limit"`
	PaginationToken string   `json:"PaginationToken"`
	AttributesToGet []string `json:"AttributesToGet"`
}

// Filter is `name = "value"` (exact) or `name ^= "value"` (prefix).
var filterPattern = regexp.MustCompile(`^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

var filterAttributes = []string{"username", "email", "phone_number", "name", "given_name", "family_name",
	"preferred_username", "cognito:user_status", "status", "sub"}

type userFilter struct {
	attr, value string
	prefix      bool
}

func parseFilter(f string) (*userFilter, *apiError) {
	if strings.TrimSpace(f) == "" {
		return nil, nil
	}
	m := filterPattern.FindStringSubmatch(f)
	if m == nil {
		return nil, errInvalidParameter("Error while parsing filter.")
	}
	if !slices.Contains(filterAttributes, m[1]) {
		return nil, errInvalidParameter("Invalid search attribute: %s", truncate(m[1], 64))
	}
	value := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[3])
	return &userFilter{attr: m[1], value: value, prefix: m[2] == "^="}, nil
}

func (f *userFilter) match(u *user) bool {
	if f == nil {
		return true
	}
	var v string
	switch f.attr {
	case "username":
		v = u.username
	case "sub":
		v = u.sub
	case "cognito:user_status":
		v = u.status
	case "status":
		v = map[bool]string{true: "Enabled", false: "Disabled"}[u.enabled]
	default:
		v, _ = u.attr(f.attr)
	}
	if f.prefix {
		return strings.HasPrefix(v, f.value)
	}
	return v == f.value
}

func (s *Server) listUsers(rc *reqCtx, body []byte) (any, *apiError) {
	var in listUsersInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if in.Limit < 0 || in.Limit > 60 {
		return nil, errValidation(itoa(in.Limit), "limit", "Member must have value less than or equal to 60")
	}
	filter, e := parseFilter(in.Filter)
	if e != nil {
		return nil, e
	}
	p, e := s.lockPool(rc, in.UserPoolID)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	var names []string
	for name, u := range p.users {
		if filter.match(u) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	limit := cmpOr(in.Limit, 60)
	names, next, e := page(names, in.PaginationToken, limit)
	if e != nil {
		return nil, e
	}
	users := []map[string]any{}
	for _, name := range names {
		users = append(users, listedUser(p.users[name], in.AttributesToGet))
	}
	out := map[string]any{"Users": users}
	if next != "" {
		out["PaginationToken"] = next
	}
	return out, nil
}

func listedUser(u *user, only []string) map[string]any {
	v := userView(u)
	if only != nil {
		var attrs []attribute
		for _, a := range u.allAttrs() {
			if slices.Contains(only, a.Name) {
				attrs = append(attrs, a)
			}
		}
		v["Attributes"] = attrs
	}
	if u.mfa.sms {
		v["MFAOptions"] = []map[string]string{{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}}
	}
	return v
}

func cmpOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
