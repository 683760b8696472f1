package emit

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"testing"
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

	var lit *ast.BasicLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && vs.Names[0].Name == "openAPISpec" {
			lit = vs.Values[0].(*ast.BasicLit)
		}
		return lit == nil
	})
	if lit == nil {
		t.Fatal("spec.gen.go has no openAPISpec constant")
	}
	text, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}

	var want, got any
	if err := json.Unmarshal(spec, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("embedded spec is not JSON: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("embedded spec %v, want %v", got, want)
	}
}

func TestSpecSourceRejectsInvalidJSON(t *testing.T) {
	if _, err := SpecSource("fake", []byte("{")); err == nil {
		t.Error("invalid JSON: no error")
	}
}
