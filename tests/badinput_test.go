package tests

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// genBuild builds the gen command once, for the tests that run it as users do, into the
// git-ignored tests/testdata/bin.
var genBuild = sync.OnceValues(func() (string, error) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	bin := filepath.Join(root, "tests", "testdata", "bin", "gen")

	cmd := exec.Command("go", "build", "-o", bin, "./cmd/gen")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build gen: %w\n%s", err, out)
	}
	return bin, nil
})

func buildGen(t *testing.T) string {
	t.Helper()
	bin, err := genBuild()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// runGen runs the gen command and returns its exit code and standard error.
func runGen(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(buildGen(t), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()

	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stderr.String()
	}
	t.Fatalf("run gen: %v", err)
	return -1, ""
}

// untouched creates dir with one file and returns a check that the directory still holds
// exactly that file.
func untouched(t *testing.T, dir string) func() {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sentinel := filepath.Join(dir, "keep.go")
	if err := os.WriteFile(sentinel, []byte("package keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) != 1 || entries[0].Name() != "keep.go" {
			t.Errorf("%s changed after a failed run: %v %v", dir, entries, err)
		}
	}
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// expectFailure runs gen client on spec with overlays and checks exit status 2, the
// message, and that the output directory is unchanged.
func expectFailure(t *testing.T, spec string, overlays []string, want ...string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	check := untouched(t, out)

	args := []string{"client", "-spec", spec, "-package", "p", "-out", out}
	for _, o := range overlays {
		args = append(args, "-overlay", o)
	}
	code, stderr := runGen(t, moduleRoot(t), args...)
	if code != 2 {
		t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
	}
	for _, w := range want {
		if !regexp.MustCompile(w).MatchString(stderr) {
			t.Errorf("stderr does not match %q:\n%s", w, stderr)
		}
	}
	check()
}

func TestBrokenSpecs(t *testing.T) {
	broken := filepath.Join(sharedSpecs(t), "broken")

	t.Run("not YAML", func(t *testing.T) {
		spec := filepath.Join(broken, "2023-07-13-58570c9-openapi-v2.yaml")
		expectFailure(t, spec, nil, regexp.QuoteMeta(spec)+`:\d+: not valid YAML`)
	})
	t.Run("dangling refs", func(t *testing.T) {
		spec := filepath.Join(broken, "2023-10-27-305e350-openapi-v3.yaml")
		expectFailure(t, spec, nil,
			regexp.QuoteMeta(spec)+`:\d+:\d+: \$ref "#/definitions/\w+" at /components/schemas/`,
			`resolve to nothing`)
	})
}

func TestBadOverlays(t *testing.T) {
	spec := filepath.Join(sharedSpecs(t), "openapi-v2.yaml")
	dir := t.TempDir()
	header := "overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n"

	cases := []struct {
		name, overlay string
		want          []string
	}{
		{"not YAML", "overlay: [1.1.0\n", []string{`bad\.yaml: invalid overlay: not valid YAML`}},
		{"not an overlay", "openapi: 3.0.3\n", []string{`not an Overlay`}},
		{"unmatched", header + "  - target: $.paths['/nope/'].get\n" +
			"    description: points nowhere\n    update: {x-a: 1}\n",
			[]string{`bad\.yaml:4: action 1 \(points nowhere\): target \$\.paths\['/nope/'\]\.get`,
				`matches nothing`}},
		{"bad target", header + "  - target: $.paths[[\n    description: broken\n" +
			"    update: {x-a: 1}\n", []string{`bad\.yaml:4: action 1 \(broken\).*does not parse`}},
		{"no description", header + "  - target: $.info\n    update: {x-a: 1}\n",
			[]string{`bad\.yaml:4: invalid overlay: action 1 has no description`}},
		{"name clash", header + "  - target: $.paths['/api/v2/accounts/'].get\n" +
			"    description: clash on purpose\n" +
			"    update: {x-dbtcloud-go-name: RetrieveAccount}\n",
			[]string{`share a Go name`, `RetrieveAccount`, `x-dbtcloud-go-name`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			overlay := writeFile(t, filepath.Join(dir, c.name, "bad.yaml"), c.overlay)
			expectFailure(t, spec, []string{overlay}, c.want...)
		})
	}
}

func TestLenientOverlays(t *testing.T) {
	spec := filepath.Join(sharedSpecs(t), "openapi-v2.yaml")
	overlay := writeFile(t, filepath.Join(t.TempDir(), "o.yaml"), "overlay: 1.1.0\n"+
		"info: {title: t, version: '1'}\nactions:\n  - target: $.paths['/nope/'].get\n"+
		"    description: points nowhere\n    update: {x-a: 1}\n")
	out := filepath.Join(t.TempDir(), "out")

	code, stderr := runGen(t, moduleRoot(t), "client", "-spec", spec, "-overlay", overlay,
		"-package", "p", "-out", out, "-lenient-overlays")
	if code != 0 || !strings.Contains(stderr, "matches nothing") {
		t.Fatalf("exit %d, want 0 with a warning; stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "client.gen.go")); err != nil {
		t.Fatalf("no client written: %v", err)
	}
}
