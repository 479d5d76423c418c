//go:build !js

package auth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"
)

// SDKTransport sends calls through the AWS SDK for Go, the native
// default. Give it a client with AWS credentials for the admin operations.
type SDKTransport struct {
	Client *cip.Client
}

// NewSDKTransport wraps an SDK client, e.g. cip.NewFromConfig(awsConfig).
func NewSDKTransport(client *cip.Client) *SDKTransport {
	return &SDKTransport{Client: client}
}

// defaultTransport natively is the AWS SDK, pointed at cfg's endpoint.
// Sign-in calls need no AWS credentials; admin calls use cfg.Credentials.
func defaultTransport(cfg Config) (Transport, error) {
	var creds aws.CredentialsProvider = aws.AnonymousCredentials{}
	if c := cfg.Credentials; c != nil {
		creds = credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
	}
	return NewSDKTransport(cip.New(cip.Options{
		Region:       cfg.Region,
		BaseEndpoint: aws.String(cfg.Endpoint),
		Credentials:  creds,
	})), nil
}

// sdkCall calls the SDK client's method named after operation. The
// SDK's input and output structs name their fields as Cognito's JSON
// does, so a JSON round trip converts between them and the wire shapes;
// and its methods are named after the operations, so no table has to
// list them (this file is native only, where reflection costs nothing
// that matters).
func sdkCall(ctx context.Context, c *cip.Client, operation string, input, output any) error {
	m, ok := sdkMethod(c, operation)
	if !ok {
		return &Error{Name: ErrInternal, Message: "SDKTransport: the AWS SDK has no operation " + strconv.Quote(operation)}
	}
	in := reflect.New(m.Type().In(1).Elem())
	if err := convert(input, in.Interface()); err != nil {
		return err
	}
	out := m.Call([]reflect.Value{reflect.ValueOf(ctx), in, reflect.ValueOf(guarded)})
	if err, _ := out[1].Interface().(error); err != nil {
		return sdkError(err)
	}
	return convert(out[0].Interface(), output)
}

// sdkMethod is c's method for operation, if it has the shape of one:
// func(context.Context, *Input, ...func(*Options)) (*Output, error).
func sdkMethod(c *cip.Client, operation string) (reflect.Value, bool) {
	m := reflect.ValueOf(c).MethodByName(operation)
	if !m.IsValid() {
		return m, false
	}
	t := m.Type()
	ok := t.NumIn() == 3 && t.IsVariadic() && t.In(0) == reflect.TypeFor[context.Context]() &&
		t.In(1).Kind() == reflect.Pointer && t.In(2) == reflect.TypeFor[[]func(*cip.Options)]() &&
		t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]()
	return m, ok
}

func convert(from, to any) error {
	b, err := json.Marshal(from)
	if err == nil {
		err = json.Unmarshal(b, to)
	}
	if err != nil {
		return &Error{Name: ErrInternal, Message: "converting to or from the AWS SDK: " + err.Error(), cause: err}
	}
	return nil
}

// Call implements Transport.
func (t *SDKTransport) Call(ctx context.Context, operation string, input, output any) error {
	return sdkCall(ctx, t.Client, operation, input, output)
}

// guarded makes a call refuse redirects and stop reading past
// maxResponseBytes, whatever HTTP client the SDK was given: the SDK's
// own follows 307 and 308 to any host, and reads any length.
func guarded(o *cip.Options) {
	o.HTTPClient = guardedClient{next: o.HTTPClient}
}

type guardedClient struct{ next cip.HTTPClient }

func (g guardedClient) Do(req *http.Request) (*http.Response, error) {
	var res *http.Response
	var err error
	if c, ok := g.next.(*http.Client); ok {
		res, err = withoutRedirects(c).Do(req)
	} else {
		// Other clients cannot be told not to follow. Without GetBody
		// net/http never re-sends a body (307, 308), and the SDK's client
		// stops at other redirects, so the 3xx comes back here.
		req.GetBody = nil
		res, err = g.next.Do(req)
	}
	if err != nil {
		return nil, final(err)
	}
	if res.StatusCode >= 300 && res.StatusCode < 400 || res.Request != nil && res.Request.URL.String() != req.URL.String() {
		res.Body.Close()
		return nil, final(errRedirect(res.StatusCode, res.Header.Get("Location")))
	}
	res.Body = &boundedBody{ReadCloser: res.Body}
	return res, nil
}

// boundedBody fails a read that takes it past maxResponseBytes.
type boundedBody struct {
	io.ReadCloser
	read int
}

func (b *boundedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.read += n; b.read > maxResponseBytes {
		return 0, final(errTooLarge())
	}
	return n, err
}

// final marks this package's errors as not worth the SDK's retries.
func final(err error) error {
	if e := asError(err); e != nil {
		return noRetry{e}
	}
	return err
}

type noRetry struct{ err *Error }

func (e noRetry) Error() string      { return e.err.Error() }
func (e noRetry) Unwrap() error      { return e.err }
func (noRetry) RetryableError() bool { return false }

// sdkError maps the SDK's errors to *Error: Cognito's exceptions keep
// their names; anything without an HTTP answer is a network error.
func sdkError(err error) error {
	if e := asError(err); e != nil {
		return e // this package's own, such as a refused redirect
	}
	status := 0
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return &Error{Name: api.ErrorCode(), Message: clip(api.ErrorMessage()), StatusCode: status, cause: err}
	}
	if status != 0 {
		return &Error{Name: ErrInvalidResponse, Message: err.Error(), StatusCode: status, cause: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Name: ErrNetwork, Message: "request cancelled: " + err.Error(), cause: err}
	}
	return networkError(err)
}
