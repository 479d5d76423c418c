package localcognito

// The answers' shapes. Each is named after the shape of Cognito's API
// model it stands for, with a lower-case first letter: XxxType shapes
// keep their name (userPoolType is UserPoolType), and an operation's
// XxxResponse is xxxOutput; an output several operations share is named
// after the first of them (initiateAuthOutput) or after what it holds
// (userPoolOutput). They have the members localcognito fills in; one that
// Cognito leaves out when it has no value is omitempty. Where Cognito's
// model has a map (ChallengeParameters), the answer has one too.
//
// Members are declared in the order the answers have always had on the
// wire. For most shapes that is sorted by name, as encoding/json wrote
// the maps they were once built from; authenticationResultType,
// newDeviceMetadataType and codeDeliveryDetailsType, like the state types
// an answer carries (passwordPolicy, deviceConfig, lambdaConfig), were
// structs already and keep their order. TestWireGolden holds every answer
// to its bytes.

// Pools.

// userPoolOutput is CreateUserPool's and DescribeUserPool's answer.
type userPoolOutput struct {
	UserPool *userPoolType `json:"UserPool"`
}

// userPoolType is UserPoolType with the members a pool here has.
type userPoolType struct {
	AdminCreateUserConfig  adminCreateUserConfigType `json:"AdminCreateUserConfig"`
	AliasAttributes        []string                  `json:"AliasAttributes,omitempty"`
	Arn                    string                    `json:"Arn"`
	AutoVerifiedAttributes []string                  `json:"AutoVerifiedAttributes,omitempty"`
	CreationDate           epoch                     `json:"CreationDate"`
	DeletionProtection     string                    `json:"DeletionProtection"`
	DeviceConfiguration    *deviceConfig             `json:"DeviceConfiguration,omitempty"`
	EstimatedNumberOfUsers int                       `json:"EstimatedNumberOfUsers"`
	ID                     string                    `json:"Id"`
	LambdaConfig           *lambdaConfig             `json:"LambdaConfig"`
	LastModifiedDate       epoch                     `json:"LastModifiedDate"`
	MfaConfiguration       string                    `json:"MfaConfiguration"`
	Name                   string                    `json:"Name"`
	Policies               userPoolPolicyType        `json:"Policies"`
	SchemaAttributes       []schemaAttributeType     `json:"SchemaAttributes"`
	UsernameAttributes     []string                  `json:"UsernameAttributes,omitempty"`
	UsernameConfiguration  usernameConfigurationType `json:"UsernameConfiguration"`
}

type adminCreateUserConfigType struct {
	AllowAdminCreateUserOnly  bool `json:"AllowAdminCreateUserOnly"`
	UnusedAccountValidityDays int  `json:"UnusedAccountValidityDays"`
}

type userPoolPolicyType struct {
	PasswordPolicy passwordPolicy   `json:"PasswordPolicy"`
	SignInPolicy   signInPolicyType `json:"SignInPolicy"`
}

type signInPolicyType struct {
	AllowedFirstAuthFactors []string `json:"AllowedFirstAuthFactors"`
}

type schemaAttributeType struct {
	AttributeDataType          string                          `json:"AttributeDataType"`
	DeveloperOnlyAttribute     bool                            `json:"DeveloperOnlyAttribute"`
	Mutable                    bool                            `json:"Mutable"`
	Name                       string                          `json:"Name"`
	NumberAttributeConstraints *numberAttributeConstraintsType `json:"NumberAttributeConstraints,omitempty"`
	Required                   bool                            `json:"Required"`
	StringAttributeConstraints *stringAttributeConstraintsType `json:"StringAttributeConstraints,omitempty"`
}

type numberAttributeConstraintsType struct {
	MinValue string `json:"MinValue"`
}

type stringAttributeConstraintsType struct {
	MaxLength string `json:"MaxLength"`
	MinLength string `json:"MinLength"`
}

type usernameConfigurationType struct {
	CaseSensitive bool `json:"CaseSensitive"`
}

type listUserPoolsOutput struct {
	NextToken string                    `json:"NextToken,omitempty"`
	UserPools []userPoolDescriptionType `json:"UserPools"`
}

type userPoolDescriptionType struct {
	CreationDate     epoch         `json:"CreationDate"`
	ID               string        `json:"Id"`
	LambdaConfig     *lambdaConfig `json:"LambdaConfig"`
	LastModifiedDate epoch         `json:"LastModifiedDate"`
	Name             string        `json:"Name"`
}

// App clients.

// userPoolClientOutput is CreateUserPoolClient's, DescribeUserPoolClient's
// and UpdateUserPoolClient's answer.
type userPoolClientOutput struct {
	UserPoolClient *userPoolClientType `json:"UserPoolClient"`
}

