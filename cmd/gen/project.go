package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/names"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
	"github.com/dbtcloud-go/dbtcloud/gen/stamp"
)

// specsEnv names the environment variable that points at a directory of spec files.
const specsEnv = "DBTCLOUD_SPECS"

// projectFlags are the flags generate and check share.
type projectFlags struct {
	dir      string
	specs    string
	lock     string
	overlays string
	out      string
	upstream string
	verbose  bool
	noCache  bool
}

func (pf *projectFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&pf.dir, "C", ".", "run in `dir`, the repository root")
	fs.StringVar(&pf.specs, "specs", e.getenv(specsEnv),
		"read pinned spec files from `dir` (default $"+specsEnv+"; empty downloads "+
			"them into .cache/specs)")
	fs.StringVar(&pf.lock, "lock", "specs/lock.json", "spec lock `file`")
	fs.StringVar(&pf.overlays, "overlays", "overlays", "overlay `dir`, one subdirectory per API")
	fs.StringVar(&pf.out, "out", "generated", "output `dir`")
	fs.StringVar(&pf.upstream, "upstream", spec.DefaultBaseURL, "download spec files from `url`")
	fs.BoolVar(&pf.verbose, "v", false, "log progress to standard error")
	fs.BoolVar(&pf.noCache, "no-cache", false,
		"neither trust nor write the stamp in "+stamp.DefaultPath+" that lets check skip "+
			"a generation when nothing changed")
}

func (pf *projectFlags) project(e *env) (gen.Project, error) {
	if err := os.Chdir(pf.dir); err != nil {
		return gen.Project{}, fmt.Errorf("-C: %w", err)
	}

	specs := pf.specs
	if specs != "" {
		abs, err := filepath.Abs(specs)
		if err != nil {
			return gen.Project{}, err
		}
		specs = abs
	}
	return gen.Project{
		Lock:     pf.lock,
		Overlays: pf.overlays,
		Out:      pf.out,
		Source: spec.Source{
			Dir:      specs,
			CacheDir: filepath.Join(".cache", "specs"),
			BaseURL:  pf.upstream,
		},
		Options: gen.Options{Logger: newLogger(e.stderr, pf.verbose)},
	}, nil
}

func parseProject(name string, e *env, args []string) (*projectFlags, error) {
	fs := flag.NewFlagSet("gen "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf projectFlags
	pf.register(fs, e)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return &pf, nil
}

// loadProject parses the flags generate and check share and returns the project they name
// and the stamp that lets check skip an unchanged generation.
func loadProject(name string, e *env, args []string) (gen.Project, *checkStamp, error) {
	pf, err := parseProject(name, e, args)
	if err != nil {
		return gen.Project{}, nil, err
	}
	p, err := pf.project(e)
	if err != nil {
		return gen.Project{}, nil, err
	}
	return p, newCheckStamp(p, pf.noCache), nil
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	p, st, err := loadProject("generate", e, args)
	if err != nil {
		return err
	}

	before := st.key(false)
	tree, pkgs, err := p.Build(ctx)
	if err != nil {
		return err
	}
	if err := tree.Write(p.Out); err != nil {
		return err
	}

	// The stamp stands for a passing check, which also needs the names lock up to date.
	if checkNamesLock(p, pkgs) == nil {
		st.record(before, false)
	}
	return nil
}

func runCheck(ctx context.Context, e *env, args []string) error {
	p, st, err := loadProject("check", e, args)
	if err != nil {
		return err
	}

	before := st.key(true)
	if st.fresh(before) {
		return nil
	}
	tree, pkgs, err := p.Build(ctx)
	if err != nil {
		return err
	}

	if err := checkNamesLock(p, pkgs); err != nil {
		return err
	}
	stale, err := tree.Stale(p.Out)
	if err != nil {
		return err
	}
	if len(stale) == 0 {
		st.record(before, true)
		return nil
	}
	return fmt.Errorf("%w: %d file(s) differ from a fresh generation:\n  %s\n"+
		"run: go run ./cmd/gen generate (or make generate) and commit the result",
		errStale, len(stale), strings.Join(prefixed(p.Out, stale), "\n  "))
}

func prefixed(dir string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(dir, n)
	}
	return out
}

// checkNamesLock fails when the names lock beside the spec lock does not record the Go
// names this generation used, so that a stale lock cannot carry an old name over later.
func checkNamesLock(p gen.Project, pkgs []*gen.Package) error {
	path := names.Beside(p.Lock)
	onDisk, err := names.ReadIfExists(path)
	if err != nil || onDisk == nil {
		return err
	}

	fresh := &names.Lock{}
	for _, pkg := range pkgs {
		fresh.SetPackage(pkg.Name, pkg.Names)
	}
	changes := onDisk.Changes(fresh)
	if len(changes) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s does not record the Go names the generator uses:\n  %s\n"+
		"review them, then run: go run ./cmd/gen update-specs -from <specs dir> -write",
		errStale, path, strings.Join(changes, "\n  "))
}
