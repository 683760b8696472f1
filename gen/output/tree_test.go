package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(root, path)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	return got
}

func TestWriteReplacesPackages(t *testing.T) {
	root := t.TempDir()
	old := Tree{"a": {"old.go": []byte("old")}, "keep": {"k.go": []byte("k")}}
	if err := old.Write(root); err != nil {
		t.Fatal(err)
	}

	if err := (Tree{"a": {"new.go": []byte("new")}}).Write(root); err != nil {
		t.Fatal(err)
	}

	want := map[string]string{"a/new.go": "new", "keep/k.go": "k"}
	if got := readTree(t, root); !maps.Equal(got, want) {
		t.Errorf("tree = %v, want %v (a replaced whole, other packages left alone)", got, want)
	}
}

func TestWriteFailureChangesNothing(t *testing.T) {
	root := t.TempDir()
	before := Tree{"a": {"a.go": []byte("a")}, "b": {"b.go": []byte("b")}}
	if err := before.Write(root); err != nil {
		t.Fatal(err)
	}

	bad := Tree{"a": {"a.go": []byte("changed")}, "b": {"sub/b.go": []byte("no such dir")}}
	if err := bad.Write(root); err == nil {
		t.Fatal("want an error for a file in a missing subdirectory")
	}

	want := map[string]string{"a/a.go": "a", "b/b.go": "b"}
	if got := readTree(t, root); !maps.Equal(got, want) {
		t.Errorf("after a failed write tree = %v, want it unchanged %v", got, want)
	}
}

func TestStale(t *testing.T) {
	root := t.TempDir()
	tree := Tree{"a": {"same.go": []byte("s"), "edited.go": []byte("e"), "gone.go": []byte("g")}}
	if err := tree.Write(root); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "a", "edited.go"), []byte("by hand"), 0o644)
	os.Remove(filepath.Join(root, "a", "gone.go"))
	os.WriteFile(filepath.Join(root, "a", "extra.go"), []byte("x"), 0o644)

	stale, err := tree.Stale(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a/edited.go", "a/extra.go", "a/gone.go"}; !slices.Equal(stale, want) {
		t.Errorf("stale = %v, want %v", stale, want)
	}
}
