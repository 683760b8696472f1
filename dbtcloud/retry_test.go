package dbtcloud_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// injectInTurn makes the next requests to operation fail with the given statuses, one
// each, in order; later requests are served.
func injectInTurn(srv *dbtcloudtest.Server, operation string, statuses ...int) {
	for _, code := range statuses {
		srv.Inject(operation, dbtcloudtest.Fault{Status: code, Times: 1})
	}
}

func TestRetriesByOperation(t *testing.T) {
	cases := []struct {
		name     string
		post     bool
		missing  bool
		statuses []int
		requests int
		ok       bool
	}{
		{"get through 503 502 504", false, false, []int{503, 502, 504}, 4, true},
		{"get through 429", false, false, []int{429, 429}, 3, true},
		{"get gives up", false, false, []int{503, 503, 503, 503, 503, 503, 503, 503, 503}, 8,
			false},
		{"get does not retry 500", false, false, []int{500}, 1, false},
		{"get does not retry 404", false, true, nil, 1, false},
		{"trigger retried after 429", true, false, []int{429, 429}, 3, true},
		{"trigger not retried after 503", true, false, []int{503}, 1, false},
		{"trigger not retried after 502", true, false, []int{502}, 1, false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			job := addJob(srv, "retries")
			run := int64(424242) // no such run
			if !tc.post && !tc.missing {
				run = srv.AddRun(job, "seed")
			}
			op := "RetrieveRun"
			if tc.post {
				op = "TriggerJobRun"
			}
			injectInTurn(srv, op, tc.statuses...)
			c := newClient(t, srv)

			var err error
			if tc.post {
				_, err = c.V2.TriggerJobRun(context.Background(), account, job,
					dbtcloud.TriggerRequest{Cause: "test"})
			} else {
				_, err = c.V2.RetrieveRun(context.Background(), account, run, nil)
			}

			if (err == nil) != tc.ok {
				t.Errorf("err = %v, want success %t", err, tc.ok)
			}
			if n := len(srv.RequestsTo(op)); n != tc.requests {
				t.Errorf("server saw %d requests, want %d", n, tc.requests)
			}
			if n := len(runsOf(srv, job)); tc.post && n != boolInt(tc.ok) {
				t.Errorf("%d runs, want %d: refused triggers must create none", n, boolInt(tc.ok))
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestRetryAfter(t *testing.T) {
	cases := []struct {
		name   string
		header string
		least  time.Duration
		ok     bool
	}{
		{"seconds", "1", 900 * time.Millisecond, true},
		{"HTTP date", "date", 900 * time.Millisecond, true},
		{"malformed, so backoff", "soon", 0, true},
		{"beyond MaxDelay", "3600", 0, false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.header == "date" {
				// Whole seconds only: two seconds ahead is more than one from now.
				tc.header = time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
			}
			srv := newFake(t)
			run := srv.AddRun(addJob(srv, "limited"), "seed")
			srv.Inject("RetrieveRun", dbtcloudtest.Fault{Status: http.StatusTooManyRequests,
				Header: http.Header{"Retry-After": {tc.header}}, Times: 1})
			p := fastRetries
			p.MaxDelay = 5 * time.Second
			c := newClient(t, srv, dbtcloud.WithRetryPolicy(p))

			start := time.Now()
			_, err := c.V2.RetrieveRun(context.Background(), account, run, nil)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want success %t", err, tc.ok)
			}
			if waited := time.Since(start); waited < tc.least {
				t.Errorf("waited %v, want at least %v", waited, tc.least)
			}
			if !tc.ok {
				var ae *dbtcloud.APIError
				if !errors.As(err, &ae) || ae.RetryAfter != time.Hour ||
					!dbtcloud.IsRateLimited(err) {
					t.Errorf("err = %#v, want a rate limit error with RetryAfter 1h", err)
				}
			}
		})
	}
}

func TestRetryRespectsContextDeadline(t *testing.T) {
	srv := newFake(t)
	run := srv.AddRun(addJob(srv, "storm"), "seed")
	srv.Inject("RetrieveRun", dbtcloudtest.Fault{Status: http.StatusServiceUnavailable})
	p := fastRetries
	p.BaseDelay, p.MaxDelay = 200*time.Millisecond, time.Second
	c := newClient(t, srv, dbtcloud.WithRetryPolicy(p))

	// A client that slept into the deadline would report it; one that knows the next
	// attempt cannot start in time returns the 503 at once.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.V2.RetrieveRun(ctx, account, run, nil)
	var ae *dbtcloud.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusServiceUnavailable ||
		errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want the 503, not the deadline", err)
	}
	if n := len(srv.RequestsTo("RetrieveRun")); n != 1 {
		t.Errorf("server saw %d requests; a retry could not have finished in time", n)
	}
}

// flakyDialer fails the first n dials, before any byte of a request is written.
type flakyDialer struct {
	n     atomic.Int32
	dials atomic.Int32
}

func (d *flakyDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.dials.Add(1)
	if d.n.Add(-1) >= 0 {
		return nil, errors.New("connection refused (injected)")
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

func TestTriggerRetriedWhenNeverSent(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "dial")
	fd := &flakyDialer{}
	fd.n.Store(2)
	hc := &http.Client{Transport: &http.Transport{DialContext: fd.dial}}
	c := newClient(t, srv, dbtcloud.WithHTTPClient(hc))

	_, err := c.V2.TriggerJobRun(context.Background(), account, job,
		dbtcloud.TriggerRequest{Cause: "dial"})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}
	triggers, runs := len(srv.RequestsTo("TriggerJobRun")), len(runsOf(srv, job))
	if fd.dials.Load() != 3 || triggers != 1 || runs != 1 {
		t.Errorf("dials %d, trigger requests %d, runs %d; want 3, 1, 1",
			fd.dials.Load(), triggers, runs)
	}
}

func TestTriggerNotResentAfterDrop(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "drop")
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Drop: true, Times: 1})
	c := newClient(t, srv)

	_, err := c.V2.TriggerJobRun(context.Background(), account, job,
		dbtcloud.TriggerRequest{Cause: "drop"})
	var te *dbtcloud.TransportError
	if !errors.As(err, &te) || !te.Sent || te.Attempts != 1 {
		t.Fatalf("err = %v, want a transport error after one sent attempt", err)
	}
	if n := len(srv.RequestsTo("TriggerJobRun")); n != 1 {
		t.Errorf("server saw %d trigger requests, want 1", n)
	}
	if n := len(runsOf(srv, job)); n != 1 {
		t.Errorf("%d runs; the dropped trigger created one", n)
	}
}

