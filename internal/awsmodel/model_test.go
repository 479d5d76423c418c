package awsmodel

import (
	"strings"
	"testing"
)

func cognito(t *testing.T) *Model {
	t.Helper()
	m, err := Cognito()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLoad holds the model to what this package checks: Load refuses
// unknown types and patterns it cannot translate, so this test is where a
// refreshed model with a new construct fails first.
func TestLoad(t *testing.T) {
	m := cognito(t)
	if len(m.Operations) < 100 || m.TargetPrefix != "AWSCognitoIdentityProviderService" {
		t.Fatalf("%d operations, target prefix %q", len(m.Operations), m.TargetPrefix)
	}
	patterns := 0
	for name, s := range m.Shapes {
		if s.Pattern != "" {
			patterns++
			if s.re == nil {
				t.Errorf("%s: pattern %q not compiled", name, s.Pattern)
			}
		}
	}
	if patterns < 50 {
		t.Errorf("only %d patterns", patterns)
	}
	if _, err := Load([]byte(`{"metadata":{"protocol":"json"},"operations":{},"shapes":{"X":{"type":"string","pattern":"(?=a)a"}}}`)); err == nil {
		t.Error("a lookahead loaded")
	}
	if _, err := Load([]byte(`{"metadata":{"protocol":"json"},"operations":{},"shapes":{"X":{"type":"union"}}}`)); err == nil {
		t.Error("an unknown type loaded")
	}
}

// Each rule, shown able to fail: every bad body names what is wrong.
func TestChecks(t *testing.T) {
	m := cognito(t)
	long := strings.Repeat("a", 129)
	cases := []struct {
		name, op, dir, body string
		want                string // "" = conforms; else a piece of the error
	}{
		{"valid", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"abc","AuthParameters":{"USERNAME":"a"}}`, ""},
		{"undeclared member", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"abc","Extra":1}`, `member "Extra" is not declared`},
		{"missing required", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH"}`, `required member "ClientId" is missing`},
		{"string as number", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":5}`, "a number, want a string"},
		{"map as array", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"abc","AuthParameters":[]}`, "an array, want an object"},
		{"map value type", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"abc","AuthParameters":{"USERNAME":1}}`, `$.AuthParameters["USERNAME"]: a number, want a string`},
		{"null", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"abc","ClientMetadata":null}`, "null where ClientMetadataType"},
		{"bad enum", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP","ClientId":"abc"}`, `"USER_SRP" is not one of AuthFlowType's values`},
		{"too long", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"` + long + `"}`, "129 characters, over ClientIdType's maximum 128"},
		{"too short", "RespondToAuthChallenge", "in", `{"ChallengeName":"SMS_MFA","ClientId":"abc","Session":"short"}`, "5 characters, under SessionType's minimum 20"},
		{"pattern", "InitiateAuth", "in", `{"AuthFlow":"USER_SRP_AUTH","ClientId":"a b"}`, `"a b" does not match ClientIdType's pattern`},
		{"integer over max", "ListDevices", "in", `{"AccessToken":"t","Limit":61}`, "61 value, over QueryLimitType's maximum 60"},
		{"integer with a fraction", "ListDevices", "in", `{"AccessToken":"t","Limit":1.5}`, "1.5 is not a 32-bit integer"},
		{"integer as string", "ListDevices", "in", `{"AccessToken":"t","Limit":"5"}`, "a string, want an integer"},
		{"boolean as string", "SetUserMFAPreference", "in", `{"AccessToken":"t","SMSMfaSettings":{"Enabled":"true"}}`, "a string, want a boolean"},
		{"structure as string", "SetUserMFAPreference", "in", `{"AccessToken":"t","SMSMfaSettings":"on"}`, "a string, want an object"},
		{"list as object", "UpdateUserAttributes", "in", `{"AccessToken":"t","UserAttributes":{}}`, "an object, want an array"},
		{"blob not base64", "SetUICustomization", "in", `{"UserPoolId":"us-east-1_a","ImageFile":"not base64!"}`, "not base64"},
		{"timestamp as text", "AdminGetUser", "out", `{"Username":"a","UserCreateDate":"2024-01-01T00:00:00Z"}`, "a string, want a number"},
		{"timestamp", "AdminGetUser", "out", `{"Username":"a","UserCreateDate":1.7e9}`, ""},
		{"list under min", "DescribeUserPool", "out", `{"UserPool":{"SchemaAttributes":[]}}`, "0 entries, under SchemaAttributesListType's minimum 1"},
		{"no output shape, empty", "DeleteUser", "out", `{}`, ""},
		{"no output shape, members", "DeleteUser", "out", `{"Deleted":true}`, "the model has no shape"},
		{"not JSON", "GetUser", "out", `{"Username":`, "not JSON"},
		{"unknown operation", "GetUsers", "in", `{}`, "no such operation"},

		// The one deviation allowed: Cognito's own answer, only there.
		{"phone_number_verified answered", "DescribeUserPool", "out", `{"UserPool":{"SchemaAttributes":[{"Name":"phone_number_verified"}]}}`, ""},
		{"longer name answered", "DescribeUserPool", "out", `{"UserPool":{"SchemaAttributes":[{"Name":"phone_number_verifiedX"}]}}`, "22 characters, over CustomAttributeNameType's maximum 20"},
		{"phone_number_verified sent", "CreateUserPool", "in", `{"PoolName":"p","Schema":[{"Name":"phone_number_verified"}]}`, "21 characters, over CustomAttributeNameType's maximum 20"},

		{"declared error", "InitiateAuth", "err", `{"__type":"NotAuthorizedException","message":"Incorrect username or password."}`, ""},
		{"error with namespace", "InitiateAuth", "err", `{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"m"}`, ""},
		{"common error", "InitiateAuth", "err", `{"__type":"SerializationException","Message":"Unexpected field type"}`, ""},
		{"undeclared error", "InitiateAuth", "err", `{"__type":"CodeMismatchException","message":"m"}`, "does not declare it"},
		{"error member not declared", "InitiateAuth", "err", `{"__type":"NotAuthorizedException","message":"m","reason":"x"}`, `member "reason" is not declared`},
		{"common error member", "InitiateAuth", "err", `{"__type":"ThrottlingException","message":"m","retry":1}`, "member retry (a number) is not a message"},
		{"error message type", "InitiateAuth", "err", `{"__type":"NotAuthorizedException","message":5}`, "a number, want a string"},
		{"no __type", "InitiateAuth", "err", `{"message":"m"}`, "no __type"},
		{"error of no operation", "", "err", `{"__type":"NotAuthorizedException","message":"m"}`, "answers no operation"},
		{"common error of no operation", "", "err", `{"__type":"UnknownOperationException","message":"m"}`, ""},
	}
	for _, c := range cases {
		var err error
		switch c.dir {
		case "in":
			err = m.CheckInput(c.op, []byte(c.body))
		case "out":
			err = m.CheckOutput(c.op, []byte(c.body))
		default:
			err = m.CheckError(c.op, []byte(c.body))
		}
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && err == nil:
			t.Errorf("%s: no violation, want %q", c.name, c.want)
		case c.want != "" && !strings.Contains(err.Error(), c.want):
			t.Errorf("%s: %v\nwant %q", c.name, err, c.want)
		}
	}
}

