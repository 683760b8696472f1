package dbtcloud_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// minimalRun has the scalar fields of a run with plain Go types and no lenient decoding:
// the baseline the generated types are measured against.
type minimalRun struct {
	ID                  int64   `json:"id"`
	TriggerID           int64   `json:"trigger_id"`
	AccountID           int64   `json:"account_id"`
	EnvironmentID       int64   `json:"environment_id"`
	ProjectID           int64   `json:"project_id"`
	JobDefinitionID     int64   `json:"job_definition_id"`
	Status              int64   `json:"status"`
	DbtVersion          string  `json:"dbt_version"`
	GitBranch           *string `json:"git_branch"`
	GitSha              *string `json:"git_sha"`
	StatusMessage       *string `json:"status_message"`
	ArtifactsSaved      bool    `json:"artifacts_saved"`
	ArtifactS3Path      *string `json:"artifact_s3_path"`
	HasDocsGenerated    bool    `json:"has_docs_generated"`
	HasSourcesGenerated bool    `json:"has_sources_generated"`
	CreatedAt           *string `json:"created_at"`
	UpdatedAt           *string `json:"updated_at"`
	DequeuedAt          *string `json:"dequeued_at"`
	StartedAt           *string `json:"started_at"`
	FinishedAt          *string `json:"finished_at"`
	LastCheckedAt       *string `json:"last_checked_at"`
	LastHeartbeatAt     *string `json:"last_heartbeat_at"`
	ShouldStartAt       *string `json:"should_start_at"`
	StatusHumanized     string  `json:"status_humanized"`
	InProgress          bool    `json:"in_progress"`
	IsComplete          bool    `json:"is_complete"`
	IsSuccess           bool    `json:"is_success"`
	IsError             bool    `json:"is_error"`
	IsCancelled         bool    `json:"is_cancelled"`
	Href                string  `json:"href"`
	Duration            string  `json:"duration"`
}

// runPage builds a list page of 100 copies of the fixture's run.
func runPage(b *testing.B) []byte {
	var one struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(readFixture(b, "v2_get_run_dbtcloudcli.json"), &one); err != nil {
		b.Fatal(err)
	}

	var buf bytes.Buffer
	buf.WriteString(`{"status":{"code":200,"is_success":true,"user_message":"Success!",` +
		`"developer_message":""},"extra":{"filters":{},"order_by":"id",` +
		`"pagination":{"count":100,"total_count":100}},"data":[`)
	for i := range 100 {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(one.Data)
	}
	buf.WriteString("]}")
	return buf.Bytes()
}

// BenchmarkDecodeRunPage decodes a 100-run page into the generated types and, in the same
// run, into a minimal struct with plain encoding/json.
func BenchmarkDecodeRunPage(b *testing.B) {
	page := runPage(b)

	b.Run("generated", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var v adminv2.RunResponseListEnveloped
			if err := json.Unmarshal(page, &v); err != nil || len(v.Data) != 100 {
				b.Fatalf("decode: %v", err)
			}
		}
	})

	b.Run("minimal", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var v struct {
				Data []minimalRun `json:"data"`
			}
			if err := json.Unmarshal(page, &v); err != nil || len(v.Data) != 100 {
				b.Fatalf("decode: %v", err)
			}
		}
	})
}

// BenchmarkCallRunPage measures what the generated client adds to decoding: a ListRuns
// call with five query parameters through a Doer that answers from memory, with the
// Content-Length header an HTTP server sends for such a page, against
// decoding the same page alone. The difference is building the request (path, query,
// editors), reading the body and picking the field for the status.
func BenchmarkCallRunPage(b *testing.B) {
	page := runPage(b)
	doer := dbtrt.DoerFunc(func(context.Context, *dbtrt.Request) (*dbtrt.Response, error) {
		return &dbtrt.Response{StatusCode: http.StatusOK, Header: dbtrt.Header{
			"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(page))}},
			Body: io.NopCloser(bytes.NewReader(page))}, nil
	})
	c, err := adminv2.NewClient("https://cloud.getdbt.com", doer,
		dbtrt.SetHeader("Authorization", "Token bench"))
	if err != nil {
		b.Fatal(err)
	}
	job, order, limit, offset := int64(7), "-id", int64(100), int64(0)
	statuses := []adminv2.RunStatus{adminv2.RunStatusSuccess, adminv2.RunStatusError}
	params := &adminv2.ListRunsParams{JobDefinitionID: &job, OrderBy: &order, Limit: &limit,
		Offset: &offset, StatusIn: &statuses}

	b.Run("call", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rsp, err := c.ListRuns(context.Background(), account, params)
			if err != nil || rsp.JSON200 == nil || len(rsp.JSON200.Data) != 100 {
				b.Fatalf("call: %v", err)
			}
		}
	})

	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v adminv2.RunResponseListEnveloped
			if err := json.Unmarshal(page, &v); err != nil || len(v.Data) != 100 {
				b.Fatalf("decode: %v", err)
			}
		}
	})
}

