package emit

import (
	"fmt"
	"go/ast"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/dbtcloud-go/dbtcloud/gen/rules"
)

// iterSuffix ends the name of every generated iterator method, as in ListRunsIter.
const iterSuffix = "Iter"

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

// emitIterator adds the iterator method of one listing to f.
func emitIterator(f *jen.File, s listShape) {
	name := s.op.GoName + iterSuffix
	item := jenType(s.item)
	seq := jen.Qual("iter", "Seq2").Types(item, jen.Error())

	f.Commentf("%s returns an iterator over every item that c's %s lists", name, s.op.GoName)
	f.Commentf("(%s %s); c may be a Client or a ClientMock.", s.op.Method, s.op.Path)
	f.Comment("It pages with limit and offset and keeps every other field of params; params.Limit")
	f.Comment("sets the page size, at most dbtrt.MaxPageSize, and params.Offset where to start.")
	params := iteratorParams(s)
	withClient := append([]jen.Code{params[0], jen.Id("c").Id("ClientInterface")}, params[1:]...)
	f.Func().Id(name).Params(withClient...).Add(seq.Clone()).
		Block(iteratorBody(s, item)...)
	f.Line()

	f.Commentf("%s is the function %s for c.", name, name)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(name).Params(params...).Add(seq).
		Block(jen.Return(jen.Id(name).Call(iteratorArgs(s)...)))
	f.Line()
}

// iteratorArgs returns the arguments an iterator method passes on to the iterator
// function: the context, the client, the list method's arguments and the page options.
func iteratorArgs(s listShape) []jen.Code {
	args := []jen.Code{jen.Id("ctx"), jen.Id("c")}
	for _, field := range s.args {
		for _, n := range field.Names {
			args = append(args, jen.Id(n.Name))
		}
	}
	return append(args, jen.Id("opts").Op("..."))
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
