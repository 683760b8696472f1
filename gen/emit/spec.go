package emit

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/dave/jennifer/jen"
)

// SpecSource renders spec.gen.go, which holds the prepared spec (overlays and rules applied,
// operationIds replaced by Go names) as indented JSON, so that test servers can validate
// requests and responses against exactly what the client was generated from.
func SpecSource(pkg string, spec []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, spec, "", "  "); err != nil {
		return nil, fmt.Errorf("indent prepared spec: %w", err)
	}

	// A backquote can only occur inside a JSON string, where \u0060 means the same, so the
	// document fits in a raw string literal.
	text := bytes.ReplaceAll(buf.Bytes(), []byte("`"), []byte(`\u0060`))

	f := newFile(pkg)
	f.Comment("OpenAPISpec returns the OpenAPI description the package was generated from, as")
	f.Comment("JSON, after the overlays and the generator's rules: the operationId of each")
	f.Comment("operation is its Go name. Each call returns a fresh copy.")
	f.Func().Id("OpenAPISpec").Params().Index().Byte().Block(
		jen.Return(jen.Index().Byte().Parens(jen.Id("openAPISpec"))),
	)
	f.Const().Id("openAPISpec").Op("=").Op("`" + string(text) + "\n`")
	return renderJen(f)
}

func emitSpec(in Input, files map[string][]byte) error {
	src, err := SpecSource(in.Package, in.Spec)
	files["spec.gen.go"] = src
	return err
}
