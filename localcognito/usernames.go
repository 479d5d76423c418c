package localcognito

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// User names, aliases and case sensitivity, as CreateUserPool sets them
// (they cannot change afterwards):
//
//   - UsernameAttributes [email, phone_number]: users sign up and sign in
//     with an email address or phone number, which must be unique in the
//     pool, verified or not. The user name proper is a UUID, equal to sub,
//     and is what USER_ID_FOR_SRP, tokens and AdminGetUser show; the SRP
//     verifier is keyed by it.
//   - AliasAttributes [email, phone_number, preferred_username]: users
//     have a user name of their own and may also sign in with a verified
//     email address or phone number, or a preferred_username. A user name
//     may not look like an alias attribute's value. An alias belongs to one
//     user: claiming one another user holds is AliasExistsException
//     (UsernameExistsException for a user being created), or, with
//     ForceAliasCreation, moves a verified email or phone number over and
//     leaves it unverified on the other user.
//   - UsernameConfiguration.CaseSensitive false: user names are stored in
//     lower case, and user names, emails and preferred user names match
//     whatever their case.
//
// Every API input naming a user goes through lookup, except ListUsers'
// filter, which compares the stored user name, as in Cognito.

var (
	emailFormat = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)
	phoneFormat = regexp.MustCompile(`^\+[0-9]{4,15}$`)
)

// fold is a user name or alias as stored and compared.
func (p *userPool) fold(s string) string {
	if p.caseInsensitive {
		return strings.ToLower(s)
	}
	return s
}

// signInAttrs are the attributes that may stand in for the user name.
func (p *userPool) signInAttrs() []string {
	if len(p.usernameAttrs) > 0 {
		return p.usernameAttrs
	}
	return p.aliasAttrs
}

// aliasValue is what attrs make of attr as a sign-in name: the value of a
// username attribute or a preferred_username alias, or of an email or
// phone number alias once verified; "" otherwise.
func (p *userPool) aliasValue(attrs []attribute, attr string) string {
	v := attrValue(attrs, attr)
	switch {
	case v == "":
		return ""
	case slices.Contains(p.usernameAttrs, attr):
		return v
	case !slices.Contains(p.aliasAttrs, attr):
		return ""
	case attr == "preferred_username" || attrValue(attrs, attr+"_verified") == "true":
		return v
	}
	return ""
}

