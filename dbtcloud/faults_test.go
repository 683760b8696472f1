package dbtcloud_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
)

// TestUnderFaults sends idempotent and non-idempotent requests concurrently through 30 %
// injected 503s and bursts of 429s: every idempotent call must succeed, no non-idempotent
// request may reach the server twice, and no run may be created twice.
func TestUnderFaults(t *testing.T) {
	f := newFake(t)
	f.AddRuns(1, 250)
	f.SetFaults(faults{Rate503: 0.3, Burst429: 3})
	p := fastRetries
	p.MaxAttempts = 16
	c := newClient(t, f, dbtcloud.WithRetryPolicy(p))

	const workers, calls = 6, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls*4)
	var mu sync.Mutex
	var triggered []int64
	cancels := 0

	for w := range workers {
		wg.Go(func() {
			for i := range calls {
				ctx := context.Background()
				if _, err := c.V2.RetrieveRunWithResponse(ctx, 1, 1001+int64(i), nil); err != nil {
					errs <- fmt.Errorf("idempotent RetrieveRun: %w", err)
				}
				if err := countAll(ctx, c); err != nil {
					errs <- fmt.Errorf("idempotent ListRunsIter: %w", err)
				}

				run, err := c.TriggerJobRun(ctx, 1, int64(100+w), dbtcloud.TriggerRequest{
					Cause: fmt.Sprintf("worker %d call %d", w, i)},
					dbtcloud.TriggerOptions{Attempts: 12, Settle: 1})
				if err != nil {
					errs <- fmt.Errorf("TriggerJobRun: %w", err)
					continue
				}

				_, cerr := c.CancelRun(ctx, 1, *run.ID)
				mu.Lock()
				triggered = append(triggered, *run.ID)
				if cerr == nil {
					cancels++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	checkNoDuplicateRuns(t, f, triggered)
	if got := f.Count("POST cancel"); got < cancels || got > workers*calls {
		t.Errorf("cancel reached the server %d times for %d calls, %d answered", got,
			workers*calls, cancels)
	}
}

// countAll pages through every run.
func countAll(ctx context.Context, c *dbtcloud.Client) error {
	n := 0
	for _, err := range c.V2.ListRunsIter(ctx, 1, nil) {
		if err != nil {
			return err
		}
		n++
	}
	if n < 250 {
		return fmt.Errorf("listed %d runs, want at least 250", n)
	}
	return nil
}

// checkNoDuplicateRuns checks that every trigger call created exactly one run, the one it
// returned.
func checkNoDuplicateRuns(t *testing.T, f *fakeDBT, triggered []int64) {
	t.Helper()
	byCause := map[string]int{}
	created := 0
	for _, r := range f.Runs() {
		if r.Cause == "seed" {
			continue
		}
		created++
		tag := r.Cause[strings.Index(r.Cause, "[dbtcloud-go:"):]
		if byCause[tag]++; byCause[tag] > 1 {
			t.Errorf("two runs carry the tag %s", tag)
		}
	}
	if created != len(triggered) {
		t.Errorf("%d runs created for %d trigger calls", created, len(triggered))
	}
}
