package dbtcloudtest_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

func TestRunLifecycle(t *testing.T) {
	for _, outcome := range []dbtcloudtest.RunStatus{dbtcloudtest.StatusSuccess,
		dbtcloudtest.StatusError, dbtcloudtest.StatusCancelled} {
		t.Run(outcome.String(), func(t *testing.T) {
			srv, c, job := start(t)
			srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Queued: time.Second,
				Starting: 2 * time.Second, Running: 3 * time.Second, Outcome: outcome})
			run := trigger(t, c, job)

			// Polled once a second: queued for one poll, starting for two, running for three.
			want := []adminv2.RunStatus{1, 2, 2, 3, 3, 3, adminv2.RunStatus(outcome),
				adminv2.RunStatus(outcome)}
			var got []adminv2.RunStatus
			for range want {
				got = append(got, runStatus(t, c, run))
				srv.Clock.Advance(time.Second)
			}
			if !slices.Equal(got, want) {
				t.Errorf("statuses %v, want %v", got, want)
			}
			noInvalidAnswers(t, srv)
		})
	}
}

func TestFinishedRunFields(t *testing.T) {
	srv, c, job := start(t)
	run := trigger(t, c, job)
	srv.Clock.Advance(time.Hour)

	resp, err := c.RetrieveRun(context.Background(), account, run, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := resp.JSON200.Data
	if d.IsComplete == nil || !*d.IsComplete || d.IsSuccess == nil || !*d.IsSuccess ||
		d.FinishedAt == nil || d.JobDefinitionID == nil || *d.JobDefinitionID != job {
		t.Errorf("finished run: %s", resp.Body)
	}
	if !d.FinishedAt.After(d.CreatedAt.Time) {
		t.Errorf("finished_at %v is not after created_at %v", d.FinishedAt, d.CreatedAt)
	}
}

func TestCancel(t *testing.T) {
	srv, c, job := start(t)
	ctx := context.Background()
	run := trigger(t, c, job)
	srv.Clock.Advance(15 * time.Second)

	resp, err := c.CancelRun(ctx, account, run)
	if err != nil {
		t.Fatal(err)
	}
	if st := *resp.JSON200.Data.Status; st != adminv2.RunStatusCancelled {
		t.Errorf("cancel answered status %v", st)
	}
	srv.Clock.Advance(time.Hour)
	if st := runStatus(t, c, run); st != adminv2.RunStatusCancelled {
		t.Errorf("cancelled run later reads %v", st)
	}

	// Cancelling a finished run leaves it as it was.
	done := trigger(t, c, job)
	srv.Clock.Advance(time.Hour)
	resp, err = c.CancelRun(ctx, account, done)
	if err != nil {
		t.Fatal(err)
	}
	if st := *resp.JSON200.Data.Status; st != adminv2.RunStatusSuccess {
		t.Errorf("cancelling a finished run answered %v, want Success", st)
	}
}

func TestRetryAndRerun(t *testing.T) {
	srv, c, job := start(t)
	ctx := context.Background()
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Running: time.Second,
		Outcome: dbtcloudtest.StatusError})
	failed := trigger(t, c, job)
	srv.Clock.Advance(time.Minute)

	retry, err := c.RetryRun(ctx, account, failed)
	if err != nil {
		t.Fatal(err)
	}
	if retry.JSON200 == nil || *retry.JSON200.Data.ID == failed ||
		retry.JSON200.Data.RetryingRunID == nil || *retry.JSON200.Data.RetryingRunID != failed {
		t.Fatalf("retry of run %d: status %d: %s", failed, retry.StatusCode, retry.Body)
	}

	// Only failed runs can be retried.
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Outcome: dbtcloudtest.StatusSuccess})
	ok := trigger(t, c, job)
	srv.Clock.Advance(time.Minute)
	again, err := c.RetryRun(ctx, account, ok)
	if err != nil {
		t.Fatal(err)
	}
	if again.StatusCode != 400 || decodeEnvelope(t, again.Body).Status.Code != 400 {
		t.Errorf("retry of a successful run: status %d: %s", again.StatusCode, again.Body)
	}

	// Rerunning a job whose latest run succeeded starts a fresh run.
	rerun, err := c.RetryFailedJob(ctx, account, job)
	if err != nil {
		t.Fatal(err)
	}
	if rerun.JSON200 == nil || rerun.JSON200.Data.RetryingRunID != nil {
		t.Errorf("rerun after success: %s", rerun.Body)
	}
	noInvalidAnswers(t, srv)
}

func TestArtifacts(t *testing.T) {
	srv, c, job := start(t)
	ctx := context.Background()
	run := trigger(t, c, job)

	list, err := c.ListRunArtifacts(ctx, account, run, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.JSON200.Data) != 0 {
		t.Errorf("queued run lists artifacts %v", list.JSON200.Data)
	}

	srv.SetArtifact(run, "catalog.json", []byte(`{"nodes": {}}`))
	srv.Clock.Advance(time.Hour)
	list, err = c.ListRunArtifacts(ctx, account, run, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"catalog.json", "manifest.json", "run_results.json"}
	if !slices.Equal(list.JSON200.Data, want) {
		t.Errorf("artifacts %v, want %v", list.JSON200.Data, want)
	}

	got, err := c.RetrieveRunArtifact(ctx, account, run, "run_results.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var results struct {
		Results []struct {
			Status string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(got.Body, &results); err != nil || len(results.Results) == 0 ||
		results.Results[0].Status != "success" {
		t.Errorf("run_results.json: %v: %s", err, got.Body)
	}

	byJob, err := c.RetrieveJobArtifact(ctx, account, job, "catalog.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(byJob.Body) != `{"nodes": {}}` {
		t.Errorf("job artifact catalog.json = %s", byJob.Body)
	}
}
