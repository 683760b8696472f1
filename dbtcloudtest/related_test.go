package dbtcloudtest_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

func TestIncludeRelated(t *testing.T) {
	srv, c, job := start(t)
	run := srv.AddRun(job, "scheduled")
	ctx := context.Background()

	plain, err := c.RetrieveRun(ctx, account, run, nil)
	if err != nil || plain.JSON200 == nil {
		t.Fatalf("retrieve run: %v", err)
	}
	if d := plain.JSON200.Data; d.Job != nil || d.Environment != nil || d.RunSteps != nil {
		t.Errorf("related objects without include_related: %+v", d)
	}

	rel := `["job","environment","run_steps"]`
	got, err := c.RetrieveRun(ctx, account, run, &adminv2.RetrieveRunParams{
		IncludeRelated: &rel})
	if err != nil || got.JSON200 == nil {
		t.Fatalf("retrieve run with related objects: %v", err)
	}
	d := got.JSON200.Data
	if d.Job == nil || d.Job.ID == nil || *d.Job.ID != job || d.Environment == nil ||
		d.RunSteps == nil {
		t.Errorf("include_related %s: job %+v, environment %+v, steps %v", rel, d.Job,
			d.Environment, d.RunSteps)
	}

	words := "job"
	list, err := c.ListRuns(ctx, account, &adminv2.ListRunsParams{IncludeRelated: &words})
	if err != nil || list.JSON200 == nil || list.JSON200.Data[0].Job == nil {
		t.Fatalf("list runs with their jobs: %v", err)
	}

	keptToSpec(t, srv)
}

// keptToSpec fails the test for every answer of srv that broke the specification.
func keptToSpec(t *testing.T, srv *dbtcloudtest.Server) {
	t.Helper()

	for _, r := range srv.Requests() {
		if r.ResponseError != nil {
			t.Errorf("%s %s: the fake answered against the spec: %v", r.Method, r.Path,
				r.ResponseError)
		}
	}
}

func TestRunSteps(t *testing.T) {
	srv, c, job := start(t)
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Queued: time.Minute, Running: time.Hour,
		Outcome: dbtcloudtest.StatusError})
	run := srv.AddRun(job, "scheduled")
	rel := "run_steps"
	params := &adminv2.RetrieveRunParams{IncludeRelated: &rel}

	steps := func() []adminv2.RunStep {
		t.Helper()
		rsp, err := c.RetrieveRun(context.Background(), account, run, params)
		if err != nil || rsp.JSON200 == nil || rsp.JSON200.Data.RunSteps == nil {
			t.Fatalf("retrieve run with steps: %v", err)
		}
		return *rsp.JSON200.Data.RunSteps
	}

	if got := steps(); len(got) != 0 {
		t.Errorf("a queued run has %d steps, want none", len(got))
	}

	srv.Clock.Advance(2 * time.Minute)
	running := steps()
	srv.Clock.Advance(2 * time.Hour)
	failed := steps()

	want := []string{"Clone git repository", "Create profile from connection",
		"Invoke dbt with `dbt build`"}
	for _, tc := range []struct {
		steps []adminv2.RunStep
		last  adminv2.RunStatus
	}{{running, adminv2.RunStatusRunning}, {failed, adminv2.RunStatusError}} {
		var names []string
		for i, s := range tc.steps {
			names = append(names, s.Name)
			wantStatus := int64(adminv2.RunStatusSuccess)
			if i == len(tc.steps)-1 {
				wantStatus = int64(tc.last)
			}
			if s.Status != wantStatus || s.Index != int64(i+1) || s.RunID != run {
				t.Errorf("step %+v: want index %d, status %d", s, i+1, wantStatus)
			}
		}
		if !slices.Equal(names, want) {
			t.Errorf("steps %v, want %v", names, want)
		}
	}
	keptToSpec(t, srv)
}

func TestArtifactSteps(t *testing.T) {
	srv, c, job := start(t)
	run := srv.AddRun(job, "scheduled")
	srv.Clock.Advance(time.Hour)
	ctx := context.Background()

	for _, tc := range []struct {
		step   int64
		status int
		count  int
	}{{0, 200, 2}, {1, 200, 0}, {2, 200, 0}, {3, 200, 2}, {4, 404, 0}} {
		// The spec gives the list no step parameter, though dbt Cloud reads one.
		var eds []dbtrt.Editor
		if tc.step > 0 {
			eds = append(eds, replaceQuery(fmt.Sprintf("step=%d", tc.step)))
		}
		rsp, err := c.ListRunArtifacts(ctx, account, run, nil, eds...)
		if err != nil || rsp.StatusCode != tc.status {
			t.Fatalf("step %d: status %d, %v; want %d", tc.step, rsp.StatusCode, err, tc.status)
		}
		if rsp.JSON200 != nil && len(rsp.JSON200.Data) != tc.count {
			t.Errorf("step %d lists %v, want %d artifacts", tc.step, rsp.JSON200.Data, tc.count)
		}
	}

	step := int64(1)
	rsp, err := c.RetrieveRunArtifact(ctx, account, run, "manifest.json",
		&adminv2.RetrieveRunArtifactParams{Step: &step})
	if err != nil || rsp.StatusCode != 404 {
		t.Errorf("manifest.json of the clone step: status %d, %v; want 404", rsp.StatusCode, err)
	}
	keptToSpec(t, srv)
}
