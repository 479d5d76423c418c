package localcognito

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func strAttr(name, value string) types.AttributeType {
	return types.AttributeType{Name: aws.String(name), Value: aws.String(value)}
}

// requiredPool creates a pool whose schema requires name and email.
func (e *env) requiredPool() string {
	e.t.Helper()
	out, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("required"), Schema: []types.SchemaAttributeType{
		{Name: aws.String("name"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true), Mutable: aws.Bool(true),
			StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("1"), MaxLength: aws.String("256")}},
		{Name: aws.String("email"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true)},
		{Name: aws.String("nickname"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(false)},
		{Name: aws.String("team"), AttributeDataType: types.AttributeDataTypeString}, // custom, not required
	}})
	if err != nil {
		e.t.Fatalf("CreateUserPool: %v", err)
	}
	return *out.UserPool.Id
}

// requiredOf lists the attributes SchemaAttributes marks Required.
func requiredOf(t *testing.T, e *env, poolID string) []string {
	t.Helper()
	out, err := e.admin.DescribeUserPool(ctx(), &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		t.Fatal(err)
	}
	var req []string
	for _, a := range out.UserPool.SchemaAttributes {
		if aws.ToBool(a.Required) {
			req = append(req, aws.ToString(a.Name))
		}
	}
	return req
}

func TestSchemaRequiredAttributes(t *testing.T) {
	e := newEnv(t)
	pool := e.requiredPool()
	if got := requiredOf(t, e, pool); !slices.Equal(got, []string{"sub", "name", "email"}) {
		t.Errorf("required SchemaAttributes = %v", got)
	}
	if got := requiredOf(t, e, e.createPool("plain")); !slices.Equal(got, []string{"sub"}) {
		t.Errorf("a pool without Schema requires %v", got)
	}
	_, err := e.admin.CreateUserPool(ctx(), &cip.CreateUserPoolInput{PoolName: aws.String("bad"), Schema: []types.SchemaAttributeType{
		{Name: aws.String("team"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true)},
	}})
	wantAPIError(t, err, "InvalidParameterException", "Required custom attributes are not supported currently.")
}

func TestSignUpNeedsRequiredAttributes(t *testing.T) {
	e := newEnv(t)
	pool := e.requiredPool()
	client, _ := e.createClient(pool, false)
	signUp := func(username string, attrs ...types.AttributeType) error {
		_, err := e.anon.SignUp(ctx(), &cip.SignUpInput{ClientId: aws.String(client), Username: aws.String(username),
			Password: aws.String("Passw0rd!"), UserAttributes: attrs})
		return err
	}
	wantAPIError(t, signUp("ann", strAttr("email", "ann@example.com")), "InvalidParameterException",
		"Attributes did not conform to the schema: name.formatted: The attribute name.formatted is required")
	wantAPIError(t, signUp("ann", strAttr("name", "")), "InvalidParameterException",
		"Attributes did not conform to the schema: name.formatted: The attribute name.formatted is required\nemail: The attribute email is required")
	if err := signUp("ann", strAttr("email", "ann@example.com"), strAttr("name", "Ann")); err != nil {
		t.Fatalf("SignUp with the required attributes: %v", err)
	}
}

