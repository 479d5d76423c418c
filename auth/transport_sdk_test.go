//go:build !js

package auth

import (
	"context"
	"strings"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func TestSDKTransportRefusesAnUnknownOperation(t *testing.T) {
	tr := NewSDKTransport(cip.New(cip.Options{Region: "us-east-1"}))
	err := tr.Call(context.Background(), "LaunchRocket", map[string]any{}, &noOutput{})
	if e := asError(err); e == nil || e.Name != ErrInternal || !strings.Contains(e.Message, `"LaunchRocket"`) {
		t.Fatalf("%v", err)
	}
	if SDKSends("LaunchRocket") || !SDKSends("InitiateAuth") || SDKSends("Options") {
		t.Error("SDKSends")
	}
}
