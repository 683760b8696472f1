package dbtcloud_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
)

// scripted answers requests with the given statuses in turn, then with 200 and a run, and
// counts requests.
type scripted struct {
	mu       sync.Mutex
	statuses []int
	after    []string // Retry-After values, paired with statuses
	n        int
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := s.n
	s.n++
	s.mu.Unlock()

	if i < len(s.statuses) {
		if i < len(s.after) && s.after[i] != "" {
			w.Header().Set("Retry-After", s.after[i])
		}
		writeStatus(w, s.statuses[i], http.StatusText(s.statuses[i]))
		return
	}
	writeJSON(w, http.StatusOK, envelope(200, "Success!", runJSON(fakeRun{ID: 5, Status: 10}, false)))
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func scriptedClient(t *testing.T, s *scripted, p dbtcloud.RetryPolicy) *dbtcloud.Client {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := dbtcloud.New(canary, dbtcloud.WithAccessURL(srv.URL), dbtcloud.WithRetryPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRetriesByOperation(t *testing.T) {
	cases := []struct {
		name     string
		post     bool
		statuses []int
		requests int
		ok       bool
	}{
		{"get through 503 502 504", false, []int{503, 502, 504}, 4, true},
		{"get through 429", false, []int{429, 429}, 3, true},
		{"get gives up", false, []int{503, 503, 503, 503, 503, 503, 503, 503, 503}, 8, false},
		{"get does not retry 500", false, []int{500}, 1, false},
		{"get does not retry 404", false, []int{404}, 1, false},
		{"trigger retried after 429", true, []int{429, 429}, 3, true},
		{"trigger not retried after 503", true, []int{503}, 1, false},
		{"trigger not retried after 502", true, []int{502}, 1, false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &scripted{statuses: tc.statuses}
			c := scriptedClient(t, s, fastRetries)

			var err error
			if tc.post {
				_, err = c.V2.TriggerJobRunWithResponse(context.Background(), 1, 2,
					dbtcloud.TriggerRequest{Cause: "test"})
			} else {
				_, err = c.V2.RetrieveRunWithResponse(context.Background(), 1, 5, nil)
			}

			if (err == nil) != tc.ok {
				t.Errorf("err = %v, want success %t", err, tc.ok)
			}
			if s.count() != tc.requests {
				t.Errorf("server saw %d requests, want %d", s.count(), tc.requests)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	cases := []struct {
		name  string
		after string
		least time.Duration
		ok    bool
	}{
		{"seconds", "1", 900 * time.Millisecond, true},
		{"HTTP date", "date", time.Second, true},
		{"beyond MaxDelay", "3600", 0, false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.after == "date" {
				// Whole seconds only: three seconds ahead is at least two from now.
				tc.after = time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
			}
			s := &scripted{statuses: []int{429}, after: []string{tc.after}}
			p := fastRetries
			p.MaxDelay = 5 * time.Second
			c := scriptedClient(t, s, p)

			start := time.Now()
			_, err := c.V2.RetrieveRunWithResponse(context.Background(), 1, 5, nil)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want success %t", err, tc.ok)
			}
			if waited := time.Since(start); waited < tc.least {
				t.Errorf("waited %v, want at least %v", waited, tc.least)
			}
			if !tc.ok {
				var ae *dbtcloud.APIError
				if !errors.As(err, &ae) || ae.RetryAfter != time.Hour || !dbtcloud.IsRateLimited(err) {
					t.Errorf("err = %#v, want a rate limit error with RetryAfter 1h", err)
				}
			}
		})
	}
}

func TestRetryRespectsContextDeadline(t *testing.T) {
	s := &scripted{statuses: []int{503, 503, 503, 503, 503, 503, 503}}
	p := fastRetries
	p.BaseDelay, p.MaxDelay = 200*time.Millisecond, time.Second
	c := scriptedClient(t, s, p)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.V2.RetrieveRunWithResponse(ctx, 1, 5, nil)
	if err == nil || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("err = %v after %v; want the 503 before the deadline", err, time.Since(start))
	}
	if s.count() != 1 {
		t.Errorf("server saw %d requests; a retry could not have finished in time", s.count())
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
	f := newFake(t)
	fd := &flakyDialer{}
	fd.n.Store(2)
	hc := &http.Client{Transport: &http.Transport{DialContext: fd.dial}}
	c := newClient(t, f, dbtcloud.WithHTTPClient(hc))

	_, err := c.V2.TriggerJobRunWithResponse(context.Background(), 1, 9,
		dbtcloud.TriggerRequest{Cause: "dial"})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}
	if fd.dials.Load() != 3 || f.Count("POST run") != 1 || len(f.Runs()) != 1 {
		t.Errorf("dials %d, trigger requests %d, runs %d; want 3, 1, 1",
			fd.dials.Load(), f.Count("POST run"), len(f.Runs()))
	}
}

func TestTriggerNotResentAfterDrop(t *testing.T) {
	f := newFake(t)
	f.SetFaults(faults{DropTriggers: 1})
	c := newClient(t, f)

	_, err := c.V2.TriggerJobRunWithResponse(context.Background(), 1, 9,
		dbtcloud.TriggerRequest{Cause: "drop"})
	var te *dbtcloud.TransportError
	if !errors.As(err, &te) || !te.Sent || te.Attempts != 1 {
		t.Fatalf("err = %v, want a transport error after one sent attempt", err)
	}
	if f.Count("POST run") != 1 {
		t.Errorf("server saw %d trigger requests, want 1", f.Count("POST run"))
	}
}

func TestTriggerJobRunAdoptsDroppedRun(t *testing.T) {
	f := newFake(t)
	f.AddRuns(9, 120)
	f.SetFaults(faults{DropTriggers: 1})
	c := newClient(t, f)

	run, err := c.TriggerJobRun(context.Background(), 1, 9,
		dbtcloud.TriggerRequest{Cause: "nightly"}, dbtcloud.TriggerOptions{Settle: time.Millisecond})
	if err != nil {
		t.Fatalf("TriggerJobRun: %v", err)
	}

	var created []fakeRun
	for _, r := range f.Runs() {
		if r.Cause != "seed" {
			created = append(created, r)
		}
	}
	if len(created) != 1 || f.Count("POST run") != 1 {
		t.Fatalf("runs created %d from %d requests, want exactly 1 from 1", len(created),
			f.Count("POST run"))
	}
	if run.ID == nil || *run.ID != created[0].ID {
		t.Errorf("adopted run %v, want %d", run.ID, created[0].ID)
	}
	if !strings.HasPrefix(created[0].Cause, "nightly [dbtcloud-go:") {
		t.Errorf("cause = %q", created[0].Cause)
	}
}

func TestTriggerJobRunTriesAgainWhenNoRun(t *testing.T) {
	s := &scripted{statuses: []int{502}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			body := envelope(200, "Success!", []any{})
			body["extra"] = map[string]any{"pagination": map[string]any{"total_count": 0}}
			writeJSON(w, http.StatusOK, body)
			return
		}
		s.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, _ := dbtcloud.New(canary, dbtcloud.WithAccessURL(srv.URL),
		dbtcloud.WithRetryPolicy(fastRetries))

	run, err := c.TriggerJobRun(context.Background(), 1, 9, dbtcloud.TriggerRequest{},
		dbtcloud.TriggerOptions{Settle: time.Millisecond})
	if err != nil || run.ID == nil || *run.ID != 5 || s.count() != 2 {
		t.Fatalf("run %v, err %v after %d trigger requests; want run 5 after 2", run, err, s.count())
	}
}
