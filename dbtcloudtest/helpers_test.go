package dbtcloudtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

const account = dbtcloudtest.DefaultAccountID

// start returns a running fake with a project, an environment and a job, and a v2 client.
func start(t *testing.T, opts ...dbtcloudtest.Option) (*dbtcloudtest.Server,
	*adminv2.Client, int64) {
	t.Helper()

	srv := dbtcloudtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	project := srv.AddProject(account, "analytics")
	env := srv.AddEnvironment(account, project, "production")
	job := srv.AddJob(account, project, env, "nightly")

	c, err := adminv2.NewClient(srv.URL, httpdo.New(nil), withToken)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, job
}

func v3Client(t *testing.T, srv *dbtcloudtest.Server) *adminv3.Client {
	t.Helper()

	c, err := adminv3.NewClient(srv.URL, httpdo.New(nil), withToken)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// envelope is dbt Cloud's error envelope as a client reads it.
type envelope struct {
	Status struct {
		Code             int    `json:"code"`
		IsSuccess        bool   `json:"is_success"`
		UserMessage      string `json:"user_message"`
		DeveloperMessage string `json:"developer_message"`
	} `json:"status"`
}

func decodeEnvelope(t *testing.T, body []byte) envelope {
	t.Helper()

	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("decode error envelope %s: %v", body, err)
	}
	return env
}

// trigger starts a run of job and returns its id.
func trigger(t *testing.T, c *adminv2.Client, job int64) int64 {
	t.Helper()

	resp, err := c.TriggerJobRun(context.Background(), account, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.JSON200 == nil {
		t.Fatalf("trigger job %d: status %d: %s", job, resp.StatusCode, resp.Body)
	}
	return *resp.JSON200.Data.ID
}

// runStatus reads a run through the API.
func runStatus(t *testing.T, c *adminv2.Client, run int64) adminv2.RunStatus {
	t.Helper()

	resp, err := c.RetrieveRun(context.Background(), account, run, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON200 == nil || resp.JSON200.Data.Status == nil {
		t.Fatalf("run %d: status %d: %s", run, resp.StatusCode, resp.Body)
	}
	return *resp.JSON200.Data.Status
}

// noInvalidAnswers fails the test if the fake answered anything against the spec.
func noInvalidAnswers(t *testing.T, srv *dbtcloudtest.Server) {
	t.Helper()

	for _, r := range srv.Requests() {
		if r.ResponseError != nil {
			t.Errorf("%s %s: %v", r.Method, r.Path, r.ResponseError)
		}
	}
}
