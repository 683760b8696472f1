package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
)

// v3Pair returns the v3 files of the versions between which upstream renamed "Get Account
// Connection", renamed the path parameter job_id and removed an operation.
func v3Pair(t *testing.T) (string, string) {
	t.Helper()
	return specsPath(t, before0905, "openapi-v3.yaml"), specsPath(t, after0905, "openapi-v3.yaml")
}

func TestDiffFilesJSON(t *testing.T) {
	old, new := v3Pair(t)
	r := genRun(t, "diff", "-format", "json", "-fail-on", "none", old, new)
	r.wantCode(t, exitOK) // although the changes include breaking ones

	reps := r.reports(t)
	if len(reps) != 1 {
		t.Fatalf("got %d reports for two files, want 1", len(reps))
	}
	rep := reps[0]
	if rep.API != "v3" || rep.Old != old || rep.New != new {
		t.Errorf("report names api %q, %s -> %s; want v3, %s -> %s", rep.API, rep.Old,
			rep.New, old, new)
	}

	wantOperationRename(t, rep, "GET", "Get Account Connection", "Retrieve Account Connection")
	wantParameterRename(t, rep, "path", "job_id", "job_identifier")
	wantRemoved(t, rep, "POST", "Assign Project Group Permissions")
	wantLevel(t, rep, "operation-removed",
		"POST /api/v3/accounts/{account_id}/projects/{project_id}/group-permissions/",
		diff.Breaking)
	wantLevel(t, rep, "operation-id-renamed",
		"GET /api/v3/accounts/{account_id}/connections/{id}/", diff.PossiblyBreaking)
	wantLevel(t, rep, "parameter-renamed",
		"GET /api/v3/accounts/{account_id}/audit-logs/export/{job_identifier}/download/", diff.Info)
}

// TestDiffJSONListsAreArrays checks that a JSON consumer never meets null where a list is
// expected, even when nothing changed.
func TestDiffJSONListsAreArrays(t *testing.T) {
	file := specsPath(t, "openapi-v2.yaml")
	r := genRun(t, "diff", "-format", "json", file, file)
	r.wantCode(t, exitOK)

	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil || len(raw) != 1 {
		t.Fatalf("want a JSON list of one report: %v\n%s", err, r.stdout)
	}
	var summary map[string]json.RawMessage
	if err := json.Unmarshal(raw[0]["summary"], &summary); err != nil {
		t.Fatal(err)
	}
	lists := map[string]json.RawMessage{"changes": raw[0]["changes"],
		"overlays": raw[0]["overlays"]}
	for k, v := range summary {
		lists["summary."+k] = v
	}
	for name, v := range lists {
		if string(v) != "[]" {
			t.Errorf("%s = %s for identical files, want []", name, v)
		}
	}
}

func TestDiffDirectories(t *testing.T) {
	r := genRun(t, "diff", "-format", "json", "-fail-on", "none", specsPath(t, before0303),
		specsPath(t, after0303))
	r.wantCode(t, exitOK)
	reps := r.reports(t)
	if apis := reportAPIs(reps); !slices.Equal(apis, []string{"v2", "v3"}) {
		t.Fatalf("reports for %v, want v2 and v3", apis)
	}
	wantOperationRename(t, reps[1], "GET", "List PrivateLink Endpoints",
		"List Private Endpoints_2")
	if worst, _ := reps[0].Worst(); worst != diff.Info {
		t.Errorf("v2 between %s and %s: worst level %s, want only informational changes",
			before0303, after0303, worst)
	}

	r = genRun(t, "diff", "-format", "json", specsPath(t, before0905), specsPath(t, after0905))
	r.wantCode(t, exitChanged)
	reps = r.reports(t)
	if apis := reportAPIs(reps); !slices.Equal(apis, []string{"v2", "v3"}) {
		t.Fatalf("reports for %v, want v2 and v3", apis)
	}
	rename := diff.SchemaRename{Old: "RunResponseResponse", New: "RunResponse"}
	if !slices.Contains(reps[0].Summary.SchemasRenamed, rename) {
		t.Errorf("v2 schema renames %v lack RunResponseResponse -> RunResponse",
			reps[0].Summary.SchemasRenamed)
	}
	wantParameterRename(t, reps[1], "path", "job_id", "job_identifier")
}

func reportAPIs(reps []*diff.Report) []string {
	out := make([]string, len(reps))
	for i, r := range reps {
		out[i] = r.API
	}
	return out
}

