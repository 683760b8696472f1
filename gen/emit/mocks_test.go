package emit

import (
	"bytes"
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// clientSource is a client file of the shape the client template writes, small enough to
// type-check.
const clientSource = `package fake

import (
	"context"
	"io"
)

type Editor func(ctx context.Context, req any) error

type Params struct{ Limit *int64 }

type Result struct{ Value int }

type ClientInterface interface {
	List(ctx context.Context, accountID int64, params *Params,
		editors ...Editor) (*Result, error)
	Create(ctx context.Context, body io.Reader, editors ...Editor) (io.ReadCloser, error)
	Count(context.Context, map[string][]int64) (Result, error)
}
`

func TestMocksTypeCheck(t *testing.T) {
	mocks, err := Mocks("fake", []byte(clientSource))
	if err != nil {
		t.Fatal(err)
	}

	fset := token.NewFileSet()
	var files []*ast.File
	for name, src := range map[string][]byte{"client.go": []byte(clientSource),
		"mocks.go": mocks} {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, src)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("fake", fset, files, nil)
	if err != nil {
		t.Fatalf("generated mocks do not compile: %v\n%s", err, mocks)
	}

	for _, pair := range [][2]string{{"ClientMock", "ClientInterface"},
		{"ClientMock", "ClientInterface"}} {
		mock := types.NewPointer(pkg.Scope().Lookup(pair[0]).Type())
		iface := pkg.Scope().Lookup(pair[1]).Type().Underlying().(*types.Interface)
		if !types.Implements(mock, iface) {
			t.Errorf("*%s does not implement %s", pair[0], pair[1])
		}
	}
}

func TestMocksDeterministic(t *testing.T) {
	first, err := Mocks("fake", []byte(clientSource))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := Mocks("fake", []byte(clientSource))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two renderings of the same client differ")
		}
	}
}

func TestMocksNeedTheClient(t *testing.T) {
	err := emitMocks(Input{Package: "fake"}, map[string][]byte{})
	if err == nil {
		t.Error("mocks without client.gen.go: no error")
	}

	_, err = Mocks("fake", []byte("package fake\n\ntype Client interface{}\n"))
	if err == nil {
		t.Error("client without ClientInterface: no error")
	}

	_, err = Mocks("fake", []byte("package fake\n\nfunc {"))
	if err == nil || errors.Unwrap(err) == nil {
		t.Errorf("unparsable client: error %v, want a wrapped parse error", err)
	}
}