func attrValue(attrs []attribute, name string) string {
	for _, a := range attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// withAttr returns attrs with name set to value, leaving attrs alone.
func withAttr(attrs []attribute, name, value string) []attribute {
	out := slices.Clone(attrs)
	for i := range out {
		if out[i].Name == name {
			out[i].Value = value
			return out
		}
	}
	return append(out, attribute{Name: name, Value: value})
}

// lookup finds the user a caller means: by user name, then by alias.
// Alias lookups scan the pool, which is fine at local-testing sizes.
func (p *userPool) lookup(name string) *user {
	if name == "" {
		return nil
	}
	key := p.fold(name)
	if u := p.users[key]; u != nil {
		return u
	}
	attrs := p.signInAttrs()
	if len(attrs) == 0 {
		return nil
	}
	for _, u := range p.users {
		for _, a := range attrs {
			if v := p.aliasValue(u.attrs, a); v != "" && p.fold(v) == key {
				return u
			}
		}
	}
	return nil
}

// newUserName checks the name a new user signs up or is created with and
// returns the user name to store and the attributes, with the email or
// phone number a username-attribute pool takes from the name.
func (p *userPool) newUserName(given string, attrs []attribute) (string, []attribute, *apiError) {
	if len(p.usernameAttrs) > 0 {
		email, phone := slices.Contains(p.usernameAttrs, "email"), slices.Contains(p.usernameAttrs, "phone_number")
		switch {
		case email && emailFormat.MatchString(given):
			return newUUID(), withAttr(attrs, "email", given), nil
		case phone && phoneFormat.MatchString(given):
			return newUUID(), withAttr(attrs, "phone_number", given), nil
		case email && phone:
			return "", nil, errInvalidParameter("Username should be either an email or a phone number.")
		case email:
			return "", nil, errInvalidParameter("Username should be an email.")
		}
		return "", nil, errInvalidParameter("Username should be a phone number.")
	}
	if slices.Contains(p.aliasAttrs, "email") && emailFormat.MatchString(given) {
		return "", nil, errInvalidParameter("Username cannot be of email format, since user pool is configured for email alias.")
	}
	if slices.Contains(p.aliasAttrs, "phone_number") && phoneFormat.MatchString(given) {
		return "", nil, errInvalidParameter("Username cannot be of phone number format, since user pool is configured for phone number alias.")
	}
	return p.fold(given), attrs, nil
}

func errAliasExists(attr string) *apiError {
	return newError(http.StatusBadRequest, "AliasExistsException", "An account with the given %s already exists.", attr)
}

// claimAliasesLocked checks that attrs, the attributes self (nil for a
// user being created) is about to have, give it no sign-in name another
// user holds. creating makes a clash UsernameExistsException, as SignUp
// and AdminCreateUser answer, and AliasExistsException otherwise; force
// (ForceAliasCreation) moves verified emails and phone numbers from their
// holder instead, leaving them unverified there. s.mu is held.
func (s *store) claimAliasesLocked(p *userPool, self *user, attrs []attribute, creating, force bool) *apiError {
	type clash struct {
		attr  string
		other *user
	}
	var moves []clash
	for _, a := range p.signInAttrs() {
		v := p.aliasValue(attrs, a)
		if v == "" {
			continue
		}
		key := p.fold(v)
		for _, o := range p.users {
			if o == self || p.aliasValue(o.attrs, a) == "" || p.fold(p.aliasValue(o.attrs, a)) != key {
				continue
			}
			if !force || len(p.usernameAttrs) > 0 || a == "preferred_username" {
				if creating {
					// A new user's taken alias is UsernameExistsException,
					// in alias pools too: AdminCreateUser declares no
					// AliasExistsException, and Cognito answers so.
					return newError(http.StatusBadRequest, "UsernameExistsException", "An account with the given %s already exists.", a)
				}
				return errAliasExists(a)
			}
			moves = append(moves, clash{a, o})
		}
	}
	for _, m := range moves {
		m.other.setAttr(m.attr+"_verified", "false")
		s.touchUser(p.id, m.other.username)
	}
	return nil
}

// usernameSettings are CreateUserPool's and the seed's sign-in settings.
type usernameSettings struct {
	UsernameAttributes    []string `json:"UsernameAttributes"`
	AliasAttributes       []string `json:"AliasAttributes"`
	UsernameConfiguration *struct {
		CaseSensitive *bool `json:"CaseSensitive"`
	} `json:"UsernameConfiguration"`
}

// check validates the settings.
func (in *usernameSettings) check() *apiError {
	if len(in.UsernameAttributes) > 0 && len(in.AliasAttributes) > 0 {
		return errInvalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
	}
	for i, a := range in.UsernameAttributes {
		if a != "email" && a != "phone_number" {
			return errValidation(quote(a), fmt.Sprintf("usernameAttributes.%d.member", i+1), "Member must satisfy enum value set: [phone_number, email]")
		}
	}
	for i, a := range in.AliasAttributes {
		if a != "email" && a != "phone_number" && a != "preferred_username" {
			return errValidation(quote(a), fmt.Sprintf("aliasAttributes.%d.member", i+1), "Member must satisfy enum value set: [phone_number, email, preferred_username]")
		}
	}
	return nil
}

// apply sets a new pool's sign-in settings; CaseSensitive defaults to
// true, as in the API (the console's default is false).
func (in *usernameSettings) apply(p *userPool) {
	p.usernameAttrs = slices.Compact(slices.Sorted(slices.Values(in.UsernameAttributes)))
	p.aliasAttrs = slices.Compact(slices.Sorted(slices.Values(in.AliasAttributes)))
	p.caseInsensitive = in.UsernameConfiguration != nil && in.UsernameConfiguration.CaseSensitive != nil &&
		!*in.UsernameConfiguration.CaseSensitive
}
