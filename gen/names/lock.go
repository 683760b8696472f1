// Package names keeps the Go names of generated operations and types stable while upstream
// renames operationIds and schemas.
//
// The names lock (specs/names.lock.json) records, per generated package, the Go method name
// of every operation by method and path, and the Go type name of every component schema.
// Generation reads the lock and never writes it; gen update-specs -write rewrites it, so
// every change of a Go name shows in review as a change of the lock.
package names

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/output"
)

// FileName is the names lock's file name, kept beside the spec lock.
const FileName = "names.lock.json"

// Lock is the names lock: one Set per generated package.
type Lock struct {
	Packages map[string]*Set `json:"packages"`
}

// Set holds the locked Go names of one package.
type Set struct {
	// Operations maps "METHOD /path/{param}/" to the operation's Go method name. Path
	// parameter names do not matter when looking an operation up.
	Operations map[string]string `json:"operations"`
	// Schemas maps a component schema name to its Go type name.
	Schemas map[string]string `json:"schemas"`

	byNormalPath map[string]string
}

// Beside returns the names lock path that goes with the spec lock at specLock.
func Beside(specLock string) string {
	return filepath.Join(filepath.Dir(specLock), FileName)
}

// Read reads the names lock at path. A missing file is an error that wraps fs.ErrNotExist.
func Read(path string) (*Lock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read names lock: %w", err)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l Lock
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("%s: not a names lock: %w (restore it from version control, "+
			"or rebuild it with gen update-specs -write)", path, err)
	}
	return &l, nil
}

// ReadIfExists reads the names lock at path; a missing file yields a nil lock and no error.
func ReadIfExists(path string) (*Lock, error) {
	l, err := Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return l, err
}

// Write writes l to path; keys are sorted, so the file changes only where names change.
func (l *Lock) Write(path string) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("encode names lock: %w", err)
	}
	return output.WriteFile(path, append(data, '\n'))
}

// Package returns the set of package pkg, or nil. It may be called on a nil lock.
func (l *Lock) Package(pkg string) *Set {
	if l == nil {
		return nil
	}
	return l.Packages[pkg]
}

// SetPackage replaces the set of package pkg.
func (l *Lock) SetPackage(pkg string, s *Set) {
	if l.Packages == nil {
		l.Packages = map[string]*Set{}
	}
	l.Packages[pkg] = s
}

// NewSet returns an empty set.
func NewSet() *Set {
	return &Set{Operations: map[string]string{}, Schemas: map[string]string{}}
}

// OperationKey returns the key of an operation in a Set.
func OperationKey(method, path string) string {
	return method + " " + path
}

// Operation returns the locked Go name of the operation at method and path, matching the
// path with its parameter names ignored. It may be called on a nil set.
func (s *Set) Operation(method, path string) (string, bool) {
	if s == nil {
		return "", false
	}
	if s.byNormalPath == nil {
		s.byNormalPath = map[string]string{}
		for key, name := range s.Operations {
			s.byNormalPath[diff.NormalPath(key)] = name
		}
	}
	name, ok := s.byNormalPath[diff.NormalPath(OperationKey(method, path))]
	return name, ok
}

// Schema returns the locked Go type name of a component schema. It may be called on a nil set.
func (s *Set) Schema(name string) (string, bool) {
	if s == nil {
		return "", false
	}
	goName, ok := s.Schemas[name]
	return goName, ok
}
