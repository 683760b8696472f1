package dbtcloudtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

func rawClient(t *testing.T, srv *dbtcloudtest.Server) *adminv2.Client {
	t.Helper()

	c, err := adminv2.NewClient(srv.URL, httpdo.New(nil), withToken)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func countRuns(t *testing.T, c *adminv2.Client) int {
	t.Helper()

	list, err := c.ListRuns(context.Background(), account, nil)
	if err != nil || list.JSON200 == nil {
		t.Fatalf("list runs: %v", err)
	}
	return int(list.JSON200.Extra.Pagination.TotalCount)
}

func TestRateLimitFault(t *testing.T) {
	srv, c, job := start(t)
	raw := rawClient(t, srv)
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Status: http.StatusTooManyRequests,
		RetryAfter: 3 * time.Second, Times: 2})

	var codes []int
	for range 3 {
		resp, err := raw.TriggerJobRun(context.Background(), account, job,
			adminv2.TriggerJobRunJSONRequestBody{Cause: "test"})
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "3" {
			t.Errorf("Retry-After %q, want 3", resp.Header.Get("Retry-After"))
		}
	}
	if codes[0] != 429 || codes[1] != 429 || codes[2] != 200 {
		t.Errorf("status codes %v, want 429, 429, 200", codes)
	}
	if n := countRuns(t, c); n != 1 {
		t.Errorf("%d runs, want 1: refused requests must change nothing", n)
	}
}

func TestServerErrorFaults(t *testing.T) {
	srv, c, _ := start(t)
	for _, code := range []int{500, 502, 503, 504} {
		srv.Inject("v2.ListRuns", dbtcloudtest.Fault{Status: code, Times: 1})

		resp, err := c.ListRuns(context.Background(), account, nil)
		if err != nil {
			t.Fatal(err)
		}
		env := decodeEnvelope(t, resp.Body)
		if resp.StatusCode != code || env.Status.Code != code || env.Status.IsSuccess {
			t.Errorf("fault %d: status %d, envelope %+v", code, resp.StatusCode, env.Status)
		}
	}
	if n := countRuns(t, c); n != 0 {
		t.Errorf("after the faults ran out, list answered %d runs, want 0", n)
	}
}

func TestLatencyFault(t *testing.T) {
	srv, c, _ := start(t)
	srv.Inject("GET /api/v2/accounts/{account_id}/", dbtcloudtest.Fault{Latency: time.Minute})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.RetrieveAccount(ctx, account, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow answer: error %v, want a deadline", err)
	}

	srv.ClearFaults()
	srv.Inject("RetrieveAccount", dbtcloudtest.Fault{Latency: time.Millisecond})
	resp, err := c.RetrieveAccount(context.Background(), account, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("short latency: %v", err)
	}
}

func TestDropFault(t *testing.T) {
	srv, c, job := start(t)
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Drop: true, Times: 1})

	_, err := c.TriggerJobRun(context.Background(), account, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "test"})
	if err == nil {
		t.Fatal("dropped connection: no error")
	}
	// The request was handled before the connection dropped: a blind retry runs twice.
	if n := countRuns(t, c); n != 1 {
		t.Errorf("%d runs after a dropped trigger, want 1", n)
	}
	trigger(t, c, job)
	if n := countRuns(t, c); n != 2 {
		t.Errorf("%d runs after the retry, want 2", n)
	}
	reqs := srv.RequestsTo("TriggerJobRun")
	if len(reqs) != 2 || reqs[0].Status != 0 || reqs[1].Status != 200 {
		t.Errorf("recorded triggers %+v", reqs)
	}
}

func TestMalformedFault(t *testing.T) {
	srv, c, job := start(t)
	run := trigger(t, c, job)
	srv.Inject("*", dbtcloudtest.Fault{Malformed: true, Times: 1})

	_, err := c.RetrieveRun(context.Background(), account, run, nil)
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Errorf("malformed body: error %v, want a JSON syntax error", err)
	}
	if st := runStatus(t, c, run); st != adminv2.RunStatusQueued {
		t.Errorf("after the fault: %v", st)
	}
}

func TestRecording(t *testing.T) {
	srv, c, job := start(t)
	trigger(t, c, job)
	if _, err := c.RetrieveRun(context.Background(), account, 1, nil); err != nil {
		t.Fatal(err)
	}

	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("recorded %d requests, want 2", len(reqs))
	}
	first := reqs[0]
	if first.Operation.GoName != "TriggerJobRun" || first.Version != "v2" ||
		first.Method != http.MethodPost || first.Status != 200 ||
		first.Header.Get("Authorization") != "Token example-token" {
		t.Errorf("first request %+v", first)
	}
	var body map[string]any
	if err := json.Unmarshal(first.Body, &body); err != nil || body["cause"] != "test" {
		t.Errorf("recorded body %s", first.Body)
	}
	if reqs[1].Status != 404 || reqs[1].Operation.GoName != "RetrieveRun" {
		t.Errorf("second request %+v", reqs[1])
	}
}

func TestHandleAfterFault(t *testing.T) {
	srv, c, job := start(t)
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Status: http.StatusBadGateway,
		HandleAfter: 500 * time.Millisecond, Times: 1})

	rsp, err := c.TriggerJobRun(context.Background(), account, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "late"})
	if err != nil || rsp.StatusCode != http.StatusBadGateway {
		t.Fatalf("trigger: status %d, %v; want the 502", rsp.StatusCode, err)
	}
	if n := countRuns(t, c); n != 0 {
		t.Errorf("%d runs right after the 502, want none yet", n)
	}

	deadline := time.Now().Add(5 * time.Second)
	for countRuns(t, c) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	reqs := srv.RequestsTo("TriggerJobRun")
	if n := countRuns(t, c); n != 1 || len(reqs) != 1 || !reqs[0].Handled {
		t.Errorf("after the delay: %d runs, requests %+v; want one run, handled", n, reqs)
	}
}
