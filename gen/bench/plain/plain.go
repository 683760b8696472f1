// Package plain runs oapi-codegen the way a project without this generator would: the
// pinned version, models and client, its own defaults (formatting included), one file per
// spec. It is the baseline the benchmarks and cmd/benchtable measure the generator against.
//
// It calls oapi-codegen's pkg/codegen with a configuration of its own, which that package
// keeps in package-level state; a process that uses it must not also run the generator.
package plain

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	// The code plain oapi-codegen writes imports its runtime; importing it here keeps the
	// runtime's version pinned in go.mod for cmd/benchtable's builds of that code.
	_ "github.com/oapi-codegen/runtime"
)

// Specs are the spec files generated, by package name.
var Specs = map[string]string{
	"adminv2": "openapi-v2.yaml",
	"adminv3": "openapi-v3.yaml",
}

// Generate returns the source oapi-codegen writes for the spec file at path, as package pkg.
func Generate(path, pkg string) ([]byte, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("plain: load %s: %w", path, err)
	}

	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
	}.UpdateDefaults()
	src, err := codegen.Generate(doc, cfg)
	if err != nil {
		return nil, fmt.Errorf("plain: generate %s: %w", path, err)
	}
	return []byte(src), nil
}

// WriteAll generates every spec of Specs from specsDir into out/<package>/client.gen.go.
func WriteAll(specsDir, out string) error {
	for pkg, file := range Specs {
		src, err := Generate(filepath.Join(specsDir, file), pkg)
		if err != nil {
			return err
		}

		dir := filepath.Join(out, pkg)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "client.gen.go"), src, 0o644); err != nil {
			return fmt.Errorf("plain: %w", err)
		}
	}
	return nil
}
