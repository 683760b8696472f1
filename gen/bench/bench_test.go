package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

func specsDir(b *testing.B) string {
	dir := os.Getenv("DBTCLOUD_SPECS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "specs")
	}
	return dir
}

func BenchmarkGenerate(b *testing.B) {
	p := gen.Project{Lock: "../../specs/lock.json", Overlays: "../../overlays",
		Source: spec.Source{Dir: specsDir(b)}}
	for b.Loop() {
		if _, _, err := p.Build(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlain(b *testing.B) {
	for b.Loop() {
		for _, name := range []string{"openapi-v2.yaml", "openapi-v3.yaml"} {
			doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join(specsDir(b), name))
			if err != nil {
				b.Fatal(err)
			}
			cfg := codegen.Configuration{PackageName: "p",
				Generate: codegen.GenerateOptions{Models: true, Client: true}}.UpdateDefaults()
			if _, err := codegen.Generate(doc, cfg); err != nil {
				b.Fatal(err)
			}
		}
	}
}
