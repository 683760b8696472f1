package dbtcloudtest

import (
	"fmt"
	"net/http"
	"time"
)

// RunStatus is the status code of a dbt Cloud run.
type RunStatus int

// Run statuses as dbt Cloud numbers them.
const (
	StatusQueued    RunStatus = 1
	StatusStarting  RunStatus = 2
	StatusRunning   RunStatus = 3
	StatusSuccess   RunStatus = 10
	StatusError     RunStatus = 20
	StatusCancelled RunStatus = 30
)

// Terminal reports whether a run with this status has finished.
func (st RunStatus) Terminal() bool {
	return st >= StatusSuccess
}

// String returns the name dbt Cloud shows for the status, as in status_humanized.
func (st RunStatus) String() string {
	switch st {
	case StatusQueued:
		return "Queued"
	case StatusStarting:
		return "Starting"
	case StatusRunning:
		return "Running"
	case StatusSuccess:
		return "Success"
	case StatusError:
		return "Error"
	case StatusCancelled:
		return "Cancelled"
	}
	return fmt.Sprintf("RunStatus(%d)", int(st))
}

// RunPlan says how a run unfolds on the server's clock: how long it stays queued, starting
// and running, and the status it ends with.
type RunPlan struct {
	Queued, Starting, Running time.Duration
	Outcome                   RunStatus
}

// defaultPlan is a run of a minute that succeeds.
var defaultPlan = RunPlan{Queued: 10 * time.Second, Starting: 10 * time.Second,
	Running: 40 * time.Second, Outcome: StatusSuccess}

// run is the server's record of one run; its status follows from the clock.
type run struct {
	id, accountID, jobID, projectID, envID int64

	created   time.Time
	plan      RunPlan
	cancelled time.Time
	cause     string
	gitBranch string
	retryOf   int64
	artifacts map[string]artifact
}

// runBook holds the runs and the plans they follow.
type runBook struct {
	defaultPlan RunPlan
	jobPlans    map[int64]RunPlan
	runs        map[int64]*run
	nextID      int64
}

func newRunBook() *runBook {
	return &runBook{defaultPlan: defaultPlan, jobPlans: map[int64]RunPlan{},
		runs: map[int64]*run{}, nextID: 70000}
}

// statusAt returns the run's status at now and, once it has finished, when it finished.
func (r *run) statusAt(now time.Time) (RunStatus, time.Time) {
	q := r.created.Add(r.plan.Queued)
	st := q.Add(r.plan.Starting)
	end := st.Add(r.plan.Running)
	if !r.cancelled.IsZero() && !now.Before(r.cancelled) {
		return StatusCancelled, r.cancelled
	}

	switch {
	case now.Before(q):
		return StatusQueued, time.Time{}
	case now.Before(st):
		return StatusStarting, time.Time{}
	case now.Before(end):
		return StatusRunning, time.Time{}
	}
	return r.plan.Outcome, end
}

// object renders the run as dbt Cloud's run object at now.
func (r *run) object(now time.Time) object {
	status, finished := r.statusAt(now)
	dequeued, started := r.created.Add(r.plan.Queued), r.created.Add(r.plan.Queued+r.plan.Starting)
	obj := object{
		"id": float64(r.id), "account_id": float64(r.accountID),
		"job_definition_id": float64(r.jobID), "job_id": float64(r.jobID),
		"project_id": float64(r.projectID), "environment_id": float64(r.envID),
		"trigger_id": float64(r.id), "status": float64(status),
		"status_humanized": status.String(), "status_message": nil,
		"git_branch": r.gitBranch, "dbt_version": "1.8.0",
		"in_progress": !status.Terminal(), "is_complete": status.Terminal(),
		"is_running": status == StatusRunning, "is_success": status == StatusSuccess,
		"is_error": status == StatusError, "is_cancelled": status == StatusCancelled,
		"created_at": formatTime(r.created, 0), "updated_at": formatTime(now, 1),
		"dequeued_at": timeOrNil(dequeued, status > StatusQueued, 2),
		"started_at":  timeOrNil(started, status > StatusStarting && !r.cancelledEarly(), 3),
		"finished_at": timeOrNil(finished, status.Terminal(), 0),
		"trigger": object{"cause": r.cause, "id": float64(r.id),
			"job_definition_id": float64(r.jobID)},
		"href": fmt.Sprintf("https://cloud.getdbt.com/deploy/%d/projects/%d/runs/%d/",
			r.accountID, r.projectID, r.id),
		"artifacts_saved": status == StatusSuccess || status == StatusError,
		"can_retry":       status == StatusError,
		"duration":        clockDuration(now, r.created, finished),
	}
	if r.retryOf != 0 {
		obj["retrying_run_id"] = float64(r.retryOf)
	}
	if status != StatusError {
		obj["retry_not_supported_reason"] = "RETRY_NOT_FAILED_RUN"
	}
	return obj
}

// cancelledEarly reports whether the run was cancelled before it started running.
func (r *run) cancelledEarly() bool {
	return !r.cancelled.IsZero() && r.cancelled.Before(r.created.Add(r.plan.Queued+r.plan.Starting))
}

func timeOrNil(t time.Time, set bool, n int) any {
	if !set {
		return nil
	}
	return formatTime(t, n)
}

// clockDuration writes the time from start to end, or to now while running, as HH:MM:SS.
func clockDuration(now, start, end time.Time) string {
	if end.IsZero() {
		end = now
	}

	d := end.Sub(start).Round(time.Second)
	h, m, sec := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	return fmt.Sprintf("%02d:%02d:%02d", h, m, sec)
}