func TestTriggerJobRunAdoptsDroppedRun(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "nightly")
	addRuns(srv, job, 120)
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Drop: true, Times: 1})
	c := newClient(t, srv)

	run, err := c.TriggerJobRun(context.Background(), account, job,
		dbtcloud.TriggerRequest{Cause: "nightly"},
		dbtcloud.TriggerOptions{Settle: time.Millisecond})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}

	var created []dbtcloudtest.RunInfo
	for _, r := range runsOf(srv, job) {
		if r.Cause != "seed" {
			created = append(created, r)
		}
	}
	triggers := len(srv.RequestsTo("TriggerJobRun"))
	if len(created) != 1 || triggers != 1 {
		t.Fatalf("runs created %d from %d requests, want exactly 1 from 1", len(created),
			triggers)
	}
	if run.ID == nil || *run.ID != created[0].ID {
		t.Errorf("adopted run %v, want %d", run.ID, created[0].ID)
	}
	if !strings.HasPrefix(created[0].Cause, "nightly [dbtcloud-go:") {
		t.Errorf("cause = %q", created[0].Cause)
	}
}

// TestTriggerJobRunAdoptsLateRun answers the trigger with a 504 while the fake goes on and
// creates the run a little later, as dbt Cloud does behind a gateway that gave up. The run
// shows up within the settle delay and is adopted: no second request, one run.
func TestTriggerJobRunAdoptsLateRun(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "nightly")
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Status: http.StatusGatewayTimeout,
		HandleAfter: 20 * time.Millisecond, Times: 1})
	c := newClient(t, srv)

	run, err := c.TriggerJobRun(context.Background(), account, job,
		dbtcloud.TriggerRequest{Cause: "late"},
		dbtcloud.TriggerOptions{Settle: 500 * time.Millisecond})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}

	runs := runsOf(srv, job)
	reqs := srv.RequestsTo("TriggerJobRun")
	if len(runs) != 1 || len(reqs) != 1 || !reqs[0].Handled || reqs[0].Status != 504 {
		t.Fatalf("%d runs from %d requests (%+v), want 1 from one late-handled 504",
			len(runs), len(reqs), reqs)
	}
	if run.ID == nil || *run.ID != runs[0].ID {
		t.Errorf("adopted run %v, want %d", run.ID, runs[0].ID)
	}
}