func TestAdminCreateUserMayLackRequiredAttributes(t *testing.T) {
	// AdminCreateUser's reference: required attributes are supplied either
	// by the administrator or by the user when they first sign in.
	e := newEnv(t)
	f := fixture{poolID: e.requiredPool(), username: "bob", password: "Temp0rary!pass"}
	f.clientID, _ = e.createClient(f.poolID, false)
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{
		UserPoolId: aws.String(f.poolID), Username: aws.String(f.username), TemporaryPassword: aws.String(f.password),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{strAttr("email", "bob@example.com")},
	})
	if err != nil {
		t.Fatalf("AdminCreateUser without name: %v", err)
	}
	out, err := e.signIn(f.poolID, f.clientID, "", f.username, f.password).run()
	if err != nil || out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatalf("sign-in: %v %+v", err, out)
	}
	var req []string
	if err := json.Unmarshal([]byte(out.ChallengeParameters["requiredAttributes"]), &req); err != nil || !slices.Equal(req, []string{"userAttributes.name"}) {
		t.Fatalf("requiredAttributes = %q (%v)", out.ChallengeParameters["requiredAttributes"], err)
	}

	answer := func(responses map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
		responses["USERNAME"] = f.username
		responses["NEW_PASSWORD"] = "N3w-Passw0rd!"
		return e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{
			ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: aws.String(f.clientID),
			Session: out.Session, ChallengeResponses: responses,
		})
	}
	_, err = answer(map[string]string{})
	wantAPIError(t, err, "InvalidParameterException", "Invalid attributes given, name is missing")
	_, err = answer(map[string]string{"userAttributes.nickname": "b", "userAttributes.name": ""})
	wantAPIError(t, err, "InvalidParameterException", "Invalid attributes given, name is missing")
	if got, _ := e.admin.AdminGetUser(ctx(), &cip.AdminGetUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(f.username)}); got.UserStatus != types.UserStatusTypeForceChangePassword {
		t.Fatalf("a refused answer changed the status to %v", got.UserStatus)
	}
	done, err := answer(map[string]string{"userAttributes.name": "Bob"}) // the same session
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("answering with the required attribute: %v", err)
	}
	if got := adminGetAttr(t, e, f.poolID, f.username, "name"); got != "Bob" {
		t.Errorf("name = %q", got)
	}
	f.password = "N3w-Passw0rd!"
	e.mustTokens(f)
}

func TestNewPasswordListsOnlyMissingAttributes(t *testing.T) {
	e := newEnv(t)
	pool := e.requiredPool()
	client, _ := e.createClient(pool, false)
	_, err := e.admin.AdminCreateUser(ctx(), &cip.AdminCreateUserInput{
		UserPoolId: aws.String(pool), Username: aws.String("cy"), TemporaryPassword: aws.String("Temp0rary!pass"),
		MessageAction: types.MessageActionTypeSuppress,
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.signIn(pool, client, "", "cy", "Temp0rary!pass").run()
	if err != nil {
		t.Fatal(err)
	}
	if got := out.ChallengeParameters["requiredAttributes"]; got != `["userAttributes.name","userAttributes.email"]` {
		t.Fatalf("requiredAttributes = %s", got)
	}
	_, err = e.anon.RespondToAuthChallenge(ctx(), &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: aws.String(client), Session: out.Session,
		ChallengeResponses: map[string]string{"USERNAME": "cy", "NEW_PASSWORD": "N3w-Passw0rd!"},
	})
	wantAPIError(t, err, "InvalidParameterException", "Invalid attributes given, name and email is missing")
}

const requiredSeed = `
pools:
  - id: us-east-1_ReqPool001
    name: required
    requiredAttributes: [name, email]
    clients:
      - {id: reqclient0000000000000000001, name: web}
    users:
      - {username: dee, password: Temp0rary!, attributes: {email: dee@example.com}}
`

func TestSeedRequiredAttributes(t *testing.T) {
	dir := t.TempDir()
	e := newDurableEnv(t, dir)
	if err := e.srv.LoadSeed(strings.NewReader(requiredSeed)); err != nil {
		t.Fatal(err)
	}
	const pool = "us-east-1_ReqPool001"
	e.restart()
	if got := requiredOf(t, e, pool); !slices.Equal(got, []string{"sub", "name", "email"}) {
		t.Errorf("required SchemaAttributes after a restart = %v", got)
	}
	out, err := e.signIn(pool, "reqclient0000000000000000001", "", "dee", "Temp0rary!").run()
	if err != nil || out.ChallengeParameters["requiredAttributes"] != `["userAttributes.name"]` {
		t.Fatalf("seeded user's challenge: %v %+v", err, out)
	}

	err = e.srv.LoadSeed(strings.NewReader("pools:\n  - name: p\n    requiredAttributes: [shoe]\n"))
	if err == nil || !strings.Contains(err.Error(), "requiredAttributes: Required custom attributes are not supported currently.") {
		t.Fatalf("seed requiring an unknown attribute: %v", err)
	}
	err = e.srv.LoadSeed(strings.NewReader("pools:\n  - name: p\n    required: [name]\n"))
	if err == nil || !strings.Contains(err.Error(), "field required not found") {
		t.Fatalf("seed with an unknown key: %v", err)
	}
}
