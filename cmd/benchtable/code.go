package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// buildPackage is the package the builds compare. Plain oapi-codegen's adminv3 does not
// compile (it declares maps of nullable strings as map[string]*string but encodes their
// values as string), so only adminv2 can be built on both sides.
const buildPackage = "./generated/adminv2"

// side is one set of generated packages in a module of its own, ready to build.
type side struct {
	module string
}

// code compares the generated code: its lines, a build with an empty cache, and a build of
// the generated packages alone with their dependencies already cached.
func (b *bench) code(ctx context.Context) ([]row, error) {
	oursLines, err := goLines(filepath.Join(b.project, "generated"))
	if err != nil {
		return nil, err
	}
	plainLines, err := goLines(b.plainOut)
	if err != nil {
		return nil, err
	}
	rows := []row{{figure: "Generated Go lines, v2 and v3", ours: float64(oursLines),
		base: float64(plainLines), baseName: "plain oapi-codegen", unit: "lines",
		goal: goal{ratio: 0.7}}}
	if b.cfg.skipCompile {
		return rows, nil
	}

	ours, plain, err := b.modules()
	if err != nil {
		return nil, err
	}
	compile, err := b.compile(ctx, ours, plain)
	if err != nil {
		return nil, err
	}
	return append(rows, compile...), nil
}

// modules lays out our generated packages with dbtrt, and plain oapi-codegen's output, each
// in a module that requires what the repository's does.
func (b *bench) modules() (ours, plain side, err error) {
	ours.module = filepath.Join(b.work, "mod-ours")
	plain.module = filepath.Join(b.work, "mod-plain")
	for _, m := range []string{ours.module, plain.module} {
		for _, f := range []string{"go.mod", "go.sum"} {
			if err := copyFile(filepath.Join(b.cfg.repo, f), filepath.Join(m, f)); err != nil {
				return ours, plain, err
			}
		}
	}

	notTest := func(rel string) bool { return !strings.HasSuffix(rel, "_test.go") }
	err = copyTree(filepath.Join(b.cfg.repo, "dbtrt"), filepath.Join(ours.module, "dbtrt"),
		notTest)
	if err == nil {
		err = copyTree(filepath.Join(b.project, "generated"),
			filepath.Join(ours.module, "generated"), nil)
	}
	if err == nil {
		err = copyTree(b.plainOut, filepath.Join(plain.module, "generated"), nil)
	}
	return ours, plain, err
}

// compile times go build of buildPackage in each module: with an empty build cache, the way a
// user's first build or a cache-less CI job sees it, and again with only the module's own
// packages left to compile.
func (b *bench) compile(ctx context.Context, ours, plain side) ([]row, error) {
	var coldO, coldP, ownO, ownP []float64
	for i := range b.cfg.compileRuns {
		o, err := b.coldBuild(ctx, ours)
		if err != nil {
			return nil, err
		}
		p, err := b.coldBuild(ctx, plain)
		if err != nil {
			return nil, err
		}
		coldO, coldP = append(coldO, o), append(coldP, p)

		o, err = b.ownBuild(ctx, ours, i)
		if err != nil {
			return nil, err
		}
		p, err = b.ownBuild(ctx, plain, i)
		if err != nil {
			return nil, err
		}
		ownO, ownP = append(ownO, o), append(ownP, p)
	}

	return []row{
		{figure: "Cold build of adminv2 (`go build`, empty cache)", ours: median(coldO),
			base: median(coldP), baseName: "plain oapi-codegen", unit: "s",
			goal: goal{ratio: 0.8}},
		{figure: "Build of adminv2 alone, dependencies cached", ours: median(ownO),
			base: median(ownP), baseName: "plain oapi-codegen", unit: "s"},
	}, nil
}

// coldBuild builds s with a new, empty build cache.
func (b *bench) coldBuild(ctx context.Context, s side) (float64, error) {
	cache, err := os.MkdirTemp(b.work, "gocache-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(cache)

	build := proc{dir: s.module, env: []string{"GOCACHE=" + cache, "GOFLAGS=-mod=mod"},
		args: []string{"go", "build", buildPackage}}
	sm, err := build.run(ctx, b.log)
	if err != nil {
		return 0, fmt.Errorf("cold build: %w", err)
	}
	return sm.wall.Seconds(), nil
}

// ownBuild builds s once to fill a cache, adds a comment to buildPackage, and times the
// build that compiles that package again.
func (b *bench) ownBuild(ctx context.Context, s side, run int) (float64, error) {
	cache := filepath.Join(b.work, "gocache-own-"+filepath.Base(s.module))
	build := proc{dir: s.module, env: []string{"GOCACHE=" + cache, "GOFLAGS=-mod=mod"},
		args: []string{"go", "build", buildPackage}}
	if _, err := build.run(ctx, b.log); err != nil {
		return 0, fmt.Errorf("warm build: %w", err)
	}

	dir := filepath.Join(s.module, filepath.FromSlash(buildPackage))
	if err := appendLine(dir, fmt.Sprintf("benchtable build %d", run)); err != nil {
		return 0, err
	}
	sm, err := build.run(ctx, b.log)
	if err != nil {
		return 0, fmt.Errorf("build: %w", err)
	}
	return sm.wall.Seconds(), nil
}
