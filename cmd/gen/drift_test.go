package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// TestDriftNone compares the locked specs with the very files they pin: no change, and no
// overlay action that fails to apply, so even -fail-on any passes.
func TestDriftNone(t *testing.T) {
	specs := driftSpecs(t)
	r := genRun(t, "drift", "-C", driftRoot(t), "-specs", specs, "-from", specs,
		"-format", "json", "-fail-on", "any")
	r.wantCode(t, exitOK)

	reps := r.reports(t)
	if apis := reportAPIs(reps); !slices.Equal(apis, []string{"v2", "v3"}) {
		t.Fatalf("reports for %v, want one per locked spec, v2 and v3", apis)
	}
	for _, rep := range reps {
		if len(rep.Changes) > 0 || len(rep.Overlays) > 0 {
			t.Errorf("%s: %d changes and %d overlay findings between a locked file and itself",
				rep.API, len(rep.Changes), len(rep.Overlays))
		}
	}
}

// historyDrift is the outcome of driftFromHistory, which three tests compare with.
var historyDrift struct {
	once sync.Once
	r    genResult
}

// driftFromHistory runs gen drift against an older upstream version given as a path relative
// to the working directory, which the command must resolve before it changes directory.
func driftFromHistory(t *testing.T) []*diff.Report {
	t.Helper()
	historyDrift.once.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(wd, specsPath(t, after0303))
		if err != nil {
			t.Fatal(err)
		}
		historyDrift.r = genRun(t, "drift", "-C", driftRoot(t), "-specs", driftSpecs(t),
			"-from", rel, "-format", "json", "-fail-on", "breaking")
	})

	r := historyDrift.r
	r.wantCode(t, exitChanged)
	if !strings.Contains(r.stderr, "spec changes reach -fail-on breaking") {
		t.Errorf("stderr does not say why drift failed:\n%s", r.stderr)
	}
	return r.reports(t)
}

// TestDriftFromDirectory checks that drift reports exactly what gen diff reports for the
// locked files and the upstream ones, with the project's overlays.
func TestDriftFromDirectory(t *testing.T) {
	got := driftFromHistory(t)

	want := genRun(t, "diff", "-format", "json", "-fail-on", "none",
		"-overlays", filepath.Join(driftRoot(t), "overlays"), driftSpecs(t),
		specsPath(t, after0303))
	want.wantCode(t, exitOK)
	sameReports(t, got, want.reports(t))

	// The locked (newer) v3 spec no longer has an operation the older upstream file has.
	added := func(o diff.Operation) bool { return o.OperationID == "List Private Endpoints_2" }
	if !slices.ContainsFunc(got[1].Summary.OperationsAdded, added) {
		t.Errorf("v3 drift does not list List Private Endpoints_2 as added: %+v",
			got[1].Summary.OperationsAdded)
	}
	if got[0].Old != specsPath(t, "openapi-v2.yaml") {
		t.Errorf("v2 drift compares %s, want the locked file", got[0].Old)
	}
}

// specServer serves the files of dir below prefix and records the paths asked for.
type specServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func newSpecServer(t *testing.T, routes map[string]string) *specServer {
	t.Helper()
	s := &specServer{}
	mux := http.NewServeMux()
	for prefix, dir := range routes {
		mux.Handle(prefix+"/", http.StripPrefix(prefix, http.FileServer(http.Dir(dir))))
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.Method+" "+r.URL.Path)
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *specServer) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(slices.Values(s.paths))
}

func TestDriftFromURL(t *testing.T) {
	srv := newSpecServer(t, map[string]string{"/snapshot": specsPath(t, after0303)})
	r := genRun(t, "drift", "-C", driftRoot(t), "-specs", driftSpecs(t),
		"-from", srv.URL+"/snapshot", "-format", "json", "-fail-on", "none")
	r.wantCode(t, exitOK)
	got := r.reports(t)

	sameReports(t, got, driftFromHistory(t))
	for _, rep := range got {
		if want := srv.URL + "/snapshot/openapi-" + rep.API + ".yaml"; rep.New != want {
			t.Errorf("%s drift names the upstream file %s, want %s", rep.API, rep.New, want)
		}
	}
	want := []string{"GET /snapshot/openapi-v2.yaml", "GET /snapshot/openapi-v3.yaml"}
	if got := srv.requested(); !slices.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
}

func TestDriftURLNotFound(t *testing.T) {
	srv := newSpecServer(t, nil)
	r := genRun(t, "drift", "-C", driftRoot(t), "-specs", driftSpecs(t), "-from", srv.URL,
		"-format", "json")
	r.wantCode(t, exitError)

	for _, want := range []string{srv.URL + "/openapi-v2.yaml", "404", "-from DIR"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("a failed drift wrote a report:\n%s", r.stdout)
	}
}

// TestDriftDefaultUpstream runs drift with neither -specs nor -from, as the scheduled CI job
// does: the locked files are downloaded at their commits into .cache/specs and the current
// ones from the main branch, both below -upstream.
func TestDriftDefaultUpstream(t *testing.T) {
	root := driftRoot(t)
	dir := t.TempDir()
	copyFileTo(t, filepath.Join(root, "specs", "lock.json"), filepath.Join(dir, "specs",
		"lock.json"))
	copyInto(t, filepath.Join(root, "overlays"), filepath.Join(dir, "overlays"))
	lock, err := spec.ReadLock(filepath.Join(dir, "specs", "lock.json"))
	if err != nil {
		t.Fatal(err)
	}

	repo := "/" + lock.Specs[0].Repository
	srv := newSpecServer(t, map[string]string{
		repo + "/" + lock.Specs[0].Commit: driftSpecs(t),
		repo + "/main":                    specsPath(t, after0303),
	})
	r := genRun(t, "drift", "-C", dir, "-upstream", srv.URL+"/", "-format", "json",
		"-fail-on", "none")
	r.wantCode(t, exitOK)

	sameReports(t, r.reports(t), driftFromHistory(t))
	var want []string
	for _, pin := range lock.Specs {
		want = append(want, "GET "+repo+"/"+pin.Commit+"/"+pin.Path, "GET "+repo+"/main/"+pin.Path)
		cached := filepath.Join(dir, ".cache", "specs", pin.SHA256+"-"+pin.Path)
		if data, err := os.ReadFile(cached); err != nil || spec.Digest(data) != pin.SHA256 {
			t.Errorf("the locked %s file is not cached at %s: %v", pin.Name, cached, err)
		}
	}
	slices.Sort(want)
	if got := srv.requested(); !slices.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
}

// sameReports fails when two lists of reports differ in more than the names of the files
// compared and the directory the overlay files were found in.
func sameReports(t *testing.T, got, want []*diff.Report) {
	t.Helper()
	a, b := normalized(t, got), normalized(t, want)
	if a != b {
		t.Errorf("reports differ:\n%s", firstDiff(a, b))
	}
}

func normalized(t *testing.T, reps []*diff.Report) string {
	t.Helper()
	var out []diff.Report
	for _, r := range reps {
		c := *r
		c.Old, c.New = "", ""
		c.Overlays = slices.Clone(r.Overlays)
		for i, f := range c.Overlays {
			if _, rest, ok := strings.Cut(f.Where, "overlays"+string(filepath.Separator)); ok {
				c.Overlays[i].Where = rest
			}
		}
		out = append(out, c)
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// firstDiff shows the first line where two texts differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "got:  " + g[i] + "\nwant: " + w[i]
		}
	}
	return "one is a prefix of the other"
}
