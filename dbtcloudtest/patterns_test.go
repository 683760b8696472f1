package dbtcloudtest_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// statuses sends n requests to list runs and returns the status of each answer.
func statuses(t *testing.T, c *adminv2.Client, n int) []int {
	t.Helper()

	var out []int
	for range n {
		resp, err := c.ListRuns(context.Background(), account, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, resp.StatusCode)
	}
	return out
}

func TestBurstFault(t *testing.T) {
	srv, c, _ := start(t)
	srv.Inject("ListRuns", dbtcloudtest.Fault{Status: http.StatusTooManyRequests, Every: 5,
		Burst: 2})

	got := statuses(t, c, 10)
	want := []int{200, 200, 200, 429, 429, 200, 200, 200, 429, 429}
	if !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

// rateRun returns which of 200 requests a 30 % fault failed, on a server seeded with seed.
func rateRun(t *testing.T, seed uint64) []int {
	t.Helper()

	srv, c, _ := start(t, dbtcloudtest.WithSeed(seed))
	srv.Inject("ListRuns", dbtcloudtest.Fault{Status: http.StatusServiceUnavailable,
		Rate: 0.3})
	var failed []int
	for i, code := range statuses(t, c, 200) {
		if code == http.StatusServiceUnavailable {
			failed = append(failed, i)
		}
	}
	return failed
}

func TestRateFaultIsSeeded(t *testing.T) {
	first, again, other := rateRun(t, 7), rateRun(t, 7), rateRun(t, 8)

	if !slices.Equal(first, again) {
		t.Errorf("the same seed failed requests %v, then %v", first, again)
	}
	if slices.Equal(first, other) {
		t.Errorf("two seeds failed the same requests %v", first)
	}
	if n := len(first); n < 40 || n > 80 {
		t.Errorf("%d of 200 requests failed, want about 60", n)
	}
}

func TestFaultHeaderAndBody(t *testing.T) {
	srv, _, _ := start(t)
	raw := rawClient(t, srv)
	srv.Inject("ListRuns", dbtcloudtest.Fault{Status: http.StatusBadGateway,
		Header: http.Header{"Retry-After": {"soon"}, "Content-Type": {"text/html"}},
		Body:   []byte("<html>bad gateway</html>"), Times: 1})

	resp, err := raw.ListRuns(context.Background(), account, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := resp.Body
	if resp.StatusCode != 502 || string(body) != "<html>bad gateway</html>" ||
		resp.Header.Get("Retry-After") != "soon" ||
		resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("answer %d %v: %s", resp.StatusCode, resp.Header, body)
	}

	reqs := srv.RequestsTo("ListRuns")
	if len(reqs) != 1 || reqs[0].Handled || reqs[0].Fault == nil ||
		reqs[0].Fault.Status != 502 {
		t.Errorf("recorded %+v, want one unhandled request with the fault", reqs)
	}
}

func TestSetLatency(t *testing.T) {
	srv, c, _ := start(t)
	srv.SetLatency("v2.ListRuns", time.Hour)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.ListRuns(ctx, account, nil); err == nil {
		t.Fatal("a request an hour late came back within 20 ms")
	}
	if _, err := c.RetrieveAccount(context.Background(), account, nil); err != nil {
		t.Errorf("another operation was delayed: %v", err)
	}

	srv.SetLatency("v2.ListRuns", 0)
	if got := statuses(t, c, 1); got[0] != 200 {
		t.Errorf("after the latency was removed: status %d", got[0])
	}
	reqs := srv.RequestsTo("ListRuns")
	if len(reqs) != 2 || reqs[0].Handled || reqs[0].Status != 0 || !reqs[1].Handled {
		t.Errorf("recorded %+v; the abandoned request must not count as handled", reqs)
	}
}

func TestStreamedArtifact(t *testing.T) {
	srv, c, job := start(t)
	run := srv.AddRun(job, "scheduled")
	srv.Clock.Advance(time.Hour)
	const size = 1<<20 + 3
	srv.SetArtifactStream(run, "catalog.json", size, func() io.Reader {
		return strings.NewReader(strings.Repeat("x", size))
	})
	raw := rawClient(t, srv)

	resp, err := raw.Send(context.Background(), "RetrieveRunArtifact", nil, nil, nil, account,
		run, "catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	length := resp.Header.Get("Content-Length")
	if err != nil || n != size || length != strconv.Itoa(size) {
		t.Errorf("read %d of %d bytes (Content-Length %s): %v", n, size, length, err)
	}

	list, err := c.ListRunArtifacts(context.Background(), account, run, nil)
	if err != nil || list.JSON200 == nil || !slices.Contains(list.JSON200.Data, "catalog.json") {
		t.Errorf("artifacts listed: %v", err)
	}
}

func TestAddAndRemoveRuns(t *testing.T) {
	srv, c, job := start(t)
	first, second := srv.AddRun(job, "one"), srv.AddRun(job, "two")
	if st := runStatus(t, c, first); st != adminv2.RunStatusQueued {
		t.Errorf("added run reads %v, want queued", st)
	}

	if !srv.RemoveRun(first) || srv.RemoveRun(first) {
		t.Error("RemoveRun reported the wrong existence")
	}
	runs := srv.Runs()
	if len(runs) != 1 || runs[0].ID != second || runs[0].Cause != "two" ||
		runs[0].JobID != job || runs[0].AccountID != account {
		t.Errorf("runs %+v, want the second alone", runs)
	}
	if n := countRuns(t, c); n != 1 {
		t.Errorf("the list holds %d runs, want 1", n)
	}
	resp, err := c.RetrieveRun(context.Background(), account, first, nil)
	if err != nil || resp.StatusCode != 404 {
		t.Errorf("removed run: %v, status %d", err, resp.StatusCode)
	}
}

func TestPageLimitAndForeignAccount(t *testing.T) {
	_, c, _ := start(t)
	limit := int64(101)

	resp, err := c.ListRuns(context.Background(), account,
		&adminv2.ListRunsParams{Limit: &limit})
	if err != nil || resp.StatusCode != 400 {
		t.Errorf("limit 101: %v, status %d, want 400", err, resp.StatusCode)
	}

	resp, err = c.ListRuns(context.Background(), 424242, nil)
	if err != nil {
		t.Fatal(err)
	}
	env := decodeEnvelope(t, resp.Body)
	if resp.StatusCode != 404 || !strings.Contains(env.Status.UserMessage, "permission") {
		t.Errorf("another account: status %d, %+v", resp.StatusCode, env.Status)
	}
}
