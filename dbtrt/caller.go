package dbtrt

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// Caller sends the operations of one API to one server. Generated clients embed it and
// give each operation a typed method that calls Call; Send is there for a response that
// should not be read whole, such as a large artifact. A Caller does not change after
// NewCaller, so it is safe for concurrent use when its Doer and Editors are.
type Caller struct {
	server  string
	doer    Doer
	ops     map[string]Operation
	editors []Editor
}

// NewCaller returns a Caller for the operations ops of the API at server, an absolute
// http or https URL that the path templates are appended to. Requests go through doer,
// after editors have been applied to each of them.
func NewCaller(server string, doer Doer, ops Operations, editors ...Editor) (Caller, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Caller{}, fmt.Errorf("dbtrt: server %q is not an absolute http or https URL; "+
			"pass one such as https://cloud.getdbt.com", server)
	}
	if doer == nil {
		return Caller{}, fmt.Errorf("dbtrt: no Doer for %s; pass one, such as httpdo.New(nil)",
			server)
	}

	byName := make(map[string]Operation, len(ops))
	for _, op := range ops {
		byName[op.GoName] = op
	}
	return Caller{server: strings.TrimSuffix(server, "/"), doer: doer, ops: byName,
		editors: editors}, nil
}

// Server returns the server URL requests are sent to, without a trailing slash.
func (c *Caller) Server() string {
	return c.server
}

// Send sends the operation whose Go name is name and returns the response unread, or the
// Doer's error as it is. params is the operation's query parameter struct or nil, body the
// value to send as JSON or nil, editors apply after the Caller's own, and path holds the
// path parameters in the order of the path template.
func (c *Caller) Send(ctx context.Context, name string, params, body any, editors []Editor,
	path ...any) (*Response, error) {
	req, err := c.request(ctx, name, params, body, editors, path)
	if err != nil {
		return nil, err
	}

	return c.doer.Do(ctx, req)
}

// Call sends the operation like Send, reads the whole response into out, a pointer to a
// generated response struct, and decodes the body as Decode does. On a decoding error out
// still holds the status, the headers and the raw body.
func (c *Caller) Call(ctx context.Context, out any, name string, params, body any,
	editors []Editor, path ...any) error {
	rsp, err := c.Send(ctx, name, params, body, editors, path...)
	if err != nil {
		return err
	}
	defer rsp.Body.Close()

	data, err := readBody(rsp)
	if err != nil {
		return fmt.Errorf("%s: read the %d response: %w", name, rsp.StatusCode, err)
	}
	if err := Decode(out, rsp.StatusCode, rsp.Header, data); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// maxPresize caps the buffer readBody allocates up front from a Content-Length header, so
// that a wrong header cannot make it allocate much more than the body needs.
const maxPresize = 64 << 20

// readBody reads the whole body of rsp, into a buffer of the size its Content-Length header
// gives when it has one, so that a large page is not copied as the buffer grows.
func readBody(rsp *Response) ([]byte, error) {
	n, err := strconv.ParseInt(rsp.Header.Get("Content-Length"), 10, 64)
	if err != nil || n <= 0 || n > maxPresize {
		return io.ReadAll(rsp.Body)
	}

	buf := make([]byte, n)
	if _, err := io.ReadFull(rsp.Body, buf); err != nil {
		return nil, err
	}
	rest, err := io.ReadAll(rsp.Body)
	return append(buf, rest...), err
}

// request builds the request for one call: the URL from the path template, the path
// arguments and the query parameters, the JSON body, and then the editors.
func (c *Caller) request(ctx context.Context, name string, params, body any, editors []Editor,
	path []any) (*Request, error) {
	if c.doer == nil {
		return nil, fmt.Errorf("dbtrt: %s: the client has no Doer; make it with NewClient",
			name)
	}
	op, ok := c.ops[name]
	if !ok {
		return nil, fmt.Errorf("dbtrt: operation %s is not in this client's table; "+
			"regenerate the client", name)
	}

	u, err := c.url(op, params, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	req := &Request{Operation: op, URL: u, Header: Header{}}
	if err := setBody(req, body); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	for _, edit := range append(c.editors[:len(c.editors):len(c.editors)], editors...) {
		if err := edit(ctx, req); err != nil {
			return nil, fmt.Errorf("%s: edit request: %w", name, err)
		}
	}
	return req, nil
}

// url joins the server, the expanded path template and the encoded query.
func (c *Caller) url(op Operation, params any, path []any) (*url.URL, error) {
	p, err := ExpandPath(op.Path, path)
	if err != nil {
		return nil, err
	}

	q, err := Query(params)
	if err != nil {
		return nil, err
	}
	raw := c.server + p
	if len(q) > 0 {
		raw += "?" + q.Encode()
	}
	return url.Parse(raw)
}

// setBody encodes body as JSON into req, with the operation's media type; a nil body sends
// none.
func setBody(req *Request, body any) error {
	if body == nil {
		return nil
	}

	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encode the request body: %w", err)
	}
	media := req.Operation.ContentType
	if media == "" {
		media = "application/json"
	}
	req.Body = data
	req.Header.Set("Content-Type", media)
	return nil
}
