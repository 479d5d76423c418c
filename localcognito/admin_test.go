package localcognito

import (
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestUserPoolLifecycle(t *testing.T) {
	e := newEnv(t)
	created, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("my pool")})
	if err != nil {
		t.Fatal(err)
	}
	p := created.UserPool
	if !regexp.MustCompile(`^us-east-1_[0-9A-Za-z]{9}$`).MatchString(*p.Id) || *p.Name != "my pool" {
		t.Fatalf("pool = %s %s", *p.Id, *p.Name)
	}
	if p.CreationDate == nil || time.Since(*p.CreationDate) > time.Minute || p.Policies.PasswordPolicy.MinimumLength == nil || *p.Policies.PasswordPolicy.MinimumLength != 8 {
		t.Fatalf("pool dates/policy = %v %+v", p.CreationDate, p.Policies.PasswordPolicy)
	}
	if *p.Arn != "arn:aws:cognito-idp:us-east-1:000000000000:userpool/"+*p.Id {
		t.Errorf("arn = %s", *p.Arn)
	}
	described, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: p.Id})
	if err != nil || *described.UserPool.Id != *p.Id {
		t.Fatalf("DescribeUserPool: %v", err)
	}
	_, err = e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("us-east-1_nothere00")})
	wantAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist.")
	_, err = e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("no-underscore")})
	wantAPIError(t, err, "InvalidParameterException", `1 validation error detected: Value 'no-underscore' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+`)
	_, err = e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("bad/name")})
	wantAPIError(t, err, "InvalidParameterException", "")
}

func TestCustomPasswordPolicy(t *testing.T) {
	e := newEnv(t)
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{
		PoolName: aws.String("lenient"),
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(10)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	poolID := out.UserPool.Id
	_, err = e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: poolID, Username: aws.String("u"), TemporaryPassword: aws.String("short1")})
	wantAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
	if _, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: poolID, Username: aws.String("u"), TemporaryPassword: aws.String("alllowercase")}); err != nil {
		t.Fatalf("a policy without character classes should accept lowercase only: %v", err)
	}
}

func TestUserPoolClients(t *testing.T) {
	e := newEnv(t)
	poolID := e.createPool("clients")
	out, err := e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String("server"), GenerateSecret: true})
	if err != nil {
		t.Fatal(err)
	}
	c := out.UserPoolClient
	if !regexp.MustCompile(`^[a-z0-9]{26}$`).MatchString(*c.ClientId) || !regexp.MustCompile(`^[a-z0-9]{51}$`).MatchString(aws.ToString(c.ClientSecret)) {
		t.Fatalf("client id/secret = %q/%q", *c.ClientId, aws.ToString(c.ClientSecret))
	}
	wantFlows := []types.ExplicitAuthFlowsType{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"}
	if len(c.ExplicitAuthFlows) != 3 || c.ExplicitAuthFlows[0] != wantFlows[0] || c.ExplicitAuthFlows[1] != wantFlows[1] || c.ExplicitAuthFlows[2] != wantFlows[2] {
		t.Errorf("default flows = %v, want %v", c.ExplicitAuthFlows, wantFlows)
	}
	d, err := e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: c.ClientId})
	if err != nil || *d.UserPoolClient.ClientSecret != *c.ClientSecret || *d.UserPoolClient.ClientName != "server" {
		t.Fatalf("DescribeUserPoolClient: %v", err)
	}
	other := e.createPool("other")
	_, err = e.admin.DescribeUserPoolClient(ctx(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(other), ClientId: c.ClientId})
	wantAPIError(t, err, "ResourceNotFoundException", "User pool client "+*c.ClientId+" does not exist.")

	bad := []struct {
		name  string
		flows []types.ExplicitAuthFlowsType
		msg   string
	}{
		{"mixed", []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "USER_PASSWORD_AUTH"}, "ExplicitAuthFlows cannot mix ALLOW_ values with the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH."},
		{"no refresh", []types.ExplicitAuthFlowsType{"ALLOW_USER_SRP_AUTH"}, "REFRESH_TOKEN_AUTH should always be allowed."},
		{"unknown", []types.ExplicitAuthFlowsType{"ALLOW_EVERYTHING"}, ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String("x"), ExplicitAuthFlows: tc.flows})
			wantAPIError(t, err, "InvalidParameterException", tc.msg)
		})
	}
	_, err = e.admin.CreateUserPoolClient(ctx(), &cip.CreateUserPoolClientInput{UserPoolId: aws.String("us-east-1_nothere00"), ClientName: aws.String("x")})
	wantAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist.")
}

