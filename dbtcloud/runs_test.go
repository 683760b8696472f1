package dbtcloud_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// fastWait polls every millisecond.
var fastWait = dbtcloud.WaitOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond}

// step is how long a run of stepPlan stays in each state.
const step = 10 * time.Second

// stepPlan is a run that is queued, starting and running for one step each, then succeeds.
var stepPlan = dbtcloudtest.RunPlan{Queued: step, Starting: step, Running: step,
	Outcome: dbtcloudtest.StatusSuccess}

func TestWaitForRunSucceeds(t *testing.T) {
	// Every request moves the fake's clock one step: the trigger leaves the run starting,
	// and the third poll finds it finished.
	srv := newFake(t, dbtcloudtest.WithAutoAdvance(step))
	job := addJob(srv, "wait")
	srv.SetJobRunPlan(job, stepPlan)
	c := newClient(t, srv)
	run, err := c.TriggerJobRun(context.Background(), account, job,
		dbtcloud.TriggerRequest{Cause: "w"}, dbtcloud.TriggerOptions{})
	if err != nil {
		t.Fatal(err)
	}

	done, err := c.WaitForRun(context.Background(), account, *run.ID, fastWait)
	if err != nil || !dbtcloud.Succeeded(done) || !dbtcloud.IsTerminal(done) {
		t.Fatalf("WaitForRun = %v, %v; want a successful run", done, err)
	}
	if polls := len(srv.RequestsTo("RetrieveRun")); polls != 3 {
		t.Errorf("polled %d times, want 3", polls)
	}
}

func TestWaitForRunTimesOut(t *testing.T) {
	for _, cancelRun := range []bool{false, true} {
		// The clock stands still, so the run stays running however often it is polled.
		srv := newFake(t)
		job := addJob(srv, "endless")
		srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Running: time.Hour,
			Outcome: dbtcloudtest.StatusSuccess})
		c := newClient(t, srv)
		run, err := c.TriggerJobRun(context.Background(), account, job,
			dbtcloud.TriggerRequest{Cause: "w"}, dbtcloud.TriggerOptions{})
		if err != nil {
			t.Fatal(err)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
		opts := fastWait
		opts.CancelOnGiveUp = cancelRun
		_, err = c.WaitForRun(ctx, account, *run.ID, opts)
		cancel()

		var we *dbtcloud.WaitError
		if !errors.As(err, &we) || !errors.Is(err, context.DeadlineExceeded) || we.Run == nil {
			t.Fatalf("err = %v, want a *WaitError with the last run", err)
		}
		status, _ := dbtcloud.StatusOf(we.Run)
		want, wantFake := dbtcloud.RunRunning, dbtcloudtest.StatusRunning
		if cancelRun {
			want, wantFake = dbtcloud.RunCancelled, dbtcloudtest.StatusCancelled
		}
		if we.Cancelled != cancelRun || status != want {
			t.Errorf("cancelled %t, last status %v; want %t, %v", we.Cancelled, status,
				cancelRun, want)
		}
		if st, _ := srv.RunStatus(*run.ID); st != wantFake {
			t.Errorf("the fake holds the run as %v, want %v", st, wantFake)
		}
		if polls := len(srv.RequestsTo("RetrieveRun")); polls < 3 {
			t.Errorf("polled %d times, want several and one at the deadline", polls)
		}
	}
}

// TestRunStatusFromFixture decodes a run body recorded from dbt Cloud, byte for byte. The
// fake builds its own bodies, so a minimal local handler replays the recording.
func TestRunStatusFromFixture(t *testing.T) {
	data := readFixture(t, "v2_get_run_dbtcloudcli.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	c, _ := dbtcloud.New(canary, dbtcloud.WithAccessURL(srv.URL))

	run, err := c.WaitForRun(context.Background(), 1, 36053848, fastWait)
	if err != nil {
		t.Fatalf("WaitForRun on a real run body: %v", err)
	}
	if !dbtcloud.Succeeded(run) || *run.ID != 36053848 {
		t.Errorf("run %v with status %v, want 36053848 succeeded", run.ID, run.Status)
	}
	info := dbtcloud.RetryInfoOf(run)
	if info.CanRetry {
		t.Errorf("RetryInfoOf(successful run) = %+v", info)
	}
}

func TestRestartFromFailure(t *testing.T) {
	srv := newFake(t)
	job := addJob(srv, "flaky")
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Running: time.Minute,
		Outcome: dbtcloudtest.StatusError})
	failed := srv.AddRun(job, "seed")
	srv.Clock.Advance(time.Hour)
	c := newClient(t, srv)
	ctx := context.Background()

	if info := dbtcloud.RetryInfoOf(getRun(t, c, failed)); !info.CanRetry {
		t.Errorf("RetryInfoOf(failed run) = %+v", info)
	}
	retried, err := c.RetryRun(ctx, account, failed)
	if err != nil {
		t.Fatalf("RetryRun: %v", err)
	}
	checkRetryOf(t, srv, *retried.ID, failed)

	srv.Clock.Advance(time.Hour) // the retry fails too
	rerun, err := c.RerunFailedJob(ctx, account, job)
	if err != nil || *rerun.JobDefinitionID != job {
		t.Fatalf("RerunFailedJob = %v, %v", rerun, err)
	}
	checkRetryOf(t, srv, *rerun.ID, *retried.ID)
	info := dbtcloud.RetryInfoOf(rerun)
	if info.CanRetry || info.Reason != "RETRY_NOT_FAILED_RUN" {
		t.Errorf("RetryInfoOf(queued run) = %+v", info)
	}

	if _, err := c.RetryRun(ctx, account, 77); !dbtcloud.IsNotFound(err) {
		t.Errorf("RetryRun of a missing run: %v", err)
	}
	if n := len(srv.Runs()); n != 3 {
		t.Errorf("the fake holds %d runs, want the failed one and two retries", n)
	}
}

