package localcognito

import (
	"encoding/json"
	"slices"
	"strings"
)

// Required attributes (CreateUserPool Schema with Required true).
//
// Only standard attributes can be required: Cognito refuses a required
// custom attribute. A pool keeps the names of its required attributes;
// DescribeUserPool lists every standard attribute in SchemaAttributes with
// its Required flag, as Cognito does. Custom attributes given in Schema are
// accepted but not kept (users may still carry custom: attributes).
//
// Who must supply them, as in Cognito:
//   - SignUp refuses a user without all of them (InvalidParameterException
//     "Attributes did not conform to the schema: ...");
//   - AdminCreateUser (and seeding) does not: "any attributes that you
//     specify as required ... either you should supply (in your call to
//     AdminCreateUser) or the user should supply" (AdminCreateUser API
//     reference). The user supplies them in NEW_PASSWORD_REQUIRED, whose
//     requiredAttributes lists those still missing as a JSON array of
//     "userAttributes.<name>", and RespondToAuthChallenge must answer each
//     one, else "Invalid attributes given, <name> is missing".

// schemaAttrInput is SchemaAttributeType.
type schemaAttrInput struct {
	Name                       string          `json:"Name"`
	AttributeDataType          string          `json:"AttributeDataType"`
	DeveloperOnlyAttribute     bool            `json:"DeveloperOnlyAttribute"`
	Mutable                    *bool           `json:"Mutable"`
	Required                   bool            `json:"Required"`
	StringAttributeConstraints json.RawMessage `json:"StringAttributeConstraints"`
	NumberAttributeConstraints json.RawMessage `json:"NumberAttributeConstraints"`
}

// standardSchema is the standard part of SchemaAttributes in Cognito's
// order, with each attribute's type and constraints.
var standardSchema = []struct {
	name, kind string
	min, max   string
	mutable    bool
}{
	{"sub", "String", "1", "2048", false},
	{"name", "String", "0", "2048", true},
	{"given_name", "String", "0", "2048", true},
	{"family_name", "String", "0", "2048", true},
	{"middle_name", "String", "0", "2048", true},
	{"nickname", "String", "0", "2048", true},
	{"preferred_username", "String", "0", "2048", true},
	{"profile", "String", "0", "2048", true},
	{"picture", "String", "0", "2048", true},
	{"website", "String", "0", "2048", true},
	{"email", "String", "0", "2048", true},
	{"email_verified", "Boolean", "", "", true},
	{"gender", "String", "0", "2048", true},
	{"birthdate", "String", "10", "10", true},
	{"zoneinfo", "String", "0", "2048", true},
	{"locale", "String", "0", "2048", true},
	{"phone_number", "String", "0", "2048", true},
	{"phone_number_verified", "Boolean", "", "", true},
	{"address", "String", "0", "2048", true},
	{"updated_at", "Number", "0", "", true},
}

// requiredFromSchema validates Schema and returns the names of the
// required standard attributes, in the order given.
func requiredFromSchema(schema []schemaAttrInput) ([]string, *apiError) {
	var req []string
	for i, a := range schema {
		if a.Name == "" || len(a.Name) > 20 {
			return nil, errValidation(quote(a.Name), fmtField("schema", i, "name"), "Member must have length between 1 and 20")
		}
		switch a.AttributeDataType {
		case "", "String", "Number", "DateTime", "Boolean":
		default:
			return nil, errValidation(quote(a.AttributeDataType), fmtField("schema", i, "attributeDataType"), "Member must satisfy enum value set: [Number, String, DateTime, Boolean]")
		}
		if !a.Required {
			continue
		}
		if !standardAttributes[a.Name] || strings.HasSuffix(a.Name, "_verified") {
			return nil, errInvalidParameter("Required custom attributes are not supported currently.")
		}
		if !slices.Contains(req, a.Name) {
			req = append(req, a.Name)
		}
	}
	return req, nil
}

// requiredNames validates a seed's requiredAttributes.
func requiredNames(names []string) ([]string, *apiError) {
	schema := make([]schemaAttrInput, len(names))
	for i, n := range names {
		schema[i] = schemaAttrInput{Name: n, Required: true}
	}
	return requiredFromSchema(schema)
}

// schemaView is SchemaAttributes: every standard attribute with its
// Required flag.
func schemaView(p *userPool) []schemaAttributeType {
	out := make([]schemaAttributeType, 0, len(standardSchema))
	for _, a := range standardSchema {
		v := schemaAttributeType{
			AttributeDataType: a.kind,
			Mutable:           a.mutable,
			Name:              a.name,
			Required:          a.name == "sub" || slices.Contains(p.required, a.name),
		}
		switch a.kind {
		case "String":
			v.StringAttributeConstraints = &stringAttributeConstraintsType{MaxLength: a.max, MinLength: a.min}
		case "Number":
			v.NumberAttributeConstraints = &numberAttributeConstraintsType{MinValue: a.min}
		}
		out = append(out, v)
	}
	return out
}

// missingRequired lists the pool's required attributes attrs lacks (an
// empty value counts as missing).
func missingRequired(p *userPool, attrs []attribute) []string {
	var out []string
	for _, name := range p.required {
		if !slices.ContainsFunc(attrs, func(a attribute) bool { return a.Name == name && a.Value != "" }) {
			out = append(out, name)
		}
	}
	return out
}

// schemaKey is the name Cognito's schema errors give an attribute: the
// SCIM path for the parts of a name, the attribute name otherwise.
func schemaKey(name string) string {
	switch name {
	case "name":
		return "name.formatted"
	case "given_name":
		return "name.givenName"
	case "family_name":
		return "name.familyName"
	}
	return name
}

// errRequiredAttributes is SignUp's refusal of a user without the pool's
// required attributes.
func errRequiredAttributes(missing []string) *apiError {
	parts := make([]string, len(missing))
	for i, m := range missing {
		k := schemaKey(m)
		parts[i] = k + ": The attribute " + k + " is required"
	}
	return errInvalidParameter("Attributes did not conform to the schema: %s", strings.Join(parts, "\n"))
}

// errMissingChallengeAttributes is NEW_PASSWORD_REQUIRED's refusal of an
// answer that lacks a required attribute.
func errMissingChallengeAttributes(missing []string) *apiError {
	return errInvalidParameter("Invalid attributes given, %s is missing", strings.Join(missing, " and "))
}

// requiredAttributesParam is NEW_PASSWORD_REQUIRED's requiredAttributes.
func requiredAttributesParam(missing []string) string {
	list := make([]string, len(missing))
	for i, m := range missing {
		list[i] = userAttrPrefix + m
	}
	b, _ := json.Marshal(list)
	return string(b)
}