// userPoolClientType is UserPoolClientType with the defaults Cognito
// reports.
type userPoolClientType struct {
	AllowedOAuthFlowsUserPoolClient          bool                      `json:"AllowedOAuthFlowsUserPoolClient"`
	AuthSessionValidity                      int                       `json:"AuthSessionValidity"`
	ClientID                                 string                    `json:"ClientId"`
	ClientName                               string                    `json:"ClientName"`
	ClientSecret                             string                    `json:"ClientSecret,omitempty"`
	CreationDate                             epoch                     `json:"CreationDate"`
	EnablePropagateAdditionalUserContextData bool                      `json:"EnablePropagateAdditionalUserContextData"`
	EnableTokenRevocation                    bool                      `json:"EnableTokenRevocation"`
	ExplicitAuthFlows                        []string                  `json:"ExplicitAuthFlows"`
	LastModifiedDate                         epoch                     `json:"LastModifiedDate"`
	PreventUserExistenceErrors               string                    `json:"PreventUserExistenceErrors"`
	RefreshTokenRotation                     *refreshTokenRotationType `json:"RefreshTokenRotation,omitempty"`
	RefreshTokenValidity                     int                       `json:"RefreshTokenValidity"`
	TokenValidityUnits                       tokenValidityUnitsType    `json:"TokenValidityUnits"`
	UserPoolID                               string                    `json:"UserPoolId"`
}

type refreshTokenRotationType struct {
	Feature                 string `json:"Feature"`
	RetryGracePeriodSeconds int    `json:"RetryGracePeriodSeconds"`
}

// tokenValidityUnitsType is empty: the units are Cognito's defaults,
// which it reports as an empty structure.
type tokenValidityUnitsType struct{}

type listUserPoolClientsOutput struct {
	NextToken       string                          `json:"NextToken,omitempty"`
	UserPoolClients []userPoolClientDescriptionType `json:"UserPoolClients"`
}

type userPoolClientDescriptionType struct {
	ClientID   string `json:"ClientId"`
	ClientName string `json:"ClientName"`
	UserPoolID string `json:"UserPoolId"`
}

// Users.

type adminCreateUserOutput struct {
	User userType `json:"User"`
}

// userType is UserType, a user as AdminCreateUser and ListUsers report it.
type userType struct {
	Attributes           []attribute     `json:"Attributes"`
	Enabled              bool            `json:"Enabled"`
	MFAOptions           []mfaOptionType `json:"MFAOptions,omitempty"`
	UserCreateDate       epoch           `json:"UserCreateDate"`
	UserLastModifiedDate epoch           `json:"UserLastModifiedDate"`
	UserStatus           string          `json:"UserStatus"`
	Username             string          `json:"Username"`
}

// mfaOptionType is MFAOptionType, the legacy report of SMS MFA.
type mfaOptionType struct {
	AttributeName  string `json:"AttributeName"`
	DeliveryMedium string `json:"DeliveryMedium"`
}

type adminGetUserOutput struct {
	Enabled              bool            `json:"Enabled"`
	MFAOptions           []mfaOptionType `json:"MFAOptions,omitempty"`
	PreferredMfaSetting  string          `json:"PreferredMfaSetting,omitempty"`
	UserAttributes       []attribute     `json:"UserAttributes"`
	UserCreateDate       epoch           `json:"UserCreateDate"`
	UserLastModifiedDate epoch           `json:"UserLastModifiedDate"`
	UserMFASettingList   []string        `json:"UserMFASettingList,omitempty"`
	UserStatus           string          `json:"UserStatus"`
	Username             string          `json:"Username"`
}

type listUsersOutput struct {
	PaginationToken string     `json:"PaginationToken,omitempty"`
	Users           []userType `json:"Users"`
}

type getUserOutput struct {
	MFAOptions          []mfaOptionType `json:"MFAOptions,omitempty"`
	PreferredMfaSetting string          `json:"PreferredMfaSetting,omitempty"`
	UserAttributes      []attribute     `json:"UserAttributes"`
	UserMFASettingList  []string        `json:"UserMFASettingList,omitempty"`
	Username            string          `json:"Username"`
}

type signUpOutput struct {
	CodeDeliveryDetails *codeDeliveryDetailsType `json:"CodeDeliveryDetails,omitempty"`
	UserConfirmed       bool                     `json:"UserConfirmed"`
	UserSub             string                   `json:"UserSub"`
}

// codeDeliveryOutput is ResendConfirmationCode's, ForgotPassword's and
// GetUserAttributeVerificationCode's answer.
type codeDeliveryOutput struct {
	CodeDeliveryDetails *codeDeliveryDetailsType `json:"CodeDeliveryDetails"`
}

type updateUserAttributesOutput struct {
	CodeDeliveryDetailsList []*codeDeliveryDetailsType `json:"CodeDeliveryDetailsList"`
}

