// Package httpdo sends the requests of generated dbt Cloud clients with net/http.
//
// The generated packages and dbtrt do not import net/http, which keeps them quick to
// compile; this package is the bridge a program adds when it sends real requests:
//
//	c, err := adminv2.NewClient("https://cloud.getdbt.com", httpdo.New(nil), auth)
package httpdo

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// HTTPDoer sends an HTTP request; *http.Client is one.
type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Doer sends dbtrt requests through an HTTPDoer.
type Doer struct {
	client HTTPDoer
}

// New returns a Doer that sends requests through hd, or through http.DefaultClient when hd
// is nil.
func New(hd HTTPDoer) *Doer {
	if hd == nil {
		hd = http.DefaultClient
	}
	return &Doer{client: hd}
}

// Do sends req with the context ctx. The request body can be read again, so that a
// RoundTripper that retries may resend it.
func (d *Doer) Do(ctx context.Context, req *dbtrt.Request) (*dbtrt.Response, error) {
	hreq, err := Request(ctx, req)
	if err != nil {
		return nil, err
	}

	hrsp, err := d.client.Do(hreq)
	if err != nil {
		return nil, err
	}
	return Response(hrsp), nil
}

// Response converts an HTTP response to the dbtrt form, sharing its header and body.
func Response(res *http.Response) *dbtrt.Response {
	return &dbtrt.Response{StatusCode: res.StatusCode, Header: dbtrt.Header(res.Header),
		Body: res.Body}
}

// Request converts req to an *http.Request bound to ctx.
func Request(ctx context.Context, req *dbtrt.Request) (*http.Request, error) {
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}

	hreq, err := http.NewRequestWithContext(ctx, req.Operation.Method, req.URL.String(), body)
	if err != nil {
		return nil, fmt.Errorf("build the HTTP request for %s: %w", req.Operation, err)
	}

	for name, values := range req.Header {
		for _, v := range values {
			hreq.Header.Add(name, v)
		}
	}
	return hreq, nil
}
