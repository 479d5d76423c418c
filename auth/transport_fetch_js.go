//go:build js

package auth

import (
	"context"
	"errors"
	"strconv"
	"syscall/js"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/internal/panics"
)

// FetchTransport speaks Cognito's JSON protocol through the JavaScript
// fetch API, the default inside WebAssembly. It uses fetch rather than
// net/http to keep net/http out of the wasm binary.
type FetchTransport struct {
	Endpoint string
	// Timeout bounds each request; default 30 seconds. It runs on a
	// JavaScript AbortSignal.timeout, which does not keep Node alive the
	// way a Go timer would.
	Timeout time.Duration
	// Credentials and Region sign admin calls, in Node only.
	Credentials *Credentials
	Region      string
}

const defaultFetchTimeout = 30 * time.Second

func defaultTransport(cfg Config) (Transport, error) {
	if (cfg.Admin || cfg.Credentials != nil) && !inNode() {
		return nil, invalidParameter("admin flows and AWS credentials are refused in a browser: anyone who opens the page could read the credentials. Run admin sign-in on a server or in Node")
	}
	return &FetchTransport{Endpoint: cfg.Endpoint, Credentials: cfg.Credentials, Region: cfg.Region}, nil
}

// inNode tells Node from a browser or a Web Worker.
func inNode() bool {
	p := js.Global().Get("process")
	return p.Type() == js.TypeObject && p.Get("versions").Type() == js.TypeObject &&
		p.Get("versions").Get("node").Type() == js.TypeString
}

// Call implements Transport.
func (t *FetchTransport) Call(ctx context.Context, operation string, input, output any) (err error) {
	body, err := marshal(input)
	if err != nil {
		return &Error{Name: ErrInternal, Message: err.Error(), cause: err}
	}
	defer func() {
		// fetch throws synchronously for some bad inputs (a malformed URL).
		if r := recover(); r != nil {
			err = networkError(errors.New(panics.Text(r)))
		}
	}()
	fetch := js.Global().Get("fetch")
	if fetch.Type() != js.TypeFunction {
		return networkError(errors.New("fetch is not available in this JavaScript environment"))
	}
	plain := requestHeaders(operation)
	if t.Credentials != nil {
		signV4(plain, hostOf(t.Endpoint), t.Region, body, t.Credentials, time.Now())
	}
	headers := js.Global().Get("Object").New()
	for k, v := range plain {
		headers.Set(k, v)
	}
	init := js.Global().Get("Object").New()
	init.Set("method", "POST")
	init.Set("headers", headers)
	init.Set("body", string(body))
	init.Set("credentials", "omit")
	init.Set("cache", "no-store")
	// "manual" rather than "error": the redirect then comes back as an
	// answer, so the error can say what happened. Either way nothing is
	// sent to where it points.
	init.Set("redirect", "manual")
	abort := js.Undefined()
	if ctx.Done() != nil {
		abort = newAbortController()
	}
	if signal := t.signal(abort); signal.Truthy() {
		init.Set("signal", signal)
	}
	// Invoke, not Call: fetch must run with the global as its receiver.
	res, err := await(ctx, abort, fetch.Invoke(t.Endpoint, init))
	if err != nil {
		return networkError(err)
	}
	status := res.Get("status").Int()
	if res.Get("type").String() == "opaqueredirect" || status >= 300 && status < 400 {
		cancel(res.Get("body"))
		return errRedirect(status, headerOf(res, "location"))
	}
	data, err := readBody(ctx, abort, res)
	if err != nil {
		return err
	}
	return decodeResponse(status, data, output)
}

// readBody reads at most maxResponseBytes of an answer and cancels the
// stream past that, so the rest is never downloaded into memory that a
// wasm module cannot give back.
func readBody(ctx context.Context, abort, res js.Value) ([]byte, error) {
	body := res.Get("body")
	if n, err := strconv.ParseInt(headerOf(res, "content-length"), 10, 64); err == nil && n > maxResponseBytes {
		cancel(body)
		return nil, errTooLarge()
	}
	if body.Type() != js.TypeObject {
		return nil, nil // no body at all
	}
	reader := body.Call("getReader")
	var data []byte
	for {
		chunk, err := await(ctx, abort, reader.Call("read"))
		if err != nil {
			return nil, networkError(err)
		}
		if chunk.Get("done").Truthy() {
			return data, nil
		}
		value := chunk.Get("value")
		n := value.Get("length").Int()
		if len(data)+n > maxResponseBytes {
			cancel(reader)
			return nil, errTooLarge()
		}
		data = append(data, make([]byte, n)...)
		js.CopyBytesToGo(data[len(data)-n:], value)
	}
}

func headerOf(res js.Value, name string) string {
	v := res.Get("headers").Call("get", name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// cancel drops a body stream or its reader, if there is one. Nobody
// awaits what cancel returns, so a rejection must not go unhandled.
func cancel(stream js.Value) {
	if stream.Type() == js.TypeObject && stream.Get("cancel").Type() == js.TypeFunction {
		stream.Call("cancel").Call("catch", ignore)
	}
}

// ignore is a rejection handler that does nothing; made once, never
// released.
var ignore = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// signal combines the request timeout with abort, the context's
// cancellation, where the JavaScript runtime can.
func (t *FetchTransport) signal(abort js.Value) js.Value {
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = defaultFetchTimeout
	}
	ctor := js.Global().Get("AbortSignal")
	if ctor.Type() != js.TypeFunction || ctor.Get("timeout").Type() != js.TypeFunction {
		if abort.Truthy() {
			return abort.Get("signal")
		}
		return js.Undefined()
	}
	timer := ctor.Call("timeout", timeout.Milliseconds())
	if !abort.Truthy() {
		return timer
	}
	if ctor.Get("any").Type() == js.TypeFunction {
		return ctor.Call("any", js.ValueOf([]any{abort.Get("signal"), timer}))
	}
	return abort.Get("signal")
}

func newAbortController() js.Value {
	ctor := js.Global().Get("AbortController")
	if ctor.Type() != js.TypeFunction {
		return js.Undefined()
	}
	return ctor.New()
}

type settled struct {
	value js.Value
	err   error
}

// await blocks this goroutine (never the JS event loop) until promise
// settles. When ctx ends first it aborts the request and still waits for
// the promise, so the callbacks are released only once they cannot fire.
func await(ctx context.Context, abort, promise js.Value) (js.Value, error) {
	done := make(chan settled, 1)
	onResolve := js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- settled{value: arg0(args)}
		return nil
	})
	onReject := js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- settled{err: jsError(arg0(args))}
		return nil
	})
	defer onResolve.Release()
	defer onReject.Release()
	promise.Call("then", onResolve, onReject)
	select {
	case s := <-done:
		return s.value, s.err
	case <-ctx.Done():
		// Without AbortController the request cannot be stopped; waiting
		// for it is still safer than releasing callbacks that may fire.
		if abort.Truthy() {
			abort.Call("abort")
		}
		s := <-done
		if s.err == nil {
			return s.value, nil
		}
		return js.Undefined(), ctx.Err()
	}
}

func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// jsError describes a rejection reason, usually a TypeError from fetch.
func jsError(v js.Value) error {
	if v.Type() == js.TypeObject && v.Get("name").String() == "TimeoutError" {
		return errors.New("no answer within the request timeout")
	}
	if v.Type() == js.TypeObject {
		if msg := v.Get("message"); msg.Type() == js.TypeString {
			return errors.New(msg.String())
		}
	}
	return errors.New(v.String())
}
