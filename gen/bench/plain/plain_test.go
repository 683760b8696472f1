package plain_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"

	"github.com/dbtcloud-go/dbtcloud/gen/bench/plain"
)

func specsDir(tb testing.TB) string {
	tb.Helper()
	dir := shared.Specs()
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("no pinned spec files: %v (set DBTCLOUD_SPECS)", err)
	}
	return dir
}

// TestWriteAll checks the baseline is real Go: one parseable file per spec, declaring the
// client constructor.
func TestWriteAll(t *testing.T) {
	out := t.TempDir()
	if err := plain.WriteAll(specsDir(t), out); err != nil {
		t.Fatal(err)
	}

	for pkg := range plain.Specs {
		path := filepath.Join(out, pkg, "client.gen.go")
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		if f.Name.Name != pkg {
			t.Errorf("%s: package %s", path, f.Name.Name)
		}
		if !declares(f, "NewClientWithResponses") {
			t.Errorf("%s: no NewClientWithResponses", path)
		}
	}
}

func declares(f *ast.File, name string) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			return true
		}
	}
	return false
}

// BenchmarkPlain is plain oapi-codegen generating and writing both API versions.
func BenchmarkPlain(b *testing.B) {
	specs := specsDir(b)
	out := b.TempDir()
	for b.Loop() {
		if err := plain.WriteAll(specs, out); err != nil {
			b.Fatal(err)
		}
	}
}
