package emit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/dbtcloud-go/dbtcloud/gen/rules"
)

// iterSuffix ends the name of every generated iterator method, as in ListRunsIter.
const iterSuffix = "Iter"

// listShape is what the iterator of one paginated operation needs to know, read from the
// generated client and models.
type listShape struct {
	op     rules.Operation
	args   []*ast.Field // the method's parameters between ctx and reqEditors
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

// Iterators renders iterators.gen.go: for every paginated operation, a method on
// Client that returns an iter.Seq2 over every item of the listing. It reads
// the shapes of the responses from the client and models files already in files.
func Iterators(pkg string, ops []rules.Operation, files map[string][]byte) ([]byte, error) {
	decls, err := parseDecls(files, "client.gen.go", "types.gen.go")
	if err != nil {
		return nil, err
	}

	f := newFile(pkg)
	var skipped []string
	for _, op := range ops {
		if !op.Paginated {
			continue
		}

		shape, why := decls.listShape(op)
		if why != "" {
			skipped = append(skipped, op.GoName+": "+why)
			continue
		}
		emitIterator(f, shape)
	}

	commentSkipped(f, skipped)
	return renderJen(f)
}

// commentSkipped records, in the generated file, which paginated operations have no
// iterator and why, so that the gap is visible where users look for it.
func commentSkipped(f *jen.File, skipped []string) {
	if len(skipped) == 0 {
		return
	}

	sort.Strings(skipped)
	f.Comment("These paginated operations have no iterator, because their responses do not")
	f.Comment("have the shape an iterator needs:")
	for _, s := range skipped {
		f.Comment("  - " + s)
	}
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

// middleArgs returns the parameters of fn between ctx and reqEditors and the name of the
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

// emitIterator adds the iterator method of one listing to f.
func emitIterator(f *jen.File, s listShape) {
	name := s.op.GoName + iterSuffix
	item := jenType(s.item)

	f.Commentf("%s returns an iterator over every item that %s lists", name, s.op.GoName)
	f.Commentf("(%s %s).", s.op.Method, s.op.Path)
	f.Comment("It pages with limit and offset and keeps every other field of params; params.Limit")
	f.Comment("sets the page size, at most dbtrt.MaxPageSize, and params.Offset where to start.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(name).
		Params(iteratorParams(s)...).
		Qual("iter", "Seq2").Types(item, jen.Error()).
		Block(iteratorBody(s, item)...)
	f.Line()
}

// iteratorParams returns the parameter list of an iterator method: the list method's,
// with the request editors replaced by page options.
func iteratorParams(s listShape) []jen.Code {
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	for _, field := range s.args {
		for _, n := range field.Names {
			params = append(params, jen.Id(n.Name).Add(jenType(field.Type)))
		}
	}

	return append(params, jen.Id("opts").Op("...").Qual(RuntimeImport, "PageOption"))
}

// iteratorBody returns the statements of an iterator method.
func iteratorBody(s listShape, item jen.Code) []jen.Code {
	pager := jen.Dict{
		jen.Id("Fetch"):  jen.Id("fetch"),
		jen.Id("Limit"):  jen.Id("base").Dot("Limit"),
		jen.Id("Offset"): jen.Id("base").Dot("Offset"),
	}
	if s.keyed {
		pager[jen.Id("Key")] = keyFunc(s, item)
	}

	return []jen.Code{
		jen.Var().Id("base").Id(s.params),
		jen.If(jen.Id("params").Op("!=").Nil()).Block(
			jen.Id("base").Op("=").Op("*").Id("params"),
		),
		jen.Line(),
		jen.Id("fetch").Op(":=").Func().Params(
			jen.Id("ctx").Qual("context", "Context"),
			jen.List(jen.Id("limit"), jen.Id("offset")).Int64(),
		).Parens(jen.List(jen.Index().Add(item), jen.Int64(), jen.Error())).
			Block(fetchBody(s)...),
		jen.Line(),
		jen.Return(jen.Qual(RuntimeImport, "Pages").Call(
			jen.Id("ctx"),
			jen.Qual(RuntimeImport, "Pager").Types(item).Values(pager),
			jen.Id("opts").Op("..."),
		)),
	}
}

// fetchBody returns the statements of the function that fetches one page.
func fetchBody(s listShape) []jen.Code {
	call := []jen.Code{jen.Id("ctx")}
	for _, field := range s.args[:len(s.args)-1] {
		for _, n := range field.Names {
			call = append(call, jen.Id(n.Name))
		}
	}
	call = append(call, jen.Op("&").Id("p"))
	body := jen.Id("rsp").Dot("JSON200")

	stmts := []jen.Code{
		jen.Id("p").Op(":=").Id("base"),
		jen.List(jen.Id("p").Dot("Limit"), jen.Id("p").Dot("Offset")).
			Op("=").List(jen.Op("&").Id("limit"), jen.Op("&").Id("offset")),
		jen.List(jen.Id("rsp"), jen.Err()).Op(":=").
			Id("c").Dot(s.op.GoName).Call(call...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Err())),
		jen.If(body.Clone().Op("==").Nil()).Block(jen.Return(
			jen.Nil(), jen.Lit(0),
			jen.Qual(RuntimeImport, "PageError").Call(
				jen.Lit(s.op.GoName), jen.Id("rsp").Dot("StatusCode")),
		)),
		jen.Line(),
	}
	stmts = append(stmts, totalStmts(s.total)...)

	return append(stmts, jen.Return(body.Clone().Dot("Data"), jen.Id("total"), jen.Nil()))
}

// totalStmts declare total and set it from the response's total count, if it has one.
func totalStmts(path []fieldStep) []jen.Code {
	decl := jen.Id("total").Op(":=").Int64().Call(jen.Qual(RuntimeImport, "UnknownTotal"))
	if len(path) == 0 {
		return []jen.Code{decl}
	}

	expr := jen.Id("rsp").Dot("JSON200")
	var guards []jen.Code
	for _, step := range path {
		expr = expr.Clone().Dot(step.name)
		if step.ptr {
			guards = append(guards, expr.Clone().Op("!=").Nil())
		}
	}

	last := path[len(path)-1]
	value := expr
	if last.ptr {
		value = jen.Op("*").Add(expr)
	}
	if last.isInt {
		value = jen.Int64().Call(value)
	}

	if len(guards) == 0 {
		return []jen.Code{jen.Id("total").Op(":=").Add(value)}
	}

	set := jen.Id("total").Op("=").Add(value)

	return []jen.Code{decl, jen.If(andAll(guards)).Block(set)}
}

// andAll joins conditions with &&.
func andAll(conds []jen.Code) jen.Code {
	out := jen.Add(conds[0])
	for _, c := range conds[1:] {
		out = out.Op("&&").Add(c)
	}

	return out
}

// keyFunc returns a function literal giving an item's ID.
func keyFunc(s listShape, item jen.Code) jen.Code {
	sig := jen.Func().Params(jen.Id("it").Add(item)).Parens(jen.List(jen.Int64(), jen.Bool()))
	if !s.keyPtr {
		return sig.Block(jen.Return(jen.Id("it").Dot("ID"), jen.True()))
	}

	return sig.Block(
		jen.If(jen.Id("it").Dot("ID").Op("==").Nil()).Block(jen.Return(jen.Lit(0), jen.False())),
		jen.Return(jen.Op("*").Id("it").Dot("ID"), jen.True()),
	)
}

// jenType renders a type expression of the generated package: names, pointers, slices and
// maps of them.
func jenType(e ast.Expr) *jen.Statement {
	switch t := e.(type) {
	case *ast.Ident:
		return jen.Id(t.Name)
	case *ast.StarExpr:
		return jen.Op("*").Add(jenType(t.X))
	case *ast.ArrayType:
		return jen.Index().Add(jenType(t.Elt))
	case *ast.MapType:
		return jen.Map(jenType(t.Key)).Add(jenType(t.Value))
	}

	panic(fmt.Sprintf("jenType: %T is not a plain type; check plainType first", e))
}

// plainType reports whether jenType can render e: it names only types of the generated
// package and predeclared ones, which need no import.
func plainType(e ast.Expr) bool {
	switch t := e.(type) {
	case *ast.Ident:
		return true
	case *ast.StarExpr:
		return plainType(t.X)
	case *ast.ArrayType:
		return t.Len == nil && plainType(t.Elt)
	case *ast.MapType:
		return plainType(t.Key) && plainType(t.Value)
	}

	return false
}

// plainArgs reports whether every parameter type is one jenType can render.
func plainArgs(args []*ast.Field) bool {
	for _, a := range args {
		if !plainType(a.Type) {
			return false
		}
	}

	return true
}

// emitIterators is the emitter that writes iterators.gen.go.
func emitIterators(in Input, files map[string][]byte) error {
	src, err := Iterators(in.Package, in.Operations, files)
	files["iterators.gen.go"] = src
	return err
}
