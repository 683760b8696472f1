// Package shared locates the reference inputs that tests and tools read from beside the
// repository: the pinned spec files and the recorded API responses. Each lives in a
// directory named by an environment variable, or else in ../shared beside the repository.
package shared

import (
	"os"
	"path/filepath"
	"runtime"
)

// Environment variables that name the directories.
const (
	SpecsEnv    = "DBTCLOUD_SPECS"
	FixturesEnv = "DBTCLOUD_FIXTURES"
)

// Specs returns the directory of spec files: $DBTCLOUD_SPECS, else ../shared/specs beside
// the repository. It does not check that the directory exists.
func Specs() string {
	return dir(SpecsEnv, "specs")
}

// Fixtures returns the directory of recorded responses: $DBTCLOUD_FIXTURES, else
// ../shared/fixtures beside the repository. It does not check that the directory exists.
func Fixtures() string {
	return dir(FixturesEnv, "fixtures")
}

func dir(env, name string) string {
	if d := os.Getenv(env); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			return abs
		}
		return d
	}
	return filepath.Join(Root(), "..", "shared", name)
}

// Root returns the repository root, found from this file's place in it.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}
