//go:build !js

package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

// SDKTransport sends calls through the AWS SDK for Go, the native default.
type SDKTransport struct {
	Client *cip.Client
}

// defaultTransport natively is the AWS SDK, pointed at cfg's endpoint.
// Sign-in calls need no AWS credentials.
func defaultTransport(cfg Config) (Transport, error) {
	client := cip.New(cip.Options{
		Region:       cfg.Region,
		BaseEndpoint: aws.String(cfg.Endpoint),
		Credentials:  aws.AnonymousCredentials{},
	})
	return &SDKTransport{Client: client}, nil
}

// Call implements Transport.
func (t *SDKTransport) Call(ctx context.Context, operation string, input, output any) error {
	var err error
	switch in := input.(type) {
	case *initiateAuthInput:
		err = t.initiateAuth(ctx, in, output.(*challengeOutput))
	case *respondToAuthChallengeInput:
		err = t.respondToAuthChallenge(ctx, in, output.(*challengeOutput))
	default:
		return &Error{Name: ErrInternal, Message: fmt.Sprintf("SDKTransport: operation %s is not supported", operation)}
	}
	return sdkError(err)
}

func (t *SDKTransport) initiateAuth(ctx context.Context, in *initiateAuthInput, out *challengeOutput) error {
	res, err := t.Client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowType(in.AuthFlow),
		AuthParameters: in.AuthParameters,
		ClientId:       aws.String(in.ClientId),
		ClientMetadata: in.ClientMetadata,
	})
	if err != nil {
		return err
	}
	*out = fromSDK(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session)
	return nil
}

func (t *SDKTransport) respondToAuthChallenge(ctx context.Context, in *respondToAuthChallengeInput, out *challengeOutput) error {
	req := &cip.RespondToAuthChallengeInput{
		ChallengeName:      types.ChallengeNameType(in.ChallengeName),
		ChallengeResponses: in.ChallengeResponses,
		ClientId:           aws.String(in.ClientId),
		ClientMetadata:     in.ClientMetadata,
	}
	if in.Session != "" {
		req.Session = aws.String(in.Session)
	}
	res, err := t.Client.RespondToAuthChallenge(ctx, req)
	if err != nil {
		return err
	}
	*out = fromSDK(res.AuthenticationResult, res.ChallengeName, res.ChallengeParameters, res.Session)
	return nil
}

func fromSDK(r *types.AuthenticationResultType, name types.ChallengeNameType, params map[string]string, session *string) challengeOutput {
	out := challengeOutput{
		ChallengeName:       string(name),
		ChallengeParameters: params,
		Session:             aws.ToString(session),
	}
	if r != nil {
		out.AuthenticationResult = &authenticationResult{
			AccessToken:  aws.ToString(r.AccessToken),
			ExpiresIn:    int(r.ExpiresIn),
			IdToken:      aws.ToString(r.IdToken),
			RefreshToken: aws.ToString(r.RefreshToken),
			TokenType:    aws.ToString(r.TokenType),
		}
		if d := r.NewDeviceMetadata; d != nil {
			out.AuthenticationResult.NewDeviceMetadata = &newDeviceMetadata{
				DeviceGroupKey: aws.ToString(d.DeviceGroupKey),
				DeviceKey:      aws.ToString(d.DeviceKey),
			}
		}
	}
	return out
}

// sdkError maps the SDK's errors to *Error: Cognito's exceptions keep
// their names; anything without an HTTP answer is a network error.
func sdkError(err error) error {
	if err == nil {
		return nil
	}
	var own *Error
	if errors.As(err, &own) {
		return own
	}
	status := 0
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return &Error{Name: api.ErrorCode(), Message: api.ErrorMessage(), StatusCode: status, cause: err}
	}
	if status != 0 {
		return &Error{Name: fmt.Sprintf("HTTP%d", status), Message: err.Error(), StatusCode: status, cause: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Name: ErrNetwork, Message: "request cancelled: " + err.Error(), cause: err}
	}
	return networkError(err)
}
