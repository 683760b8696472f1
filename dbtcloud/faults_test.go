package dbtcloud_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
)

// TestUnderFaults sends idempotent and non-idempotent requests concurrently to a fake that
// answers 30 % of requests with 503, sends 429s in bursts, drops some connections after
// handling the request, and answers list requests late. Every idempotent call must
// succeed, no non-idempotent request may reach its operation twice, and no run may be
// created twice.
func TestUnderFaults(t *testing.T) {
	srv := newFake(t, dbtcloudtest.WithSeed(20240506))
	seeded := addRuns(srv, addJob(srv, "seeded"), seededRuns)
	srv.Inject("*", dbtcloudtest.Fault{Status: http.StatusServiceUnavailable, Rate: 0.3})
	srv.Inject("*", dbtcloudtest.Fault{Status: http.StatusTooManyRequests, Every: 20, Burst: 3})
	srv.Inject("*", dbtcloudtest.Fault{Drop: true, Rate: 0.05})
	srv.SetLatency("ListRuns", time.Millisecond)
	p := fastRetries
	p.MaxAttempts = 16
	c := newClient(t, srv, dbtcloud.WithRetryPolicy(p))

	const workers, calls = 6, 10
	jobs := make([]int64, workers)
	for w := range jobs {
		jobs[w] = addJob(srv, fmt.Sprintf("worker %d", w))
	}
	results := make(chan triggered, workers*calls)
	errs := make(chan error, workers*calls*4)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range calls {
				call := fmt.Sprintf("worker %d call %d", w, i)
				if r, err := underFaults(c, jobs[w], seeded[i], call, errs); err == nil {
					results <- r
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	close(results)

	for err := range errs {
		t.Error(err)
	}
	checkFaultsFired(t, srv)
	checkNoResends(t, srv)
	checkNoDuplicateRuns(t, srv, results, workers*calls)
}

// seededRuns is how many runs the fake holds before the test starts: two pages' worth.
const seededRuns = 150

// triggered is what one TriggerJobRun call under faults gave: its cause and its run.
type triggered struct {
	cause string
	runID int64
}

// underFaults makes one round of calls: two idempotent reads, a trigger and a cancel. It
// reports the failures of calls that must succeed on errs.
func underFaults(c *dbtcloud.Client, job, seeded int64, cause string,
	errs chan<- error) (triggered, error) {
	ctx := context.Background()
	if _, err := c.V2.RetrieveRun(ctx, account, seeded, nil); err != nil {
		errs <- fmt.Errorf("idempotent RetrieveRun: %w", err)
	}
	if err := countAll(ctx, c); err != nil {
		errs <- fmt.Errorf("idempotent ListRunsIter: %w", err)
	}

	run, err := c.TriggerJobRun(ctx, account, job, dbtcloud.TriggerRequest{Cause: cause},
		dbtcloud.TriggerOptions{Attempts: 12, Settle: 1})
	if err != nil {
		errs <- fmt.Errorf("TriggerJobRun %q: %w", cause, err)
		return triggered{}, err
	}

	// A cancel may fail under faults and is not retried once sent; checkNoResends checks it.
	_, _ = c.CancelRun(ctx, account, *run.ID)
	return triggered{cause: cause, runID: *run.ID}, nil
}

// countAll pages through every run.
func countAll(ctx context.Context, c *dbtcloud.Client) error {
	n := 0
	for _, err := range c.V2.ListRunsIter(ctx, account, nil) {
		if err != nil {
			return err
		}
		n++
	}
	if n < seededRuns {
		return fmt.Errorf("listed %d runs, want at least %d", n, seededRuns)
	}
	return nil
}

// checkFaultsFired makes sure the test ran under every kind of fault it injected.
func checkFaultsFired(t *testing.T, srv *dbtcloudtest.Server) {
	t.Helper()

	kinds := map[string]int{}
	reqs := srv.Requests()
	for _, r := range reqs {
		switch {
		case r.Fault == nil:
		case r.Fault.Drop:
			kinds["dropped"]++
		default:
			kinds[fmt.Sprint(r.Fault.Status)]++
		}
	}
	t.Logf("%d requests; faults injected: %v", len(reqs), kinds)
	for _, kind := range []string{"503", "429", "dropped"} {
		if kinds[kind] == 0 {
			t.Errorf("no request got the %s fault", kind)
		}
	}
	if share := float64(kinds["503"]) / float64(len(reqs)); share < 0.2 || share > 0.4 {
		t.Errorf("%.0f %% of requests got a 503, want about 30 %%", share*100)
	}
}

// checkNoResends checks that no request to an operation the table does not mark idempotent
// reached the operation twice. Every such request in the test is unique by its path and
// body: triggers carry a tagged cause, and cancels name their run.
func checkNoResends(t *testing.T, srv *dbtcloudtest.Server) {
	t.Helper()

	seen := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Operation.Idempotent || !r.Handled {
			continue
		}
		key := r.Method + " " + r.Path + " " + string(r.Body)
		if seen[key]++; seen[key] == 2 {
			t.Errorf("%s %s reached the server twice: %s", r.Method, r.Path, r.Body)
		}
	}
	if len(seen) == 0 {
		t.Error("no non-idempotent request was handled")
	}
}

// checkNoDuplicateRuns checks that every trigger call created exactly one run, the one it
// returned, and that no run was created but by a call that returned it.
func checkNoDuplicateRuns(t *testing.T, srv *dbtcloudtest.Server, results <-chan triggered,
	calls int) {
	t.Helper()

	byCause := map[string][]int64{}
	for _, r := range srv.Runs() {
		if r.Cause == "seed" {
			continue
		}
		call, _, ok := strings.Cut(r.Cause, " [dbtcloud-go:")
		if !ok {
			t.Errorf("run %d has no tag in its cause %q", r.ID, r.Cause)
		}
		byCause[call] = append(byCause[call], r.ID)
	}

	n := 0
	for res := range results {
		n++
		if ids := byCause[res.cause]; len(ids) != 1 || ids[0] != res.runID {
			t.Errorf("%s returned run %d; the fake holds runs %v for it", res.cause,
				res.runID, ids)
		}
	}
	if n != calls || len(byCause) != calls {
		t.Errorf("%d of %d trigger calls succeeded, and %d calls have runs", n, calls,
			len(byCause))
	}
}
