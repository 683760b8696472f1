package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/gen/apicompat"
	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/names"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// lockPath is the spec lock's place in a repository.
var lockPath = filepath.Join("specs", "lock.json")

// Stand-ins for the upstream commits the new files come from: the history folders name
// only abbreviated ones, and the lock wants full commits.
var (
	commitA = strings.Repeat("a", 40)
	commitB = strings.Repeat("b", 40)
)

// upgradeReport is the JSON report of gen update-specs.
type upgradeReport struct {
	Specs     []*diff.Report     `json:"specs"`
	GoAPI     []apicompat.Report `json:"goAPI"`
	NamesLock []string           `json:"namesLock"`
	Generated []string           `json:"generated"`
}

func (r genResult) upgrade(t *testing.T) upgradeReport {
	t.Helper()
	var u upgradeReport
	if err := json.Unmarshal([]byte(r.stdout), &u); err != nil {
		t.Fatalf("output is not an update-specs JSON report: %v\n%s", err, r.stdout)
	}
	return u
}

// goAPI returns the Go API report of pkg.
func (u upgradeReport) goAPI(t *testing.T, pkg string) apicompat.Report {
	t.Helper()
	for _, r := range u.GoAPI {
		if r.Package == pkg {
			return r
		}
	}
	t.Fatalf("no Go API report for %s in %+v", pkg, u.GoAPI)
	return apicompat.Report{}
}

// projectCopy copies the repository's spec lock, names lock, overlays and generated
// packages into a fresh directory and returns it. The directory is inside the module, in the
// git-ignored cmd/gen/testdata/update-*, because update-specs type-checks the generated
// packages with the module's dependencies, found from the directory it runs in.
func projectCopy(t *testing.T) string {
	t.Helper()
	root := driftRoot(t)
	base := filepath.Join(root, "cmd", "gen", "testdata")
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(base, "update-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.RemoveAll(dir)
		os.Remove(base) // only when no other copy is left in it
	})

	for _, f := range []string{lockPath, filepath.Join("specs", names.FileName)} {
		copyFileTo(t, filepath.Join(root, f), filepath.Join(dir, f))
	}
	copyInto(t, filepath.Join(root, "overlays"), filepath.Join(dir, "overlays"))
	copyInto(t, filepath.Join(root, "generated"), filepath.Join(dir, "generated"))
	return dir
}

// update runs gen update-specs in dir with the JSON report and the extra arguments.
func update(t *testing.T, dir, specs, from string, args ...string) genResult {
	t.Helper()
	return genRun(t, append([]string{"update-specs", "-C", dir, "-specs", specs, "-from", from,
		"-format", "json"}, args...)...)
}

// TestUpdateSpecs walks a copy of the repository through two upgrades of the v2 spec: to an
// older upstream version, which breaks the Go API, then to the next one, which only adds to
// it; then repeats the last one to show a clean upgrade changes nothing.
func TestUpdateSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates both packages five times")
	}
	dir := projectCopy(t)
	specs := driftSpecs(t)
	older := mixedSpecs(t, before0303, "")
	newer := mixedSpecs(t, after0303, "")

	start := dirSnapshot(t, dir)
	r := update(t, dir, specs, older)
	r.wantCode(t, exitBreaking)
	report := r.upgrade(t)
	wantUnchanged(t, dir, start, "a report without -write")
	wantSpecChanges(t, report, "v2")
	if v2 := report.goAPI(t, "adminv2"); len(v2.Incompatible) == 0 {
		t.Errorf("moving v2 back to %s breaks nothing in adminv2: %+v", before0303, v2)
	}
	if v3 := report.goAPI(t, "adminv3"); v3.Changed() {
		t.Errorf("adminv3 changes although v3 did not: %+v", v3)
	}

	r = update(t, dir, specs, older, "-write")
	r.wantCode(t, exitError)
	wantStderr(t, r, "pass -commit")
	wantUnchanged(t, dir, start, "-write without -commit")

	r = update(t, dir, specs, older, "-write", "-commit", "53888fd")
	r.wantCode(t, exitError)
	wantStderr(t, r, `-commit "53888fd"`)
	wantUnchanged(t, dir, start, "-write with a short -commit")

	written := upgradeTo(t, dir, specs, older, commitA, exitBreaking)
	wantPins(t, dir, older, map[string]string{"v2": commitA, "v3": pinnedCommit(t, "v3")})
	v2Dir := filepath.Join("generated", "adminv2") + string(filepath.Separator)
	if !slices.ContainsFunc(written.Generated, func(f string) bool {
		return strings.HasPrefix(f, v2Dir)
	}) {
		t.Errorf("no adminv2 file regenerated: %v", written.Generated)
	}
	genRun(t, "check", "-C", dir, "-specs", older).wantCode(t, exitOK)

	report = upgradeTo(t, dir, older, newer, commitB, exitChanged)
	if v2 := report.goAPI(t, "adminv2"); len(v2.Incompatible) > 0 || len(v2.Compatible) == 0 {
		t.Errorf("adminv2 from %s to %s: want only compatible changes, got %+v", before0303,
			after0303, v2)
	}
	wantPins(t, dir, newer, map[string]string{"v2": commitB, "v3": pinnedCommit(t, "v3")})
	genRun(t, "check", "-C", dir, "-specs", newer).wantCode(t, exitOK)

	clean := dirSnapshot(t, dir)
	r = update(t, dir, newer, newer, "-write")
	r.wantCode(t, exitOK)
	report = r.upgrade(t)
	wantUnchanged(t, dir, clean, "a clean upgrade with -write")
	if len(report.NamesLock)+len(report.Generated) > 0 {
		t.Errorf("a clean upgrade reports names lock changes %v and generated files %v",
			report.NamesLock, report.Generated)
	}
}

