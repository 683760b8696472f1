// Package stamp remembers that a generation found nothing to do, so that the next check with
// the same inputs can skip regenerating.
//
// A stamp is one SHA-256 key over everything a generation reads and everything it would
// compare: the spec files, the spec lock, the names lock, the overlays, the generator's own
// executable, and every file of the generated tree on disk. Any change to any of them, in
// content or in which files exist, gives a new key, and a key that was never recorded is a
// miss. Modification times play no part, so touching a file without changing it keeps the
// stamp, and a change that keeps the size and the time still misses.
package stamp

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen/output"
)

// Cache keeps the key of the last generation that matched the tree on disk.
type Cache struct {
	// Path is the file holding the key, normally .cache/check.stamp (git-ignored).
	Path string
}

// DefaultPath is where the gen command keeps its stamp, relative to the repository root.
var DefaultPath = filepath.Join(".cache", "check.stamp")

// Fresh reports whether key is the recorded one. A missing or unreadable stamp is a miss.
func (c Cache) Fresh(key string) bool {
	data, err := os.ReadFile(c.Path)
	if err != nil {
		return false
	}
	return key != "" && string(bytes.TrimSpace(data)) == key
}

// Record stores key as the key of a generation that matched the tree on disk.
func (c Cache) Record(key string) error {
	if key == "" {
		return errors.New("stamp: refusing to record an empty key")
	}
	if err := output.WriteFile(c.Path, []byte(key+"\n")); err != nil {
		return fmt.Errorf("stamp: record %s: %w (delete the file and retry)", c.Path, err)
	}
	return nil
}

// Forget removes the stamp, so that the next check regenerates.
func (c Cache) Forget() error {
	err := os.Remove(c.Path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("stamp: forget %s: %w", c.Path, err)
	}
	return nil
}

// cleanRel shortens path for the key, so that the same layout gives the same key whether it
// was named with ./ or not.
func cleanRel(path string) string {
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(path)), "./")
}
