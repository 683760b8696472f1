package dbtrt

import (
	"context"
	"io"
	"net/url"
	"strings"
)

// Doer sends one request and returns the response; it is the transport a generated client
// sends through. The Body of a response it returns without an error must be closed by the
// caller. Package httpdo adapts an *http.Client; tests may use any function as a DoerFunc.
type Doer interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

// DoerFunc adapts a function to the Doer interface.
type DoerFunc func(ctx context.Context, req *Request) (*Response, error)

// Do calls f.
func (f DoerFunc) Do(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Editor changes a request before it is sent, such as to add a header. An error stops the
// request.
type Editor func(ctx context.Context, req *Request) error

// Request is one API request, ready to send.
type Request struct {
	// Operation is the table row of the operation the request sends.
	Operation Operation

	// URL is the absolute URL: the server, the expanded path and the query.
	URL *url.URL

	// Header holds the request headers, such as Content-Type when there is a body.
	Header Header

	// Body is the encoded request body, or nil when the request has none. It is a byte
	// slice so that a transport can send it again.
	Body []byte
}

// Response is a response as a Doer returns it, with the body not yet read.
type Response struct {
	// StatusCode is the HTTP status code, such as 200.
	StatusCode int

	// Header holds the response headers.
	Header Header

	// Body streams the response body; the caller closes it.
	Body io.ReadCloser
}

// Header maps header names to their values. Its methods ignore the case of names, so
// that a header map built by any transport can be read.
type Header map[string][]string

// Get returns the first value of the header named key, or "" when there is none.
func (h Header) Get(key string) string {
	if v, ok := h[key]; ok && len(v) > 0 {
		return v[0]
	}

	for k, v := range h {
		if strings.EqualFold(k, key) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// Set replaces every value of the header named key, whatever its case, with value.
func (h Header) Set(key, value string) {
	for k := range h {
		if strings.EqualFold(k, key) {
			delete(h, k)
		}
	}
	h[key] = []string{value}
}

// SetHeader returns an Editor that sets the header name to value on every request, such as
// SetHeader("Authorization", "Token "+token) for a dbt Cloud token.
func SetHeader(name, value string) Editor {
	return func(_ context.Context, req *Request) error {
		req.Header.Set(name, value)
		return nil
	}
}
