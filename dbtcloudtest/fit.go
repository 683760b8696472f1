package dbtcloudtest

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// valid reports whether v satisfies ref as a response value.
func valid(ref *openapi3.SchemaRef, v any) bool {
	if ref == nil || ref.Value == nil {
		return true
	}
	return ref.Value.VisitJSON(v, dateTimeOption(), openapi3.VisitAsResponse()) == nil
}

// fit returns v if ref accepts it. Otherwise it keeps what it can: for an object, an example
// of ref with every field of v that the schema knows and accepts, and without the fields v
// sets to a null the schema refuses; for a list, the items fitted one by one; for anything
// else, an example of ref.
func (e *exampler) fit(v any, ref *openapi3.SchemaRef, depth int) any {
	if valid(ref, v) {
		return v
	}

	if alts := alternatives(ref.Value); len(alts) > 0 {
		for _, alt := range alts {
			if f := e.fit(v, alt, depth); valid(alt, f) && valid(ref, f) {
				return f
			}
		}
	}
	switch x := v.(type) {
	case map[string]any:
		return e.fitObject(x, ref, depth)
	case []any:
		if ref.Value.Items == nil {
			break
		}
		items := make([]any, 0, len(x))
		for _, item := range x {
			items = append(items, e.fit(item, ref.Value.Items, depth+1))
		}
		if valid(ref, items) {
			return items
		}
	}
	return e.value(ref, depth)
}

func alternatives(s *openapi3.Schema) openapi3.SchemaRefs {
	if len(s.OneOf) > 0 {
		return s.OneOf
	}
	return s.AnyOf
}

func (e *exampler) fitObject(x map[string]any, ref *openapi3.SchemaRef, depth int) any {
	minimal := *e
	minimal.minimal = true
	base, ok := minimal.value(ref, depth).(map[string]any)
	if !ok {
		return e.value(ref, depth)
	}

	for k, item := range x {
		prop := property(ref.Value, k)
		if prop == nil {
			continue
		}
		if item == nil && !valid(prop, nil) {
			// The live API sends null where the spec does not allow it; leave the field
			// out rather than invent a value, unless the schema requires it.
			if !contains(ref.Value.Required, k) {
				delete(base, k)
			}
			continue
		}
		if f := e.fit(item, prop, depth+1); valid(prop, f) {
			base[k] = f
		}
	}
	return base
}

// property finds the schema of the named property in s or in the parts of its allOf.
func property(s *openapi3.Schema, name string) *openapi3.SchemaRef {
	if p, ok := s.Properties[name]; ok {
		return p
	}
	for _, part := range s.AllOf {
		if part.Value == nil {
			continue
		}
		if p := property(part.Value, name); p != nil {
			return p
		}
	}
	return nil
}
