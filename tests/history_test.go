package tests

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/output"
)

// TestHistoryCompiles generates a client from every older upstream spec, with the project's
// overlays applied leniently and without them, and compiles all of them.
func TestHistoryCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles 24 packages")
	}
	versions, err := filepath.Glob(filepath.Join(sharedSpecs(t), "history", "*"))
	if err != nil || len(versions) == 0 {
		t.Fatalf("no history versions: %v", err)
	}

	// A directory of its own inside the module, so that the packages resolve the module's
	// dependencies and concurrent runs do not meet.
	root, err := os.MkdirTemp(filepath.Join(moduleRoot(t), "tests", "testdata"), "history-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })

	tree := output.Tree{}
	for _, dir := range versions {
		for _, api := range []string{"v2", "v3"} {
			for _, withOverlays := range []bool{false, true} {
				pkg, files := generateHistory(t, dir, api, withOverlays)
				tree[pkg] = files
			}
		}
	}
	if err := tree.Write(root); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command("go", "build", "./tests/testdata/"+filepath.Base(root)+"/...")
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generated history clients do not compile: %v\n%s", err, out)
	}
}

func generateHistory(t *testing.T, dir, api string, withOverlays bool) (string, map[string][]byte) {
	t.Helper()
	specPath := filepath.Join(dir, "openapi-"+api+".yaml")
	data, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}

	pkg := "h" + strings.ReplaceAll(filepath.Base(dir)[:10], "-", "") + api
	target := gen.Target{Package: pkg, Title: "a past API", Source: specPath,
		SpecPath: specPath, Spec: data}
	if withOverlays {
		target.Package += "ov"
		target.Overlays, _ = filepath.Glob(filepath.Join(moduleRoot(t), "overlays", api, "*.yaml"))
	}

	p, err := gen.Generate(context.Background(), target, gen.Options{LenientOverlays: true})
	if err != nil {
		t.Fatalf("%s: %v", describe(specPath, withOverlays), err)
	}
	if len(p.Operations) == 0 {
		t.Fatalf("%s: no operations", describe(specPath, withOverlays))
	}
	return target.Package, p.Files
}

func describe(spec string, withOverlays bool) string {
	return fmt.Sprintf("%s (overlays: %v)", spec, withOverlays)
}
