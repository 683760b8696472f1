package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// keyVersion starts every key, so that a change to how keys are made misses every old stamp.
const keyVersion = "dbtcloud-gen stamp 1\n"

// Inputs are the files one generation reads and the trees it compares its output with.
type Inputs struct {
	// Files are the input files: spec files, locks and overlays. A missing file is recorded
	// as missing rather than failing, so that deleting an input changes the key too.
	Files []string
	// Generator is the generator's executable; its bytes stand for the generator's code.
	Generator string
	// GeneratorDigest, when set, is FileDigest(Generator) taken earlier, so that a process
	// taking several keys reads its own executable, tens of megabytes, only once.
	GeneratorDigest string
	// Trees are output directories; every file below each, at any depth, is part of the key,
	// except names starting with a dot, which the generator's own staging uses.
	Trees []string
}

// Key returns the hex SHA-256 key of the inputs' current contents.
func Key(in Inputs) (string, error) {
	h := sha256.New()
	io.WriteString(h, keyVersion)

	files := slices.Clone(in.Files)
	slices.Sort(files)
	for _, f := range slices.Compact(files) {
		if err := addFile(h, "input", f); err != nil {
			return "", err
		}
	}

	if err := addGenerator(h, in.Generator, in.GeneratorDigest); err != nil {
		return "", err
	}

	trees := slices.Clone(in.Trees)
	slices.Sort(trees)
	for _, dir := range slices.Compact(trees) {
		if err := addTree(h, dir); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// addFile writes one line naming path and its digest, or saying it is missing.
func addFile(h hash.Hash, kind, path string) error {
	digest, err := FileDigest(path)
	if errors.Is(err, fs.ErrNotExist) {
		digest = "missing"
	} else if err != nil {
		return fmt.Errorf("stamp: %s %s: %w", kind, path, err)
	}

	fmt.Fprintf(h, "%s %q %s\n", kind, cleanRel(path), digest)
	return nil
}

// addGenerator writes the digest of the executable but not its path, which differs between
// go run and an installed binary built from the same code.
func addGenerator(h hash.Hash, path, digest string) error {
	if digest == "" {
		if path == "" {
			return errors.New("stamp: no generator executable to digest")
		}
		var err error
		if digest, err = FileDigest(path); err != nil {
			return fmt.Errorf("stamp: generator: %w", err)
		}
	}

	fmt.Fprintf(h, "generator %s\n", digest)
	return nil
}

// addTree writes one line per file below dir, in lexical order; a missing dir is one line.
func addTree(h hash.Hash, dir string) error {
	fmt.Fprintf(h, "tree %q\n", cleanRel(dir))

	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			return skip(d)
		}
		if d.Type().IsRegular() {
			return addFile(h, "output", path)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(h, "tree %q missing\n", cleanRel(dir))
		return nil
	}
	return err
}

func skip(d fs.DirEntry) error {
	if d.IsDir() {
		return filepath.SkipDir
	}
	return nil
}

// FileDigest returns the hex SHA-256 digest of the file at path, read as a stream.
func FileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()

	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