// upgradeTo runs update-specs -write and checks that exactly the files the report names
// changed: the spec lock, the names lock when entries change, and the generated files.
func upgradeTo(t *testing.T, dir, specs, from, commit string, code int) upgradeReport {
	t.Helper()
	before := dirSnapshot(t, dir)
	oldNames := readNames(t, dir)
	r := update(t, dir, specs, from, "-write", "-commit", commit)
	r.wantCode(t, code)
	report := r.upgrade(t)
	after := dirSnapshot(t, dir)

	want := []string{filepath.ToSlash(lockPath)}
	if len(report.NamesLock) > 0 {
		want = append(want, "specs/"+names.FileName)
	}
	for _, f := range report.Generated {
		want = append(want, filepath.ToSlash(f))
	}
	slices.Sort(want)
	if got := changedPaths(before, after); !slices.Equal(got, want) {
		t.Errorf("-write changed\n  %v\nwant, as reported,\n  %v", got, want)
	}
	if got := oldNames.Changes(readNames(t, dir)); !slices.Equal(got, report.NamesLock) {
		t.Errorf("the names lock changed by\n  %v\nthe report says\n  %v", got, report.NamesLock)
	}
	return report
}

func readNames(t *testing.T, dir string) *names.Lock {
	t.Helper()
	l, err := names.Read(filepath.Join(dir, "specs", names.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// wantPins checks the spec lock in dir pins the files in specs at the given commits.
func wantPins(t *testing.T, dir, specs string, commits map[string]string) {
	t.Helper()
	lock, err := spec.ReadLock(filepath.Join(dir, lockPath))
	if err != nil {
		t.Fatal(err)
	}
	for _, pin := range lock.Specs {
		data, err := os.ReadFile(filepath.Join(specs, pin.Path))
		if err != nil {
			t.Fatal(err)
		}
		if pin.SHA256 != spec.Digest(data) || pin.Commit != commits[pin.Name] {
			t.Errorf("%s pinned at %s, digest %s; want %s, digest %s", pin.Name, pin.Commit,
				pin.SHA256, commits[pin.Name], spec.Digest(data))
		}
	}
}

// pinnedCommit returns the commit the repository's own lock pins api at.
func pinnedCommit(t *testing.T, api string) string {
	t.Helper()
	lock, err := spec.ReadLock(filepath.Join(driftRoot(t), lockPath))
	if err != nil {
		t.Fatal(err)
	}
	pin, ok := lock.Pin(api)
	if !ok {
		t.Fatalf("the spec lock pins no %s", api)
	}
	return pin.Commit
}

// wantSpecChanges checks that only the given APIs' specs changed.
func wantSpecChanges(t *testing.T, u upgradeReport, changed ...string) {
	t.Helper()
	for _, r := range u.Specs {
		if _, any := r.Worst(); any != slices.Contains(changed, r.API) {
			t.Errorf("%s: %d spec changes, want changes only in %v", r.API, len(r.Changes),
				changed)
		}
	}
}

func wantUnchanged(t *testing.T, dir string, before map[string]string, what string) {
	t.Helper()
	if changed := changedPaths(before, dirSnapshot(t, dir)); len(changed) > 0 {
		t.Errorf("%s changed %v", what, changed)
	}
}

func wantStderr(t *testing.T, r genResult, want string) {
	t.Helper()
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
	}
}
