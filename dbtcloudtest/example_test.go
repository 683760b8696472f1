package dbtcloudtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// withToken authenticates the requests of a generated client.
var withToken = dbtrt.SetHeader("Authorization", "Token example-token")

// The fake server runs a job on a clock the test moves: each poll after an advance sees the
// run one step further, and the run ends with the outcome the test chose.
func Example() {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	project := srv.AddProject(dbtcloudtest.DefaultAccountID, "analytics")
	env := srv.AddEnvironment(dbtcloudtest.DefaultAccountID, project, "production")
	job := srv.AddJob(dbtcloudtest.DefaultAccountID, project, env, "nightly")
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Queued: time.Minute, Starting: time.Minute,
		Running: 5 * time.Minute, Outcome: dbtcloudtest.StatusError})

	c, err := adminv2.NewClient(srv.URL, httpdo.New(nil), withToken)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	trig, err := c.TriggerJobRun(ctx, dbtcloudtest.DefaultAccountID, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	run := *trig.JSON200.Data.ID

	for _, step := range []time.Duration{0, time.Minute, time.Minute, 5 * time.Minute} {
		srv.Clock.Advance(step)
		got, err := c.RetrieveRun(ctx, dbtcloudtest.DefaultAccountID, run, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(*got.JSON200.Data.Status)
	}
	// Output:
	// Queued
	// Starting
	// Running
	// Error
}
