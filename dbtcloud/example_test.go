package dbtcloud_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// The examples talk to a fake dbt Cloud from package dbtcloudtest; a real program passes
// its account's access URL, or nothing for the default host.

// exampleJob adds a job to a fake dbt Cloud and returns its id.
func exampleJob(srv *dbtcloudtest.Server) int64 {
	project := srv.AddProject(dbtcloudtest.DefaultAccountID, "analytics")
	env := srv.AddEnvironment(dbtcloudtest.DefaultAccountID, project, "production")
	return srv.AddJob(dbtcloudtest.DefaultAccountID, project, env, "nightly")
}

// Trigger a run of a job and wait for it to end.
func Example_triggerAndWait() {
	// The fake's clock moves half a minute with every request, so the run progresses as
	// the client polls it.
	srv := dbtcloudtest.NewServer(dbtcloudtest.WithAutoAdvance(30 * time.Second))
	defer srv.Close()
	job := exampleJob(srv)

	c, err := dbtcloud.New("dbtc_example",
		dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	const account = dbtcloudtest.DefaultAccountID
	run, err := c.TriggerJobRun(ctx, account, job,
		dbtcloud.TriggerRequest{Cause: "Nightly build"}, dbtcloud.TriggerOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}

	done, err := c.WaitForRun(ctx, account, *run.ID, dbtcloud.WaitOptions{
		Interval: time.Millisecond, CancelOnGiveUp: true})
	if err != nil {
		fmt.Println(err)
		return
	}

	status, _ := dbtcloud.StatusOf(done)
	fmt.Println(status, dbtcloud.Succeeded(done))
	// Output: Success true
}

// List every run of a job, however many pages it takes.
func Example_listRunsOfJob() {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	job, other := exampleJob(srv), exampleJob(srv)
	for range 250 {
		srv.AddRun(job, "scheduled")
	}
	for range 20 {
		srv.AddRun(other, "scheduled")
	}
	srv.Clock.Advance(time.Hour) // every run has finished

	c, err := dbtcloud.New("dbtc_example", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	params := &adminv2.ListRunsParams{JobDefinitionID: &job}
	n := 0
	for run, err := range c.V2.ListRunsIter(context.Background(), dbtcloudtest.DefaultAccountID,
		params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if dbtcloud.Succeeded(&run) {
			n++
		}
	}

	fmt.Println(n, "successful runs")
	// Output: 250 successful runs
}

// Download a run's manifest.json to a file, without holding it in memory.
func Example_downloadManifest() {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	run := srv.AddRun(exampleJob(srv), "scheduled")
	srv.Clock.Advance(time.Hour)
	srv.SetArtifactStream(run, "manifest.json", 5<<20, func() io.Reader { return &pattern{} })

	c, err := dbtcloud.New("dbtc_example", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	body, err := c.DownloadArtifact(context.Background(), dbtcloudtest.DefaultAccountID, run,
		"manifest.json", 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer body.Close()

	dir, err := os.MkdirTemp("", "manifest")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	n, err := writeFile(filepath.Join(dir, "manifest.json"), body)
	fmt.Println(n, err)
	// Output: 5242880 <nil>
}

// writeFile copies r to a new file at path.
func writeFile(path string, r io.Reader) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}

	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// Tell a permission problem from other failures; dbt Cloud often reports one as a 404.
func Example_permissionError() {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()

	c, err := dbtcloud.New("dbtc_example", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	const otherAccount = 403
	_, err = c.V2.ListRuns(context.Background(), otherAccount, nil)
	switch {
	case dbtcloud.IsPermissionDenied(err):
		fmt.Println("the token may not read this account's runs")
	case dbtcloud.IsNotFound(err):
		fmt.Println("no such account")
	case err != nil:
		fmt.Println(err)
	}
	// Output: the token may not read this account's runs
}
