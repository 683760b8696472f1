package dbtcloudtest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Server is a fake dbt Cloud on a local httptest server. Point a generated client at URL.
type Server struct {
	// Server is the running httptest server; its URL is the base URL for clients.
	*httptest.Server

	// Clock drives run lifecycles and timestamps. Advance it to move runs along.
	Clock *Clock

	routes []*route
	token  string
	tick   time.Duration

	mu       sync.Mutex
	store    *store
	runs     *runBook
	faults   []*faultRule
	requests []Request
}

// Option configures a Server.
type Option func(*Server)

// WithToken makes the server accept only this API token, instead of any token.
func WithToken(token string) Option {
	return func(s *Server) { s.token = token }
}

// WithClock makes the server use c, for instance to share one clock between servers.
func WithClock(c *Clock) Option {
	return func(s *Server) { s.Clock = c }
}

// WithRunPlan sets how every run unfolds unless SetJobRunPlan chose otherwise for its job.
func WithRunPlan(p RunPlan) Option {
	return func(s *Server) { s.runs.defaultPlan = p }
}

// WithAutoAdvance moves the clock forward by d after every request the server handles, so
// that code which polls a run sees it progress without the test stepping the clock.
func WithAutoAdvance(d time.Duration) Option {
	return func(s *Server) { s.tick = d }
}

// DefaultAccountID is the id of the account every new server starts with.
const DefaultAccountID = 1

// NewServer starts a fake dbt Cloud with one account, DefaultAccountID. Close it when done.
// Like httptest.NewServer, it panics when it cannot start: here, when the specifications
// embedded in the generated packages do not load, which regenerating fixes.
func NewServer(opts ...Option) *Server {
	routes, err := cachedRoutes()
	if err != nil {
		panic(err)
	}

	s := &Server{
		Clock:  NewClock(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)),
		routes: routes,
		store:  newStore(),
		runs:   newRunBook(),
	}
	for _, o := range opts {
		o(s)
	}
	s.seedAccount(DefaultAccountID, "Fake Analytics")
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// cachedRoutes loads the specifications once per process; routes are read-only.
var cachedRoutes = sync.OnceValues(apis)

// serve is the server's handler: record, authenticate, validate, inject faults, answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}

	rt, params, allowed := findRoute(s.routes, r.Method, r.URL.Path)
	n := s.record(r, body, rt)
	rep, fault := s.answer(r, rt, params, allowed, body)
	s.deliver(w, r, n, rep, fault)
}

// answer decides the response to r without writing it, and the fault to apply, if any.
func (s *Server) answer(r *http.Request, rt *route, params map[string]string, allowed bool,
	body []byte) (reply, *Fault) {
	switch {
	case rt == nil && allowed:
		return errorReply(http.StatusMethodNotAllowed, "Method not allowed.",
			fmt.Sprintf("dbtcloudtest: %s is not an operation of %s", r.Method, r.URL.Path)), nil
	case rt == nil:
		return errorReply(http.StatusNotFound, "Not found.",
			fmt.Sprintf("dbtcloudtest: no operation matches %s %s", r.Method, r.URL.Path)), nil
	}
	if msg := s.checkAuth(r.Header.Get("Authorization")); msg != "" {
		return errorReply(http.StatusUnauthorized, "Invalid token.", msg), nil
	}
	if err := validateRequest(r.Context(), rt, params, r, body); err != nil {
		return errorReply(http.StatusBadRequest, "The request was invalid.",
			fmt.Sprintf("%s: %v", rt.op, err)), nil
	}

	fault := s.takeFault(rt)
	if fault != nil && !waitLatency(r, fault.Latency) {
		return reply{}, fault
	}
	if fault != nil && fault.Status != 0 {
		return faultReply(fault), fault
	}
	return s.handle(&call{route: rt, params: params, query: r.URL.Query(), body: body}), fault
}

// checkAuth returns why the Authorization header is refused, or "".
func (s *Server) checkAuth(header string) string {
	scheme, token, _ := strings.Cut(header, " ")
	if scheme != "Token" && scheme != "Bearer" || strings.TrimSpace(token) == "" {
		return "dbtcloudtest: send an Authorization header of the form " +
			"\"Token <api token>\" or \"Bearer <api token>\""
	}
	if s.token != "" && token != s.token {
		return "dbtcloudtest: the API token is not the one the server was started with"
	}
	return ""
}

// deliver writes rep, or breaks it as fault says, and completes the record of request n.
func (s *Server) deliver(w http.ResponseWriter, r *http.Request, n int, rep reply,
	fault *Fault) {
	if rep.code == 0 {
		s.complete(n, 0, nil)
		return
	}
	if fault != nil && fault.Drop {
		s.complete(n, 0, nil)
		dropConnection(w)
		return
	}

	body := rep.body
	if fault != nil && fault.Malformed {
		body = malform(body)
	}
	var invalid error
	if fault == nil && rep.code < 300 {
		invalid = ValidateResponse(r, rep.code, rep.header, body)
	}
	s.complete(n, rep.code, invalid)

	for k, v := range rep.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rep.code)
	_, _ = w.Write(body)
}