func TestAdminUsers(t *testing.T) {
	e := newEnv(t)
	poolID := e.createPool("users")
	in := &cip.AdminCreateUserInput{
		UserPoolId: aws.String(poolID), Username: aws.String("carol"),
		TemporaryPassword: aws.String("Temp0rary!pass"), MessageAction: types.MessageActionTypeSuppress,
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("carol@example.com")}},
	}
	out, err := e.admin.AdminCreateUser(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	if *u.Username != "carol" || u.UserStatus != types.UserStatusTypeForceChangePassword || !u.Enabled || u.UserCreateDate == nil {
		t.Fatalf("created user = %+v", u)
	}
	if *u.Attributes[0].Name != "sub" || !uuidPattern.MatchString(*u.Attributes[0].Value) {
		t.Fatalf("first attribute should be a UUID sub: %v", *u.Attributes[0].Name)
	}
	_, err = e.admin.AdminCreateUser(ctx(), in)
	wantAPIError(t, err, "UsernameExistsException", "User account already exists")

	setPassword := func(permanent bool) types.UserStatusType {
		t.Helper()
		_, err := e.admin.AdminSetUserPassword(ctx(), &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("carol"), Password: aws.String(goodPassword), Permanent: permanent})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("carol")})
		if err != nil {
			t.Fatal(err)
		}
		return got.UserStatus
	}
	if s := setPassword(true); s != types.UserStatusTypeConfirmed {
		t.Errorf("permanent password -> %s", s)
	}
	if s := setPassword(false); s != types.UserStatusTypeForceChangePassword {
		t.Errorf("temporary password -> %s", s)
	}
	_, err = e.admin.AdminSetUserPassword(ctx(), &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("carol"), Password: aws.String("nouppercase1!")})
	wantAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters")
	_, err = e.admin.AdminSetUserPassword(ctx(), &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("carol"), Password: aws.String("Ab1!")})
	wantAPIError(t, err, "InvalidParameterException", "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6")

	if _, err := e.admin.AdminDeleteUser(ctx(), &cip.AdminDeleteUserInput{UserPoolId: aws.String(poolID), Username: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("carol")})
	wantAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.admin.AdminDeleteUser(ctx(), &cip.AdminDeleteUserInput{UserPoolId: aws.String(poolID), Username: aws.String("carol")})
	wantAPIError(t, err, "UserNotFoundException", "User does not exist.")
}

func TestAdminCreateUserValidation(t *testing.T) {
	e := newEnv(t)
	poolID := aws.String(e.createPool("validation"))
	attr := func(n, v string) []types.AttributeType {
		return []types.AttributeType{{Name: aws.String(n), Value: aws.String(v)}}
	}
	tests := []struct {
		name string
		in   cip.AdminCreateUserInput
		code string
		msg  string
	}{
		{"sub", cip.AdminCreateUserInput{UserAttributes: attr("sub", "x")}, "InvalidParameterException", "Cannot modify the non-mutable attribute sub"},
		{"unknown attribute", cip.AdminCreateUserInput{UserAttributes: attr("shoe_size", "9")}, "InvalidParameterException", "Attributes did not conform to the schema: shoe_size: Attribute does not exist in the schema."},
		{"verified not boolean", cip.AdminCreateUserInput{UserAttributes: attr("email_verified", "yes")}, "InvalidParameterException", "Attributes did not conform to the schema: email_verified: Value must be true or false"},
		{"message action", cip.AdminCreateUserInput{MessageAction: "SHOUT"}, "InvalidParameterException", ""},
		{"resend to nobody", cip.AdminCreateUserInput{MessageAction: types.MessageActionTypeResend}, "UserNotFoundException", "User does not exist."},
		{"weak temporary password", cip.AdminCreateUserInput{TemporaryPassword: aws.String("password")}, "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.UserPoolId, tc.in.Username = poolID, aws.String("dave")
			_, err := e.admin.AdminCreateUser(ctx(), &tc.in)
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
	t.Run("custom attributes and generated password", func(t *testing.T) {
		out, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{UserPoolId: poolID, Username: aws.String("erin"), UserAttributes: attr("custom:team", "blue")})
		if err != nil || out.User.UserStatus != types.UserStatusTypeForceChangePassword {
			t.Fatalf("create with generated password: %v", err)
		}
	})
}
