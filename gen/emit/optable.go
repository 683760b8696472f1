package emit

import (
	"bytes"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/dbtcloud-go/dbtcloud/gen/rules"
)

// OperationTable renders operations.gen.go: the package's table of operations, which the
// retry, pagination, mock and fake layers are driven by.
func OperationTable(pkg string, ops []rules.Operation) ([]byte, error) {
	f := newFile(pkg)

	rows := make([]jen.Code, len(ops))
	for i, op := range ops {
		rows[i] = jen.Line().Values(
			jen.Id("Method").Op(":").Lit(op.Method),
			jen.Id("Path").Op(":").Lit(op.Path),
			jen.Id("OperationID").Op(":").Lit(op.OperationID),
			jen.Id("GoName").Op(":").Lit(op.GoName),
			jen.Id("Idempotent").Op(":").Lit(op.Idempotent),
			jen.Id("Paginated").Op(":").Lit(op.Paginated),
			jen.Id("ContentType").Op(":").Lit(op.ContentType),
		)
	}

	f.Comment("Operations lists every operation of the API, sorted by path and method: its")
	f.Comment("method, path template and upstream operationId, the name of its client method,")
	f.Comment("whether it may be sent twice and pages with limit and offset, and the media")
	f.Comment("type of its request body.")
	f.Var().Id("Operations").Op("=").Qual(RuntimeImport, "Operations").Values(
		append(rows, jen.Line())...,
	)
	return renderJen(f)
}

// PackageDoc renders doc.gen.go, the package comment.
func PackageDoc(pkg, title, source string) ([]byte, error) {
	f := newFile(pkg)
	f.PackageComment(fmt.Sprintf("Package %s is a client for %s,", pkg, title))
	f.PackageComment("generated from " + source + ".")
	f.PackageComment("")
	f.PackageComment("Client sends every operation through a dbtrt.Doer, such as httpdo.New, and")
	f.PackageComment("returns its response with the body decoded into the field for the status,")
	f.PackageComment("such as JSON200. The package does not import net/http.")
	f.PackageComment("Operations describes every operation the client knows.")
	return renderJen(f)
}

func newFile(pkg string) *jen.File {
	f := jen.NewFile(pkg)
	f.HeaderComment(Header)
	f.ImportName(RuntimeImport, "dbtrt")
	return f
}

func renderJen(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return buf.Bytes(), nil
}
