package apicompat

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Unit is one package to type-check from source.
type Unit struct {
	// Path is the package's import path.
	Path string
	// Files maps file names to Go source; test files are skipped.
	Files map[string][]byte
}

// Checker type-checks packages from source, resolving their other imports through the Go
// module whose root is Dir. Imports are loaded once per call of Check, so that all units of
// a call share one view of their dependencies.
type Checker struct {
	// Dir is a directory inside the module that provides the imports, such as its root.
	Dir string
}

// Check type-checks units in order; a unit may import the units before it. It returns the
// checked packages in the same order, or the first unit's type errors.
func (c Checker) Check(units ...Unit) ([]*types.Package, error) {
	fset := token.NewFileSet()
	parsed := make([][]*ast.File, len(units))
	for i, u := range units {
		files, err := parseUnit(fset, u)
		if err != nil {
			return nil, err
		}
		parsed[i] = files
	}

	imp, err := c.importer(fset, units, parsed)
	if err != nil {
		return nil, err
	}
	out := make([]*types.Package, len(units))
	for i, u := range units {
		pkg, err := checkUnit(fset, imp, u.Path, parsed[i])
		if err != nil {
			return nil, err
		}
		imp.local[u.Path] = pkg
		out[i] = pkg
	}
	return out, nil
}

// ReadDir returns the non-test Go files of dir as a Unit with import path path. A missing
// directory yields a unit without files.
func ReadDir(path, dir string) (Unit, error) {
	u := Unit{Path: path, Files: map[string][]byte{}}
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return u, err
	}

	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return u, err
		}
		u.Files[filepath.Base(n)] = data
	}
	return u, nil
}

func parseUnit(fset *token.FileSet, u Unit) ([]*ast.File, error) {
	names := make([]string, 0, len(u.Files))
	for n := range u.Files {
		if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			names = append(names, n)
		}
	}
	slices.Sort(names)

	var files []*ast.File
	for _, n := range names {
		f, err := parser.ParseFile(fset, u.Path+"/"+n, u.Files[n], parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", u.Path, err)
		}
		files = append(files, f)
	}
	return files, nil
}

func checkUnit(fset *token.FileSet, imp *importer, path string, files []*ast.File) (
	*types.Package, error) {
	var errs []error
	conf := types.Config{
		Importer: imp,
		Error: func(err error) {
			if len(errs) < 10 {
				errs = append(errs, err)
			}
		},
	}
	pkg, _ := conf.Check(path, fset, files, nil)
	if len(errs) > 0 {
		return nil, fmt.Errorf("type-check %s: %w", path, errors.Join(errs...))
	}
	return pkg, nil
}

// importer serves the units checked so far and the packages loaded for them.
type importer struct {
	local  map[string]*types.Package
	loaded map[string]*types.Package
}

func (im *importer) Import(path string) (*types.Package, error) {
	if p, ok := im.local[path]; ok {
		return p, nil
	}
	if p, ok := im.loaded[path]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("package %s was not loaded", path)
}

// importer loads, in one go/packages call, every package the units import from outside.
func (c Checker) importer(fset *token.FileSet, units []Unit, parsed [][]*ast.File) (
	*importer, error) {
	own := map[string]bool{}
	for _, u := range units {
		own[u.Path] = true
	}
	var want []string
	for _, files := range parsed {
		for _, f := range files {
			for _, spec := range f.Imports {
				p, _ := strconv.Unquote(spec.Path.Value)
				if !own[p] && p != "C" && !slices.Contains(want, p) {
					want = append(want, p)
				}
			}
		}
	}

	imp := &importer{local: map[string]*types.Package{}, loaded: map[string]*types.Package{}}
	if len(want) == 0 {
		return imp, nil
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: c.Dir, Fset: fset}
	pkgs, err := packages.Load(cfg, want...)
	if err != nil {
		return nil, fmt.Errorf("load imports from %s: %w", c.Dir, err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("load %s from %s: %v", p.PkgPath, c.Dir, p.Errors[0])
		}
		imp.loaded[p.PkgPath] = p.Types
	}
	return imp, nil
}
