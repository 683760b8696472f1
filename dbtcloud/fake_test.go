package dbtcloud_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeRun is a run the fake server keeps.
type fakeRun struct {
	ID, JobID int64
	Status    int64
	Cause     string
	Polls     int
}

// faults are the failures the fake server injects before it handles a request.
type faults struct {
	// Rate503 is the share of requests answered with 503, from 0 to 1.
	Rate503 float64

	// Burst429 answers this many requests in a row with 429 after every 10 served.
	Burst429 int

	// DropTriggers drops the connection after creating a run, for this many trigger
	// requests, so that the client never sees the response.
	DropTriggers int
}

// fakeDBT is a small in-memory dbt Cloud v2 API on an httptest server. It can be swapped
// for a fuller fake later: tests only use its URL and the counters below.
type fakeDBT struct {
	*httptest.Server

	mu        sync.Mutex
	runs      []*fakeRun
	nextID    int64
	faults    faults
	served    int
	burstLeft int
	rng       *rand.Rand

	// Received counts requests that reached a handler, by "METHOD pattern".
	Received map[string]int

	// PollsToFinish is how many polls a run takes to reach success; 0 never finishes.
	PollsToFinish int

	// Artifact is the content served for every artifact path but run_results.json.
	ArtifactSize int64

	// RunResults is served as run_results.json.
	RunResults []byte

	// Latency delays every response; set it before the first request.
	Latency time.Duration
}

// newFake starts a fake server that the test closes when it ends.
func newFake(t testing.TB) *fakeDBT {
	f := startFake()
	t.Cleanup(f.Close)
	return f
}

// startFake starts a fake server; the caller closes it.
func startFake() *fakeDBT {
	f := &fakeDBT{nextID: 1000, Received: map[string]int{}, PollsToFinish: 3,
		rng: rand.New(rand.NewPCG(1, 2))}

	mux := http.NewServeMux()
	f.route(mux)
	f.Server = httptest.NewServer(f.withFaults(mux))
	return f
}

func (f *fakeDBT) route(mux *http.ServeMux) {
	const acct = "/api/v2/accounts/{account}"
	mux.HandleFunc("POST "+acct+"/jobs/{job}/run/", f.trigger)
	mux.HandleFunc("POST "+acct+"/jobs/{job}/rerun/", f.rerun)
	mux.HandleFunc("GET "+acct+"/runs/", f.listRuns)
	mux.HandleFunc("GET "+acct+"/runs/{run}/", f.getRun)
	mux.HandleFunc("POST "+acct+"/runs/{run}/cancel/", f.cancel)
	mux.HandleFunc("POST "+acct+"/runs/{run}/retry/", f.retryRun)
	mux.HandleFunc("GET "+acct+"/runs/{run}/artifacts/{path...}", f.artifact)
}

// SetFaults replaces the faults injected from now on.
func (f *fakeDBT) SetFaults(fl faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = fl
}

// AddRuns creates n finished runs of job.
func (f *fakeDBT) AddRuns(job int64, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.nextID++
		f.runs = append(f.runs, &fakeRun{ID: f.nextID, JobID: job, Status: 10, Cause: "seed"})
	}
}

// DeleteRuns removes the n runs with the lowest IDs.
func (f *fakeDBT) DeleteRuns(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs = f.runs[n:]
}

// Runs returns a copy of every run.
func (f *fakeDBT) Runs() []fakeRun {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]fakeRun, len(f.runs))
	for i, r := range f.runs {
		out[i] = *r
	}
	return out
}

// Count returns how many requests reached the handler of key, such as "POST run".
func (f *fakeDBT) Count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Received[key]
}