// Patterns mean what they mean in Java, applied to the whole value.
func TestPatterns(t *testing.T) {
	cases := []struct {
		pattern string
		match   []string
		reject  []string
	}{
		{`[\w+]+`, []string{"abc_1+"}, []string{"", "a b", "x\n", "é"}},
		{`[\S]+`, []string{"pa$$word"}, []string{"a b", "a\x0Bb", "a\tb", ""}},
		{`[\w\s+=,.@-]+`, []string{"a b", "a\x0Bb"}, []string{"a\u00a0b"}},
		{`.*\{####\}.*`, []string{"code {####} here"}, []string{"a\r{####}", "a\u2028{####}", "{###}"}},
		{`(?s).*`, []string{"", "a\nb\r\u2028"}, nil},
		{`^[0-9A-Za-z\.\-_]*(?<!\.)$`, []string{"", "a.b", "bucket-1"}, []string{"a.", ".", "a b"}},
		{`^[0-9a-fA-F]+$`, []string{"00ff"}, []string{"00ff\n", "xy"}},
		{`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, []string{"alice", "ñ@x.com"}, []string{"a b", "a\u00a0b"}},
	}
	for _, c := range cases {
		re, err := compilePattern(c.pattern)
		if err != nil {
			t.Errorf("%s: %v", c.pattern, err)
			continue
		}
		for _, s := range c.match {
			if !re.MatchString(s) {
				t.Errorf("%s does not match %q", c.pattern, s)
			}
		}
		for _, s := range c.reject {
			if re.MatchString(s) {
				t.Errorf("%s matches %q", c.pattern, s)
			}
		}
	}
	// What RE2 cannot say, or says differently, is refused, never skipped.
	for _, p := range []string{`(?=a)a`, `a(?<=a)`, `a*+`, `a++`, `[a-z&&[^b]]`, `[[a]]`, `\p{javaLowerCase}`,
		`\p{IsAlphabetic}`, `\Qa\E`, `\bword`, `[a\S]`, `(?i)a`, `\u00e9`, `\v`, `[a`} {
		if re, err := compilePattern(p); err == nil {
			t.Errorf("%s compiled as %s", p, re)
		}
	}
}
