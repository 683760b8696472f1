package names

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"

	"github.com/dave/jennifer/jen"

	"github.com/dbtcloud-go/dbtcloud/gen/emit"
)

// AliasesFile is the file the aliases of renamed schemas are written to.
const AliasesFile = "aliases.gen.go"

// AddAliases adds AliasesFile to a rendered package's files when renamed calls for aliases.
func AddAliases(pkg string, renamed []Renamed, files map[string][]byte) error {
	src, err := Aliases(pkg, renamed, files)
	if err != nil || src == nil {
		return err
	}
	files[AliasesFile] = src
	return nil
}

// Aliases renders a file declaring, for every schema in renamed, its current upstream name
// as an alias of the locked Go type, so that new code can use either name. Names the
// package already declares are skipped. It returns nil when there is nothing to declare.
func Aliases(pkg string, renamed []Renamed, files map[string][]byte) ([]byte, error) {
	declared, err := declaredTypes(files)
	if err != nil {
		return nil, err
	}

	f := jen.NewFile(pkg)
	f.HeaderComment(emit.Header)
	n := 0
	for _, r := range renamed {
		if declared[r.Default] || !declared[r.GoName] {
			continue
		}
		f.Commentf("%s is the Go name of the schema upstream now calls %s; the type keeps "+
			"its locked name %s.", r.Default, r.Schema, r.GoName)
		f.Type().Id(r.Default).Op("=").Id(r.GoName)
		declared[r.Default] = true
		n++
	}
	if n == 0 {
		return nil, nil
	}

	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", AliasesFile, err)
	}
	return buf.Bytes(), nil
}

// declaredTypes returns the names of the top-level types declared in files.
func declaredTypes(files map[string][]byte) (map[string]bool, error) {
	fset := token.NewFileSet()
	out := map[string]bool{}
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("aliases: parse %s: %w", name, err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				out[spec.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	return out, nil
}
