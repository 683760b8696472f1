package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Tree is a set of generated packages: package directory name to file name to content.
type Tree map[string]map[string][]byte

// Write replaces each package directory under root with the tree's files. Every package is
// first written in full beside its final place; only then are the directories swapped, so an
// error leaves root as it was.
func (t Tree) Write(root string) error {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}

	staged := map[string]string{}
	defer func() {
		for _, dir := range staged {
			os.RemoveAll(dir)
		}
	}()
	for _, pkg := range t.packages() {
		dir, err := t.stage(root, pkg)
		if err != nil {
			return err
		}
		staged[pkg] = dir
	}

	for _, pkg := range t.packages() {
		if err := swap(filepath.Join(root, pkg), staged[pkg]); err != nil {
			return err
		}
		delete(staged, pkg)
	}
	return nil
}

func (t Tree) stage(root, pkg string) (string, error) {
	dir, err := os.MkdirTemp(root, "."+pkg+".new*")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return dir, err
	}

	for name, data := range t[pkg] {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return dir, fmt.Errorf("write %s/%s: %w", pkg, name, err)
		}
	}
	return dir, nil
}

// swap puts staged in final's place and removes what final held.
func swap(final, staged string) error {
	old := final + ".old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}

	err := os.Rename(final, old)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(staged, final); err != nil {
		os.Rename(old, final)
		return err
	}
	return os.RemoveAll(old)
}

// Stale compares the tree with root and returns the files that differ, are missing, or
// should not be there, as paths relative to root, sorted.
func (t Tree) Stale(root string) ([]string, error) {
	var stale []string
	for _, pkg := range t.packages() {
		onDisk, err := readDir(filepath.Join(root, pkg))
		if err != nil {
			return nil, err
		}
		for name, want := range t[pkg] {
			if got, ok := onDisk[name]; !ok || !bytes.Equal(got, want) {
				stale = append(stale, pkg+"/"+name)
			}
		}
		for name := range onDisk {
			if _, ok := t[pkg][name]; !ok {
				stale = append(stale, pkg+"/"+name)
			}
		}
	}
	slices.Sort(stale)
	return stale, nil
}

func readDir(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}

	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = data
	}
	return files, nil
}

func (t Tree) packages() []string {
	pkgs := make([]string, 0, len(t))
	for p := range t {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	return pkgs
}
