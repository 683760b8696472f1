package dbtcloud_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
)

func TestListArtifacts(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f)

	all, err := c.ListArtifacts(context.Background(), 1, 5, 0)
	if err != nil || !slices.Contains(all, "run_results.json") {
		t.Fatalf("ListArtifacts = %v, %v", all, err)
	}
	first, err := c.ListArtifacts(context.Background(), 1, 5, 1)
	if err != nil || !slices.Equal(first, []string{"manifest.json"}) {
		t.Fatalf("ListArtifacts for step 1 = %v, %v", first, err)
	}
}

func TestDownloadArtifactStreams(t *testing.T) {
	f := newFake(t)
	f.ArtifactSize = 3<<20 + 17
	c := newClient(t, f)

	body, err := c.DownloadArtifact(context.Background(), 1, 5, "manifest.json", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()

	n, err := io.Copy(io.Discard, body)
	if err != nil || n != f.ArtifactSize {
		t.Fatalf("read %d bytes, %v; want %d", n, err, f.ArtifactSize)
	}
}

func TestDecodeRunResultsFromArtifact(t *testing.T) {
	f := newFake(t)
	f.RunResults = readFixture(t, "v2_get_run_artifact_run_results_dbtcloudcli.json")
	c := newClient(t, f)

	body, err := c.DownloadArtifact(context.Background(), 1, 5, "run_results.json", 2)
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
