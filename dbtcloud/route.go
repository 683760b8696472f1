package dbtcloud

import (
	"strings"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// route is one operation with its path template split into segments.
type route struct {
	op       dbtrt.Operation
	segments []string
	literals int
	tail     bool // the last segment is a parameter that takes the rest of the path
}

// router finds the operation a request is for, so that retries follow the operation table.
type router struct {
	routes []route
}

// newRouter indexes the operations of every table given.
func newRouter(tables ...dbtrt.Operations) *router {
	r := &router{}
	for _, ops := range tables {
		for _, op := range ops {
			r.routes = append(r.routes, newRoute(op))
		}
	}

	return r
}

func newRoute(op dbtrt.Operation) route {
	segs := strings.Split(strings.Trim(op.Path, "/"), "/")
	rt := route{op: op, segments: segs}
	for _, s := range segs {
		if !isParam(s) {
			rt.literals++
		}
	}
	rt.tail = !strings.HasSuffix(op.Path, "/") && isParam(segs[len(segs)-1])

	return rt
}

// find returns the operation for method and path, preferring the template with the most
// literal segments, and reports whether one matched.
func (r *router) find(method, path string) (dbtrt.Operation, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, found := route{literals: -1}, false
	for _, rt := range r.routes {
		if rt.op.Method == method && rt.literals > best.literals && rt.match(segs) {
			best, found = rt, true
		}
	}

	return best.op, found
}

// match reports whether the segments of a request path fit the template.
func (rt route) match(segs []string) bool {
	n := len(rt.segments)
	if len(segs) < n || (len(segs) > n && !rt.tail) {
		return false
	}

	for i, t := range rt.segments {
		if !isParam(t) && t != segs[i] {
			return false
		}
	}

	return true
}

// isParam reports whether a template segment is a path parameter, such as {account_id}.
func isParam(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// idempotent reports whether a request may be sent again after it reached the server: what
// the operation table says, or, for a request it does not list, whether the method is one
// HTTP defines as idempotent.
func idempotent(op dbtrt.Operation, known bool, method string) bool {
	if known {
		return op.Idempotent
	}

	switch method {
	case "GET", "HEAD", "OPTIONS", "PUT", "DELETE":
		return true
	}

	return false
}
