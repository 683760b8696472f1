package emit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"

	"github.com/dbtcloud-go/dbtcloud/gen/rules"
)

// listShape is what the iterator of one paginated operation needs to know, read from the
// generated client and models.
type listShape struct {
	op     rules.Operation
	args   []*ast.Field // the method's parameters between ctx and editors
	params string       // the name of the query parameters type
	item   ast.Expr     // the element type of the 200 response's data list
	total  []fieldStep  // the path from the 200 response body to its total count
	keyed  bool         // whether items have an ID field
	keyPtr bool         // whether that ID field is a pointer
}

// fieldStep is one field on the way to a value, and whether it is a pointer.
type fieldStep struct {
	name  string
	ptr   bool
	isInt bool // the final step is an int rather than an int64
}

// decls indexes the top-level types and Client methods of generated files.
type decls struct {
	types   map[string]ast.Expr
	methods map[string]*ast.FuncType
}

// parseDecls parses the named files and indexes their declarations.
func parseDecls(files map[string][]byte, names ...string) (*decls, error) {
	d := &decls{types: map[string]ast.Expr{}, methods: map[string]*ast.FuncType{}}
	fset := token.NewFileSet()
	for _, name := range names {
		src, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("iterators: %s was not generated; "+
				"the iterator emitter must come after the models and client emitters", name)
		}

		file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("iterators: parse %s: %w", name, err)
		}
		d.add(file)
	}

	return d, nil
}

// add indexes the declarations of one file.
func (d *decls) add(file *ast.File) {
	for _, decl := range file.Decls {
		switch decl := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range decl.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok {
					d.types[ts.Name.Name] = ts.Type
				}
			}
		case *ast.FuncDecl:
			if recvName(decl) == "Client" {
				d.methods[decl.Name.Name] = decl.Type
			}
		}
	}
}

// recvName returns the name of the type a method's receiver points to, or "".
func recvName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) != 1 {
		return ""
	}

	star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return ""
	}
	id, ok := star.X.(*ast.Ident)
	if !ok {
		return ""
	}

	return id.Name
}

// listShape works out the shape of op's listing, or says why it cannot.
func (d *decls) listShape(op rules.Operation) (listShape, string) {
	s := listShape{op: op}

	fn, ok := d.methods[op.GoName]
	if !ok {
		return s, "no " + op.GoName + " method"
	}
	if s.args, s.params, ok = d.middleArgs(fn); !ok {
		return s, "no query parameters with *int64 Limit and Offset"
	}

	body := d.json200(op.GoName + "Response")
	if body == nil {
		return s, "no JSON 200 response"
	}
	if s.item, ok = sliceElem(fieldType(body, "Data")); !ok {
		return s, "its 200 response has no data list"
	}
	if !plainType(s.item) || !plainArgs(s.args) {
		return s, "its parameters or items use a type from another package"
	}

	s.total = d.totalPath(body)
	s.keyed, s.keyPtr = d.idField(s.item)
	return s, ""
}

// middleArgs returns the parameters of fn between ctx and editors and the name of the
// query parameters type, which must be the last of them and have Limit and Offset.
func (d *decls) middleArgs(fn *ast.FuncType) ([]*ast.Field, string, bool) {
	list := fn.Params.List
	if len(list) < 3 {
		return nil, "", false
	}

	args := list[1 : len(list)-1]
	last := args[len(args)-1]
	star, ok := last.Type.(*ast.StarExpr)
	if !ok {
		return nil, "", false
	}
	name, ok := star.X.(*ast.Ident)
	if !ok {
		return nil, "", false
	}

	st := d.structOf(name)
	if !isInt64Ptr(fieldType(st, "Limit")) || !isInt64Ptr(fieldType(st, "Offset")) {
		return nil, "", false
	}

	return args, name.Name, true
}

// json200 returns the struct type of the JSON200 field of the named response type.
func (d *decls) json200(response string) *ast.StructType {
	st := d.structOf(ast.NewIdent(response))
	star, ok := fieldType(st, "JSON200").(*ast.StarExpr)
	if !ok {
		return nil
	}

	return d.structOf(star.X)
}

// totalPath returns the path from a list body to its extra.pagination.total_count, or nil
// when the body does not declare one.
func (d *decls) totalPath(body *ast.StructType) []fieldStep {
	var path []fieldStep
	st := body
	for _, name := range []string{"Extra", "Pagination", "TotalCount"} {
		typ := fieldType(st, name)
		if typ == nil {
			return nil
		}

		inner, ptr := unstar(typ)
		step := fieldStep{name: name, ptr: ptr}
		if name == "TotalCount" {
			id, ok := inner.(*ast.Ident)
			if !ok || (id.Name != "int64" && id.Name != "int") {
				return nil
			}
			step.isInt = id.Name == "int"
			return append(path, step)
		}

		path = append(path, step)
		if st = d.structOf(inner); st == nil {
			return nil
		}
	}

	return nil
}

// idField reports whether the item type has an int64 ID field, and whether it is a pointer.
func (d *decls) idField(item ast.Expr) (bool, bool) {
	typ := fieldType(d.structOf(item), "ID")
	if typ == nil {
		return false, false
	}

	inner, ptr := unstar(typ)
	id, ok := inner.(*ast.Ident)
	return ok && id.Name == "int64", ptr
}

// structOf resolves a type name, through aliases and definitions, to a struct type.
func (d *decls) structOf(e ast.Expr) *ast.StructType {
	for range 8 {
		switch t := e.(type) {
		case *ast.StructType:
			return t
		case *ast.Ident:
			next, ok := d.types[t.Name]
			if !ok {
				return nil
			}
			e = next
		default:
			return nil
		}
	}

	return nil
}

// fieldType returns the type of the named field of st, or nil.
func fieldType(st *ast.StructType, name string) ast.Expr {
	if st == nil {
		return nil
	}

	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return f.Type
			}
		}
	}

	return nil
}

// sliceElem returns the element type of a slice type.
func sliceElem(e ast.Expr) (ast.Expr, bool) {
	arr, ok := e.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return nil, false
	}

	return arr.Elt, true
}

// unstar strips one pointer from a type and reports whether there was one.
func unstar(e ast.Expr) (ast.Expr, bool) {
	if star, ok := e.(*ast.StarExpr); ok {
		return star.X, true
	}

	return e, false
}

// isInt64Ptr reports whether e is *int64.
func isInt64Ptr(e ast.Expr) bool {
	inner, ptr := unstar(e)
	id, ok := inner.(*ast.Ident)
	return ptr && ok && id.Name == "int64"
}
