package dbtcloud_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
)

// finishedRun adds a run to the fake that has finished with success, so it has artifacts.
func finishedRun(srv *dbtcloudtest.Server) int64 {
	run := srv.AddRun(addJob(srv, "artifacts"), "seed")
	srv.Clock.Advance(time.Hour)
	return run
}

func TestListArtifacts(t *testing.T) {
	srv := newFake(t)
	run := finishedRun(srv)
	c := newClient(t, srv)

	all, err := c.ListArtifacts(context.Background(), account, run, 0)
	if err != nil || !slices.Contains(all, "run_results.json") {
		t.Fatalf("ListArtifacts = %v, %v", all, err)
	}
	// Step 1 clones the repository and has no artifacts; step 3 runs dbt build.
	if clone, err := c.ListArtifacts(context.Background(), account, run, 1); err != nil ||
		len(clone) != 0 {
		t.Fatalf("ListArtifacts for step 1 = %v, %v; want none", clone, err)
	}
	if build, err := c.ListArtifacts(context.Background(), account, run, 3); err != nil ||
		!slices.Equal(build, all) {
		t.Fatalf("ListArtifacts for step 3 = %v, %v; want %v", build, err, all)
	}

	// The step reaches the server only when set.
	reqs := srv.RequestsTo("ListRunArtifacts")
	if len(reqs) != 3 || reqs[0].Query.Has("step") || reqs[1].Query.Get("step") != "1" {
		t.Errorf("ListArtifacts sent the queries %v", queries(reqs))
	}
}

func queries(reqs []dbtcloudtest.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Query.Encode())
	}
	return out
}

// pattern is a repeatable, endless byte sequence, cheap to produce in any amount.
type pattern struct{ n int }

func (p *pattern) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte('a' + (p.n+i)%26)
	}
	p.n += len(b)
	return len(b), nil
}

// patternStream makes a run's artifact at path size bytes of the pattern, streamed.
func patternStream(srv *dbtcloudtest.Server, run int64, path string, size int64) {
	srv.SetArtifactStream(run, path, size, func() io.Reader { return &pattern{} })
}

func TestDownloadArtifactStreams(t *testing.T) {
	srv := newFake(t)
	run := finishedRun(srv)
	const size = 3<<20 + 17
	patternStream(srv, run, "manifest.json", size)
	c := newClient(t, srv)

	body, err := c.DownloadArtifact(context.Background(), account, run, "manifest.json", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()

	got, err := io.ReadAll(body)
	want, _ := io.ReadAll(io.LimitReader(&pattern{}, size))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, %v; want the %d bytes of the pattern", len(got), err, size)
	}
}

func TestDecodeRunResultsFromArtifact(t *testing.T) {
	srv := newFake(t)
	run := finishedRun(srv)
	srv.SetArtifact(run, "run_results.json",
		readFixture(t, "v2_get_run_artifact_run_results_dbtcloudcli.json"))
	c := newClient(t, srv)

	body, err := c.DownloadArtifact(context.Background(), account, run, "run_results.json", 3)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()

	var ids []string
	info, err := dbtcloud.DecodeRunResults(body, func(r dbtcloud.RunResult) error {
		if r.UniqueID == "" || r.Status == "" {
			t.Errorf("result without an ID or status: %+v", r)
		}
		ids = append(ids, r.UniqueID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if info.Results != len(ids) || len(ids) == 0 || ids[0] != "seed.jaffle_shop.raw_orders" {
		t.Errorf("results %d, ids %v", info.Results, ids)
	}
	if info.ElapsedTime <= 0 || info.Metadata["dbt_version"] != "0.21.0" {
		t.Errorf("info = %+v", info)
	}
	if reqs := srv.RequestsTo("RetrieveRunArtifact"); len(reqs) != 1 ||
		reqs[0].Query.Get("step") != "3" {
		t.Errorf("DownloadArtifact sent the queries %v, want step=3", queries(reqs))
	}
}

func TestDecodeRunResultsStopsOnCallbackError(t *testing.T) {
	stop := errors.New("enough")
	doc := `{"results":[{"unique_id":"a"},{"unique_id":"b"}],"elapsed_time":1}`
	n := 0
	_, err := dbtcloud.DecodeRunResults(stringsReader(doc), func(dbtcloud.RunResult) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d results", err, n)
	}

	_, err = dbtcloud.DecodeRunResults(stringsReader(`[1,2]`), func(dbtcloud.RunResult) error {
		return nil
	})
	if err == nil {
		t.Error("a JSON array was taken for run_results.json")
	}
}

func stringsReader(s string) io.Reader {
	return &sliceReader{b: []byte(s)}
}

// sliceReader reads a byte slice in small pieces, to exercise the streaming decoder.
type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 7)], r.b)
	r.b = r.b[n:]
	return n, nil
}