// withFaults injects the configured faults in front of h.
func (f *fakeDBT) withFaults(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.Latency > 0 {
			time.Sleep(f.Latency)
		}
		switch f.nextFault() {
		case http.StatusTooManyRequests:
			w.Header().Set("Retry-After", "0")
			writeStatus(w, http.StatusTooManyRequests, "Too many requests.")
			return
		case http.StatusServiceUnavailable:
			writeStatus(w, http.StatusServiceUnavailable, "Service unavailable.")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// nextFault picks the fault for the next request, or 0 for none.
func (f *fakeDBT) nextFault() int {
	f.mu.Lock()
	defer f.mu.Unlock()

	if f.burstLeft > 0 {
		f.burstLeft--
		return http.StatusTooManyRequests
	}
	f.served++
	if f.faults.Burst429 > 0 && f.served%10 == 0 {
		f.burstLeft = f.faults.Burst429 - 1
		return http.StatusTooManyRequests
	}
	if f.faults.Rate503 > 0 && f.rng.Float64() < f.faults.Rate503 {
		return http.StatusServiceUnavailable
	}

	return 0
}

func (f *fakeDBT) count(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Received[key]++
}

func (f *fakeDBT) trigger(w http.ResponseWriter, r *http.Request) {
	f.count("POST run")
	var body struct {
		Cause string `json:"cause"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Cause == "" {
		writeJSON(w, http.StatusBadRequest, envelope(400, "The request was invalid.",
			map[string]any{"cause": []string{"This field is required."}}))
		return
	}

	run := f.create(pathInt(r, "job"), body.Cause)
	if f.takeDrop() {
		dropConnection(w)
		return
	}
	writeJSON(w, http.StatusOK, envelope(200, "Success!", runJSON(run, false)))
}

// create adds a queued run of job.
func (f *fakeDBT) create(job int64, cause string) fakeRun {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	run := &fakeRun{ID: f.nextID, JobID: job, Status: 1, Cause: cause}
	f.runs = append(f.runs, run)
	return *run
}

// takeDrop reports whether to drop this trigger's connection.
func (f *fakeDBT) takeDrop() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.faults.DropTriggers > 0 {
		f.faults.DropTriggers--
		return true
	}
	return false
}

func (f *fakeDBT) rerun(w http.ResponseWriter, r *http.Request) {
	f.count("POST rerun")
	run := f.create(pathInt(r, "job"), "rerun")
	writeJSON(w, http.StatusOK, envelope(200, "Success!", runJSON(run, false)))
}

func (f *fakeDBT) retryRun(w http.ResponseWriter, r *http.Request) {
	f.count("POST retry")
	old, ok := f.find(pathInt(r, "run"))
	if !ok {
		writeStatus(w, http.StatusNotFound, "Run not found.")
		return
	}
	run := f.create(old.JobID, "retry of "+strconv.FormatInt(old.ID, 10))
	writeJSON(w, http.StatusOK, envelope(200, "Success!", runJSON(run, false)))
}

func (f *fakeDBT) listRuns(w http.ResponseWriter, r *http.Request) {
	f.count("GET runs")
	q := r.URL.Query()
	if pathInt(r, "account") == 403 {
		writeStatus(w, http.StatusNotFound,
			"You do not have permission to access this resource, or it does not exist.")
		return
	}

	runs := f.filter(q.Get("job_definition_id"), q.Get("order_by") == "-id")
	limit, offset := queryInt(q.Get("limit"), 100), queryInt(q.Get("offset"), 0)
	if limit > 100 {
		writeStatus(w, http.StatusBadRequest, "limit must be at most 100")
		return
	}

	page := []any{}
	for i := offset; i < offset+limit && i < len(runs); i++ {
		page = append(page, runJSON(runs[i], strings.Contains(q.Get("include_related"),
			"trigger")))
	}
	body := envelope(200, "Success!", page)
	body["extra"] = map[string]any{
		"filters":    map[string]any{},
		"order_by":   q.Get("order_by"),
		"pagination": map[string]any{"count": len(page), "total_count": len(runs)},
	}
	writeJSON(w, http.StatusOK, body)
}

// filter returns the runs of job, or of every job for "", in ID order.
func (f *fakeDBT) filter(job string, newestFirst bool) []fakeRun {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRun
	for _, r := range f.runs {
		if job == "" || strconv.FormatInt(r.JobID, 10) == job {
			out = append(out, *r)
		}
	}
	if newestFirst {
		slices.Reverse(out)
	}
	return out
}

func (f *fakeDBT) find(id int64) (fakeRun, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.runs {
		if r.ID == id {
			return *r, true
		}
	}
	return fakeRun{}, false
}

func (f *fakeDBT) getRun(w http.ResponseWriter, r *http.Request) {
	f.count("GET run")
	run, ok := f.poll(pathInt(r, "run"))
	if !ok {
		writeStatus(w, http.StatusNotFound, "Run not found.")
		return
	}
	writeJSON(w, http.StatusOK, envelope(200, "Success!", runJSON(run, false)))
}

// poll returns a run, moving it one step towards success.
func (f *fakeDBT) poll(id int64) (fakeRun, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.runs {
		if r.ID != id {
			continue
		}
		r.Polls++
		switch {
		case r.Status >= 10:
		case f.PollsToFinish > 0 && r.Polls >= f.PollsToFinish:
			r.Status = 10
		case r.Polls > 1:
			r.Status = 3
		}
		return *r, true
	}
	return fakeRun{}, false
}

func (f *fakeDBT) cancel(w http.ResponseWriter, r *http.Request) {
	f.count("POST cancel")
	f.mu.Lock()
	var found *fakeRun
	for _, run := range f.runs {
		if run.ID == pathInt(r, "run") {
			run.Status, found = 30, run
		}
	}
	f.mu.Unlock()
	if found == nil {
		writeStatus(w, http.StatusNotFound, "Run not found.")
		return
	}
	writeJSON(w, http.StatusOK, envelope(200, "Success!", runJSON(*found, false)))
}

func (f *fakeDBT) listArtifacts(w http.ResponseWriter, r *http.Request) {
	f.count("GET artifacts")
	paths := []string{"manifest.json", "run_results.json", "catalog.json"}
	if r.URL.Query().Get("step") == "1" {
		paths = []string{"manifest.json"}
	}
	writeJSON(w, http.StatusOK, envelope(200, "Success!", paths))
}

func (f *fakeDBT) artifact(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("path") == "" {
		f.listArtifacts(w, r)
		return
	}

	f.count("GET artifact")
	if r.PathValue("path") == "run_results.json" {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(f.RunResults)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(f.ArtifactSize, 10))
	_, _ = io.CopyN(w, patternReader{}, f.ArtifactSize)
}

// patternReader yields an endless, repeatable byte pattern without allocating.
type patternReader struct{}

func (patternReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte('a' + i%26)
	}
	return len(p), nil
}

// runJSON renders a run the way the v2 API does, in part.
func runJSON(r fakeRun, withTrigger bool) map[string]any {
	m := map[string]any{
		"id": r.ID, "account_id": 1, "job_definition_id": r.JobID, "status": r.Status,
		"status_humanized":   statusName(r.Status),
		"created_at":         "2024-05-01 10:00:00.123456+00:00",
		"finished_at":        nil,
		"can_retry":          r.Status == 20,
		"in_progress":        r.Status < 10,
		"is_complete":        r.Status >= 10,
		"href":               fmt.Sprintf("https://cloud.getdbt.com/#/runs/%d", r.ID),
		"status_message":     nil,
		"artifacts_saved":    r.Status >= 10,
		"undeclared_in_spec": "kept out of the way",
	}
	if r.Status != 20 {
		m["retry_not_supported_reason"] = "RETRY_NOT_FAILED_RUN"
	}
	if withTrigger {
		m["trigger"] = map[string]any{"id": r.ID + 1, "cause": r.Cause,
			"job_definition_id": r.JobID}
	}
	return m
}

func statusName(s int64) string {
	return map[int64]string{1: "Queued", 2: "Starting", 3: "Running", 10: "Success",
		20: "Error", 30: "Cancelled"}[s]
}

// envelope wraps data in the v2 API's response envelope.
func envelope(code int, msg string, data any) map[string]any {
	return map[string]any{
		"status": map[string]any{"code": code, "is_success": code < 300,
			"user_message": msg, "developer_message": ""},
		"data": data,
	}
}

func writeStatus(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, envelope(code, msg, nil))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// dropConnection closes the connection without answering.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic("fake server: hijack: " + err.Error())
	}
	conn.Close()
}

func pathInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n
}

func queryInt(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}
