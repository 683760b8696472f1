// Package rules holds the generator's own rewrites of a loaded spec: decisions made in Go
// that apply to every schema or operation of their shape, where an overlay would have to
// name each one.
package rules

import (
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaVisitor is called once for every distinct schema reachable from the document.
type schemaVisitor func(s *openapi3.Schema)

// eachSchema visits every schema of doc once, components first, in a stable order.
func eachSchema(doc *openapi3.T, fn schemaVisitor) {
	seen := map[*openapi3.Schema]bool{}
	visit := func(ref *openapi3.SchemaRef) { walkSchema(ref, seen, fn) }

	if doc.Components != nil {
		for _, name := range sortedKeys(doc.Components.Schemas) {
			visit(doc.Components.Schemas[name])
		}
	}
	eachOperation(doc, func(_, _ string, op *openapi3.Operation) {
		for _, p := range op.Parameters {
			if p.Value != nil {
				visit(p.Value.Schema)
			}
		}
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			for _, mt := range sortedKeys(op.RequestBody.Value.Content) {
				visit(op.RequestBody.Value.Content[mt].Schema)
			}
		}
		for _, code := range sortedKeys(op.Responses.Map()) {
			resp := op.Responses.Map()[code]
			if resp.Value == nil {
				continue
			}
			for _, mt := range sortedKeys(resp.Value.Content) {
				visit(resp.Value.Content[mt].Schema)
			}
		}
	})
}

func walkSchema(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool, fn schemaVisitor) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	fn(s)

	for _, name := range sortedKeys(s.Properties) {
		walkSchema(s.Properties[name], seen, fn)
	}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range list {
			walkSchema(r, seen, fn)
		}
	}
	walkSchema(s.Items, seen, fn)
	walkSchema(s.Not, seen, fn)
	walkSchema(s.AdditionalProperties.Schema, seen, fn)
}

// eachOperation calls fn for every operation of doc, sorted by path then method.
func eachOperation(doc *openapi3.T, fn func(method, path string, op *openapi3.Operation)) {
	if doc.Paths == nil {
		return
	}
	paths := doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		ops := paths[path].Operations()
		for _, method := range sortedKeys(ops) {
			fn(method, path, ops[method])
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
