package localcognito

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Lambda triggers: a pool's LambdaConfig names functions by ARN, and
// localcognito invokes them through the Lambda Invoke API at
// Options.LambdaEndpoint, signed with SigV4 for the service "lambda" as
// the AWS SDKs sign it, so `sam local start-lambda` or
// scripts/lambda-runner can serve them:
//
//	POST {endpoint}/2015-03-31/functions/{name}/invocations[?Qualifier=q]
//
// The event is the JSON body; the function's JSON result is the event
// with its response filled in. Failures map to Cognito's exceptions:
//
//	function error (X-Amz-Function-Error)  UserLambdaValidationException   "<Trigger> failed with error <errorMessage>."
//	Invoke API error (non-2xx)             UnexpectedLambdaException       "<Trigger> invocation failed due to error <ErrorCode>."
//	timeout (Options.LambdaTimeout)        UnexpectedLambdaException       "<Trigger> invocation failed due to error Socket timeout while invoking Lambda function."
//	result that is not JSON                InvalidLambdaResponseException  "Invalid lambda function output : Invalid JSON"
//	JSON of the wrong shape                InvalidLambdaResponseException  "Unrecognizable lambda output"
//
// Events and results are never logged: they carry passwords (user
// migration), codes and answers.

// Trigger names, as LambdaConfigType spells them and as Cognito's error
// messages name them.
const (
	trigPreSignUp          = "PreSignUp"
	trigCustomMessage      = "CustomMessage"
	trigPostConfirmation   = "PostConfirmation"
	trigPreAuthentication  = "PreAuthentication"
	trigPostAuthentication = "PostAuthentication"
	trigDefine             = "DefineAuthChallenge"
	trigCreate             = "CreateAuthChallenge"
	trigVerify             = "VerifyAuthChallengeResponse"
	trigPreToken           = "PreTokenGeneration"
	trigMigration          = "UserMigration"
)

// defaultLambdaTimeout is Cognito's own: a trigger must answer in 5 s.
const defaultLambdaTimeout = 5 * time.Second

// maxLambdaResult bounds a function's result (Lambda's own limit is 6 MB).
const maxLambdaResult = 6 << 20

// clientNotApplicable is callerContext.clientId for operations that name
// no app client, such as AdminCreateUser.
const clientNotApplicable = "CLIENT_ID_NOT_APPLICABLE"

// awsSDKVersion is callerContext.awsSdkVersion. Cognito derives it from
// the caller's SDK; "aws-sdk-unknown-unknown" is what it sends for the
// callers it does not recognise, and what localcognito always sends.
const awsSDKVersion = "aws-sdk-unknown-unknown"

// lambdaConfig is LambdaConfigType: trigger → function ARN.
type lambdaConfig struct {
	PreSignUp                   string          `json:"PreSignUp,omitempty"`
	CustomMessage               string          `json:"CustomMessage,omitempty"`
	PostConfirmation            string          `json:"PostConfirmation,omitempty"`
	PreAuthentication           string          `json:"PreAuthentication,omitempty"`
	PostAuthentication          string          `json:"PostAuthentication,omitempty"`
	DefineAuthChallenge         string          `json:"DefineAuthChallenge,omitempty"`
	CreateAuthChallenge         string          `json:"CreateAuthChallenge,omitempty"`
	VerifyAuthChallengeResponse string          `json:"VerifyAuthChallengeResponse,omitempty"`
	PreTokenGeneration          string          `json:"PreTokenGeneration,omitempty"`
	PreTokenGenerationConfig    *preTokenConfig `json:"PreTokenGenerationConfig,omitempty"`
	UserMigration               string          `json:"UserMigration,omitempty"`
}

// preTokenConfig is PreTokenGenerationVersionConfigType.
type preTokenConfig struct {
	LambdaArn     string `json:"LambdaArn"`
	LambdaVersion string `json:"LambdaVersion"`
}

// lambdaConfigInput is LambdaConfig as CreateUserPool and UpdateUserPool
// take it; the triggers localcognito cannot run are refused, not ignored.
type lambdaConfigInput struct {
	lambdaConfig
	CustomSMSSender   json.RawMessage `json:"CustomSMSSender"`
	CustomEmailSender json.RawMessage `json:"CustomEmailSender"`
	KMSKeyID          json.RawMessage `json:"KMSKeyID"`
	InboundFederation json.RawMessage `json:"InboundFederation"`
}

