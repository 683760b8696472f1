package emit

import (
	"encoding/json"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// specLineWidth is the length of each line of the packed spec in spec.gen.go.
const specLineWidth = 96

// SpecSource renders spec.gen.go, which holds the prepared spec (overlays and rules applied,
// operationIds replaced by Go names) as compact JSON, so that test servers can validate
// requests and responses against exactly what the client was generated from.
//
// The JSON is packed with dbtrt.Pack (gzip, then base64 in short lines) and unpacked on first
// use: indented, it was the largest file of each package, and it costs every build that
// compiles the package, while only tests read it.
func SpecSource(pkg string, spec []byte) ([]byte, error) {
	if !json.Valid(spec) {
		return nil, fmt.Errorf("pack prepared spec: not valid JSON")
	}
	text, err := dbtrt.Pack(spec, specLineWidth)
	if err != nil {
		return nil, fmt.Errorf("pack prepared spec: %w", err)
	}

	f := newFile(pkg)
	f.Comment("OpenAPISpec returns the OpenAPI description the package was generated from, as")
	f.Comment("JSON, after the overlays and the generator's rules: the operationId of each")
	f.Comment("operation is its Go name. Each call returns a fresh copy. It panics only if the")
	f.Comment("packed copy below was damaged by hand.")
	f.Func().Id("OpenAPISpec").Params().Index().Byte().Block(
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Id("openAPISpec").Dot("Bytes").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Panic(jen.Err())),
		jen.Return(jen.Id("data")),
	)
	f.Line()
	f.Comment("openAPISpec is the prepared spec, packed by dbtrt.Pack.")
	f.Var().Id("openAPISpec").Op("=").Qual(RuntimeImport, "NewPacked").Call(
		jen.Op("`\n" + text + "\n`"),
	)
	return renderJen(f)
}

func emitSpec(in Input, files map[string][]byte) error {
	src, err := SpecSource(in.Package, in.Spec)
	files["spec.gen.go"] = src
	return err
}
