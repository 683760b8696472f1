package tests

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// wantRequest is one request a test expects and the response it serves.
type wantRequest struct {
	method, path string
	query        url.Values
	body         map[string]any
	response     string
}

// serveOne starts a server that checks the one request it gets against want.
func serveOne(t *testing.T, want wantRequest) *adminv2.ClientWithResponses {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		checkRequest(t, want, r)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, want.response)
	}))
	t.Cleanup(srv.Close)

	c, err := adminv2.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func checkRequest(t *testing.T, want wantRequest, r *http.Request) {
	t.Helper()
	if r.Method != want.method || r.URL.Path != want.path {
		t.Errorf("request %s %s, want %s %s", r.Method, r.URL.Path, want.method, want.path)
	}
	if got := r.URL.Query(); want.query != nil && got.Encode() != want.query.Encode() {
		t.Errorf("query %q, want %q", got.Encode(), want.query.Encode())
	}
	if want.body == nil {
		return
	}

	var got map[string]any
	if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
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

const runBody = `{"status": {"code": 200, "is_success": true},
	"data": {"id": 70403103936, "account_id": 43786, "job_definition_id": 146089,
		"status": 1, "created_at": "2022-08-04 14:29:57.498219+00:00"}}`

func TestTriggerJobRun(t *testing.T) {
	c := serveOne(t, wantRequest{
		method: "POST", path: "/api/v2/accounts/43786/jobs/146089/run/",
		body:     map[string]any{"cause": "deploy from CI", "git_branch": "main"},
		response: runBody,
	})
	branch := "main"

	resp, err := c.TriggerJobRunWithResponse(context.Background(), 43786, 146089,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "deploy from CI", GitBranch: &branch})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != 200 || resp.JSON200 == nil || resp.JSON200.Data.ID == nil ||
		*resp.JSON200.Data.ID != 70403103936 {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}

func TestRetrieveRun(t *testing.T) {
	c := serveOne(t, wantRequest{
		method: "GET", path: "/api/v2/accounts/43786/runs/70403103936/",
		query:    url.Values{"include_related": {`["job","trigger"]`}},
		response: runBody,
	})
	related := `["job","trigger"]`

	resp, err := c.RetrieveRunWithResponse(context.Background(), 43786, 70403103936,
		&adminv2.RetrieveRunParams{IncludeRelated: &related})
	if err != nil {
		t.Fatal(err)
	}
	run := resp.JSON200.Data
	if run.CreatedAt.IsNull() || run.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000") !=
		"2022-08-04T14:29:57.498219" {
		t.Fatalf("created_at decoded as %v", run.CreatedAt)
	}
}

func TestListJobsPage(t *testing.T) {
	c := serveOne(t, wantRequest{
		method: "GET", path: "/api/v2/accounts/43786/jobs/",
		query:    url.Values{"limit": {"10"}, "offset": {"20"}, "project_id": {"270542"}},
		response: `{"status": {"code": 200, "is_success": true}, "data": [{"id": 1}, {"id": 2}]}`,
	})
	limit, offset, project := int64(10), int64(20), int64(270542)

	resp, err := c.ListJobsWithResponse(context.Background(), 43786,
		&adminv2.ListJobsParams{Limit: &limit, Offset: &offset, ProjectID: &project})
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON200 == nil || len(resp.JSON200.Data) != 2 {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}

func TestCreateJob(t *testing.T) {
	c := serveOne(t, wantRequest{
		method: "POST", path: "/api/v2/accounts/43786/jobs/",
		body: map[string]any{"account_id": 43786, "project_id": 270542,
			"environment_id": 218762, "name": "nightly", "execute_steps": []string{"dbt build"}},
		response: `{"status": {"code": 201, "is_success": true},
			"data": {"id": 146089, "name": "nightly"}}`,
	})

	steps := []string{"dbt build"}

	resp, err := c.CreateJobWithResponse(context.Background(), 43786,
		adminv2.CreateJobJSONRequestBody{AccountID: 43786, ProjectID: 270542,
			EnvironmentID: 218762, Name: "nightly", ExecuteSteps: &steps})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != 200 {
		t.Fatalf("status %d", resp.StatusCode())
	}
}

func TestListRunArtifacts(t *testing.T) {
	c := serveOne(t, wantRequest{
		method: "GET", path: "/api/v2/accounts/43786/runs/70403103936/artifacts/",
		response: `{"status": {"code": 200, "is_success": true},
			"data": ["manifest.json", "run_results.json"]}`,
	})

	resp, err := c.ListRunArtifactsWithResponse(context.Background(), 43786, 70403103936, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON200 == nil || len(resp.JSON200.Data) != 2 ||
		resp.JSON200.Data[1] != "run_results.json" {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}
