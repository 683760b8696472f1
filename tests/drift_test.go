package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// Two upstream versions between which operationIds, a path parameter and schemas were
// renamed, and an operation was removed.
const (
	stableBefore = "2025-05-08-53888fd"
	stableAfter  = "2025-09-02-d895e53"
)

// usageSource is a program written against the v3 client generated from stableBefore. It
// calls operations whose operationIds upstream renamed (Get and Delete Account Connection),
// one whose path parameter it renamed (job_id), and names the type of a schema it renamed
// (GetAccountConnection). CLIENTS stands for the clients' directory.
const usageSource = `// Package usage uses the generated client as a program written for an
// older upstream version does.
package usage

import (
	"context"

	"CLIENTS/adminv3"
)

// Connection reads a connection, then deletes it.
func Connection(ctx context.Context, c adminv3.ClientInterface) (
	*adminv3.GetAccountConnection, error) {
	got, err := c.GetAccountConnection(ctx, 1, 2)
	if err != nil {
		return nil, err
	}
	if _, err := c.DeleteAccountConnection(ctx, 1, 2); err != nil {
		return nil, err
	}
	conn := &adminv3.GetAccountConnection{}
	_ = got.StatusCode
	return conn, nil
}

// Export downloads an audit log export.
func Export(ctx context.Context, c adminv3.ClientInterface) (int, error) {
	r, err := c.DownloadBulkAuditLogExport(ctx, 1, "job")
	if err != nil {
		return 0, err
	}
	return r.StatusCode, nil
}
`

// removedSource calls an operation upstream removed after stableBefore.
const removedSource = `// Package removed calls an operation that a later upstream version dropped.
package removed

import (
	"context"

	"CLIENTS/adminv3"
)

// Assign assigns group permissions on a project.
func Assign(ctx context.Context, c adminv3.ClientInterface) error {
	_, err := c.AssignProjectGroupPermissions(ctx, 1, 2,
		adminv3.AssignProjectGroupPermissionsJSONRequestBody{})
	return err
}
`

// TestNamesLockKeepsProgramsBuilding is the end-to-end proof of name stability: a program
// built with go build against clients generated from an older upstream version still
// builds, unchanged, after gen update-specs regenerates them from a newer version with the
// names lock, and no longer builds when they are regenerated without it.
func TestNamesLockKeepsProgramsBuilding(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and compiles the v3 client three times")
	}
	root, specs := moduleRoot(t), sharedSpecs(t)
	before := filepath.Join(specs, "history", stableBefore)
	after := filepath.Join(specs, "history", stableAfter)
	dir := stabilityProject(t)

	// A first update-specs writes the older client and the names lock it uses; the package
	// is new, so the Go API changes only compatibly.
	wantGen(t, 1, "update-specs", "-C", dir, "-specs", specs, "-from", before,
		"-commit", strings.Repeat("a", 40), "-write")
	writePrograms(t, root, dir)
	if out, err := goBuild(root, dir, "usage", "removed"); err != nil {
		t.Fatalf("the programs do not build against the clients they were written for: %v\n%s",
			err, out)
	}

	// An operation is gone upstream: the Go API changes incompatibly.
	wantGen(t, 3, "update-specs", "-C", dir, "-specs", before, "-from", after,
		"-commit", strings.Repeat("b", 40), "-write")
	if out, err := goBuild(root, dir, "usage"); err != nil {
		t.Errorf("with the names lock, the unchanged program no longer builds: %v\n%s", err, out)
	}
	out, err := goBuild(root, dir, "removed")
	if err == nil || !strings.Contains(out, "method AssignProjectGroupPermissions") {
		t.Errorf("a call of a removed operation builds, or fails for another reason: %v\n%s",
			err, out)
	}

	if err := os.Remove(filepath.Join(dir, "specs", "names.lock.json")); err != nil {
		t.Fatal(err)
	}
	wantGen(t, 0, "generate", "-C", dir, "-specs", after)
	out, err = goBuild(root, dir, "usage")
	if err == nil {
		t.Fatal("without the names lock the program still builds; the test proves nothing")
	}
	for _, name := range []string{"method GetAccountConnection", "method DeleteAccountConnection",
		"undefined: adminv3.GetAccountConnection"} {
		if !strings.Contains(out, name) {
			t.Errorf("without the names lock the build does not fail on %s:\n%s", name, out)
		}
	}
}

// stabilityProject returns a fresh project directory holding the repository's spec lock
// reduced to the v3 pin (the v2 schema renames are proven in memory by gen/names), and an
// empty overlay directory. It lies in the git-ignored tests/testdata/stability-*, inside the
// module, so that go build resolves the client's imports with the module's dependencies.
func stabilityProject(t *testing.T) string {
	t.Helper()
	root := moduleRoot(t)
	dir, err := os.MkdirTemp(filepath.Join(root, "tests", "testdata"), "stability-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	lock, err := spec.ReadLock(filepath.Join(root, "specs", "lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	v3, ok := lock.Pin("v3")
	if !ok {
		t.Fatal("the spec lock pins no v3 spec")
	}
	lock.Specs = []spec.Pin{v3}
	if err := spec.WriteLock(filepath.Join(dir, "specs", "lock.json"), lock); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "overlays"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writePrograms writes the two program packages below dir, importing the clients generated
// into dir/generated.
func writePrograms(t *testing.T, root, dir string) {
	t.Helper()
	rel, err := filepath.Rel(root, filepath.Join(dir, "generated"))
	if err != nil {
		t.Fatal(err)
	}
	clients := "github.com/dbtcloud-go/dbtcloud/" + filepath.ToSlash(rel)

	for pkg, src := range map[string]string{"usage": usageSource, "removed": removedSource} {
		path := filepath.Join(dir, pkg, pkg+".go")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		code := strings.ReplaceAll(src, "CLIENTS", clients)
		if err := os.WriteFile(path, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goBuild runs go build on packages below dir and returns its output.
func goBuild(root, dir string, pkgs ...string) (string, error) {
	args := []string{"build"}
	for _, p := range pkgs {
		rel, err := filepath.Rel(root, filepath.Join(dir, p))
		if err != nil {
			return "", err
		}
		args = append(args, "./"+filepath.ToSlash(rel))
	}

	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// wantGen runs the gen command from the repository root and fails the test unless it exits
// with code.
func wantGen(t *testing.T, code int, args ...string) {
	t.Helper()
	if got, stderr := runGen(t, moduleRoot(t), args...); got != code {
		t.Fatalf("gen %s: exit status %d, want %d\n%s", strings.Join(args, " "), got, code,
			stderr)
	}
}
