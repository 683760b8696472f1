package tests

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// runtimePath is the one package outside the standard library generated code may import.
const runtimePath = "github.com/dbtcloud-go/dbtcloud/dbtrt"

// heavyPackages are standard packages whose compilation dominates a cold build; the
// generated packages and dbtrt keep clear of them, and httpdo brings them in only for the
// programs that send real requests.
var heavyPackages = []string{"net/http", "crypto/tls", "net"}

// TestGeneratedImports proves that users who vendor a generated package get only it, dbtrt
// and the standard library, without net/http and what it drags in.
func TestGeneratedImports(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}",
		"./generated/...")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}

	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, standard, _ := strings.Cut(line, " ")
		switch {
		case standard == "true" && slices.Contains(heavyPackages, path):
			t.Errorf("generated code depends on %s", path)
		case standard != "true" && path != runtimePath &&
			!strings.HasPrefix(path, "github.com/dbtcloud-go/dbtcloud/generated/"):
			t.Errorf("generated code depends on %s, outside the standard library", path)
		}
	}
}
