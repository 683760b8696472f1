// Package bench measures the generator against plain oapi-codegen, whose benchmark lives in
// package plain so that the two never share oapi-codegen's package-level configuration.
// cmd/benchtable runs both as separate processes and prints the comparison.
package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
	"github.com/dbtcloud-go/dbtcloud/gen/stamp"
)

// root is the repository root, relative to this package.
const root = "../.."

func specsDir(b *testing.B) string {
	b.Helper()
	dir := shared.Specs()
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no pinned spec files: %v (set DBTCLOUD_SPECS)", err)
	}
	return dir
}

func project(b *testing.B, out string) gen.Project {
	return gen.Project{
		Lock:     filepath.Join(root, "specs", "lock.json"),
		Overlays: filepath.Join(root, "overlays"),
		Out:      out,
		Source:   spec.Source{Dir: specsDir(b)},
	}
}

// BenchmarkGenerate is the generator producing and writing both API versions, the work of
// gen generate.
func BenchmarkGenerate(b *testing.B) {
	p := project(b, b.TempDir())
	for b.Loop() {
		tree, _, err := p.Build(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if err := tree.Write(p.Out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckNoChange is what gen check does when its stamp matches: digest every input,
// this executable and the generated tree, and compare with the recorded key.
func BenchmarkCheckNoChange(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	in, err := stamp.ProjectInputs(project(b, filepath.Join(root, "generated")), exe)
	if err != nil {
		b.Fatal(err)
	}
	key, err := stamp.Key(in)
	if err != nil {
		b.Fatal(err)
	}
	cache := stamp.Cache{Path: filepath.Join(b.TempDir(), "check.stamp")}
	if err := cache.Record(key); err != nil {
		b.Fatal(err)
	}

	for b.Loop() {
		k, err := stamp.Key(in)
		if err != nil {
			b.Fatal(err)
		}
		if !cache.Fresh(k) {
			b.Fatal("the stamp missed with nothing changed")
		}
	}
}
