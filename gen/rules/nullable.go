package rules

import "github.com/getkin/kin-openapi/openapi3"

// extSkipPointer is oapi-codegen's extension that keeps a nullable field a plain value.
const extSkipPointer = "x-go-type-skip-optional-pointer"

// NullableResponses marks every inline property of every schema a response can hold as
// nullable, because the live API sends null in fields the spec does not mark so: optional
// ones (run timestamps, trigger overrides, lifecycle_webhooks_url) and now and then required
// ones (Extra.order_by, an environment's created_at). Test servers and validators that read
// the prepared spec then accept what the API really sends.
//
// The Go types do not change. An optional or read-only field is already a pointer, which
// decodes null as nil. Any other required field is marked x-go-type-skip-optional-pointer,
// so it stays a plain value and a null decodes to its zero value. A property that is a bare
// $ref is left alone: its schema is shared with other uses, and OpenAPI 3.0 ignores keywords
// beside a $ref.
func NullableResponses(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	eachOperation(doc, func(_, _ string, op *openapi3.Operation) {
		for _, code := range sortedKeys(op.Responses.Map()) {
			resp := op.Responses.Map()[code]
			if resp.Value == nil {
				continue
			}
			for _, mt := range sortedKeys(resp.Value.Content) {
				walkSchema(resp.Value.Content[mt].Schema, seen, markNullable)
			}
		}
	})
}

// markNullable marks the inline properties of s nullable, keeping plain values plain.
func markNullable(s *openapi3.Schema) {
	required := map[string]bool{}
	for _, name := range s.Required {
		required[name] = true
	}

	for name, p := range s.Properties {
		if p == nil || p.Ref != "" || p.Value == nil || p.Value.Nullable {
			continue
		}
		p.Value.Nullable = true
		if required[name] && !p.Value.ReadOnly && !p.Value.WriteOnly {
			if p.Value.Extensions == nil {
				p.Value.Extensions = map[string]any{}
			}
			p.Value.Extensions[extSkipPointer] = true
		}
	}
}
