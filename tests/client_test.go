package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// These tests send one representative request of each kind (a trigger, a read with a
// query, a page of a list, a create with a body, a list of artifacts) through the
// generated v2 client to the fake dbt Cloud, and check the request the fake recorded.

const account = dbtcloudtest.DefaultAccountID

// wantRequest is the request a test expects the client to send.
type wantRequest struct {
	method, path string
	query        url.Values
	body         map[string]any
}

// fakeWithJob starts a fake dbt Cloud holding a project, an environment and a job, and
// returns it with a v2 client of it, the project's id and the job's.
func fakeWithJob(t *testing.T) (srv *dbtcloudtest.Server, c *adminv2.Client,
	project, job int64) {
	t.Helper()

	srv = dbtcloudtest.NewServer()
	t.Cleanup(srv.Close)
	project = srv.AddProject(account, "analytics")
	env := srv.AddEnvironment(account, project, "production")
	job = srv.AddJob(account, project, env, "nightly")

	c, err := adminv2.NewClient(srv.URL, httpdo.New(nil),
		func(_ context.Context, req *dbtrt.Request) error {
			req.Header.Set("Authorization", "Token test-token")
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, project, job
}

// onlyRequest returns the one request the fake received, after checking it against want
// and that the fake answered it as the specification says.
func onlyRequest(t *testing.T, srv *dbtcloudtest.Server, want wantRequest) dbtcloudtest.Request {
	t.Helper()

	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("the fake received %d requests, want 1", len(reqs))
	}
	checkRequest(t, want, reqs[0])
	if reqs[0].ResponseError != nil {
		t.Errorf("the fake's answer breaks the specification: %v", reqs[0].ResponseError)
	}
	return reqs[0]
}

func checkRequest(t *testing.T, want wantRequest, r dbtcloudtest.Request) {
	t.Helper()
	if r.Method != want.method || r.Path != want.path {
		t.Errorf("request %s %s, want %s %s", r.Method, r.Path, want.method, want.path)
	}
	if got := r.Query.Encode(); want.query != nil && got != want.query.Encode() {
		t.Errorf("query %q, want %q", got, want.query.Encode())
	}
	if want.body == nil {
		return
	}

	var got map[string]any
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Errorf("body: %v", err)
	}
	for k, v := range want.body {
		if gotJSON, wantJSON := marshal(got[k]), marshal(v); gotJSON != wantJSON {
			t.Errorf("body field %s = %s, want %s", k, gotJSON, wantJSON)
		}
	}
}

func marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestTriggerJobRun(t *testing.T) {
	srv, c, _, job := fakeWithJob(t)
	branch := "main"

	resp, err := c.TriggerJobRun(context.Background(), account, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "deploy from CI", GitBranch: &branch})
	if err != nil {
		t.Fatal(err)
	}

	onlyRequest(t, srv, wantRequest{
		method: "POST", path: fmt.Sprintf("/api/v2/accounts/%d/jobs/%d/run/", account, job),
		body: map[string]any{"cause": "deploy from CI", "git_branch": "main"},
	})
	runs := srv.Runs()
	if resp.StatusCode != 200 || resp.JSON200 == nil || resp.JSON200.Data.ID == nil ||
		len(runs) != 1 || *resp.JSON200.Data.ID != runs[0].ID {
		t.Fatalf("decoded %+v; the fake holds %+v", resp.JSON200, runs)
	}
	if runs[0].Cause != "deploy from CI" {
		t.Errorf("the run's cause is %q", runs[0].Cause)
	}
}