// BenchmarkListRuns10k pages through 10,000 runs over a server that answers in 20 ms,
// one page at a time and with pages fetched ahead. The server keeps every run encoded, so
// that the figure is the client's waiting, not the server's work: the fake in dbtcloudtest
// rebuilds and sorts every run of the account for each page.
func BenchmarkListRuns10k(b *testing.B) {
	srv := runPageServer(b, 10_000, 20*time.Millisecond)
	c, err := dbtcloud.New("bench-token", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}

	for _, bc := range []struct {
		name string
		opts []dbtrt.PageOption
	}{
		{"sequential", nil},
		{"prefetch8", []dbtrt.PageOption{dbtrt.Prefetch(8)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				n := 0
				for _, err := range c.V2.ListRunsIter(context.Background(), account, nil,
					bc.opts...) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != 10_000 {
					b.Fatalf("listed %d runs", n)
				}
			}
		})
	}
}

// runPageServer serves n copies of the fixture's run, with ids 1 to n, as run list pages
// by limit and offset, each after latency.
func runPageServer(b *testing.B, n int, latency time.Duration) *httptest.Server {
	var one map[string]json.RawMessage
	var fixture struct {
		Data json.RawMessage `json:"data"`
	}
	err := json.Unmarshal(readFixture(b, "v2_get_run_dbtcloudcli.json"), &fixture)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(fixture.Data, &one); err != nil {
		b.Fatal(err)
	}

	runs := make([][]byte, n)
	for i := range runs {
		one["id"] = json.RawMessage(strconv.Itoa(i + 1))
		data, err := json.Marshal(one)
		if err != nil {
			b.Fatal(err)
		}
		runs[i] = data
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/runs/") {
			http.NotFound(w, r)
			return
		}
		time.Sleep(latency)
		w.Header().Set("Content-Type", "application/json")
		w.Write(runPageBody(runs, r.URL.Query()))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// runPageBody is the list response holding the runs that limit and offset in q select.
func runPageBody(runs [][]byte, q url.Values) []byte {
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit < 1 {
		limit = 100
	}
	offset = min(max(offset, 0), len(runs))
	page := runs[offset:min(offset+limit, len(runs))]

	var buf bytes.Buffer
	fmt.Fprintf(&buf, `{"status":{"code":200,"is_success":true,"user_message":"Success!",`+
		`"developer_message":""},"extra":{"filters":{},"order_by":"id",`+
		`"pagination":{"count":%d,"total_count":%d}},"data":[`, len(page), len(runs))
	for i, run := range page {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(run)
	}
	buf.WriteString("]}")
	return buf.Bytes()
}

// BenchmarkStreamArtifact1GiB downloads a 1 GiB artifact and reports the peak heap in use
// while it streams.
func BenchmarkStreamArtifact1GiB(b *testing.B) {
	const size = 1 << 30
	srv := newFake(b)
	run := finishedRun(srv)
	patternStream(srv, run, "manifest.json", size)
	c := newClient(b, srv)

	b.SetBytes(size)
	peak := watchHeap(b)
	for b.Loop() {
		body, err := c.DownloadArtifact(context.Background(), account, run, "manifest.json", 0)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, body)
		body.Close()
		if err != nil || n != size {
			b.Fatalf("read %d bytes: %v", n, err)
		}
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
}

// watchHeap samples the heap in use until the benchmark ends; the function it returns
// gives the highest sample.
func watchHeap(b *testing.B) func() uint64 {
	var highest atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > highest.Load() {
				highest.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})

	return func() uint64 {
		close(done)
		wg.Wait()
		return highest.Load()
	}
}
