package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"
)

var update = flag.Bool("update", false, "rewrite the golden reports under testdata/golden")

// specsDir returns the shared spec directory: $DBTCLOUD_SPECS, else ../shared/specs beside
// the repository.
func specsDir(t *testing.T) string {
	t.Helper()
	dir := shared.Specs()
	if _, err := os.Stat(filepath.Join(dir, "history")); err != nil {
		t.Skipf("no spec history at %s (set DBTCLOUD_SPECS): %v", dir, err)
	}
	return dir
}

// versions returns the history folders in order, then "" for the pinned specs.
func versions(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(specsDir(t), "history", "*"))
	if err != nil || len(dirs) < 2 {
		t.Fatalf("want at least two history versions, got %d (%v)", len(dirs), err)
	}
	out := make([]string, 0, len(dirs)+1)
	for _, d := range dirs {
		out = append(out, filepath.Join("history", filepath.Base(d)))
	}
	return append(out, "")
}

// compareVersions compares one API between two versions named relative to the specs dir.
func compareVersions(t *testing.T, api, old, new string, overlays ...string) *Report {
	t.Helper()
	read := func(version string) Spec {
		name := filepath.ToSlash(filepath.Join(version, "openapi-"+api+".yaml"))
		data, err := os.ReadFile(filepath.Join(specsDir(t), name))
		if err != nil {
			t.Fatal(err)
		}
		return Spec{Name: name, Data: data}
	}

	r, err := Compare(api, read(old), read(new), overlays)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestGoldenReports(t *testing.T) {
	vs := versions(t)
	for i := 1; i < len(vs); i++ {
		for _, api := range []string{"v2", "v3"} {
			name := api + "_" + filepath.Base(vs[i-1]) + "_to_" + cmpName(vs[i]) + ".txt"
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				r := compareVersions(t, api, vs[i-1], vs[i])
				if err := Write(&buf, Text, []*Report{r}); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", "golden", name), buf.Bytes())
			})
		}
	}
}

func cmpName(version string) string {
	if version == "" {
		return "pinned"
	}
	return filepath.Base(version)
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}

	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./gen/diff -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (go test ./gen/diff -update refreshes it):\n%s",
			path, firstDifference(string(want), string(got)))
	}
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(same lines)"
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestKnownUpstreamChanges checks the changes the spec README names, with their levels.
func TestKnownUpstreamChanges(t *testing.T) {
	v3 := compareVersions(t, "v3", "history/2025-05-08-53888fd", "history/2025-09-02-d895e53")
	wantRename(t, v3, "GET", "Get Account Connection", "Retrieve Account Connection")
	wantChange(t, v3, PossiblyBreaking, "operation-id-renamed",
		"GET /api/v3/accounts/{account_id}/connections/{id}/")
	wantParamRename(t, v3, "path", "job_id", "job_identifier")
	wantRemoved(t, v3, "POST", "Assign Project Group Permissions")
	wantChange(t, v3, Breaking, "operation-removed",
		"POST /api/v3/accounts/{account_id}/projects/{project_id}/group-permissions/")

	v3b := compareVersions(t, "v3", "history/2026-01-13-c9855da", "history/2026-03-03-b3e3135")
	wantRename(t, v3b, "GET", "List PrivateLink Endpoints", "List Private Endpoints_2")
	wantRename(t, v3b, "GET", "Get Private Endpoint", "Retrieve Private Endpoint")

	v2 := compareVersions(t, "v2", "history/2025-05-08-53888fd", "history/2025-09-02-d895e53")
	runRename := SchemaRename{"RunResponseResponse", "RunResponse"}
	if !slices.Contains(v2.Summary.SchemasRenamed, runRename) {
		t.Errorf("v2 schema renames = %v, want RunResponseResponse -> RunResponse",
			v2.Summary.SchemasRenamed)
	}
	wantChange(t, v2, PossiblyBreaking, "schema-renamed", "")

	pinned := compareVersions(t, "v3", "history/2026-03-03-b3e3135", "")
	wantRemoved(t, pinned, "GET", "List Private Endpoints_2")
	if len(pinned.Summary.SchemasRemoved) == 0 {
		t.Error("no schema removals found between the last history version and the pinned spec")
	}
}

