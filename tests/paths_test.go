package tests

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"
)

// moduleRoot returns the repository root, found from this file's location.
func moduleRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	return filepath.Dir(filepath.Dir(file))
}

// sharedSpecs returns the directory of pinned spec files: $DBTCLOUD_SPECS, or
// ../shared/specs beside the repository.
func sharedSpecs(t testing.TB) string {
	t.Helper()
	dir := shared.Specs()
	if _, err := os.Stat(filepath.Join(dir, "openapi-v2.yaml")); err != nil {
		t.Fatalf("no spec files in %s (set DBTCLOUD_SPECS): %v", dir, err)
	}
	return dir
}
