// Package gen is the dbt Cloud client generator: it reads a pinned OpenAPI description,
// applies overlays and the generator's rules, and renders a Go package.
//
// The pipeline has four stages, each in its own package: spec (find, verify and parse the
// description), overlay (apply hand-written fixes), rules (decisions made in Go, such as
// operation names and JSON-only request bodies) and emit (render the Go files). Package
// output writes or compares the result.
package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/dbtcloud-go/dbtcloud/gen/emit"
	"github.com/dbtcloud-go/dbtcloud/gen/names"
	"github.com/dbtcloud-go/dbtcloud/gen/overlay"
	"github.com/dbtcloud-go/dbtcloud/gen/rules"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// Target is one package to generate.
type Target struct {
	// Package is the Go package name, such as adminv2.
	Package string
	// Title says what the package is a client for, in its doc comment.
	Title string
	// Source names where the spec came from, in the package doc comment.
	Source string
	// SpecPath names the spec in messages.
	SpecPath string
	// Spec is the spec file's content.
	Spec []byte
	// Overlays are overlay files applied in order.
	Overlays []string
}

// Options tune a run.
type Options struct {
	// LenientOverlays reports overlay actions that match nothing instead of failing.
	LenientOverlays bool
	// Logger receives progress at debug level and skipped actions as warnings; nil is quiet.
	Logger *slog.Logger
	// Names is the names lock; its set for the target's package keeps Go names stable.
	Names *names.Lock
}

// Package is a generated package: its files by name and what the overlays did.
type Package struct {
	Name       string
	Files      map[string][]byte
	Operations []rules.Operation
	Overlays   overlay.Report
	// Names are the Go names this generation used, as a names lock records them.
	Names *names.Set
}

// Generate builds the package for t. It writes nothing.
func Generate(ctx context.Context, t Target, opts Options) (*Package, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}

	doc, rep, err := Prepare(t, opts)
	if err != nil {
		return nil, err
	}
	for _, f := range rep.Unmatched {
		log.Warn("overlay action skipped", "action", f.String())
	}

	locked := opts.Names.Package(t.Package)
	renamed := locked.Apply(doc)
	ops, err := rules.NameOperations(t.SpecPath, doc, locked.Operation)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: encode prepared spec: %w", t.SpecPath, err)
	}

	log.Debug("rendering", "package", t.Package, "operations", len(ops))
	files, err := render(t, data, ops)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Package, err)
	}
	if err := names.AddAliases(t.Package, renamed, files); err != nil {
		return nil, fmt.Errorf("%s: %w", t.Package, err)
	}
	return &Package{Name: t.Package, Files: files, Operations: ops, Overlays: rep,
		Names: names.Record(doc, ops)}, ctx.Err()
}

// Prepare parses the spec, applies the overlays and the generator's rules, and returns the
// document oapi-codegen is given, before operations are named.
func Prepare(t Target, opts Options) (*openapi3.T, overlay.Report, error) {
	root, err := spec.Parse(t.SpecPath, t.Spec)
	if err != nil {
		return nil, overlay.Report{}, err
	}

	rep, err := applyOverlays(root, t.Overlays, !opts.LenientOverlays)
	if err != nil {
		return nil, rep, err
	}
	if err := spec.CheckRefs(t.SpecPath+" (after overlays)", root); err != nil {
		return nil, rep, err
	}

	doc, err := load(t.SpecPath, root)
	if err != nil {
		return nil, rep, err
	}
	rules.JSONBodiesOnly(doc)
	rules.NullableMapValues(doc)
	rules.NamedStates(doc)
	rules.NullableResponses(doc)
	rules.EnumNames(doc)
	rules.WrapDocs(doc)
	rules.Unstutter(doc)
	return doc, rep, nil
}

func applyOverlays(root *yaml.Node, paths []string, strict bool) (overlay.Report, error) {
	var all overlay.Report
	for _, p := range paths {
		d, err := overlay.Load(p)
		if err != nil {
			return all, err
		}
		rep, err := d.Apply(root, strict)
		all.Unmatched = append(all.Unmatched, rep.Unmatched...)
		all.NoOps = append(all.NoOps, rep.NoOps...)
		if err != nil {
			return all, err
		}
	}
	return all, nil
}

func load(name string, root *yaml.Node) (*openapi3.T, error) {
	data, err := spec.ToJSON(root)
	if err != nil {
		return nil, fmt.Errorf("%s: re-encode after overlays: %w", name, err)
	}

	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, spec.ErrInvalid, err)
	}
	return doc, nil
}

func render(t Target, data []byte, ops []rules.Operation) (map[string][]byte, error) {
	in := emit.Input{Package: t.Package, Title: t.Title, Source: t.Source, Spec: data,
		Operations: ops}
	files := map[string][]byte{}
	for _, e := range emit.Emitters {
		if err := e.Emit(in, files); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
		}
	}

	return files, nil
}