func TestTriggerJobRunTriesAgainWhenNoRun(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "gateway")
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Status: http.StatusBadGateway, Times: 1})
	c := newClient(t, srv)

	run, err := c.TriggerJobRun(context.Background(), account, job, dbtcloud.TriggerRequest{},
		dbtcloud.TriggerOptions{Settle: time.Millisecond})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}

	// One search before the second request, and at least one while watching for a run the
	// first request might create late.
	runs := runsOf(srv, job)
	triggers := len(srv.RequestsTo("TriggerJobRun"))
	lists := len(srv.RequestsTo("ListRuns"))
	if len(runs) != 1 || run.ID == nil || *run.ID != runs[0].ID || triggers != 2 || lists < 2 {
		t.Fatalf("run %v from %d trigger requests and %d searches, fake holds %v; want the "+
			"one run after 2 requests and 2 or more searches", run.ID, triggers, lists, runs)
	}
}

// TestTriggerJobRunCancelsLateTwin answers the trigger with a 504 and creates its run only
// after the settle delay, once the run was requested again: the first request's run is a
// twin, and TriggerJobRun cancels it while it watches.
func TestTriggerJobRunCancelsLateTwin(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "gateway")
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Queued: time.Hour,
		Outcome: dbtcloudtest.StatusSuccess})
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Status: http.StatusGatewayTimeout,
		HandleAfter: time.Second, Times: 1})
	c := newClient(t, srv)

	run, err := c.TriggerJobRun(context.Background(), account, job, dbtcloud.TriggerRequest{},
		dbtcloud.TriggerOptions{Settle: 50 * time.Millisecond, Watch: 5 * time.Second})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}

	var kept, cancelled int
	for _, r := range runsOf(srv, job) {
		switch {
		case r.ID == *run.ID && r.Status == dbtcloudtest.StatusQueued:
			kept++
		case r.ID != *run.ID && r.Status == dbtcloudtest.StatusCancelled:
			cancelled++
		}
	}
	if kept != 1 || cancelled != 1 {
		t.Errorf("fake holds %v; want run %d queued and its late twin cancelled",
			runsOf(srv, job), *run.ID)
	}
}

// TestRetriesFollowTheOperationTable sends two POSTs through the same 503s: UpdateProject,
// which an overlay marks idempotent, is sent again and succeeds; CreateProject is not.
func TestRetriesFollowTheOperationTable(t *testing.T) {
	srv := newFake(t)
	project := srv.AddProject(account, "analytics")
	c := newClient(t, srv)
	ctx := context.Background()

	injectInTurn(srv, "v3.UpdateProject", 503, 503)
	body := adminv3.UpdateProjectJSONRequestBody{AccountID: account, Name: "renamed",
		State: adminv3.EntityStateActive}
	rsp, err := c.V3.UpdateProject(ctx, account, project, body)
	if err != nil || rsp.JSON200 == nil {
		t.Fatalf("update after two 503s: %v", err)
	}
	if n := len(srv.RequestsTo("v3.UpdateProject")); n != 3 {
		t.Errorf("UpdateProject reached the server %d times, want 3", n)
	}

	injectInTurn(srv, "v3.CreateProject", 503)
	_, err = c.V3.CreateProject(ctx, account, adminv3.CreateProjectJSONRequestBody{
		AccountID: account, Name: "second", State: adminv3.EntityStateActive})
	var apiErr *dbtcloud.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("create after a 503: error %v, want the 503", err)
	}
	if n := len(srv.RequestsTo("v3.CreateProject")); n != 1 {
		t.Errorf("CreateProject reached the server %d times, want 1", n)
	}
}
