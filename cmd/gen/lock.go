package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

func runLock(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("gen lock", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("C", ".", "run in `dir`, the repository root")
	specs := fs.String("specs", "", "`dir` holding the new spec files (required)")
	commit := fs.String("commit", "", "upstream `commit` the new files come from (required)")
	lockPath := fs.String("lock", "specs/lock.json", "spec lock `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *specs == "" || *commit == "" {
		fs.Usage()
		return fmt.Errorf("-specs and -commit are required")
	}
	specsDir, err := filepath.Abs(*specs)
	if err != nil {
		return err
	}
	if err := os.Chdir(*dir); err != nil {
		return fmt.Errorf("-C: %w", err)
	}

	lock, err := spec.ReadLock(*lockPath)
	if err != nil {
		return err
	}
	for i, p := range lock.Specs {
		data, err := os.ReadFile(filepath.Join(specsDir, filepath.Base(p.Path)))
		if err != nil {
			return err
		}
		if _, err := spec.Parse(p.Path, data); err != nil {
			return err
		}
		lock.Specs[i].Commit = *commit
		lock.Specs[i].SHA256 = spec.Digest(data)
		fmt.Fprintf(e.stdout, "%s: %s -> %s\n", p.Name, p.SHA256[:12], lock.Specs[i].SHA256[:12])
	}
	return spec.WriteLock(*lockPath, lock)
}
