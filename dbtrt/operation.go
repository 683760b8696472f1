package dbtrt

import "strings"

// Operation describes one API operation; generated operation tables are lists of them.
type Operation struct {
	// Method is the HTTP method in upper case, such as GET or POST.
	Method string

	// Path is the path template exactly as the specification writes it, such as
	// /api/v2/accounts/{account_id}/.
	Path string

	// OperationID is the operationId that the upstream specification publishes.
	OperationID string

	// GoName is the name of the generated client method that sends the request.
	GoName string

	// Idempotent reports that sending the request twice is safe, either because the method
	// is GET, HEAD, PUT or DELETE or because an overlay marks the operation so.
	Idempotent bool

	// Paginated reports that the operation takes the limit and offset query parameters.
	Paginated bool

	// ContentType is the media type of the request body, such as application/json, or ""
	// when the operation takes no body.
	ContentType string
}

// String returns the method, the path template and, in parentheses, the Go name, as in
// "GET /api/v2/accounts/ (ListAccounts)".
func (o Operation) String() string {
	s := o.Method + " " + o.Path
	if o.GoName == "" {
		return s
	}

	return s + " (" + o.GoName + ")"
}

// Operations is a table of operations, in the order the generator wrote them.
type Operations []Operation

// Lookup returns the first operation whose method equals the upper-cased method and whose
// path template equals path exactly, and reports whether there was one.
func (ops Operations) Lookup(method, path string) (Operation, bool) {
	method = strings.ToUpper(method)
	for _, o := range ops {
		if o.Method == method && o.Path == path {
			return o, true
		}
	}

	return Operation{}, false
}

// ByGoName returns the first operation whose generated method is called name, and reports
// whether there was one.
func (ops Operations) ByGoName(name string) (Operation, bool) {
	for _, o := range ops {
		if o.GoName == name {
			return o, true
		}
	}

	return Operation{}, false
}