func wantRename(t *testing.T, r *Report, method, old, new string) {
	t.Helper()
	for _, o := range r.Summary.OperationIDsRenamed {
		if o.Method == method && o.OldID == old && o.NewID == new {
			return
		}
	}
	t.Errorf("%s: no rename %s %q -> %q in %+v", r.API, method, old, new,
		r.Summary.OperationIDsRenamed)
}

func wantParamRename(t *testing.T, r *Report, in, old, new string) {
	t.Helper()
	for _, p := range r.Summary.ParametersRenamed {
		if p.In == in && p.Old == old && p.New == new {
			return
		}
	}
	t.Errorf("%s: no %s parameter rename %s -> %s in %+v", r.API, in, old, new,
		r.Summary.ParametersRenamed)
}

func wantRemoved(t *testing.T, r *Report, method, id string) {
	t.Helper()
	for _, o := range r.Summary.OperationsRemoved {
		if o.Method == method && o.OperationID == id {
			return
		}
	}
	t.Errorf("%s: %s %q not among removed operations %+v", r.API, method, id,
		r.Summary.OperationsRemoved)
}

func wantChange(t *testing.T, r *Report, level Level, kind, op string) {
	t.Helper()
	for _, c := range r.Changes {
		if c.Kind == kind && c.Operation == op && c.Level == level {
			return
		}
	}
	t.Errorf("%s: no %s change %s at %q", r.API, level, kind, op)
}

func TestOverlayDrift(t *testing.T) {
	overlay := filepath.Join("testdata", "overlays", "drift.yaml")
	r := compareVersions(t, "v2", "history/2025-05-08-53888fd", "history/2025-09-02-d895e53",
		overlay)

	want := []OverlayFinding{
		{Where: overlay + ":7: action 1 (Name the run envelope's payload type.)",
			Target: "$.components.schemas.RunResponseResponse", Problem: "matches nothing"},
		{Where: overlay + ":11: action 2 (Spell out that the run payload is a run.)",
			Target: "$.components.schemas.RunResponse.type", Problem: "changes nothing"},
	}
	if !slices.Equal(r.Overlays, want) {
		t.Errorf("overlay findings:\n got %+v\nwant %+v", r.Overlays, want)
	}
}

func TestFormats(t *testing.T) {
	r := compareVersions(t, "v2", "history/2025-05-08-53888fd", "history/2025-09-02-d895e53")

	var js bytes.Buffer
	if err := Write(&js, JSON, []*Report{r}); err != nil {
		t.Fatal(err)
	}
	var back []*Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("JSON report does not decode: %v", err)
	}
	if len(back) != 1 || len(back[0].Changes) != len(r.Changes) ||
		back[0].Changes[0] != r.Changes[0] {
		t.Errorf("JSON round trip lost changes: got %d, want %d", len(back[0].Changes),
			len(r.Changes))
	}

	var md bytes.Buffer
	if err := Write(&md, Markdown, []*Report{r}); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "golden", "v2_markdown.md"), md.Bytes())
}

func TestThreshold(t *testing.T) {
	breaking := &Report{Changes: []Change{{Level: Breaking}, {Level: Info}}}
	info := &Report{Changes: []Change{{Level: Info}}}
	drifted := &Report{Overlays: []OverlayFinding{{Problem: "matches nothing"}}}
	clean := &Report{}

	cases := []struct {
		t    Threshold
		reps []*Report
		want bool
	}{
		{FailOnBreaking, []*Report{info, breaking}, true},
		{FailOnBreaking, []*Report{info, drifted}, false},
		{FailOnAny, []*Report{clean, info}, true},
		{FailOnAny, []*Report{drifted}, true},
		{FailOnAny, []*Report{clean}, false},
		{FailOnNone, []*Report{breaking}, false},
	}
	for _, c := range cases {
		if got := c.t.Fails(c.reps); got != c.want {
			t.Errorf("%s.Fails(%d reports) = %v, want %v", c.t, len(c.reps), got, c.want)
		}
	}
}

func TestNormalPath(t *testing.T) {
	got := NormalPath("/api/v3/accounts/{account_id}/audit-logs/export/{job_identifier}/")
	if want := "/api/v3/accounts/{}/audit-logs/export/{}/"; got != want {
		t.Errorf("NormalPath = %q, want %q", got, want)
	}
}