// getRun reads a run through the client.
func getRun(t *testing.T, c *dbtcloud.Client, id int64) *dbtcloud.Run {
	t.Helper()

	rsp, err := c.V2.RetrieveRun(context.Background(), account, id, nil)
	if err != nil || rsp.JSON200 == nil {
		t.Fatalf("RetrieveRun %d: %v", id, err)
	}
	return &rsp.JSON200.Data
}

// checkRetryOf checks that the fake holds run as a retry of old.
func checkRetryOf(t *testing.T, srv *dbtcloudtest.Server, run, old int64) {
	t.Helper()

	for _, r := range srv.Runs() {
		if r.ID == run && r.RetryOf == old {
			return
		}
	}
	t.Errorf("the fake holds no run %d that retries run %d", run, old)
}

func TestListRunsIter(t *testing.T) {
	srv := newFake(t)
	addRuns(srv, addJob(srv, "other"), 130)
	job := addJob(srv, "listed")
	want := addRuns(srv, job, 245)
	c := newClient(t, srv)

	limit := int64(40)
	params := &adminv2.ListRunsParams{JobDefinitionID: &job, Limit: &limit}
	for _, opts := range [][]dbtrt.PageOption{nil, {dbtrt.Prefetch(4)}} {
		var ids []int64
		for run, err := range c.V2.ListRunsIter(context.Background(), account, params, opts...) {
			if err != nil {
				t.Fatal(err)
			}
			if *run.JobDefinitionID != job {
				t.Fatalf("run %d of job %d; the filter was lost", *run.ID, *run.JobDefinitionID)
			}
			ids = append(ids, *run.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("got %d runs from %v, want %d from %d", len(ids), ids[:1], len(want),
				want[0])
		}
	}
	if *params.Limit != 40 || params.Offset != nil {
		t.Errorf("the iterator changed the caller's params")
	}
}

func TestListRunsIterCapsPageSize(t *testing.T) {
	srv := newFake(t)
	addRuns(srv, addJob(srv, "many"), 230)
	c := newClient(t, srv)

	limit := int64(500) // the fake, like the API, rejects limits above 100
	n := 0
	for _, err := range c.V2.ListRunsIter(context.Background(), account,
		&adminv2.ListRunsParams{Limit: &limit}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	pages := srv.RequestsTo("ListRuns")
	if n != 230 || len(pages) != 3 {
		t.Errorf("listed %d runs in %d pages, want 230 in 3", n, len(pages))
	}
	for _, p := range pages {
		if l, _ := strconv.Atoi(p.Query.Get("limit")); l != dbtrt.MaxPageSize {
			t.Errorf("page asked with limit %q, want %d", p.Query.Get("limit"),
				dbtrt.MaxPageSize)
		}
	}
}

func TestListRunsIterCopesWithDeletions(t *testing.T) {
	srv := newFake(t)
	ids := addRuns(srv, addJob(srv, "pruned"), 250)
	c := newClient(t, srv)

	seen := map[int64]bool{}
	for run, err := range c.V2.ListRunsIter(context.Background(), account, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[*run.ID] {
			t.Fatalf("run %d yielded twice", *run.ID)
		}
		seen[*run.ID] = true
		if len(seen) == 100 {
			for _, id := range ids[:30] { // runs already yielded go before the second page
				srv.RemoveRun(id)
			}
		}
	}

	for _, r := range srv.Runs() {
		if !seen[r.ID] {
			t.Errorf("run %d was skipped", r.ID)
		}
	}
}

func TestListRunsIterStopsEarly(t *testing.T) {
	srv := newFake(t)
	addRuns(srv, addJob(srv, "long"), 500)
	c := newClient(t, srv)

	n := 0
	for _, err := range c.V2.ListRunsIter(context.Background(), account, nil,
		dbtrt.Prefetch(3)) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 150 {
			break
		}
	}
	if got := len(srv.RequestsTo("ListRuns")); got > 5 {
		t.Errorf("fetched %d pages for 150 items with 3 ahead", got)
	}
}

func TestListRunsIterReportsErrors(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)

	const otherAccount = 403
	var errs []error
	for _, err := range c.V2.ListRunsIter(context.Background(), otherAccount, nil) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !dbtcloud.IsPermissionDenied(errs[0]) {
		t.Errorf("errors = %v, want one permission error", errs)
	}
}

// readFixture reads a real API response body from the shared fixtures.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shared.Fixtures(), name))
	if err != nil {
		t.Skipf("fixture %s not available (set DBTCLOUD_FIXTURES): %v", name, err)
	}
	return data
}
