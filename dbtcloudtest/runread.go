package dbtcloudtest

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
)

// listRuns answers a list of the account's runs, with their related objects if asked.
func listRuns(s *Server, c *call) reply {
	if _, rep := (resource{"runs", []string{"account_id"}}).scopeOf(s, c); rep != nil {
		return *rep
	}

	lq, err := parseListQuery(c.query)
	if err != nil {
		return badRequest("Invalid pagination.", err)
	}
	account := c.pathID("account_id")
	scope := map[string]int64{"account_id": account}
	rel := related(c.query)
	if byIDOnly(lq) {
		return s.listRunsByID(c, lq, rel, scope)
	}

	var objs []object
	for _, r := range s.runs.runs {
		if r.accountID == account {
			objs = append(objs, s.withRelated(r, c.now, rel))
		}
	}
	page, total := lq.apply(objs)
	return s.listReply(c, lq, page, total, scope)
}

// staticRunFields are the fields of a run that never change, which a list may filter on
// before it renders any run.
var staticRunFields = []string{"id", "job_definition_id", "job_id", "project_id",
	"environment_id"}

// byIDOnly reports whether a list query orders by id and filters on static fields alone,
// so that listRunsByID can answer it.
func byIDOnly(lq listQuery) bool {
	for key := range lq.filters {
		if field, _ := splitLookup(key); !slices.Contains(staticRunFields, field) {
			return false
		}
	}
	return lq.orderBy == "id" || lq.orderBy == "-id"
}

// staticObject is the part of a run's object that never changes.
func (r *run) staticObject() object {
	return object{"id": float64(r.id), "job_definition_id": float64(r.jobID),
		"job_id": float64(r.jobID), "project_id": float64(r.projectID),
		"environment_id": float64(r.envID)}
}

// listRunsByID answers a list of runs that byIDOnly accepts, rendering the runs of the page
// alone: rendering every run of a large account for every page would cost the fake
// milliseconds a page. It answers exactly as listObjects would.
func (s *Server) listRunsByID(c *call, lq listQuery, rel []string,
	scope map[string]int64) reply {
	var runs []*run
	for _, r := range s.runs.runs {
		if r.accountID == scope["account_id"] && lq.matches(r.staticObject()) {
			runs = append(runs, r)
		}
	}
	slices.SortFunc(runs, func(a, b *run) int { return cmp.Compare(a.id, b.id) })
	if lq.orderBy == "-id" {
		slices.Reverse(runs)
	}

	start := min(lq.offset, len(runs))
	end := min(start+lq.limit, len(runs))
	page := make([]object, 0, end-start)
	for _, r := range runs[start:end] {
		page = append(page, s.withRelated(r, c.now, rel))
	}
	return s.listReply(c, lq, page, len(runs), scope)
}

func retrieveRun(s *Server, c *call) reply {
	r, rep := s.findRun(c, "id")
	if rep != nil {
		return *rep
	}
	return s.respond(c, s.withRelated(r, c.now, related(c.query)), nil)
}

// related reads the include_related parameter, which dbt Cloud clients send as a list,
// ["job","environment"], or as words separated by commas.
func related(q url.Values) []string {
	var names []string
	for _, v := range q["include_related"] {
		for _, name := range strings.Split(strings.Trim(v, "[]"), ",") {
			if name = strings.Trim(name, ` "'`); name != "" {
				names = append(names, name)
			}
		}
	}
	return names
}

// withRelated renders run r at now with the related objects asked for: its job and its
// environment as stored, and its steps. The trigger is always there.
func (s *Server) withRelated(r *run, now time.Time, names []string) object {
	obj := r.object(now)
	for _, name := range names {
		switch name {
		case "job":
			if job, ok := s.store.get("jobs", r.jobID); ok {
				obj["job"] = maps.Clone(job)
			}
		case "environment":
			if env, ok := s.store.get("environments", r.envID); ok {
				obj["environment"] = maps.Clone(env)
			}
		case "run_steps":
			obj["run_steps"] = s.runSteps(r, now)
		}
	}
	return obj
}

// runSteps renders the steps of run r at now: cloning the repository, creating the
// profile, then one step for each command of the job. Every step before the last has
// succeeded; the last has the run's status. A run that has not started has no steps. Step
// statuses use the codes of run statuses.
func (s *Server) runSteps(r *run, now time.Time) []any {
	status, _ := r.statusAt(now)
	if status == StatusQueued || status == StatusStarting ||
		status == StatusCancelled && r.cancelledEarly() {
		return []any{}
	}

	names := s.stepNames(r)
	steps := make([]any, len(names))
	for i, name := range names {
		st := StatusSuccess
		if i == len(names)-1 {
			st = status
		}
		steps[i] = object{"run_id": float64(r.id), "account_id": float64(r.accountID),
			"index": float64(i + 1), "name": name, "status": float64(st),
			"logs": fmt.Sprintf("%s: %s", name, st)}
	}
	return steps
}

// setupSteps is the number of steps a run takes before it invokes dbt.
const setupSteps = 2

// stepNames returns the names of the steps of run r: cloning the repository, creating the
// profile, then one invocation of dbt for each command of its job.
func (s *Server) stepNames(r *run) []string {
	names := []string{"Clone git repository", "Create profile from connection"}
	if job, ok := s.store.get("jobs", r.jobID); ok {
		cmds, _ := job["execute_steps"].([]any)
		for _, cmd := range cmds {
			names = append(names, fmt.Sprintf("Invoke dbt with `%v`", cmd))
		}
	}
	return names
}
