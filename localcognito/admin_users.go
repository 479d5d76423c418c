package localcognito

import (
	"regexp"
	"slices"
	"strings"
)

// Admin user operations beyond create/get/set-password/delete. Those
// that take the pool and user run under onUser, with the store locked.

func (s *Server) adminConfirmSignUp(rc *reqCtx, _ *userRef, _ *userPool, u *user) (any, *apiError) {
	if u.status != "UNCONFIRMED" {
		return nil, errNotAuthorized("User cannot be confirmed. Current status is %s", u.status)
	}
	confirmUser(u, "", rc)
	delete(u.codes, purposeSignUp)
	s.afterPostConfirmation(rc, u.username, "PostConfirmation_ConfirmSignUp")
	return struct{}{}, nil
}

func (s *Server) adminDisableUser(rc *reqCtx, _ *userRef, p *userPool, u *user) (any, *apiError) {
	u.enabled, u.modified = false, rc.now
	s.store.revokeUserLocked(p.id, u.username) // Cognito revokes the user's tokens too
	return struct{}{}, nil
}

func (s *Server) adminEnableUser(rc *reqCtx, _ *userRef, _ *userPool, u *user) (any, *apiError) {
	u.enabled, u.modified = true, rc.now
	return struct{}{}, nil
}

func (s *Server) adminUserGlobalSignOut(_ *reqCtx, _ *userRef, p *userPool, u *user) (any, *apiError) {
	s.store.revokeUserLocked(p.id, u.username)
	return struct{}{}, nil
}

// adminResetUserPassword sends a reset code; until ConfirmForgotPassword
// the user is RESET_REQUIRED and cannot sign in.
func (s *Server) adminResetUserPassword(rc *reqCtx, _ *userRef, p *userPool, u *user) (any, *apiError) {
	if s.sendResetCode(rc, p, u) == nil {
		return nil, errInvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
	}
	u.status, u.modified = "RESET_REQUIRED", rc.now
	return struct{}{}, nil
}

type adminAttributesInput struct {
	userRef
	UserAttributes []attribute `json:"UserAttributes"`
}

func (s *Server) adminUpdateUserAttributes(rc *reqCtx, in *adminAttributesInput) (any, *apiError) {
	if e := checkAttributes(in.UserAttributes); e != nil {
		rc.pool = in.UserPoolID
		return nil, e
	}
	return s.withUser(rc, in.userRef, func(p *userPool, u *user) (any, *apiError) {
		if _, e := s.applyAttributes(rc, p, u, in.UserAttributes); e != nil {
			return nil, e
		}
		return struct{}{}, nil
	})
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

func (s *Server) listUsers(rc *reqCtx, in *listUsersInput) (any, *apiError) {
	if in.Limit < 0 || in.Limit > 60 {
		return nil, errValidation(itoa(in.Limit), "limit", "Member must have value less than or equal to 60")
	}
	filter, e := parseFilter(in.Filter)
	if e != nil {
		return nil, e
	}
	return s.withPool(rc, in.UserPoolID, func(p *userPool) (any, *apiError) {
		var names []string
		for name, u := range p.users {
			if filter.match(u) {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		names, next, e := page(names, in.PaginationToken, cmpOr(in.Limit, 60))
		if e != nil {
			return nil, e
		}
		out := &listUsersOutput{PaginationToken: next, Users: []userType{}}
		for _, name := range names {
			out.Users = append(out.Users, listedUser(p.users[name], in.AttributesToGet))
		}
		return out, nil
	})
}

func listedUser(u *user, only []string) userType {
	v := userView(u)
	if only != nil {
		attrs := []attribute{} // none asked for is [], not null: the model has no null list
		for _, a := range u.allAttrs() {
			if slices.Contains(only, a.Name) {
				attrs = append(attrs, a)
			}
		}
		v.Attributes = attrs
	}
	v.MFAOptions = mfaOptions(u)
	return v
}

func cmpOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
