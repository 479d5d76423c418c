package localcognito

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Input checks with Coral's model-validation wording, which Cognito
// returns as InvalidParameterException.

func checkPoolID(field, v string) *apiError {
	if v == "" {
		return errRequired(field)
	}
	if len(v) > 55 {
		return errValidation(quote(v), field, "Member must have length less than or equal to 55")
	}
	return checkPattern(field, v, poolIDPattern, `[\w-]+_[0-9a-zA-Z]+`)
}

func checkClientID(field, v string) *apiError {
	if v == "" {
		return errRequired(field)
	}
	if len(v) > 128 {
		return errValidation(quote(v), field, "Member must have length less than or equal to 128")
	}
	return checkPattern(field, v, clientIDPattern, `[\w+]+`)
}

func checkName(field, v string) *apiError {
	if v == "" {
		return errRequired(field)
	}
	if utf8.RuneCountInString(v) > 128 {
		return errValidation(quote(v), field, "Member must have length less than or equal to 128")
	}
	return checkPattern(field, v, namePattern, `[\w\s+=,.@-]+`)
}

// checkUsername never echoes the value: user names are sensitive in the
// Cognito model, so AWS leaves them out of messages too.
func checkUsername(field, v string) *apiError {
	if v == "" {
		return errRequired(field)
	}
	if utf8.RuneCountInString(v) > 128 {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 128", field)
	}
	if !usernamePattern.MatchString(v) {
		return errInvalidParameter(`1 validation error detected: Value at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+`, field)
	}
	return nil
}

func checkPattern(field, v string, re *regexp.Regexp, pattern string) *apiError {
	if !re.MatchString(v) {
		return errValidation(quote(v), field, "Member must satisfy regular expression pattern: "+pattern)
	}
	return nil
}

func quote(v string) string { return "'" + truncate(v, 64) + "'" }

// passwordSymbols are the characters Cognito counts as special.
const passwordSymbols = "^$*.[]{}()?-\"!@#%&/\\,><':;|_~`+="

// checkPassword applies a pool's policy. Messages never include the password.
func checkPassword(field, pw string, p passwordPolicy) *apiError {
	n := utf8.RuneCountInString(pw)
	if n < 6 {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to 6", field)
	}
	if n > 256 {
		return errInvalidParameter("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 256", field)
	}
	var problem string
	switch {
	case n < p.MinimumLength:
		problem = "Password not long enough"
	case p.RequireLowercase && !strings.ContainsFunc(pw, unicode.IsLower):
		problem = "Password must have lowercase characters"
	case p.RequireUppercase && !strings.ContainsFunc(pw, unicode.IsUpper):
		problem = "Password must have uppercase characters"
	case p.RequireNumbers && !strings.ContainsFunc(pw, unicode.IsDigit):
		problem = "Password must have numeric characters"
	case p.RequireSymbols && !strings.ContainsAny(pw, passwordSymbols):
		problem = "Password must have symbol characters"
	default:
		return nil
	}
	return newError(http.StatusBadRequest, "InvalidPasswordException", "Password did not conform with policy: %s", problem)
}

// standardAttributes are the OIDC attributes every Cognito pool has.
var standardAttributes = map[string]bool{
	"address": true, "birthdate": true, "email": true, "email_verified": true,
	"family_name": true, "gender": true, "given_name": true, "locale": true,
	"middle_name": true, "name": true, "nickname": true, "phone_number": true,
	"phone_number_verified": true, "picture": true, "preferred_username": true,
	"profile": true, "updated_at": true, "website": true, "zoneinfo": true,
}

// checkAttributes validates names and the boolean *_verified values.
func checkAttributes(attrs []attribute) *apiError {
	for _, a := range attrs {
		switch {
		case a.Name == "sub":
			return errInvalidParameter("Cannot modify the non-mutable attribute sub")
		case a.Name == "":
			return errInvalidParameter("Attributes did not conform to the schema: attribute name is empty")
		case !standardAttributes[a.Name] && !strings.HasPrefix(a.Name, "custom:"):
			return errInvalidParameter("Attributes did not conform to the schema: %s: Attribute does not exist in the schema.", truncate(a.Name, 64))
		case strings.HasSuffix(a.Name, "_verified") && a.Value != "true" && a.Value != "false":
			return errInvalidParameter("Attributes did not conform to the schema: %s: Value must be true or false", a.Name)
		case utf8.RuneCountInString(a.Value) > 2048:
			return errInvalidParameter("Attributes did not conform to the schema: %s: Value is longer than 2048 characters", a.Name)
		}
	}
	return nil
}

// generatePassword makes a temporary password that satisfies any policy
// up to 99 characters; nobody learns it, so the user must be given one
// with AdminSetUserPassword.
func generatePassword(p passwordPolicy) string {
	n := max(p.MinimumLength, 16)
	return "Aa1!" + randomString(mixedAlnum, n)
}

func fmtField(parent string, i int, child string) string {
	return fmt.Sprintf("%s.%d.member.%s", parent, i+1, child)
}
