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
	res, err := withoutRedirects(t.Client).Do(req)
	if err != nil {
		return transportError(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(&boundedBody{ReadCloser: res.Body})
	if err != nil {
		return transportError(err)
	}
	return decodeResponse(res.StatusCode, data, output)
}

// transportError is this package's own error in err's chain (a refused
// redirect, an answer over the bound), or else a network error.
func transportError(err error) error {
	if e := asError(err); e != nil {
		return e
	}
	return networkError(err)
}

// withoutRedirects is client (nil: http.DefaultClient) refusing every
// redirect; the caller's client is copied, not changed.
func withoutRedirects(client *http.Client) *http.Client {
	if client == nil {
		client = http.DefaultClient
	}
	c := *client
	c.CheckRedirect = refuseRedirect
	return &c
}

// refuseRedirect is an http.Client's CheckRedirect: it stops before the
// request reaches the new location.
func refuseRedirect(req *http.Request, _ []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return errRedirect(status, req.URL.Redacted())
}
