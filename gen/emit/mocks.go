package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// mockedInterfaces are the client interfaces that get a mock, in the order they are emitted.
var mockedInterfaces = []string{"ClientInterface"}

// mockMethod is one interface method as the mock emitter sees it.
type mockMethod struct {
	name    string
	params  []mockParam
	results []ast.Expr
}

// mockParam is one named parameter; variadic marks a trailing ...T.
type mockParam struct {
	name     string
	typ      ast.Expr
	variadic bool
}

// mockSource is the parsed client file: its interfaces and the import path of each package
// name it uses.
type mockSource struct {
	interfaces map[string][]mockMethod
	imports    map[string]string
}

// Mocks renders mocks.gen.go from the client source in client: for each client interface a
// struct with one function field per method, which records every call and reports
// ErrNotMocked for a method whose field is nil.
func Mocks(pkg string, client []byte) ([]byte, error) {
	src, err := parseMockSource(client)
	if err != nil {
		return nil, err
	}

	f := newFile(pkg)
	mockPreamble(f, pkg)
	for _, name := range mockedInterfaces {
		methods, ok := src.interfaces[name]
		if !ok {
			return nil, fmt.Errorf("client source has no interface %s to mock", name)
		}
		mockType(f, src, name, methods)
	}
	return renderJen(f)
}

func emitMocks(in Input, files map[string][]byte) error {
	client, ok := files["client.gen.go"]
	if !ok {
		return fmt.Errorf("mocks need client.gen.go; run the client emitter first")
	}

	src, err := Mocks(in.Package, client)
	files["mocks.gen.go"] = src
	return err
}

func parseMockSource(client []byte) (*mockSource, error) {
	file, err := parser.ParseFile(token.NewFileSet(), "client.gen.go", client, 0)
	if err != nil {
		return nil, fmt.Errorf("parse client.gen.go: %w", err)
	}

	src := &mockSource{interfaces: map[string][]mockMethod{}, imports: map[string]string{}}
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		src.imports[name] = path
	}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		if iface, ok := spec.Type.(*ast.InterfaceType); ok {
			src.interfaces[spec.Name.Name] = interfaceMethods(iface)
		}
		return false
	})
	return src, nil
}

func interfaceMethods(iface *ast.InterfaceType) []mockMethod {
	var methods []mockMethod
	for _, field := range iface.Methods.List {
		fn, ok := field.Type.(*ast.FuncType)
		if !ok || len(field.Names) == 0 {
			continue
		}
		m := mockMethod{name: field.Names[0].Name, params: funcParams(fn)}
		for _, r := range fn.Results.List {
			for range max(1, len(r.Names)) {
				m.results = append(m.results, r.Type)
			}
		}
		methods = append(methods, m)
	}
	return methods
}

// funcParams lists the parameters of fn, naming unnamed ones argN.
func funcParams(fn *ast.FuncType) []mockParam {
	var params []mockParam
	for _, field := range fn.Params.List {
		typ, variadic := field.Type, false
		if e, ok := typ.(*ast.Ellipsis); ok {
			typ, variadic = e.Elt, true
		}
		names := field.Names
		if len(names) == 0 {
			names = []*ast.Ident{ast.NewIdent(fmt.Sprintf("arg%d", len(params)))}
		}
		for _, n := range names {
			params = append(params, mockParam{name: n.Name, typ: typ, variadic: variadic})
		}
	}
	return params
}

// mockPreamble renders what every mock in the package shares.
func mockPreamble(f *jen.File, pkg string) {
	f.Comment("ErrNotMocked is returned, wrapped, by a mock method whose function field is nil.")
	f.Var().Id("ErrNotMocked").Op("=").Qual("errors", "New").Call(jen.Lit("method not mocked"))

	f.Comment("MockCall is one call a mock received: the method name and the arguments in order,")
	f.Comment("with a variadic argument as one slice.")
	f.Type().Id("MockCall").Struct(
		jen.Id("Method").String(),
		jen.Id("Args").Index().Any(),
	)

	f.Comment("mockCalls records the calls of one mock; it is safe for concurrent use.")
	f.Type().Id("mockCalls").Struct(
		jen.Id("mu").Qual("sync", "Mutex"),
		jen.Id("calls").Index().Id("MockCall"),
	)

	f.Func().Params(jen.Id("r").Op("*").Id("mockCalls")).Id("record").
		Params(jen.Id("method").String(), jen.Id("args").Op("...").Any()).Block(
		jen.Id("r").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("r").Dot("mu").Dot("Unlock").Call(),
		jen.Line(),
		jen.Id("r").Dot("calls").Op("=").Append(jen.Id("r").Dot("calls"), jen.Id("MockCall").Values(
			jen.Id("Method").Op(":").Id("method"), jen.Id("Args").Op(":").Id("args"))),
	)

	f.Line()
	f.Func().Params(jen.Id("r").Op("*").Id("mockCalls")).Id("list").
		Params(jen.Id("method").String()).Index().Id("MockCall").Block(
		jen.Id("r").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("r").Dot("mu").Dot("Unlock").Call(),
		jen.Line(),
		jen.Var().Id("out").Index().Id("MockCall"),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("r").Dot("calls")).Block(
			jen.If(jen.Id("method").Op("==").Lit("").Op("||").Id("c").Dot("Method").
				Op("==").Id("method")).Block(
				jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("c")),
			),
		),
		jen.Return(jen.Id("out")),
	)

	f.Line()
	f.Func().Id("notMocked").Params(jen.List(jen.Id("mock"), jen.Id("method")).String()).
		Error().Block(
		jen.Return(jen.Qual("fmt", "Errorf").Call(
			jen.Lit(pkg+".%s: %s called but %sFunc is not set: %w"),
			jen.Id("mock"), jen.Id("method"), jen.Id("method"), jen.Id("ErrNotMocked"))),
	)
}

