package dbtcloudtest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
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
	seed   uint64

	mu       sync.Mutex
	store    *store
	runs     *runBook
	faults   []*faultRule
	latency  []latencyRule
	rng      *rand.Rand
	requests []Request
	late     []*time.Timer
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

// WithSeed seeds the random source that picks which requests a Fault with a Rate fails,
// so that a test can replay a run of faults. Without it the seed is fixed, so runs are
// reproducible anyway; concurrent requests may still arrive in a different order.
func WithSeed(seed uint64) Option {
	return func(s *Server) { s.seed = seed }
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
		seed:   1,
	}
	for _, o := range opts {
		o(s)
	}
	s.rng = rand.New(rand.NewPCG(s.seed, s.seed^0x9e3779b97f4a7c15))
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
	v := s.decide(n, r, rt, params, allowed, body)
	s.deliver(w, r, n, v)
}

// verdict is how the server answers one request: the reply, the fault injected into it, and
// whether the request was handled, that is, reached the operation and could change state.
type verdict struct {
	rep     reply
	fault   *Fault
	handled bool
}

// decide works out the answer to r, request n, without writing it.
func (s *Server) decide(n int, r *http.Request, rt *route, params map[string]string,
	allowed bool, body []byte) verdict {
	switch {
	case rt == nil && allowed:
		return verdict{rep: errorReply(http.StatusMethodNotAllowed, "Method not allowed.",
			fmt.Sprintf("dbtcloudtest: %s is not an operation of %s", r.Method, r.URL.Path))}
	case rt == nil:
		return verdict{rep: errorReply(http.StatusNotFound, "Not found.",
			fmt.Sprintf("dbtcloudtest: no operation matches %s %s", r.Method, r.URL.Path))}
	}
	if msg := s.checkAuth(r.Header.Get("Authorization")); msg != "" {
		return verdict{rep: errorReply(http.StatusUnauthorized, "Invalid token.", msg)}
	}
	if err := validateRequest(r.Context(), rt, params, r, body); err != nil {
		return verdict{rep: errorReply(http.StatusBadRequest, "The request was invalid.",
			fmt.Sprintf("%s: %v", rt.op, err))}
	}

	fault := s.takeFault(rt)
	delay := s.latencyOf(rt)
	if fault != nil {
		delay += fault.Latency
	}
	if !waitLatency(r, delay) {
		return verdict{fault: fault}
	}
	c := &call{route: rt, params: params, query: r.URL.Query(), body: body}
	if fault != nil && fault.Status != 0 {
		if fault.HandleAfter > 0 {
			s.handleLater(n, c, fault.HandleAfter)
		}
		return verdict{rep: faultReply(fault), fault: fault}
	}
	return verdict{rep: s.handle(c), fault: fault, handled: true}
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

// deliver writes the verdict's reply, or breaks it as its fault says, and completes the
// record of request n.
func (s *Server) deliver(w http.ResponseWriter, r *http.Request, n int, v verdict) {
	rep, fault := v.rep, v.fault
	if rep.code == 0 || fault != nil && fault.Drop {
		s.complete(n, 0, v, nil)
		if rep.code != 0 {
			dropConnection(w)
		}
		return
	}

	body := rep.body
	if fault != nil && fault.Malformed {
		body = malform(body)
	}
	var invalid error
	if fault == nil && rep.code < 300 && rep.stream == nil {
		invalid = ValidateResponse(r, rep.code, rep.header, body)
	}
	s.complete(n, rep.code, v, invalid)

	for k, vals := range rep.header {
		w.Header()[k] = vals
	}
	if rep.stream != nil {
		writeStream(w, rep, fault != nil && fault.Malformed)
		return
	}
	w.WriteHeader(rep.code)
	_, _ = w.Write(body)
}

// writeStream writes a reply whose body is streamed, all of it or, when malformed, half.
func writeStream(w http.ResponseWriter, rep reply, malformed bool) {
	size := rep.size
	if malformed {
		size /= 2
	}

	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(rep.code)
	_, _ = io.CopyN(w, rep.stream, size)
}