// arnPattern is the LambdaConfigType ARN pattern of the API reference.
var arnPattern = regexp.MustCompile(`^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$`)

const arnPatternText = `arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`

// arns lists the config's triggers with their ARNs, in LambdaConfigType
// member order.
func (c *lambdaConfig) arns() []struct{ name, arn string } {
	return []struct{ name, arn string }{
		{trigPreSignUp, c.PreSignUp}, {trigCustomMessage, c.CustomMessage},
		{trigPostConfirmation, c.PostConfirmation}, {trigPreAuthentication, c.PreAuthentication},
		{trigPostAuthentication, c.PostAuthentication}, {trigDefine, c.DefineAuthChallenge},
		{trigCreate, c.CreateAuthChallenge}, {trigVerify, c.VerifyAuthChallengeResponse},
		{trigPreToken, c.PreTokenGeneration}, {trigMigration, c.UserMigration},
	}
}

func checkARN(field, v string) *apiError {
	switch {
	case len(v) < 20:
		return errValidation(quote(v), field, "Member must have length greater than or equal to 20")
	case len(v) > 2048:
		return errValidation(quote(v), field, "Member must have length less than or equal to 2048")
	case !arnPattern.MatchString(v):
		return errValidation(quote(v), field, "Member must satisfy regular expression pattern: "+arnPatternText)
	}
	return nil
}

// config validates the input and returns the stored form, in which
// PreTokenGeneration and PreTokenGenerationConfig agree.
func (in *lambdaConfigInput) config() (*lambdaConfig, *apiError) {
	if in == nil {
		return nil, nil
	}
	for name, raw := range map[string]json.RawMessage{"CustomSMSSender": in.CustomSMSSender, "CustomEmailSender": in.CustomEmailSender,
		"KMSKeyID": in.KMSKeyID, "InboundFederation": in.InboundFederation} {
		if len(raw) > 0 && string(raw) != "null" {
			return nil, errInvalidParameter("LambdaConfig.%s is not supported by localcognito.", name)
		}
	}
	c := in.lambdaConfig
	for _, t := range c.arns() {
		if t.arn != "" {
			if e := checkARN("lambdaConfig."+lowerFirst(t.name), t.arn); e != nil {
				return nil, e
			}
		}
	}
	if p := c.PreTokenGenerationConfig; p != nil {
		if e := checkARN("lambdaConfig.preTokenGenerationConfig.lambdaArn", p.LambdaArn); e != nil {
			return nil, e
		}
		switch p.LambdaVersion {
		case "V1_0", "V2_0", "V3_0":
		default:
			return nil, errValidation(quote(p.LambdaVersion), "lambdaConfig.preTokenGenerationConfig.lambdaVersion", "Member must satisfy enum value set: [V3_0, V2_0, V1_0]")
		}
		if c.PreTokenGeneration != "" && c.PreTokenGeneration != p.LambdaArn {
			return nil, errInvalidParameter("PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same function.")
		}
		cp := *p
		c.PreTokenGenerationConfig, c.PreTokenGeneration = &cp, p.LambdaArn
	} else if c.PreTokenGeneration != "" {
		c.PreTokenGenerationConfig = &preTokenConfig{LambdaArn: c.PreTokenGeneration, LambdaVersion: "V1_0"}
	}
	return &c, nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// arn returns the pool's function for a trigger, "" when none.
func (c *lambdaConfig) arn(trigger string) string {
	if c == nil {
		return ""
	}
	for _, t := range c.arns() {
		if t.name == trigger {
			return t.arn
		}
	}
	return ""
}

// poolTrigger returns a pool's function ARN for a trigger and, for
// PreTokenGeneration, its event version.
func (s *Server) poolTrigger(poolID, trigger string) (arn, version string) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p := s.store.pools[poolID]
	if p == nil || p.lambda == nil {
		return "", ""
	}
	arn = p.lambda.arn(trigger)
	if trigger == trigPreToken && p.lambda.PreTokenGenerationConfig != nil {
		version = p.lambda.PreTokenGenerationConfig.LambdaVersion
	}
	return arn, version
}

