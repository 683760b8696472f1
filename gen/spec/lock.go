// Package spec finds, verifies and parses the OpenAPI descriptions the generator reads.
package spec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"

	"github.com/dbtcloud-go/dbtcloud/gen/output"
)

// Lock pins the upstream spec files by repository, commit, path and digest.
type Lock struct {
	Specs []Pin `json:"specs"`
}

// Pin names one upstream spec file exactly.
type Pin struct {
	// Name is the API version the file describes, such as "v2".
	Name string `json:"name"`
	// Repository is the upstream GitHub repository as owner/name.
	Repository string `json:"repository"`
	// Commit is the full upstream commit the file is taken from.
	Commit string `json:"commit"`
	// Path is the file's path inside the repository.
	Path string `json:"path"`
	// SHA256 is the hex digest of the file's bytes.
	SHA256 string `json:"sha256"`
}

var (
	commitPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)
	digestPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
	namePattern   = regexp.MustCompile(`^v[0-9]+$`)
)

// ReadLock reads and validates the lock file at path.
func ReadLock(path string) (*Lock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spec lock: %w", err)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l Lock
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("%s: not a spec lock: %w", path, err)
	}

	if err := l.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &l, nil
}

// WriteLock writes l to path in its canonical form.
func WriteLock(path string, l *Lock) error {
	if err := l.validate(); err != nil {
		return err
	}

	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("encode spec lock: %w", err)
	}
	return output.WriteFile(path, append(data, '\n'))
}

// Pin returns the pin named name.
func (l *Lock) Pin(name string) (Pin, bool) {
	for _, p := range l.Specs {
		if p.Name == name {
			return p, true
		}
	}
	return Pin{}, false
}

func (l *Lock) validate() error {
	if len(l.Specs) == 0 {
		return fmt.Errorf("spec lock pins no specs")
	}

	seen := map[string]bool{}
	for i, p := range l.Specs {
		if err := p.validate(); err != nil {
			return fmt.Errorf("specs[%d]: %w", i, err)
		}
		if seen[p.Name] {
			return fmt.Errorf("specs[%d]: name %q is pinned twice", i, p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

func (p Pin) validate() error {
	switch {
	case !namePattern.MatchString(p.Name):
		return fmt.Errorf("name %q is not an API version such as v2", p.Name)
	case p.Repository == "" || p.Path == "":
		return fmt.Errorf("%s: repository and path are required", p.Name)
	case !commitPattern.MatchString(p.Commit):
		return fmt.Errorf("%s: commit %q is not a full 40-digit hex commit", p.Name, p.Commit)
	case !digestPattern.MatchString(p.SHA256):
		return fmt.Errorf("%s: sha256 %q is not a 64-digit hex digest", p.Name, p.SHA256)
	}
	return nil
}

// Digest returns the hex SHA-256 digest of data.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
