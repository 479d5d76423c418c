//go:build !js

package auth

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// HTTPTransport speaks Cognito's JSON protocol over net/http, for Go
// programs that would rather not link the AWS SDK.
type HTTPTransport struct {
	Endpoint string
	Client   *http.Client // nil means http.DefaultClient
	// Credentials and Region sign admin calls; leave nil otherwise.
	Credentials *Credentials
	Region      string
}

// maxResponseBytes bounds what a misbehaving server can make us read.
const maxResponseBytes = 1 << 20

// Call implements Transport.
func (t *HTTPTransport) Call(ctx context.Context, operation string, input, output any) error {
	body, err := marshal(input)
	if err != nil {
		return &Error{Name: ErrInternal, Message: err.Error(), cause: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.Endpoint, bytes.NewReader(body))
	if err != nil {
		return invalidParameter("endpoint " + strconv.Quote(t.Endpoint) + ": " + err.Error())
	}
	headers := requestHeaders(operation)
	if t.Credentials != nil {
		signV4(headers, req.URL.Host, t.Region, body, t.Credentials, time.Now())
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	client := t.Client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return networkError(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes))
	if err != nil {
		return networkError(err)
	}
	return decodeResponse(res.StatusCode, data, output)
}
