package dbtcloudtest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"time"
)

// artifact is the content of one artifact: data, or size bytes read from what open returns.
type artifact struct {
	data []byte
	size int64
	open func() io.Reader
}

// SetArtifactStream makes a run's artifact at path read size bytes from a reader that open
// returns for every download, for artifacts too large to hold in memory; the server never
// buffers them. It replaces the default artifact of that name, which the run lists once
// it has finished.
func (s *Server) SetArtifactStream(runID int64, path string, size int64,
	open func() io.Reader) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if r, ok := s.runs.runs[runID]; ok {
		r.artifacts[path] = artifact{size: size, open: open}
	}
}

// artifactsAt returns the run's artifacts once it has finished with success or error: the
// defaults, then whatever SetArtifact stored. Runs that are cancelled or unfinished have none.
func (r *run) artifactsAt(now time.Time) map[string]artifact {
	st, finished := r.statusAt(now)
	if st != StatusSuccess && st != StatusError {
		return nil
	}

	out := map[string]artifact{}
	for path, data := range defaultArtifacts(r, st, finished) {
		out[path] = artifact{data: data}
	}
	for path, a := range r.artifacts {
		out[path] = a
	}
	return out
}

// defaultArtifacts are small but well-formed manifest.json and run_results.json files.
func defaultArtifacts(r *run, st RunStatus, finished time.Time) map[string][]byte {
	result := "success"
	if st == StatusError {
		result = "error"
	}
	meta := map[string]any{
		"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v5.json",
		"dbt_version":        "1.8.0",
		"generated_at":       finished.Format("2006-01-02T15:04:05.000000Z"),
		"invocation_id":      "00000000-0000-4000-8000-000000000001",
		"env":                map[string]any{"DBT_CLOUD_RUN_ID": r.id},
	}
	results := map[string]any{
		"metadata": meta,
		"results": []any{map[string]any{
			"unique_id": "model.fake.orders", "status": result, "execution_time": 1.5,
			"message": "OK", "failures": nil, "thread_id": "Thread-1", "timing": []any{},
		}},
		"elapsed_time": r.plan.Running.Seconds(),
		"args":         map[string]any{"which": "build"},
	}
	manifest := map[string]any{"metadata": meta, "nodes": map[string]any{},
		"sources": map[string]any{}}
	return map[string][]byte{"run_results.json": mustJSON(results),
		"manifest.json": mustJSON(manifest)}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func listArtifacts(s *Server, c *call) reply {
	r, rep := s.findRun(c, "run_id")
	if rep != nil {
		return *rep
	}

	// TODO(dbtcloudtest): runs have no steps, so the step query parameter of the artifact
	// operations is ignored and every step lists the same artifacts.

	paths := []any{}
	arts := r.artifactsAt(c.now)
	for _, p := range sortedKeys(arts) {
		paths = append(paths, p)
	}
	return s.respond(c, paths, nil)
}

func sortedKeys(m map[string]artifact) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func runArtifact(s *Server, c *call) reply {
	r, rep := s.findRun(c, "run_id")
	if rep != nil {
		return *rep
	}
	return artifactReply(r, c)
}

// jobArtifact serves an artifact of the job's latest run that succeeded.
func jobArtifact(s *Server, c *call) reply {
	job, rep := s.job(c)
	if rep != nil {
		return *rep
	}

	var latest *run
	for _, r := range s.runs.runs {
		st, _ := r.statusAt(c.now)
		if r.jobID == int64(num(job["id"])) && st == StatusSuccess &&
			(latest == nil || r.id > latest.id) {
			latest = r
		}
	}
	if latest == nil {
		return errorReply(http.StatusNotFound, "The job has no successful run.",
			"dbtcloudtest: no run of this job succeeded, so it has no artifacts")
	}
	return artifactReply(latest, c)
}

func artifactReply(r *run, c *call) reply {
	a, ok := r.artifactsAt(c.now)[c.params["remainder"]]
	if !ok {
		return errorReply(http.StatusNotFound, "The requested artifact was not found.",
			"dbtcloudtest: run has no artifact "+c.params["remainder"]+"; runs have "+
				"artifacts only after they finish with success or error")
	}

	h := http.Header{}
	h.Set("Content-Type", "application/json")
	if a.open != nil {
		return reply{code: http.StatusOK, header: h, stream: a.open(), size: a.size}
	}
	return reply{code: http.StatusOK, header: h, body: a.data}
}
