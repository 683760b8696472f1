package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
)

// Upstream history versions the tests compare; the spec README describes what changed.
const (
	before0905 = "history/2025-05-08-53888fd"
	after0905  = "history/2025-09-02-d895e53"
	before0303 = "history/2026-01-13-c9855da"
	after0303  = "history/2026-03-03-b3e3135"
)

// genResult is what one run of the command produced.
type genResult struct {
	code   int
	stdout string
	stderr string
}

// genRun runs the command in process, as main would, with an environment that holds no
// variables, and restores the working directory that -C changes.
func genRun(t *testing.T, args ...string) genResult {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
	}()

	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return genResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// wantCode fails the test when r did not exit with code.
func (r genResult) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d; stderr:\n%s", r.code, code, r.stderr)
	}
}

// reports decodes a JSON report of diff or drift.
func (r genResult) reports(t *testing.T) []*diff.Report {
	t.Helper()
	var reps []*diff.Report
	if err := json.Unmarshal([]byte(r.stdout), &reps); err != nil {
		t.Fatalf("output is not a JSON list of reports: %v\n%s", err, r.stdout)
	}
	return reps
}

// driftSpecs returns the absolute shared spec directory: $DBTCLOUD_SPECS, else
// ../shared/specs beside the repository.
func driftSpecs(t *testing.T) string {
	t.Helper()
	dir := shared.Specs()
	if _, err := os.Stat(filepath.Join(dir, "history")); err != nil {
		t.Skipf("no spec history at %s (set DBTCLOUD_SPECS): %v", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// specsPath returns a file or directory below the shared spec directory.
func specsPath(t *testing.T, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{driftSpecs(t)}, elem...)...)
}

// driftRoot returns the repository root; tests run in cmd/gen.
func driftRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// mixedSpecs returns a temporary directory holding the v2 spec of one version and the v3 spec
// of another, both read from the shared spec directory.
func mixedSpecs(t *testing.T, v2, v3 string) string {
	t.Helper()
	dir := t.TempDir()
	copyFileTo(t, specsPath(t, v2, "openapi-v2.yaml"), filepath.Join(dir, "openapi-v2.yaml"))
	copyFileTo(t, specsPath(t, v3, "openapi-v3.yaml"), filepath.Join(dir, "openapi-v3.yaml"))
	return dir
}

func copyFileTo(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyInto copies the regular files below from to the same places below to.
func copyInto(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		copyFileTo(t, path, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dirSnapshot returns the content of every file below dir, by path relative to dir.
func dirSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// changedPaths lists the paths whose content differs between two snapshots, or that only
// one of them holds.
func changedPaths(a, b map[string]string) []string {
	var out []string
	for path, data := range a {
		if other, ok := b[path]; !ok || other != data {
			out = append(out, path)
		}
	}
	for path := range b {
		if _, ok := a[path]; !ok {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}
