package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// clientMarker is the first declaration oapi-codegen writes for the client; everything
// before it is models.
const clientMarker = "\ntype ClientInterface interface"

// splitSource cuts oapi-codegen's single unformatted output into the models file and the
// client file, drops the imports each part does not use, and formats both.
func splitSource(src string) (types, client []byte, err error) {
	prelude, body, err := cutPrelude(src)
	if err != nil {
		return nil, nil, err
	}

	at := strings.Index(body, clientMarker)
	if at < 0 {
		return nil, nil, fmt.Errorf("oapi-codegen output has no %q: its layout changed",
			strings.TrimSpace(clientMarker))
	}
	at = commentStart(body, at+1)

	if types, err = tidy(prelude + body[:at]); err != nil {
		return nil, nil, fmt.Errorf("models: %w", err)
	}
	if client, err = tidy(prelude + body[at:]); err != nil {
		return nil, nil, fmt.Errorf("client: %w", err)
	}
	return types, client, nil
}

// cutPrelude splits src after its import block.
func cutPrelude(src string) (prelude, body string, err error) {
	start := strings.Index(src, "\nimport (")
	if start < 0 {
		return "", "", fmt.Errorf("oapi-codegen output has no import block")
	}
	end := strings.Index(src[start:], "\n)\n")
	if end < 0 {
		return "", "", fmt.Errorf("oapi-codegen output has an unterminated import block")
	}
	end += start + len("\n)\n")
	return src[:end], src[end:], nil
}

// commentStart moves the cut at line start i back over the comment lines just above it.
func commentStart(s string, i int) int {
	for i > 0 {
		prev := strings.LastIndex(s[:i-1], "\n") + 1
		if !strings.HasPrefix(strings.TrimSpace(s[prev:i-1]), "//") {
			return i
		}
		i = prev
	}
	return i
}

// tidy parses one Go file, removes the imports it does not use and formats it.
func tidy(src string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}

	dropUnusedImports(fset, f)

	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("format: %w", err)
	}
	return buf.Bytes(), nil
}

// dropUnusedImports deletes the imports f does not use, and repeated ones, keeping the
// blank-line grouping of those that stay.
func dropUnusedImports(fset *token.FileSet, f *ast.File) {
	used := packageRefs(f)
	seen := map[string]bool{}

	for _, imp := range slices.Clone(f.Imports) {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if !used[importName(imp)] || seen[path] {
			astutil.DeleteNamedImport(fset, f, name, path)
			continue
		}
		seen[path] = true
	}
}

// packageRefs returns the names used as package qualifiers: identifiers before a dot that
// the parser did not resolve to a declaration in the file.
func packageRefs(f *ast.File) map[string]bool {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
				used[id.Name] = true
			}
		}
		return true
	})
	return used
}

func importName(s *ast.ImportSpec) string {
	if s.Name != nil {
		return s.Name.Name
	}
	p, _ := strconv.Unquote(s.Path.Value)
	return path.Base(p)
}
