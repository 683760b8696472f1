package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/types"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/apicompat"
	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/names"
	"github.com/dbtcloud-go/dbtcloud/gen/output"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// modulePath prefixes generated package directories in Go API reports.
const modulePath = "github.com/dbtcloud-go/dbtcloud"

// fullCommit matches the full hex commit the spec lock pins.
var fullCommit = regexp.MustCompile(`^[0-9a-f]{40}$`)

// upgrade is the outcome of update-specs before anything is written.
type upgrade struct {
	Specs []*diff.Report     `json:"specs"`
	GoAPI []apicompat.Report `json:"goAPI"`
	// NamesLock lists the names lock entries -write changes.
	NamesLock []string `json:"namesLock"`
	// Generated lists the files under the output directory -write changes.
	Generated []string    `json:"generated"`
	lock      *spec.Lock  // the spec lock with the new digests
	names     *names.Lock // the names the new generation used
	tree      output.Tree // the new generated packages
	pkgs      map[string]*gen.Package
}

func runUpdateSpecs(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("gen update-specs", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf projectFlags
	pf.register(fs, e)
	format := fs.String("format", "text", "report `format`: text, markdown or json")
	from := fs.String("from", "", "`dir or URL` holding the new upstream files (required)")
	commit := fs.String("commit", "", "upstream `commit` the new files come from; "+
		"required with -write when a file changed")
	write := fs.Bool("write", false, "update the spec lock, the names lock and generated/")
	keep := fs.Bool("keep", false, "keep the temporary directory and print its path")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: gen update-specs -from DIR|URL [-commit SHA -write] "+
			"[flags]")
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "Exit status: 0 -write would change nothing; 1 the specs, the "+
			"names lock or generated\nfiles change and the Go API only compatibly; 3 the Go API "+
			"changes incompatibly; 2 error.\n-write writes in cases 1 and 3 alike.")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := diff.ParseFormat(*format)
	if err != nil {
		return err
	}
	if *from == "" {
		fs.Usage()
		return fmt.Errorf("-from is required")
	}
	if *commit != "" && !fullCommit.MatchString(*commit) {
		return fmt.Errorf("-commit %q: want the full 40-digit lowercase hex commit", *commit)
	}
	if abs, err := filepath.Abs(*from); err == nil && !isURL(*from) {
		*from = abs
	}

	p, err := pf.project(e)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "dbtcloud-update-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintf(e.stderr, "gen update-specs: working in %s\n", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	u, err := prepareUpgrade(ctx, p, *from, *commit, *write, tmp)
	if err != nil {
		return err
	}
	if err := u.print(e.stdout, f); err != nil {
		return err
	}
	if *write {
		if err := u.write(p); err != nil {
			return err
		}
	}
	return u.outcome(*write)
}

// isURL reports whether s is an http or https URL rather than a directory.
func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// prepareUpgrade compares the specs, regenerates under tmp with the names lock carried over
// upstream's renames, and compares the Go API with the committed packages. An upgrade to
// write that changes a file needs the commit, and fails before regenerating without it.
func prepareUpgrade(ctx context.Context, p gen.Project, from, commit string, write bool,
	tmp string) (*upgrade, error) {
	reps, files, err := compareLocked(ctx, p, from)
	if err != nil {
		return nil, err
	}
	u := &upgrade{Specs: reps, GoAPI: []apicompat.Report{}, NamesLock: []string{},
		Generated: []string{}, pkgs: map[string]*gen.Package{}}

	next, err := stageSpecs(p.Lock, files, commit, tmp)
	if err != nil {
		return nil, err
	}
	if write && commit == "" && len(next.changed) > 0 {
		return nil, fmt.Errorf("%s changed upstream: pass -commit with the upstream commit the "+
			"new files come from, so the spec lock can pin it", strings.Join(next.changed, ", "))
	}
	u.lock = next.lock
	oldNames, err := names.ReadIfExists(names.Beside(p.Lock))
	if err != nil {
		return nil, err
	}
	carried := carryNames(oldNames, reps)

	np := p
	np.Lock = next.path
	np.Source = spec.Source{Dir: next.dir}
	np.Options.Names = carried
	np.Options.LenientOverlays = true
	tree, pkgs, err := np.Build(ctx)
	if err != nil {
		return nil, err
	}
	u.tree, u.names = tree, &names.Lock{}
	for _, pkg := range pkgs {
		u.pkgs[pkg.Name] = pkg
		u.names.SetPackage(pkg.Name, pkg.Names)
	}
	u.NamesLock = append(u.NamesLock, oldNames.Changes(u.names)...)
	stale, err := tree.Stale(p.Out)
	if err != nil {
		return nil, err
	}
	u.Generated = append(u.Generated, prefixed(p.Out, stale)...)

	staged := filepath.Join(tmp, "generated")
	if err := tree.Write(staged); err != nil {
		return nil, err
	}
	u.GoAPI, err = compareGoAPI(p.Out, staged, pkgs)
	return u, err
}

// stagedSpecs is the new spec files and their lock, written under a temporary directory.
type stagedSpecs struct {
	lock    *spec.Lock
	path    string
	dir     string
	changed []string // the names of the pins whose file changed
}

