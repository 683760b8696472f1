package emit

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

func TestSpecSourceRoundTrip(t *testing.T) {
	spec := []byte(`{"openapi":"3.0.3","info":{"title":"use ` + "`code`" + ` here",` +
		`"version":"1"},"paths":{}}`)

	src, err := SpecSource("fake", spec)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "spec.gen.go", src, 0)
	if err != nil {
		t.Fatalf("spec.gen.go does not parse: %v", err)
	}

	lit := packedLiteral(f)
	if lit == nil {
		t.Fatal("spec.gen.go has no openAPISpec variable set by dbtrt.NewPacked")
	}
	packed, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}
	text, err := dbtrt.Unpack(packed)
	if err != nil {
		t.Fatalf("embedded spec does not unpack: %v", err)
	}

	var want, got any
	if err := json.Unmarshal(spec, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(text, &got); err != nil {
		t.Fatalf("embedded spec is not JSON: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("embedded spec %v, want %v", got, want)
	}
}

// packedLiteral returns the string literal handed to dbtrt.NewPacked for openAPISpec.
func packedLiteral(f *ast.File) *ast.BasicLit {
	var lit *ast.BasicLit
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Names[0].Name != "openAPISpec" || len(vs.Values) != 1 {
			return lit == nil
		}
		if call, ok := vs.Values[0].(*ast.CallExpr); ok && len(call.Args) == 1 {
			lit, _ = call.Args[0].(*ast.BasicLit)
		}
		return false
	})
	return lit
}

func TestSpecSourceRejectsInvalidJSON(t *testing.T) {
	if _, err := SpecSource("fake", []byte("{")); err == nil {
		t.Error("invalid JSON: no error")
	}
}
