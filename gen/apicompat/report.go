// Package apicompat compares the exported Go API of two versions of a generated package and
// says which changes break programs built on the old one.
//
// Packages are type-checked from source in memory, so a regenerated package can be compared
// with the committed one before anything is written; golang.org/x/exp/apidiff classifies
// the differences.
package apicompat

import (
	"go/types"
	"slices"

	"golang.org/x/exp/apidiff"
)

// Report lists the differences between two versions of one package's exported API.
type Report struct {
	// Package is the package's name, such as adminv2.
	Package string `json:"package"`
	// Incompatible are changes that can break a program built on the old version.
	Incompatible []string `json:"incompatible"`
	// Compatible are additions and other changes that break nothing.
	Compatible []string `json:"compatible"`
}

// Compare reports the API changes from old to new. A nil old package stands for a package
// that did not exist: everything in new is then a compatible addition.
func Compare(name string, old, new *types.Package) Report {
	if old == nil {
		old = types.NewPackage(new.Path(), new.Name())
		old.MarkComplete()
	}

	r := Report{Package: name, Incompatible: []string{}, Compatible: []string{}}
	for _, c := range apidiff.Changes(old, new).Changes {
		if c.Compatible {
			r.Compatible = append(r.Compatible, c.Message)
		} else {
			r.Incompatible = append(r.Incompatible, c.Message)
		}
	}
	slices.Sort(r.Incompatible)
	slices.Sort(r.Compatible)
	return r
}

// Breaking reports whether r holds an incompatible change.
func (r Report) Breaking() bool {
	return len(r.Incompatible) > 0
}

// Changed reports whether r holds any change.
func (r Report) Changed() bool {
	return len(r.Incompatible)+len(r.Compatible) > 0
}