func stageSpecs(lockPath string, files []upstreamFile, commit, tmp string) (stagedSpecs,
	error) {
	lock, err := spec.ReadLock(lockPath)
	if err != nil {
		return stagedSpecs{}, err
	}

	s := stagedSpecs{lock: lock, path: filepath.Join(tmp, "lock.json"),
		dir: filepath.Join(tmp, "specs")}
	for i, pin := range lock.Specs {
		data := files[i].spec.Data
		if err := output.WriteFile(filepath.Join(s.dir, path.Base(pin.Path)), data); err != nil {
			return s, err
		}
		if digest := spec.Digest(data); digest != pin.SHA256 {
			s.changed = append(s.changed, pin.Name)
			lock.Specs[i].SHA256 = digest
			if commit != "" {
				lock.Specs[i].Commit = commit
			}
		}
	}
	return s, spec.WriteLock(s.path, lock)
}

// carryNames returns the names lock old with every schema renamed upstream keeping its Go
// name; old may be nil.
func carryNames(old *names.Lock, reps []*diff.Report) *names.Lock {
	carried := &names.Lock{}
	for _, r := range reps {
		pkg := "admin" + r.API
		carried.SetPackage(pkg, old.Package(pkg).Carry(r.Summary.SchemasRenamed))
	}
	return carried
}

// compareGoAPI type-checks each package as committed under out and as staged, and reports
// the differences of their exported API.
func compareGoAPI(out, staged string, pkgs []*gen.Package) ([]apicompat.Report, error) {
	checker := apicompat.Checker{Dir: "."}
	var reps []apicompat.Report
	for _, pkg := range pkgs {
		importPath := modulePath + "/" + filepath.ToSlash(filepath.Join(out, pkg.Name))
		old, err := checkDir(checker, importPath, filepath.Join(out, pkg.Name))
		if err != nil {
			return nil, fmt.Errorf("committed %s: %w", pkg.Name, err)
		}
		next, err := checkDir(checker, importPath, filepath.Join(staged, pkg.Name))
		if err != nil {
			return nil, fmt.Errorf("regenerated %s: %w", pkg.Name, err)
		}
		reps = append(reps, apicompat.Compare(pkg.Name, old, next))
	}
	return reps, nil
}

// checkDir type-checks the package in dir; a directory without Go files yields nil.
func checkDir(c apicompat.Checker, importPath, dir string) (*types.Package, error) {
	u, err := apicompat.ReadDir(importPath, dir)
	if err != nil || len(u.Files) == 0 {
		return nil, err
	}
	pkgs, err := c.Check(u)
	if err != nil {
		return nil, err
	}
	return pkgs[0], nil
}

func (u *upgrade) print(w io.Writer, f diff.Format) error {
	if f == diff.JSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(u)
	}
	if err := diff.Write(w, f, u.Specs); err != nil {
		return err
	}
	if err := writeGoAPI(w, f, u.GoAPI); err != nil {
		return err
	}
	if err := writeList(w, f, "Names lock", u.NamesLock); err != nil {
		return err
	}
	return writeList(w, f, "Generated files", u.Generated)
}

// writeList writes a titled list of what -write changes.
func writeList(w io.Writer, f diff.Format, title string, changes []string) error {
	heading, item := "\n"+title+": %d change(s)\n", "  %s\n"
	if f == diff.Markdown {
		heading, item = "\n## "+title+": %d change(s)\n\n", "- `%s`\n"
	}
	if _, err := fmt.Fprintf(w, heading, len(changes)); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := fmt.Fprintf(w, item, c); err != nil {
			return err
		}
	}
	return nil
}

func writeGoAPI(w io.Writer, f diff.Format, reps []apicompat.Report) error {
	heading, item := "\nGo API of %s: %d incompatible, %d compatible change(s)\n", "  %s %s\n"
	if f == diff.Markdown {
		heading, item = "\n## Go API of %s: %d incompatible, %d compatible\n\n", "- %s `%s`\n"
	}
	for _, r := range reps {
		fmt.Fprintf(w, heading, r.Package, len(r.Incompatible), len(r.Compatible))
		for _, m := range r.Incompatible {
			fmt.Fprintf(w, item, "incompatible:", m)
		}
		for _, m := range r.Compatible {
			fmt.Fprintf(w, item, "compatible:", m)
		}
	}
	return nil
}

// write updates the spec lock, the names lock and the generated packages.
func (u *upgrade) write(p gen.Project) error {
	if err := spec.WriteLock(p.Lock, u.lock); err != nil {
		return err
	}
	if err := u.names.Write(names.Beside(p.Lock)); err != nil {
		return err
	}
	return u.tree.Write(p.Out)
}

// outcome turns the reports into the exit status: 3 when a Go API change is incompatible,
// 1 when the specs, the names lock, generated files or the Go API change, 0 when -write
// would change nothing.
func (u *upgrade) outcome(written bool) error {
	changed := len(u.NamesLock)+len(u.Generated) > 0
	for _, r := range u.GoAPI {
		if r.Breaking() {
			return exitCode{exitBreaking, "the Go API changes incompatibly; see the report"}
		}
		changed = changed || r.Changed()
	}
	for _, r := range u.Specs {
		_, specChanged := r.Worst()
		changed = changed || specChanged || len(r.Overlays) > 0
	}

	if !changed {
		return nil
	}
	msg := "the upgrade changes files, and the Go API only compatibly"
	if !written {
		msg += "; run again with -write to apply"
	}
	return exitCode{exitChanged, msg}
}
