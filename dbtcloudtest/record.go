package dbtcloudtest

import (
	"net/http"
	"net/url"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// Request is one request the server received, as recorded for assertions.
type Request struct {
	// Method, Path and Query are those of the request URL.
	Method string
	Path   string
	Query  url.Values

	// Header is a copy of the request headers, Authorization included.
	Header http.Header

	// Body is the request body as sent.
	Body []byte

	// Version is "v2" or "v3", and Operation the operation the request matched; both are
	// empty when it matched none.
	Version   string
	Operation dbtrt.Operation

	// Status is the status code the server answered with, or 0 when it answered nothing:
	// the connection was dropped or the client gave up first.
	Status int

	// Handled reports whether the request reached its operation, which may have changed
	// the server's state: false when it was refused (a missing or bad token, a request
	// against the specification) or answered by a Status fault, or when the client gave up
	// during injected latency. A dropped or malformed answer was handled, and so is a Status
	// fault's request once its HandleAfter has passed.
	Handled bool

	// Fault is the fault injected into the request, or nil.
	Fault *Fault

	// ResponseError says how the fake's own successful answer broke the specification;
	// it is nil unless the fake has a bug. Malformed answers are not checked.
	ResponseError error
}

// record stores what is known of r on arrival and returns its index.
func (s *Server) record(r *http.Request, body []byte, rt *route) int {
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Header: r.Header.Clone(), Body: body}
	if rt != nil {
		req.Version, req.Operation = rt.version, rt.op
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	s.requests = append(s.requests, req)
	return len(s.requests) - 1
}

// complete stores the answer to request n.
func (s *Server) complete(n, status int, v verdict, invalid error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	req := &s.requests[n]
	// A request handled late may have been marked handled already.
	req.Status, req.Fault, req.ResponseError = status, v.fault, invalid
	req.Handled = req.Handled || v.handled
}

// Requests returns every request the server received, in order of arrival.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()

	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests to one operation, named in any form Inject accepts.
func (s *Server) RequestsTo(operation string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		rt := &route{op: r.Operation, version: r.Version}
		if r.Version != "" && matchesOperation(operation, rt) {
			out = append(out, r)
		}
	}
	return out
}