// codeDeliveryDetailsType is CodeDeliveryDetailsType: where a code went,
// masked.
type codeDeliveryDetailsType struct {
	Destination    string `json:"Destination"`
	DeliveryMedium string `json:"DeliveryMedium"`
	AttributeName  string `json:"AttributeName"`
}

// Sign-in.

// initiateAuthOutput is the answer of InitiateAuth, AdminInitiateAuth,
// RespondToAuthChallenge and AdminRespondToAuthChallenge: the next
// challenge, or tokens with empty ChallengeParameters.
type initiateAuthOutput struct {
	AuthenticationResult *authenticationResultType `json:"AuthenticationResult,omitempty"`
	// AvailableChallenges is SELECT_CHALLENGE's list of first factors,
	// [] when the user has none left (the model has no null list).
	AvailableChallenges []string          `json:"AvailableChallenges,omitempty"`
	ChallengeName       string            `json:"ChallengeName,omitempty"`
	ChallengeParameters map[string]string `json:"ChallengeParameters"`
	Session             string            `json:"Session,omitempty"`
}

// tokensOutput ends a sign-in with tokens.
func tokensOutput(res *authenticationResultType) *initiateAuthOutput {
	return &initiateAuthOutput{AuthenticationResult: res, ChallengeParameters: map[string]string{}}
}

// passwordVerifierOutput asks for a PASSWORD_VERIFIER claim: the SRP salt
// and B of the user userID, and the SECRET_BLOCK to sign.
func passwordVerifierOutput(salt, srpB, secretBlock, userID string) *initiateAuthOutput {
	return &initiateAuthOutput{ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: map[string]string{
		"SALT": salt, "SRP_B": srpB, "SECRET_BLOCK": secretBlock,
		"USER_ID_FOR_SRP": userID, "USERNAME": userID,
	}}
}

type getTokensFromRefreshTokenOutput struct {
	AuthenticationResult *authenticationResultType `json:"AuthenticationResult"`
}

// authenticationResultType is AuthenticationResultType: a sign-in's
// tokens, and a new device's keys when the pool remembers devices.
type authenticationResultType struct {
	AccessToken       string                 `json:"AccessToken"`
	ExpiresIn         int                    `json:"ExpiresIn"`
	IdToken           string                 `json:"IdToken"`
	RefreshToken      string                 `json:"RefreshToken,omitempty"`
	TokenType         string                 `json:"TokenType"`
	NewDeviceMetadata *newDeviceMetadataType `json:"NewDeviceMetadata,omitempty"`
}

type newDeviceMetadataType struct {
	DeviceKey      string `json:"DeviceKey"`
	DeviceGroupKey string `json:"DeviceGroupKey"`
}

// MFA.

// userPoolMfaConfigOutput is GetUserPoolMfaConfig's and
// SetUserPoolMfaConfig's answer.
type userPoolMfaConfigOutput struct {
	EmailMfaConfiguration         *emailMfaConfigType        `json:"EmailMfaConfiguration,omitempty"`
	MfaConfiguration              string                     `json:"MfaConfiguration"`
	SmsMfaConfiguration           *smsMfaConfigType          `json:"SmsMfaConfiguration,omitempty"`
	SoftwareTokenMfaConfiguration softwareTokenMfaConfigType `json:"SoftwareTokenMfaConfiguration"`
}

type emailMfaConfigType struct {
	Message string `json:"Message"`
	Subject string `json:"Subject"`
}

type smsMfaConfigType struct {
	SmsAuthenticationMessage string `json:"SmsAuthenticationMessage"`
}

type softwareTokenMfaConfigType struct {
	Enabled bool `json:"Enabled"`
}

type associateSoftwareTokenOutput struct {
	SecretCode string `json:"SecretCode"`
	Session    string `json:"Session,omitempty"`
}

type verifySoftwareTokenOutput struct {
	Session string `json:"Session,omitempty"`
	Status  string `json:"Status"`
}

// Devices.

type confirmDeviceOutput struct {
	UserConfirmationNecessary bool `json:"UserConfirmationNecessary"`
}

// getDeviceOutput is GetDevice's and AdminGetDevice's answer.
type getDeviceOutput struct {
	Device deviceType `json:"Device"`
}

// listDevicesOutput is ListDevices' and AdminListDevices' answer.
type listDevicesOutput struct {
	Devices         []deviceType `json:"Devices"`
	PaginationToken string       `json:"PaginationToken,omitempty"`
}

// deviceType is DeviceType; a device never used to sign in has no
// DeviceLastAuthenticatedDate.
type deviceType struct {
	DeviceAttributes            []attribute `json:"DeviceAttributes"`
	DeviceCreateDate            epoch       `json:"DeviceCreateDate"`
	DeviceKey                   string      `json:"DeviceKey"`
	DeviceLastAuthenticatedDate epoch       `json:"DeviceLastAuthenticatedDate,omitzero"`
	DeviceLastModifiedDate      epoch       `json:"DeviceLastModifiedDate"`
}
