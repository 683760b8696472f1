package gen

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/dbtcloud-go/dbtcloud/gen/names"
	"github.com/dbtcloud-go/dbtcloud/gen/output"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// Project is the repository's own generation: every spec pinned in the lock, with the
// overlays of its API version, into one package per version.
//
// By convention the spec pinned as "v2" is generated into package adminv2 under Out, with
// the overlays overlays/v2/*.yaml applied in file-name order. Go names are kept as the names
// lock beside the spec lock (specs/names.lock.json) records them, when it exists.
type Project struct {
	// Lock is the spec lock file, normally specs/lock.json.
	Lock string
	// Overlays holds one directory of overlay files per API version.
	Overlays string
	// Out is the directory the packages are written under, normally generated.
	Out string
	// Source fetches the pinned files.
	Source spec.Source
	// Options tune every target.
	Options Options
}

// Build generates every package of the project in memory.
func (p Project) Build(ctx context.Context) (output.Tree, []*Package, error) {
	lock, err := spec.ReadLock(p.Lock)
	if err != nil {
		return nil, nil, err
	}

	opts := p.Options
	if opts.Names == nil {
		if opts.Names, err = names.ReadIfExists(names.Beside(p.Lock)); err != nil {
			return nil, nil, err
		}
	}

	pkgs := make([]*Package, len(lock.Specs))
	errs := make([]error, len(lock.Specs))
	var wg sync.WaitGroup
	for i, pin := range lock.Specs {
		wg.Go(func() { pkgs[i], errs[i] = p.build(ctx, pin, opts) })
	}
	wg.Wait()

	tree := output.Tree{}
	for i, pkg := range pkgs {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		tree[pkg.Name] = pkg.Files
	}
	return tree, pkgs, nil
}

// build generates one pinned spec. The packages of a project are built concurrently; only
// the oapi-codegen step itself runs one at a time.
func (p Project) build(ctx context.Context, pin spec.Pin, opts Options) (*Package, error) {
	t, err := p.target(ctx, pin)
	if err != nil {
		return nil, err
	}
	return Generate(ctx, t, opts)
}

func (p Project) target(ctx context.Context, pin spec.Pin) (Target, error) {
	file, err := p.Source.Fetch(ctx, pin)
	if err != nil {
		return Target{}, err
	}

	overlays, err := filepath.Glob(filepath.Join(p.Overlays, pin.Name, "*.yaml"))
	if err != nil {
		return Target{}, err
	}
	return Target{
		Package:  "admin" + pin.Name,
		Title:    "the dbt Cloud Administrative API " + pin.Name,
		Source:   fmt.Sprintf("%s at commit %s (%s)", pin.Repository, pin.Commit[:12], pin.Path),
		SpecPath: file.Path,
		Spec:     file.Data,
		Overlays: overlays,
	}, nil
}