// functionName splits arn:aws:lambda:region:account:function:name[:qualifier].
func functionName(arn string) (name, qualifier, region string) {
	parts := strings.Split(arn, ":")
	if len(parts) >= 7 && parts[5] == "function" {
		if len(parts) > 7 {
			qualifier = parts[7]
		}
		return parts[6], qualifier, parts[3]
	}
	return parts[len(parts)-1], "", ""
}

// triggerEvent is the common shape of every user-pool trigger event.
type triggerEvent struct {
	Version       string        `json:"version"`
	Region        string        `json:"region"`
	UserPoolID    string        `json:"userPoolId"`
	UserName      string        `json:"userName"`
	CallerContext callerContext `json:"callerContext"`
	TriggerSource string        `json:"triggerSource"`
	Request       any           `json:"request"`
	Response      any           `json:"response"`
}

type callerContext struct {
	AWSSDKVersion string `json:"awsSdkVersion"`
	ClientID      string `json:"clientId"`
}

// newEvent fills the common parameters.
func (s *Server) newEvent(poolID, clientID, username, source string, request, response any) *triggerEvent {
	if clientID == "" {
		clientID = clientNotApplicable
	}
	return &triggerEvent{Version: "1", Region: s.opts.Region, UserPoolID: poolID, UserName: username,
		CallerContext: callerContext{AWSSDKVersion: awsSDKVersion, ClientID: clientID},
		TriggerSource: source, Request: request, Response: response}
}

// Messages Cognito uses for trigger failures.
const (
	msgLambdaInvalidJSON  = "Invalid lambda function output : Invalid JSON"
	msgLambdaUnrecognized = "Unrecognizable lambda output"
	msgLambdaTimeout      = "Socket timeout while invoking Lambda function"
)

func errLambdaValidation(trigger, message string) *apiError {
	return newError(http.StatusBadRequest, "UserLambdaValidationException", "%s failed with error %s.", trigger, message)
}

func errUnexpectedLambda(trigger, cause string) *apiError {
	return newError(http.StatusBadRequest, "UnexpectedLambdaException", "%s invocation failed due to error %s.", trigger, cause)
}

func errInvalidLambdaResponse(msg string) *apiError {
	return newError(http.StatusBadRequest, "InvalidLambdaResponseException", "%s", msg)
}

// invoke calls a trigger's function with the event and decodes the
// result's "response" into event.Response, a pointer to the trigger's
// response type. The caller holds no lock: a function may well call back
// into this server.
func (s *Server) invoke(rc *reqCtx, trigger, arn string, event *triggerEvent) *apiError {
	start := time.Now()
	e := s.invokeOnce(rc, trigger, arn, event)
	attrs := []any{"request_id", rc.id, "trigger", trigger, "trigger_source", event.TriggerSource, "duration", time.Since(start)}
	if e != nil {
		attrs = append(attrs, "error", e.Type)
		if e.reason != "" {
			attrs = append(attrs, "reason", e.reason)
		}
		s.log.Warn("lambda trigger failed", attrs...)
	} else {
		s.log.Debug("lambda trigger", attrs...)
	}
	return e
}

