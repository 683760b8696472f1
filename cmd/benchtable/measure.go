package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// bench holds what the measurements share: the configuration, a scratch directory, the
// built generator and a copy of the project it runs in.
type bench struct {
	cfg  config
	work string
	// log receives progress under -v; warn receives what the table cannot show.
	log, warn io.Writer

	// genBin is cmd/gen built from the repository.
	genBin string
	// self is this executable, which runs plain oapi-codegen as "benchtable plain".
	self string
	// project is a copy of the generator's inputs; gen writes generated/ and .cache/ there.
	project string
	// plainOut is where plain oapi-codegen writes.
	plainOut string
}

// measure takes every figure and returns the table's rows in order.
func (b *bench) measure(ctx context.Context) ([]row, error) {
	if err := b.prepare(ctx); err != nil {
		return nil, err
	}

	rows, err := b.generation(ctx)
	if err != nil {
		return nil, err
	}
	code, err := b.code(ctx)
	if err != nil {
		return nil, err
	}
	rows = append(rows, code...)
	if !b.cfg.skipClient {
		rows = append(rows, b.client(ctx)...)
	}
	return rows, nil
}

// prepare builds the generator and copies its inputs into the scratch directory.
func (b *bench) prepare(ctx context.Context) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b.self = self
	b.genBin = filepath.Join(b.work, "bin", "gen")
	b.project = filepath.Join(b.work, "project")
	b.plainOut = filepath.Join(b.work, "plain")

	build := proc{dir: b.cfg.repo, args: []string{"go", "build", "-o", b.genBin, "./cmd/gen"}}
	if _, err := build.run(ctx, b.log); err != nil {
		return fmt.Errorf("build the generator: %w", err)
	}
	for _, dir := range []string{"specs", "overlays"} {
		err := copyTree(filepath.Join(b.cfg.repo, dir), filepath.Join(b.project, dir), nil)
		if err != nil {
			return fmt.Errorf("copy the project: %w", err)
		}
	}
	return nil
}

// ours is gen run in the project copy.
func (b *bench) ours(args ...string) proc {
	all := append([]string{b.genBin}, args...)
	return proc{dir: b.project, args: append(all, "-specs", b.cfg.specs)}
}

// plain is plain oapi-codegen, run as this command's plain mode.
func (b *bench) plain() proc {
	return proc{dir: b.work,
		args: []string{b.self, "plain", "-specs", b.cfg.specs, "-out", b.plainOut}}
}