// TestDiffTextAndMarkdown checks that the text and Markdown reports say what the JSON report
// holds.
func TestDiffTextAndMarkdown(t *testing.T) {
	old, new := v3Pair(t)
	js := genRun(t, "diff", "-format", "json", "-fail-on", "none", old, new)
	js.wantCode(t, exitOK)
	rep := js.reports(t)[0]
	n := rep.Count()
	counts := fmt.Sprintf("%d breaking, %d possibly breaking, %d informational",
		n[diff.Breaking], n[diff.PossiblyBreaking], n[diff.Info])

	text := genRun(t, "diff", "-fail-on", "none", old, new)
	text.wantCode(t, exitOK)
	lines := strings.Split(text.stdout, "\n")
	if want := "v3: " + old + " -> " + new; lines[0] != want || lines[1] != counts {
		t.Errorf("text report starts\n%s\n%s\nwant\n%s\n%s", lines[0], lines[1], want, counts)
	}
	wantReportLines(t, "text", text.stdout,
		"Operations removed (1):",
		"  POST /api/v3/accounts/{account_id}/projects/{project_id}/group-permissions/ "+
			"(Assign Project Group Permissions)",
		`  GET /api/v3/accounts/{account_id}/connections/{id}/: "Get Account Connection" -> `+
			`"Retrieve Account Connection"`,
		"  GET /api/v3/accounts/{account_id}/audit-logs/export/{job_identifier}/download/: "+
			"path job_id -> job_identifier",
		fmt.Sprintf("Changes (%d):", len(rep.Changes)))
	got := countLinesPrefixed(lines, "  breaking ", "  possibly breaking ", "  informational ")
	if got != len(rep.Changes) {
		t.Errorf("text report lists %d changes, JSON %d", got, len(rep.Changes))
	}

	md := genRun(t, "diff", "-format", "markdown", "-fail-on", "none", old, new)
	md.wantCode(t, exitOK)
	wantReportLines(t, "markdown", md.stdout, "## API v3", "### Operations removed (1)",
		"### operationIds renamed (2)", fmt.Sprintf("### Changes (%d)", len(rep.Changes)),
		"| level | operation | rule | change |")
	if got := countLinesPrefixed(strings.Split(md.stdout, "\n"), "| breaking |",
		"| possibly breaking |", "| informational |"); got != len(rep.Changes) {
		t.Errorf("markdown table has %d rows, JSON %d changes", got, len(rep.Changes))
	}
	if !strings.Contains(md.stdout, "**"+counts+"**") {
		t.Errorf("markdown report lacks the counts %q", counts)
	}
}

func wantReportLines(t *testing.T, format, out string, want ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("%s report lacks the line %q", format, w)
		}
	}
}

func countLinesPrefixed(lines []string, prefixes ...string) int {
	n := 0
	for _, l := range lines {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				n++
			}
		}
	}
	return n
}

func TestDiffFailOn(t *testing.T) {
	file := func(version, api string) string {
		return specsPath(t, version, "openapi-"+api+".yaml")
	}
	infoOld, infoNew := file(before0303, "v2"), file(after0303, "v2")
	possOld, possNew := file(before0905, "v2"), file(after0905, "v2")
	breakOld, breakNew := v3Pair(t)
	drifted := file(after0905, "v2")
	overlays := filepath.Join(driftRoot(t), "overlays")

	cases := []struct {
		name string
		args []string
		want map[string]int // exit status by -fail-on level
	}{
		{"identical", []string{infoNew, infoNew},
			map[string]int{"breaking": exitOK, "any": exitOK}},
		{"informational only", []string{infoOld, infoNew},
			map[string]int{"breaking": exitOK, "any": exitChanged}},
		{"possibly breaking", []string{possOld, possNew},
			map[string]int{"breaking": exitOK, "any": exitChanged}},
		// TestDiffFilesJSON runs this pair with -fail-on none.
		{"breaking", []string{breakOld, breakNew},
			map[string]int{"breaking": exitChanged, "any": exitChanged}},
		{"overlay drift only", []string{"-overlays", overlays, drifted, drifted},
			map[string]int{"breaking": exitOK, "any": exitChanged}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for level, want := range c.want {
				args := append([]string{"diff", "-format", "json", "-fail-on", level}, c.args...)
				r := genRun(t, args...)
				if r.code != want {
					t.Errorf("-fail-on %s: exit status %d, want %d; stderr:\n%s", level,
						r.code, want, r.stderr)
				}
				wantFailOnMessage(t, r, level)
			}
		})
	}
}