func (s *Server) invokeOnce(rc *reqCtx, trigger, arn string, event *triggerEvent) *apiError {
	name, qualifier, region := functionName(arn)
	if s.opts.LambdaEndpoint == "" {
		return errUnexpectedLambda(trigger, "ResourceNotFoundException").withReason("no Lambda endpoint is configured (Options.LambdaEndpoint, -lambda-endpoint)")
	}
	body, err := json.Marshal(event)
	if err != nil {
		return errInternal().withReason("encoding the event: " + err.Error())
	}
	u := strings.TrimRight(s.opts.LambdaEndpoint, "/") + "/2015-03-31/functions/" + url.PathEscape(name) + "/invocations"
	if qualifier != "" {
		u += "?Qualifier=" + url.QueryEscape(qualifier)
	}
	ctx, cancel := context.WithTimeout(rc.r.Context(), s.opts.LambdaTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return errUnexpectedLambda(trigger, "ServiceException").withReason("building the request: " + err.Error())
	}
	if region == "" {
		region = s.opts.Region
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Invocation-Type", "RequestResponse")
	req.Header.Set("User-Agent", "localcognito")
	s.signLambda(req, body, region, time.Now())

	resp, err := s.lambdaClient.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return errUnexpectedLambda(trigger, msgLambdaTimeout)
		}
		return errUnexpectedLambda(trigger, "ServiceException").withReason(err.Error())
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxLambdaResult+1))
	switch {
	case err != nil && (errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil):
		return errUnexpectedLambda(trigger, msgLambdaTimeout)
	case err != nil:
		return errUnexpectedLambda(trigger, "ServiceException").withReason(err.Error())
	case len(data) > maxLambdaResult:
		return errInvalidLambdaResponse(msgLambdaInvalidJSON).withReason("the result exceeds 6 MB")
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return errUnexpectedLambda(trigger, lambdaErrorCode(resp, data)).withReason(fmt.Sprintf("Invoke answered HTTP %d", resp.StatusCode))
	case resp.Header.Get("X-Amz-Function-Error") != "":
		var fe struct {
			ErrorMessage string `json:"errorMessage"`
			ErrorType    string `json:"errorType"`
		}
		if json.Unmarshal(data, &fe) != nil || fe.ErrorMessage == "" {
			fe.ErrorMessage = strings.TrimSpace(string(data))
		}
		return errLambdaValidation(trigger, fe.ErrorMessage).withReason("function error " + fe.ErrorType)
	}
	return decodeLambdaResult(data, event)
}

// decodeLambdaResult reads a function's result into the event. The
// response member must be an object; a null or absent one keeps the
// response as sent.
func decodeLambdaResult(data []byte, event *triggerEvent) *apiError {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		return errInvalidLambdaResponse(msgLambdaInvalidJSON)
	}
	resp, ok := raw["response"]
	if !ok || string(resp) == "null" {
		return nil
	}
	if err := json.Unmarshal(resp, event.Response); err != nil {
		return errInvalidLambdaResponse(msgLambdaUnrecognized).withReason(err.Error())
	}
	return nil
}

// lambdaErrorCode is the Invoke API's error code: x-amzn-ErrorType, or
// the body's Type or __type.
func lambdaErrorCode(resp *http.Response, data []byte) string {
	code := resp.Header.Get("X-Amzn-ErrorType")
	if code == "" {
		var body struct {
			Type  string `json:"Type"`
			Type2 string `json:"__type"`
		}
		_ = json.Unmarshal(data, &body)
		code = body.Type2
		if code == "" && body.Type != "" && body.Type != "User" {
			code = body.Type
		}
	}
	if i := strings.IndexAny(code, ":#"); i >= 0 {
		if strings.Contains(code, "#") {
			code = code[strings.LastIndex(code, "#")+1:]
		} else {
			code = code[:i]
		}
	}
	if code == "" {
		switch resp.StatusCode {
		case http.StatusNotFound:
			code = "ResourceNotFoundException"
		case http.StatusForbidden:
			code = "AccessDeniedException"
		default:
			code = "ServiceException"
		}
	}
	return code
}

// lambdaTransport opens at most lambdaConns connections to the Lambda
// endpoint, the files MaxConns keeps for triggers; a trigger call beyond
// them waits for one, within its LambdaTimeout.
func lambdaTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxConnsPerHost = lambdaConns
	return t
}

// signLambda signs an Invoke request with SigV4 for the service "lambda"
// and the configured credentials, signing every header but User-Agent,
// as the AWS SDKs do.
func (s *Server) signLambda(req *http.Request, body []byte, region string, now time.Time) {
	sum := sha256.Sum256(body)
	payload := hex.EncodeToString(sum[:])
	amzDate := now.UTC().Format(amzDateLayout)
	date := amzDate[:8]
	req.Header.Set("X-Amz-Date", amzDate)
	req.ContentLength = int64(len(body))
	signed := []string{"content-length", "content-type", "host", "x-amz-date", "x-amz-invocation-type"}
	canon := canonicalRequest(req, signed, payload)
	scope := date + "/" + region + "/lambda/aws4_request"
	h := sha256.Sum256([]byte(canon))
	toSign := sigV4Algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(h[:])
	sig := hex.EncodeToString(hmacSHA256(signingKey(s.opts.SecretAccessKey, date, region, "lambda"), toSign))
	req.Header.Set("Authorization", fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		sigV4Algorithm, s.opts.AccessKeyID, scope, strings.Join(signed, ";"), sig))
}
