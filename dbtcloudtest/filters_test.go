package dbtcloudtest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// runIDs lists the runs the fake returns for params, in order.
func runIDs(t *testing.T, c *adminv2.Client, params adminv2.ListRunsParams) []int64 {
	t.Helper()

	rsp, err := c.ListRuns(context.Background(), account, &params)
	if err != nil || rsp.JSON200 == nil {
		t.Fatalf("list runs: %v (status %d: %s)", err, rsp.StatusCode, rsp.Body)
	}
	var ids []int64
	for _, r := range rsp.JSON200.Data {
		ids = append(ids, *r.ID)
	}
	return ids
}

func TestRangeLookups(t *testing.T) {
	srv, c, job := start(t)
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Running: 100 * time.Hour,
		Outcome: dbtcloudtest.StatusSuccess})
	var runs []int64
	var created []time.Time
	for range 4 {
		created = append(created, srv.Clock.Now())
		runs = append(runs, srv.AddRun(job, "scheduled"))
		srv.Clock.Advance(time.Hour)
	}

	between := []dbtrt.Time{{Time: created[1]}, {Time: created[2]}}
	if got := runIDs(t, c, adminv2.ListRunsParams{CreatedAtRange: &between}); !slices.Equal(
		got, runs[1:3]) {
		t.Errorf("created_at__range of runs 2 and 3: got %v, want %v", got, runs[1:3])
	}

	after := runs[1]
	if got := runIDs(t, c, adminv2.ListRunsParams{IDGt: &after}); !slices.Equal(got,
		runs[2:]) {
		t.Errorf("id__gt %d: got %v, want %v", after, got, runs[2:])
	}

	// No run has finished, so a finished_at range matches none.
	if got := runIDs(t, c, adminv2.ListRunsParams{FinishedAtRange: &between}); len(got) != 0 {
		t.Errorf("finished_at__range over unfinished runs: got %v", got)
	}
}

func TestNameContainsIgnoresCase(t *testing.T) {
	srv, _, _ := start(t)
	srv.AddProject(account, "Marketing Analytics")
	srv.AddProject(account, "finance")

	word := "ANALYTICS"
	rsp, err := v3Client(t, srv).ListProjects(context.Background(), account,
		&adminv3.ListProjectsParams{NameIcontains: &word})
	if err != nil || rsp.JSON200 == nil {
		t.Fatalf("list projects: %v", err)
	}

	var names []string
	for _, p := range rsp.JSON200.Data {
		names = append(names, *p.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Marketing Analytics", "analytics"}) {
		t.Errorf("name__icontains %s: got %v", word, names)
	}
}

// TestRunPagesAgree lists runs page by page with no filter and with a filter on a field
// that never changes, which the fake answers from the page's runs alone, and with a filter
// on a rendered field, which it answers by rendering and filtering all of them. Every run
// passes the filters: the pages and totals must be the same.
func TestRunPagesAgree(t *testing.T) {
	srv, c, job := start(t)
	for range 25 {
		srv.AddRun(job, "scheduled")
		srv.Clock.Advance(time.Minute)
	}
	list, err := c.ListRuns(context.Background(), account, nil)
	if err != nil || list.JSON200 == nil || len(list.JSON200.Data) != 25 {
		t.Fatalf("list runs: %v", err)
	}
	project := *list.JSON200.Data[0].ProjectID
	version := *list.JSON200.Data[0].DbtVersion

	for _, order := range []string{"id", "-id"} {
		for _, offset := range []int64{0, 10, 20, 30} {
			limit := int64(10)
			plain := adminv2.ListRunsParams{OrderBy: &order, Limit: &limit, Offset: &offset}
			static, rendered := plain, plain
			static.ProjectID = &project
			rendered.DbtVersion = &version

			a, b, r := runPage(t, c, plain), runPage(t, c, static), runPage(t, c, rendered)
			for _, p := range []page{b, r} {
				if !slices.Equal(a.ids, p.ids) || a.total != p.total || a.total != 25 {
					t.Errorf("order %s offset %d: %v of %d without a filter, %v of %d with "+
						"one", order, offset, a.ids, a.total, p.ids, p.total)
				}
			}
		}
	}
}

type page struct {
	ids   []int64
	total int64
}

func runPage(t *testing.T, c *adminv2.Client, params adminv2.ListRunsParams) page {
	t.Helper()

	rsp, err := c.ListRuns(context.Background(), account, &params)
	if err != nil || rsp.JSON200 == nil {
		t.Fatalf("list runs: %v", err)
	}
	p := page{total: rsp.JSON200.Extra.Pagination.TotalCount}
	for _, r := range rsp.JSON200.Data {
		p.ids = append(p.ids, *r.ID)
	}
	return p
}

// TestStaticFilterAgrees lists the runs of one of two jobs, by job alone, which the fake
// answers before rendering runs, and by job and a rendered field every run has, which it
// answers after: both must list that job's runs only.
func TestStaticFilterAgrees(t *testing.T) {
	srv, c, job := start(t)
	project := srv.AddProject(account, "other")
	other := srv.AddJob(account, project, srv.AddEnvironment(account, project, "dev"), "other")
	var want []int64
	for i := range 6 {
		if i%2 == 0 {
			want = append(want, srv.AddRun(job, "mine"))
		} else {
			srv.AddRun(other, "theirs")
		}
	}

	version := "1.8.0"
	static := adminv2.ListRunsParams{JobDefinitionID: &job}
	rendered := static
	rendered.DbtVersion = &version
	for _, params := range []adminv2.ListRunsParams{static, rendered} {
		if got := runPage(t, c, params); !slices.Equal(got.ids, want) || got.total != 3 {
			t.Errorf("runs of job %d: %v of %d, want %v", job, got.ids, got.total, want)
		}
	}
}