// SetJobRunPlan makes the next runs of a job follow p.
func (s *Server) SetJobRunPlan(jobID int64, p RunPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.runs.jobPlans[jobID] = p
}

// SetArtifact makes a run's artifact at path read data, replacing the default artifacts of
// that name. The run lists it once it has finished.
func (s *Server) SetArtifact(runID int64, path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if r, ok := s.runs.runs[runID]; ok {
		r.artifacts[path] = artifact{data: data}
	}
}

// RunStatus returns the status of a run at the clock's current time, and whether it exists.
func (s *Server) RunStatus(runID int64) (RunStatus, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	r, ok := s.runs.runs[runID]
	if !ok {
		return 0, false
	}
	st, _ := r.statusAt(s.Clock.Now())
	return st, true
}

func registerRunHandlers() {
	const acct = "/api/v2/accounts/{account_id}/"
	handlers["POST "+acct+"jobs/{job_id}/run/"] = triggerRun
	handlers["POST "+acct+"jobs/{job_id}/rerun/"] = rerunJob
	handlers["GET "+acct+"jobs/{job_id}/artifacts/{remainder}"] = jobArtifact
	handlers["GET "+acct+"runs/"] = listRuns
	handlers["GET "+acct+"runs/{id}/"] = retrieveRun
	handlers["POST "+acct+"runs/{run_id}/cancel/"] = cancelRun
	handlers["POST "+acct+"runs/{run_id}/retry/"] = retryRun
	handlers["GET "+acct+"runs/{run_id}/artifacts/"] = listArtifacts
	handlers["GET "+acct+"runs/{run_id}/artifacts/{remainder}"] = runArtifact
}

// startRun creates a queued run of a job at the clock's time.
func (s *Server) startRun(c *call, job object, cause, branch string, retryOf int64) *run {
	jobID := int64(job["id"].(float64))
	plan, ok := s.runs.jobPlans[jobID]
	if !ok {
		plan = s.runs.defaultPlan
	}

	s.runs.nextID++
	r := &run{
		id: s.runs.nextID, accountID: c.pathID("account_id"), jobID: jobID,
		projectID: int64(num(job["project_id"])), envID: int64(num(job["environment_id"])),
		created: c.now, plan: plan, cause: cause, gitBranch: branch, retryOf: retryOf,
		artifacts: map[string]artifact{},
	}
	s.runs.runs[r.id] = r
	return r
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

func (s *Server) job(c *call) (object, *reply) {
	return jobs.find(s, &call{route: c.route, params: map[string]string{
		"account_id": c.params["account_id"], "id": c.params["job_id"]}, now: c.now, ex: c.ex})
}

func triggerRun(s *Server, c *call) reply {
	job, rep := s.job(c)
	if rep != nil {
		return *rep
	}
	body, err := c.bodyObject()
	if err != nil {
		return badRequest("Invalid body.", err)
	}

	cause, _ := body["cause"].(string)
	branch, _ := body["git_branch"].(string)
	if branch == "" {
		branch = "main"
	}
	r := s.startRun(c, job, cause, branch, 0)
	return s.respond(c, r.object(c.now), nil)
}

// rerunJob retries the job's latest run if it failed, and otherwise starts a new run.
func rerunJob(s *Server, c *call) reply {
	job, rep := s.job(c)
	if rep != nil {
		return *rep
	}

	var latest *run
	for _, r := range s.runs.runs {
		if r.jobID == int64(num(job["id"])) && (latest == nil || r.id > latest.id) {
			latest = r
		}
	}
	var retryOf int64
	cause := "Rerun of job"
	if latest != nil {
		if st, _ := latest.statusAt(c.now); st == StatusError {
			retryOf, cause = latest.id, "Retry of run "+fmt.Sprint(latest.id)
		}
	}
	r := s.startRun(c, job, cause, "main", retryOf)
	return s.respond(c, r.object(c.now), nil)
}

func (s *Server) findRun(c *call, param string) (*run, *reply) {
	id := c.pathID(param)
	r, ok := s.runs.runs[id]
	if !ok || r.accountID != c.pathID("account_id") {
		rep := notFound("run", id)
		return nil, &rep
	}
	return r, nil
}

// cancelRun cancels a run that has not finished; a finished run is returned unchanged.
func cancelRun(s *Server, c *call) reply {
	r, rep := s.findRun(c, "run_id")
	if rep != nil {
		return *rep
	}

	if st, _ := r.statusAt(c.now); !st.Terminal() {
		r.cancelled = c.now
	}
	return s.respond(c, r.object(c.now), nil)
}

// retryRun starts a new run of a failed run's job; any other run cannot be retried.
func retryRun(s *Server, c *call) reply {
	r, rep := s.findRun(c, "run_id")
	if rep != nil {
		return *rep
	}
	if st, _ := r.statusAt(c.now); st != StatusError {
		return errorReply(http.StatusBadRequest, "Only failed runs can be retried.",
			fmt.Sprintf("dbtcloudtest: run %d has status %s", r.id, st))
	}

	job, ok := s.store.get("jobs", r.jobID)
	if !ok {
		return notFound("job", r.jobID)
	}
	next := s.startRun(c, job, "Retry of run "+fmt.Sprint(r.id), r.gitBranch, r.id)
	return s.respond(c, next.object(c.now), nil)
}
