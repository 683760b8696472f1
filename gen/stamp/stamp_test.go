package stamp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
	"github.com/dbtcloud-go/dbtcloud/gen/stamp"
)

// layout is a small project on disk shaped like the repository: a spec lock pinning two
// versions, a names lock, spec files in a source directory, overlays, a generated tree and a
// generator executable.
type layout struct {
	root    string
	project gen.Project
	exe     string
}

// layoutFiles are the files newLayout writes, relative to its root.
var layoutFiles = map[string]string{
	"specs/names.lock.json":              `{"packages":{}}`,
	"upstream/openapi-v2.yaml":           "openapi: 3.0.3\ninfo: {title: v2}\n",
	"upstream/openapi-v3.yaml":           "openapi: 3.0.3\ninfo: {title: v3}\n",
	"overlays/v2/10-names.yaml":          "overlay: 1.1.0\n",
	"overlays/v2/20-responses.yaml":      "overlay: 1.1.0\nactions: []\n",
	"overlays/v3/10-names.yaml":          "overlay: 1.1.0\n",
	"generated/adminv2/client.gen.go":    "package adminv2\n",
	"generated/adminv2/types.gen.go":     "package adminv2\n\ntype T int\n",
	"generated/adminv3/client.gen.go":    "package adminv3\n",
	"generated/adminv3/iterators.gen.go": "package adminv3\n\n// iterators\n",
	"bin/gen":                            "\x7fELF generator build 1",
}

func newLayout(t *testing.T) *layout {
	t.Helper()
	root := t.TempDir()
	for name, content := range layoutFiles {
		write(t, filepath.Join(root, name), content)
	}

	lock := &spec.Lock{Specs: []spec.Pin{pin("v2"), pin("v3")}}
	lockPath := filepath.Join(root, "specs", "lock.json")
	if err := spec.WriteLock(lockPath, lock); err != nil {
		t.Fatal(err)
	}
	return &layout{
		root: root,
		project: gen.Project{
			Lock:     lockPath,
			Overlays: filepath.Join(root, "overlays"),
			Out:      filepath.Join(root, "generated"),
			Source:   spec.Source{Dir: filepath.Join(root, "upstream")},
		},
		exe: filepath.Join(root, "bin", "gen"),
	}
}

func pin(name string) spec.Pin {
	return spec.Pin{Name: name, Repository: "example/specs",
		Commit: strings.Repeat("a", 40), Path: "openapi-" + name + ".yaml",
		SHA256: strings.Repeat("b", 64)}
}

func (l *layout) key(t *testing.T) string {
	t.Helper()
	in, err := stamp.ProjectInputs(l.project, l.exe)
	if err != nil {
		t.Fatal(err)
	}
	key, err := stamp.Key(in)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func (l *layout) path(name string) string {
	return filepath.Join(l.root, filepath.FromSlash(name))
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestKeyChangesWithEveryInput(t *testing.T) {
	changes := map[string]func(t *testing.T, l *layout){
		"add an overlay": func(t *testing.T, l *layout) {
			write(t, l.path("overlays/v3/30-more.yaml"), "overlay: 1.1.0\n")
		},
		"remove an overlay": func(t *testing.T, l *layout) {
			remove(t, l.path("overlays/v2/20-responses.yaml"))
		},
		"remove the names lock": func(t *testing.T, l *layout) {
			remove(t, l.path("specs/names.lock.json"))
		},
		"add a generated file": func(t *testing.T, l *layout) {
			write(t, l.path("generated/adminv2/extra.go"), "package adminv2\n")
		},
		"add a generated package": func(t *testing.T, l *layout) {
			write(t, l.path("generated/adminv4/client.gen.go"), "package adminv4\n")
		},
		"remove a generated file": func(t *testing.T, l *layout) {
			remove(t, l.path("generated/adminv3/iterators.gen.go"))
		},
		"rename a generated file": func(t *testing.T, l *layout) {
			rename(t, l.path("generated/adminv2/types.gen.go"),
				l.path("generated/adminv2/models.gen.go"))
		},
		"repin a spec": func(t *testing.T, l *layout) {
			lock := &spec.Lock{Specs: []spec.Pin{pin("v2"), pin("v3")}}
			lock.Specs[1].Commit = strings.Repeat("c", 40)
			if err := spec.WriteLock(l.project.Lock, lock); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name := range layoutFiles {
		changes["edit "+name] = func(t *testing.T, l *layout) {
			edit(t, l.path(name))
		}
	}

	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			l := newLayout(t)
			base := l.key(t)
			if again := l.key(t); again != base {
				t.Fatalf("the same layout has keys %s and %s", base, again)
			}

			change(t, l)
			if l.key(t) == base {
				t.Errorf("%s: the key did not change", name)
			}
		})
	}
}

func TestKeyIgnoresWhatGenerationDoesNotRead(t *testing.T) {
	l := newLayout(t)
	base := l.key(t)

	later := time.Now().Add(time.Hour)
	for name := range layoutFiles {
		if err := os.Chtimes(l.path(name), later, later); err != nil {
			t.Fatal(err)
		}
	}
	write(t, l.path("generated/.adminv2.new123/client.gen.go"), "package adminv2\n")
	write(t, l.path("overlays/v2/README.md"), "notes\n")
	write(t, l.path("upstream/openapi-v4.yaml"), "openapi: 3.0.3\n")

	if got := l.key(t); got != base {
		t.Errorf("key %s after touching files and adding unread ones, want %s", got, base)
	}
}

func TestKeyNeedsTheGenerator(t *testing.T) {
	l := newLayout(t)
	remove(t, l.exe)

	in, err := stamp.ProjectInputs(l.project, l.exe)
	if err != nil {
		t.Fatal(err)
	}
	if key, err := stamp.Key(in); err == nil {
		t.Errorf("no generator executable: key %s and no error", key)
	}
}

func TestCache(t *testing.T) {
	c := stamp.Cache{Path: filepath.Join(t.TempDir(), ".cache", "check.stamp")}
	if c.Fresh("k1") {
		t.Fatal("an empty cache is fresh")
	}

	if err := c.Record("k1"); err != nil {
		t.Fatal(err)
	}
	if !c.Fresh("k1") {
		t.Error("the recorded key is not fresh")
	}
	if c.Fresh("k2") {
		t.Error("another key is fresh")
	}
	if c.Fresh("") {
		t.Error("the empty key is fresh")
	}

	if err := c.Forget(); err != nil {
		t.Fatal(err)
	}
	if c.Fresh("k1") {
		t.Error("a forgotten key is fresh")
	}
	if err := c.Forget(); err != nil {
		t.Errorf("forgetting twice: %v", err)
	}
}

func edit(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func TestKeyTakesAGivenGeneratorDigest(t *testing.T) {
	l := newLayout(t)
	in, err := stamp.ProjectInputs(l.project, l.exe)
	if err != nil {
		t.Fatal(err)
	}
	read, err := stamp.Key(in)
	if err != nil {
		t.Fatal(err)
	}

	if in.GeneratorDigest, err = stamp.FileDigest(l.exe); err != nil {
		t.Fatal(err)
	}
	remove(t, l.exe)
	given, err := stamp.Key(in)
	if err != nil {
		t.Fatalf("a given digest still reads the executable: %v", err)
	}
	if given != read {
		t.Errorf("key with the digest given %s, read from the file %s", given, read)
	}

	in.GeneratorDigest = strings.Repeat("0", 64)
	if other, err := stamp.Key(in); err != nil || other == read {
		t.Errorf("another generator digest: key %s, %v; want a new key", other, err)
	}
}
