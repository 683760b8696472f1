package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"
)

// repoRoot is the repository root, relative to this package's directory.
const repoRoot = "../.."

// specsDir is where the pinned spec files are read from in tests.
func specsDir(t *testing.T) string {
	t.Helper()
	dir := shared.Specs()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Skipf("no pinned spec files: %v (set %s)", err, specsEnv)
	}
	return abs
}

// copyProject copies the generator's inputs and the generated tree of the repository into
// a temporary directory and returns it.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, dir := range []string{"specs", "overlays", "generated"} {
		copyTree(t, filepath.Join(repoRoot, dir), filepath.Join(dst, dir))
	}
	return dst
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// runIn runs gen with args, -v and -specs in dir and returns its exit code and whether the
// check stamp hit.
func runIn(t *testing.T, dir, specs string, args ...string) (int, bool) {
	t.Helper()
	t.Chdir(dir)

	var stderr bytes.Buffer
	e := &env{stdout: &stderr, stderr: &stderr, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, append(args, "-v", "-specs", specs))
	if code == exitError {
		t.Fatalf("gen %s: exit %d\n%s", args[0], code, stderr.String())
	}
	return code, strings.Contains(stderr.String(), "hit=true")
}

// runCheckIn runs gen check -v in dir and returns its exit code and whether the stamp hit.
func runCheckIn(t *testing.T, dir, specs string) (int, bool) {
	t.Helper()
	t.Chdir(dir)

	var stderr bytes.Buffer
	e := &env{stdout: &stderr, stderr: &stderr, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, []string{"check", "-v", "-specs", specs})
	if code == exitError {
		t.Fatalf("gen check: exit %d\n%s", code, stderr.String())
	}
	return code, strings.Contains(stderr.String(), "hit=true")
}

// TestCheckStamp proves the shortcut sound on the real project: an unchanged repeat is
// skipped, and a change to the generated tree or to an overlay is never hidden by it.
func TestCheckStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("generates both packages several times")
	}
	specs := specsDir(t)
	dir := copyProject(t)

	if code, hit := runCheckIn(t, dir, specs); code != exitOK || hit {
		t.Fatalf("first check: exit %d, stamp hit %v; want 0 and a miss", code, hit)
	}
	if code, hit := runCheckIn(t, dir, specs); code != exitOK || !hit {
		t.Fatalf("repeated check: exit %d, stamp hit %v; want 0 and a hit", code, hit)
	}

	client := filepath.Join(dir, "generated", "adminv2", "client.gen.go")
	appendText(t, client, "\n// edited by hand\n")
	if code, hit := runCheckIn(t, dir, specs); code != exitStale || hit {
		t.Errorf("check after a hand edit: exit %d, stamp hit %v; want %d and a miss",
			code, hit, exitStale)
	}

	truncate(t, client, len("\n// edited by hand\n"))
	if code, hit := runCheckIn(t, dir, specs); code != exitOK || !hit {
		t.Errorf("check after undoing the edit: exit %d, stamp hit %v; want 0 and a hit",
			code, hit)
	}

	overlay := filepath.Join(dir, "overlays", "v2", "20-responses.yaml")
	if err := os.Remove(overlay); err != nil {
		t.Fatal(err)
	}
	if code, hit := runCheckIn(t, dir, specs); code != exitStale || hit {
		t.Errorf("check without an overlay: exit %d, stamp hit %v; want %d and a miss",
			code, hit, exitStale)
	}
}

// TestGenerateStampNeedsTheNamesLock proves that gen generate leaves no stamp when the
// names lock misses a name in use, so that the next check still reports it.
func TestGenerateStampNeedsTheNamesLock(t *testing.T) {
	if testing.Short() {
		t.Skip("generates both packages twice")
	}
	specs := specsDir(t)
	dir := copyProject(t)
	dropLockedName(t, filepath.Join(dir, "specs", "names.lock.json"))

	if code, _ := runIn(t, dir, specs, "generate"); code != exitOK {
		t.Fatalf("generate: exit %d", code)
	}
	if code, hit := runIn(t, dir, specs, "check"); code != exitStale || hit {
		t.Errorf("check with a names lock missing a name: exit %d, stamp hit %v; "+
			"want %d and a miss", code, hit, exitStale)
	}
}

// dropLockedName removes one operation name of adminv2 from the names lock at path.
func dropLockedName(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lock map[string]map[string]map[string]map[string]string
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatalf("%s: %v", path, err)
	}

	ops := lock["packages"]["adminv2"]["operations"]
	if len(ops) == 0 {
		t.Fatalf("%s records no adminv2 operations", path)
	}
	for key := range ops {
		delete(ops, key)
		break
	}
	if data, err = json.Marshal(lock); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendText(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func truncate(t *testing.T, path string, by int) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, info.Size()-int64(by)); err != nil {
		t.Fatal(err)
	}
}