// mockType renders the mock of one interface, its compile-time assertion and its methods.
func mockType(f *jen.File, src *mockSource, iface string, methods []mockMethod) {
	name := strings.TrimSuffix(iface, "Interface") + "Mock"

	fields := []jen.Code{}
	for _, m := range methods {
		fields = append(fields, jen.Id(m.name+"Func").Func().
			Params(signatureParams(src, m)...).Params(resultTypes(src, m)...))
	}
	fields = append(fields, jen.Line(), jen.Id("calls").Id("mockCalls"))

	f.Commentf("%s implements %s for tests. Set the function field of each method", name, iface)
	f.Comment("the code under test calls, before it calls it; a method whose field is nil returns")
	f.Comment("an error wrapping ErrNotMocked. Every call is recorded, and a mock is safe for")
	f.Comment("concurrent use once its fields are set.")
	f.Type().Id(name).Struct(fields...)
	f.Var().Id("_").Id(iface).Op("=").Parens(jen.Op("*").Id(name)).Parens(jen.Nil())

	f.Commentf("Calls returns every call %s received, in order.", name)
	f.Func().Params(jen.Id("m").Op("*").Id(name)).Id("Calls").Params().Index().Id("MockCall").
		Block(jen.Return(jen.Id("m").Dot("calls").Dot("list").Call(jen.Lit(""))))

	f.Comment("CallsTo returns the calls to the named method, in order.")
	f.Func().Params(jen.Id("m").Op("*").Id(name)).Id("CallsTo").
		Params(jen.Id("method").String()).Index().Id("MockCall").
		Block(jen.Return(jen.Id("m").Dot("calls").Dot("list").Call(jen.Id("method"))))

	for _, m := range methods {
		mockMethodBody(f, src, name, m)
	}
}

func mockMethodBody(f *jen.File, src *mockSource, mock string, m mockMethod) {
	args := make([]jen.Code, 0, len(m.params))
	call := make([]jen.Code, 0, len(m.params))
	for _, p := range m.params {
		args = append(args, jen.Id(p.name))
		if p.variadic {
			call = append(call, jen.Id(p.name).Op("..."))
			continue
		}
		call = append(call, jen.Id(p.name))
	}

	zeros := []jen.Code{}
	for _, r := range m.results[:len(m.results)-1] {
		zeros = append(zeros, zeroValue(src, r))
	}
	field := jen.Id("m").Dot(m.name + "Func")

	f.Commentf("%s records the call and runs %sFunc.", m.name, m.name)
	f.Func().Params(jen.Id("m").Op("*").Id(mock)).Id(m.name).
		Params(signatureParams(src, m)...).Params(resultTypes(src, m)...).Block(
		jen.Id("m").Dot("calls").Dot("record").Call(
			append([]jen.Code{jen.Lit(m.name)}, args...)...),
		jen.If(field.Clone().Op("==").Nil()).Block(
			jen.Return(append(zeros, jen.Id("notMocked").Call(jen.Lit(mock), jen.Lit(m.name)))...),
		),
		jen.Return(field.Clone().Call(call...)),
	)
}

func signatureParams(src *mockSource, m mockMethod) []jen.Code {
	out := make([]jen.Code, 0, len(m.params))
	for _, p := range m.params {
		typ := typeCode(src, p.typ)
		if p.variadic {
			typ = jen.Op("...").Add(typ)
		}
		out = append(out, jen.Id(p.name).Add(typ))
	}
	return out
}

func resultTypes(src *mockSource, m mockMethod) []jen.Code {
	out := make([]jen.Code, 0, len(m.results))
	for _, r := range m.results {
		out = append(out, typeCode(src, r))
	}
	return out
}

// zeroValue is the zero value of typ as an expression.
func zeroValue(src *mockSource, typ ast.Expr) jen.Code {
	switch typ.(type) {
	case *ast.StarExpr, *ast.InterfaceType, *ast.MapType, *ast.ArrayType, *ast.FuncType:
		return jen.Nil()
	}
	return jen.Op("*").New(typeCode(src, typ))
}

// typeCode turns a type expression of the client file into jennifer code, so that package
// references become qualified imports of the mock file.
func typeCode(src *mockSource, typ ast.Expr) jen.Code {
	switch t := typ.(type) {
	case *ast.Ident:
		return jen.Id(t.Name)
	case *ast.SelectorExpr:
		pkg := t.X.(*ast.Ident).Name
		return jen.Qual(src.imports[pkg], t.Sel.Name)
	case *ast.StarExpr:
		return jen.Op("*").Add(typeCode(src, t.X))
	case *ast.ArrayType:
		return jen.Index().Add(typeCode(src, t.Elt))
	case *ast.MapType:
		return jen.Map(typeCode(src, t.Key)).Add(typeCode(src, t.Value))
	case *ast.InterfaceType:
		return jen.Interface()
	}

	// Other forms do not occur in oapi-codegen's interfaces; print them as written.
	var buf bytes.Buffer
	_ = printer.Fprint(&buf, token.NewFileSet(), typ)
	return jen.Id(buf.String())
}
