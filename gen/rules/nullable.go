package rules

import "github.com/getkin/kin-openapi/openapi3"

// NullableOptionalResponses marks every optional property of every schema a response can
// hold as nullable, because the live API sends null for optional fields the spec does not
// mark so (run timestamps, trigger overrides, lifecycle_webhooks_url and many more). Test
// servers and validators that read the prepared spec then accept what the API really sends.
//
// The Go types do not change: an optional field is already a pointer, which decodes null as
// nil. Required properties are left alone, so that they stay plain values (a null decodes to
// the zero value), and so are properties that are a bare $ref, whose schema is shared with
// other uses.
func NullableOptionalResponses(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}

	eachOperation(doc, func(_, _ string, op *openapi3.Operation) {
		for _, code := range sortedKeys(op.Responses.Map()) {
			resp := op.Responses.Map()[code]
			if resp.Value == nil {
				continue
			}
			for _, mt := range sortedKeys(resp.Value.Content) {
				walkSchema(resp.Value.Content[mt].Schema, seen, markOptionalNullable)
			}
		}
	})
}

// markOptionalNullable marks the optional, inline properties of s nullable.
func markOptionalNullable(s *openapi3.Schema) {
	required := map[string]bool{}
	for _, name := range s.Required {
		required[name] = true
	}

	for name, p := range s.Properties {
		if !required[name] && p != nil && p.Ref == "" && p.Value != nil {
			p.Value.Nullable = true
		}
	}
}
