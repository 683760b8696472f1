package dbtcloudtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
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

	arts, rep := s.stepArtifacts(r, c)
	if rep != nil {
		return *rep
	}
	paths := []any{}
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
	return artifactReply(s, r, c)
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
	return artifactReply(s, latest, c)
}

// stepArtifacts returns the artifacts of the step the call's step parameter picks, the
// last one when it has none. Steps that invoke dbt have the run's artifacts, the setup steps
// before them none, and a step the run does not have is not found.
func (s *Server) stepArtifacts(r *run, c *call) (map[string]artifact, *reply) {
	v := c.query.Get("step")
	if v == "" {
		return r.artifactsAt(c.now), nil
	}

	n, _ := strconv.Atoi(v)
	if steps := len(s.stepNames(r)); n < 1 || n > steps {
		rep := errorReply(http.StatusNotFound, "The requested step was not found.",
			fmt.Sprintf("dbtcloudtest: run %d has steps 1 to %d, not %s", r.id, steps, v))
		return nil, &rep
	}
	if n <= setupSteps {
		return nil, nil
	}
	return r.artifactsAt(c.now), nil
}

func artifactReply(s *Server, r *run, c *call) reply {
	arts, rep := s.stepArtifacts(r, c)
	if rep != nil {
		return *rep
	}
	a, ok := arts[c.params["remainder"]]
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
