package dbtcloudtest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// RunInfo is what the server knows of a run, for assertions on its state.
type RunInfo struct {
	ID, AccountID, JobID int64

	// Cause is the cause the run was triggered with.
	Cause string

	// Status is the run's status at the clock's current time.
	Status RunStatus

	// RetryOf is the run this one retries, or 0.
	RetryOf int64
}

// AddRun creates a queued run of a job, as if it had been triggered with cause at the
// clock's current time, and returns its id. The run follows the job's run plan. AddRun
// panics when the job does not exist: add it with AddJob first.
func (s *Server) AddRun(jobID int64, cause string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()

	job, ok := s.store.get("jobs", jobID)
	if !ok {
		panic(fmt.Sprintf("dbtcloudtest: AddRun: no job %d; add it with AddJob first", jobID))
	}
	account := strconv.FormatInt(int64(num(job["account_id"])), 10)
	c := &call{params: map[string]string{"account_id": account}, now: s.Clock.Now()}
	return s.startRun(c, job, cause, "main", 0).id
}

// Runs returns every run the server holds, by id.
func (s *Server) Runs() []RunInfo {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.Clock.Now()
	out := make([]RunInfo, 0, len(s.runs.runs))
	for _, r := range s.runs.runs {
		st, _ := r.statusAt(now)
		out = append(out, RunInfo{ID: r.id, AccountID: r.accountID, JobID: r.jobID,
			Cause: r.cause, Status: st, RetryOf: r.retryOf})
	}
	slices.SortFunc(out, func(a, b RunInfo) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// RemoveRun deletes a run, as dbt Cloud's retention does with old runs, and reports whether
// it existed. Later requests for it get a 404, and lists leave it out.
func (s *Server) RemoveRun(runID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()

	_, ok := s.runs.runs[runID]
	delete(s.runs.runs, runID)
	return ok
}
