package dbtcloud_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// The examples talk to a fake dbt Cloud started by startFake; a real program passes its
// account's access URL, or nothing for the default host.

// Trigger a run of a job and wait for it to end.
func Example_triggerAndWait() {
	srv := startFake()
	defer srv.Close()

	c, err := dbtcloud.New("dbtc_example",
		dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	const account, job = 1, 42
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
	srv := startFake()
	defer srv.Close()
	srv.AddRuns(42, 250)
	srv.AddRuns(7, 20)

	c, err := dbtcloud.New("dbtc_example", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	job := int64(42)
	params := &adminv2.ListRunsParams{JobDefinitionID: &job}
	n := 0
	for run, err := range c.V2.ListRunsIter(context.Background(), 1, params) {
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
	srv := startFake()
	defer srv.Close()
	srv.ArtifactSize = 5 << 20

	c, err := dbtcloud.New("dbtc_example", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	body, err := c.DownloadArtifact(context.Background(), 1, 1001, "manifest.json", 0)
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
	srv := startFake()
	defer srv.Close()

	c, err := dbtcloud.New("dbtc_example", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}

	const otherAccount = 403
	_, err = c.V2.ListRunsWithResponse(context.Background(), otherAccount, nil)
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