func TestRetrieveRun(t *testing.T) {
	srv, c, _, job := fakeWithJob(t)
	created := srv.Clock.Now()
	run := srv.AddRun(job, "scheduled")
	related := `["job","trigger"]`

	resp, err := c.RetrieveRun(context.Background(), account, run,
		&adminv2.RetrieveRunParams{IncludeRelated: &related})
	if err != nil {
		t.Fatal(err)
	}

	onlyRequest(t, srv, wantRequest{
		method: "GET", path: fmt.Sprintf("/api/v2/accounts/%d/runs/%d/", account, run),
		query: url.Values{"include_related": {`["job","trigger"]`}},
	})
	if resp.JSON200 == nil {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	got := resp.JSON200.Data
	if got.ID == nil || *got.ID != run || got.CreatedAt.IsNull() ||
		!got.CreatedAt.Equal(created.Truncate(time.Microsecond)) {
		t.Fatalf("run %v created_at decoded as %v, want %d created %v", got.ID,
			got.CreatedAt, run, created)
	}
}

func TestListJobsPage(t *testing.T) {
	srv, c, project, job := fakeWithJob(t)
	env := srv.AddEnvironment(account, project, "staging")
	want := []int64{job}
	for i := range 24 {
		want = append(want, srv.AddJob(account, project, env, fmt.Sprintf("job %d", i)))
	}
	other := srv.AddProject(account, "marketing")
	srv.AddJob(account, other, srv.AddEnvironment(account, other, "production"), "other")
	limit, offset := int64(10), int64(20)

	resp, err := c.ListJobs(context.Background(), account,
		&adminv2.ListJobsParams{Limit: &limit, Offset: &offset, ProjectID: &project})
	if err != nil {
		t.Fatal(err)
	}

	onlyRequest(t, srv, wantRequest{
		method: "GET", path: fmt.Sprintf("/api/v2/accounts/%d/jobs/", account),
		query: url.Values{"limit": {"10"}, "offset": {"20"},
			"project_id": {fmt.Sprint(project)}},
	})
	if resp.JSON200 == nil {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	var ids []int64
	for _, j := range resp.JSON200.Data {
		ids = append(ids, *j.ID)
	}
	if !slices.Equal(ids, want[20:]) {
		t.Errorf("page holds jobs %v, want the project's last five %v", ids, want[20:])
	}
}

func TestCreateJob(t *testing.T) {
	srv, c, project, job := fakeWithJob(t)
	env := srv.AddEnvironment(account, project, "ci")
	steps := []string{"dbt build"}

	// The specification requires settings with a target name; the fake refuses a job
	// without them.
	resp, err := c.CreateJob(context.Background(), account,
		adminv2.CreateJobJSONRequestBody{AccountID: account, ProjectID: project,
			EnvironmentID: env, Name: "nightly", ExecuteSteps: &steps,
			State:    adminv2.EntityStateActive,
			Settings: adminv2.JobDefinitionSettingsRequest{TargetName: "prod", Threads: 4}})
	if err != nil {
		t.Fatal(err)
	}

	onlyRequest(t, srv, wantRequest{
		method: "POST", path: fmt.Sprintf("/api/v2/accounts/%d/jobs/", account),
		body: map[string]any{"account_id": account, "project_id": project,
			"environment_id": env, "name": "nightly", "execute_steps": []string{"dbt build"},
			"settings": map[string]any{"target_name": "prod", "threads": 4}},
	})
	if resp.StatusCode != 200 || resp.JSON200 == nil || resp.JSON200.Data.ID == nil {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	created := resp.JSON200.Data
	if *created.ID == job || deref(created.Name) != "nightly" ||
		deref(created.EnvironmentID) != env {
		t.Errorf("created job %d named %q in environment %d", *created.ID,
			deref(created.Name), deref(created.EnvironmentID))
	}
}

// deref returns what p points to, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func TestListRunArtifacts(t *testing.T) {
	srv, c, _, job := fakeWithJob(t)
	run := srv.AddRun(job, "scheduled")
	srv.Clock.Advance(time.Hour) // runs list artifacts once they have finished

	resp, err := c.ListRunArtifacts(context.Background(), account, run, nil)
	if err != nil {
		t.Fatal(err)
	}

	onlyRequest(t, srv, wantRequest{
		method: "GET", path: fmt.Sprintf("/api/v2/accounts/%d/runs/%d/artifacts/", account, run),
		query: url.Values{},
	})
	if resp.JSON200 == nil || !slices.Equal(resp.JSON200.Data,
		[]string{"manifest.json", "run_results.json"}) {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
}
