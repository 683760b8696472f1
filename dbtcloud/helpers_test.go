package dbtcloud_test

import (
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
)

// account is the account every fake server starts with.
const account = dbtcloudtest.DefaultAccountID

// newFake starts a fake dbt Cloud that the test closes when it ends.
func newFake(t testing.TB, opts ...dbtcloudtest.Option) *dbtcloudtest.Server {
	t.Helper()

	srv := dbtcloudtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// addJob adds a project, an environment and a job named name to the fake account, and
// returns the job's id.
func addJob(srv *dbtcloudtest.Server, name string) int64 {
	project := srv.AddProject(account, name+" project")
	env := srv.AddEnvironment(account, project, name+" environment")
	return srv.AddJob(account, project, env, name)
}

// addRuns adds n runs of job, as if triggered now, and returns their ids in order.
func addRuns(srv *dbtcloudtest.Server, job int64, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = srv.AddRun(job, "seed")
	}
	return ids
}

// runsOf returns the runs of job the fake holds.
func runsOf(srv *dbtcloudtest.Server, job int64) []dbtcloudtest.RunInfo {
	var out []dbtcloudtest.RunInfo
	for _, r := range srv.Runs() {
		if r.JobID == job {
			out = append(out, r)
		}
	}
	return out
}
