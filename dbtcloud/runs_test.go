package dbtcloud_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// fastWait polls every millisecond.
var fastWait = dbtcloud.WaitOptions{Interval: time.Millisecond, MaxInterval: 5 * time.Millisecond}

func TestWaitForRunSucceeds(t *testing.T) {
	f := newFake(t)
	f.PollsToFinish = 4
	c := newClient(t, f)
	run, err := c.TriggerJobRun(context.Background(), 1, 3, dbtcloud.TriggerRequest{Cause: "w"},
		dbtcloud.TriggerOptions{})
	if err != nil {
		t.Fatal(err)
	}

	done, err := c.WaitForRun(context.Background(), 1, *run.ID, fastWait)
	if err != nil || !dbtcloud.Succeeded(done) || !dbtcloud.IsTerminal(done) {
		t.Fatalf("WaitForRun = %v, %v; want a successful run", done, err)
	}
	if f.Count("GET run") != 4 {
		t.Errorf("polled %d times, want 4", f.Count("GET run"))
	}
}

func TestWaitForRunTimesOut(t *testing.T) {
	for _, cancelRun := range []bool{false, true} {
		f := newFake(t)
		f.PollsToFinish = 0
		c := newClient(t, f)
		run, err := c.TriggerJobRun(context.Background(), 1, 3,
			dbtcloud.TriggerRequest{Cause: "w"}, dbtcloud.TriggerOptions{})
		if err != nil {
			t.Fatal(err)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
		opts := fastWait
		opts.CancelOnGiveUp = cancelRun
		_, err = c.WaitForRun(ctx, 1, *run.ID, opts)
		cancel()

		var we *dbtcloud.WaitError
		if !errors.As(err, &we) || !errors.Is(err, context.DeadlineExceeded) || we.Run == nil {
			t.Fatalf("err = %v, want a *WaitError with the last run", err)
		}
		status, _ := dbtcloud.StatusOf(we.Run)
		want := dbtcloud.RunRunning
		if cancelRun {
			want = dbtcloud.RunCancelled
		}
		if we.Cancelled != cancelRun || status != want {
			t.Errorf("cancelled %t, last status %v; want %t, %v", we.Cancelled, status,
				cancelRun, want)
		}
		if polls := f.Runs()[0].Polls; polls < 3 {
			t.Errorf("polled %d times, want several and one at the deadline", polls)
		}
	}
}

func TestRunStatusFromFixture(t *testing.T) {
	data := readFixture(t, "v2_get_run_dbtcloudcli.json")
	srv := statusServer(t, 200, string(data))
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
	f := newFake(t)
	f.AddRuns(4, 1)
	c := newClient(t, f)

	retried, err := c.RetryRun(context.Background(), 1, 1001)
	if err != nil || *retried.ID != 1002 {
		t.Fatalf("RetryRun = %v, %v", retried, err)
	}
	rerun, err := c.RerunFailedJob(context.Background(), 1, 4)
	if err != nil || *rerun.ID != 1003 || *rerun.JobDefinitionID != 4 {
		t.Fatalf("RerunFailedJob = %v, %v", rerun, err)
	}
	info := dbtcloud.RetryInfoOf(rerun)
	if info.CanRetry || info.Reason != "RETRY_NOT_FAILED_RUN" {
		t.Errorf("RetryInfoOf = %+v", info)
	}
	if _, err := c.RetryRun(context.Background(), 1, 77); !dbtcloud.IsNotFound(err) {
		t.Errorf("RetryRun of a missing run: %v", err)
	}
}

func TestListRunsIter(t *testing.T) {
	f := newFake(t)
	f.AddRuns(1, 130)
	f.AddRuns(2, 245)
	c := newClient(t, f)

	job, limit := int64(2), int64(40)
	params := &adminv2.ListRunsParams{JobDefinitionID: &job, Limit: &limit}
	for _, opts := range [][]dbtrt.PageOption{nil, {dbtrt.Prefetch(4)}} {
		var ids []int64
		for run, err := range c.V2.ListRunsIter(context.Background(), 1, params, opts...) {
			if err != nil {
				t.Fatal(err)
			}
			if *run.JobDefinitionID != 2 {
				t.Fatalf("run %d of job %d; the filter was lost", *run.ID, *run.JobDefinitionID)
			}
			ids = append(ids, *run.ID)
		}
		if len(ids) != 245 || !slices.IsSorted(ids) || ids[0] != 1131 {
			t.Errorf("got %d runs from %v, want 245 in order from 1131", len(ids), ids[:1])
		}
	}
	if *params.Limit != 40 || params.Offset != nil {
		t.Errorf("the iterator changed the caller's params")
	}
}

func TestListRunsIterCapsPageSize(t *testing.T) {
	f := newFake(t)
	f.AddRuns(1, 230)
	c := newClient(t, f)

	limit := int64(500) // the fake, like the API, rejects limits above 100
	n := 0
	for _, err := range c.V2.ListRunsIter(context.Background(), 1,
		&adminv2.ListRunsParams{Limit: &limit}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 230 || f.Count("GET runs") != 3 {
		t.Errorf("listed %d runs in %d pages, want 230 in 3", n, f.Count("GET runs"))
	}
}

func TestListRunsIterCopesWithDeletions(t *testing.T) {
	f := newFake(t)
	f.AddRuns(1, 250)
	c := newClient(t, f)

	seen := map[int64]bool{}
	for run, err := range c.V2.ListRunsIter(context.Background(), 1, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[*run.ID] {
			t.Fatalf("run %d yielded twice", *run.ID)
		}
		seen[*run.ID] = true
		if len(seen) == 100 {
			f.DeleteRuns(30) // runs already yielded disappear before the second page
		}
	}

	for _, r := range f.Runs() {
		if !seen[r.ID] {
			t.Errorf("run %d was skipped", r.ID)
		}
	}
}

func TestListRunsIterStopsEarly(t *testing.T) {
	f := newFake(t)
	f.AddRuns(1, 500)
	c := newClient(t, f)

	n := 0
	for _, err := range c.V2.ListRunsIter(context.Background(), 1, nil, dbtrt.Prefetch(3)) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 150 {
			break
		}
	}
	if got := f.Count("GET runs"); got > 5 {
		t.Errorf("fetched %d pages for 150 items with 3 ahead", got)
	}
}

func TestListRunsIterReportsErrors(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f)

	var errs []error
	for _, err := range c.V2.ListRunsIter(context.Background(), 403, nil) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !dbtcloud.IsPermissionDenied(errs[0]) {
		t.Errorf("errors = %v, want one permission error", errs)
	}
}

// readFixture reads a real API response body from the shared fixtures.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	dir := os.Getenv("DBTCLOUD_FIXTURES")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "fixtures")
	}

	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Skipf("fixture %s not available (set DBTCLOUD_FIXTURES): %v", name, err)
	}
	return data
}
