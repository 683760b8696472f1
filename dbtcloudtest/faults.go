package dbtcloudtest

import (
	"net/http"
	"strconv"
	"time"
)

// Fault is a failure the server injects into matching requests. Status answers before the
// request is handled, so nothing changes; Drop and Malformed break the answer after the
// request was handled, so a client that retries them may repeat its effect.
type Fault struct {
	// Status answers with this code, such as 429, 500, 502, 503 or 504, in dbt Cloud's
	// error envelope, without handling the request.
	Status int

	// RetryAfter sets the Retry-After header of a Status answer, in whole seconds.
	RetryAfter time.Duration

	// Header adds these headers to a Status answer, for instance a Retry-After in the
	// HTTP-date form or one that is malformed.
	Header http.Header

	// Body, when set, replaces the error envelope of a Status answer, for the other shapes
	// of error that dbt Cloud and the proxies in front of it send: an HTML page from a
	// gateway, or {"detail": "..."}.
	Body []byte

	// Latency waits this long, in real time, before answering; it is cut short when the
	// client gives up. Use it with a client timeout or a context deadline.
	Latency time.Duration

	// HandleAfter, with Status, still handles the request this long after the status was
	// sent, in real time, as dbt Cloud does when a gateway in front of it gives up first:
	// a 502 or 504 may hide a run that appears later. Requests shows the request as
	// handled once it is. Close stops what is still to come.
	HandleAfter time.Duration

	// Drop handles the request, then closes the connection without answering.
	Drop bool

	// Malformed handles the request, then sends its answer cut off in the middle.
	Malformed bool

	// Rate, between 0 and 1, makes only that share of matching requests fail, picked by
	// the server's random source, which WithSeed seeds; 0 means every one. A request the
	// fault spares is matched against the faults injected after it.
	Rate float64

	// Every, when positive, makes the fault come in bursts: of each Every matching
	// requests in a row, the last Burst fail, or the last one when Burst is 0.
	Every, Burst int

	// Times is how many matching requests fail; zero means every one.
	Times int
}

// faultRule is an injected fault, the operations it applies to, how many uses are left
// and how many matching requests it has seen.
type faultRule struct {
	match string
	fault Fault
	left  int
	seen  int
}

// Inject makes requests to operation fail as f says. The operation is named as in
// Requests: a Go name such as "TriggerJobRun", qualified by version as in "v2.ListProjects",
// or a method and path template such as "POST /api/v2/accounts/{account_id}/jobs/{job_id}/run/";
// "*" matches every operation. A request gets the first fault, in the order they were
// injected, that matches it and fires.
func (s *Server) Inject(operation string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults = append(s.faults, &faultRule{match: operation, fault: f, left: f.Times})
}

// ClearFaults removes every injected fault. Latency set with SetLatency stays.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults = nil
}

// takeFault returns the fault the next request to rt gets, using one of its counts.
func (s *Server) takeFault(rt *route) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()

	for i, r := range s.faults {
		if !matchesOperation(r.match, rt) || !s.fires(r) {
			continue
		}
		f := r.fault
		if r.fault.Times > 0 {
			r.left--
			if r.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &f
	}
	return nil
}

// fires counts a matching request against r and reports whether r fails it, as its burst
// pattern and rate say. The caller holds the server's lock.
func (s *Server) fires(r *faultRule) bool {
	r.seen++
	if every := r.fault.Every; every > 0 {
		burst := max(r.fault.Burst, 1)
		if (r.seen-1)%every < every-burst {
			return false
		}
	}

	return r.fault.Rate <= 0 || s.rng.Float64() < r.fault.Rate
}

// matchesOperation reports whether name, in any form Inject accepts, names rt.
func matchesOperation(name string, rt *route) bool {
	switch name {
	case "*", rt.op.GoName, rt.version + "." + rt.op.GoName, rt.op.Method + " " + rt.op.Path:
		return true
	}
	return false
}

// waitLatency waits d unless the client goes away first, and reports whether it waited.
func waitLatency(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}

	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// faultReply is the answer to a request that a Status fault refuses.
func faultReply(f *Fault) reply {
	rep := errorReply(f.Status, http.StatusText(f.Status),
		"dbtcloudtest: injected fault "+strconv.Itoa(f.Status))
	if f.Body != nil {
		rep.body = f.Body
		rep.header.Del("Content-Type")
	}
	if f.RetryAfter > 0 {
		secs := int(f.RetryAfter.Round(time.Second) / time.Second)
		rep.header.Set("Retry-After", strconv.Itoa(secs))
	}
	for k, v := range f.Header {
		rep.header[http.CanonicalHeaderKey(k)] = v
	}
	return rep
}

// malform cuts a body in half, which leaves JSON unterminated; an empty body becomes "{".
func malform(body []byte) []byte {
	if len(body) < 2 {
		return []byte("{")
	}
	return body[:len(body)/2]
}

// dropConnection closes the client's connection without writing a response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// handleLater handles c, request n, after d, and then records it as handled.
func (s *Server) handleLater(n int, c *call, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.late = append(s.late, time.AfterFunc(d, func() {
		s.handle(c)

		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests[n].Handled = true
	}))
}

// Close stops the requests still to be handled late, then shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	for _, t := range s.late {
		t.Stop()
	}
	s.mu.Unlock()

	s.Server.Close()
}