// wantFailOnMessage checks that a run stopped by -fail-on says so, and that JSON output is
// complete either way.
func wantFailOnMessage(t *testing.T, r genResult, level string) {
	t.Helper()
	reps := r.reports(t)
	msg := "spec changes reach -fail-on " + level
	if failed := r.code == exitChanged; failed != strings.Contains(r.stderr, msg) {
		t.Errorf("exit status %d with stderr %q", r.code, r.stderr)
	}
	if len(reps) == 0 {
		t.Error("no report written")
	}
}

func TestDiffOverlayFindings(t *testing.T) {
	file := specsPath(t, after0905, "openapi-v2.yaml")
	r := genRun(t, "diff", "-format", "json", "-overlays", filepath.Join(driftRoot(t), "overlays"),
		file, file)
	r.wantCode(t, exitOK)

	rep := r.reports(t)[0]
	if len(rep.Changes) != 0 || len(rep.Overlays) == 0 {
		t.Fatalf("a file against itself with the v2 overlays: %d changes, %d overlay findings; "+
			"want none and some", len(rep.Changes), len(rep.Overlays))
	}
	for _, f := range rep.Overlays {
		if !strings.Contains(f.Where, filepath.Join("overlays", "v2")) || f.Target == "" ||
			f.Problem == "" {
			t.Errorf("overlay finding %+v does not name a v2 overlay, target and problem", f)
		}
	}
}

func TestDiffErrors(t *testing.T) {
	old, new := v3Pair(t)
	broken := specsPath(t, "broken", "2023-07-13-58570c9-openapi-v2.yaml")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"one argument", []string{old}, "want two arguments"},
		{"file and directory", []string{old, specsPath(t, after0905)},
			"give two files or two directories"},
		{"unknown format", []string{"-format", "yaml", old, new}, `-format "yaml"`},
		{"unknown level", []string{"-fail-on", "some", old, new}, `-fail-on "some"`},
		{"missing file", []string{old, new + ".missing"}, "no such file"},
		{"invalid spec", []string{old, broken}, broken},
		{"directory without specs", []string{t.TempDir(), t.TempDir()}, "no openapi-vN.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := genRun(t, append([]string{"diff"}, c.args...)...)
			r.wantCode(t, exitError)
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr does not say %q:\n%s", c.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a failed diff wrote a report:\n%s", r.stdout)
			}
		})
	}
}

func TestDriftCommandsHelp(t *testing.T) {
	for _, cmd := range []string{"diff", "drift", "update-specs"} {
		r := genRun(t, cmd, "-h")
		r.wantCode(t, exitOK)
		if !strings.Contains(r.stderr, "Exit status:") || !strings.Contains(r.stderr, "-format") {
			t.Errorf("gen %s -h does not document its exit status and flags:\n%s", cmd, r.stderr)
		}
	}
}

func wantOperationRename(t *testing.T, r *diff.Report, method, old, new string) {
	t.Helper()
	for _, o := range r.Summary.OperationIDsRenamed {
		if o.Method == method && o.OldID == old && o.NewID == new {
			return
		}
	}
	t.Errorf("%s: no %s operationId rename %q -> %q in %+v", r.API, method, old, new,
		r.Summary.OperationIDsRenamed)
}

func wantParameterRename(t *testing.T, r *diff.Report, in, old, new string) {
	t.Helper()
	want := func(p diff.ParameterRename) bool { return p.In == in && p.Old == old && p.New == new }
	if !slices.ContainsFunc(r.Summary.ParametersRenamed, want) {
		t.Errorf("%s: no %s parameter rename %s -> %s in %+v", r.API, in, old, new,
			r.Summary.ParametersRenamed)
	}
}

func wantRemoved(t *testing.T, r *diff.Report, method, id string) {
	t.Helper()
	want := func(o diff.Operation) bool { return o.Method == method && o.OperationID == id }
	if !slices.ContainsFunc(r.Summary.OperationsRemoved, want) {
		t.Errorf("%s: %s %q is not among the removed operations %+v", r.API, method, id,
			r.Summary.OperationsRemoved)
	}
}

func wantLevel(t *testing.T, r *diff.Report, kind, operation string, level diff.Level) {
	t.Helper()
	for _, c := range r.Changes {
		if c.Kind == kind && c.Operation == operation {
			if c.Level != level {
				t.Errorf("%s %s is %s, want %s", kind, operation, c.Level, level)
			}
			return
		}
	}
	t.Errorf("%s: no %s change at %s", r.API, kind, operation)
}
