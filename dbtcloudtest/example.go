package dbtcloudtest

import (
	"sort"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxDepth bounds how deep examples of recursive schemas go.
const maxDepth = 8

// exampler builds values that satisfy a schema, for operations the fake keeps no state for
// and for fields a stored resource lacks.
type exampler struct {
	now   time.Time
	times int

	// request builds request bodies, which leave out read-only fields; responses leave out
	// write-only ones.
	request bool

	// minimal fills only required properties, to complete a stored object without making up
	// fields it does not have.
	minimal bool
}

// value returns an example of ref, or nil when ref is empty.
func (e *exampler) value(ref *openapi3.SchemaRef, depth int) any {
	if ref == nil || ref.Value == nil {
		return nil
	}

	s := ref.Value
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	if s.Default != nil && s.VisitJSON(s.Default, dateTimeOption()) == nil {
		return s.Default
	}
	switch {
	case len(s.AllOf) > 0:
		return e.allOf(s, depth)
	case len(s.OneOf) > 0:
		return e.firstValid(s.OneOf, depth)
	case len(s.AnyOf) > 0:
		return e.firstValid(s.AnyOf, depth)
	}
	return e.typed(s, depth)
}

func (e *exampler) typed(s *openapi3.Schema, depth int) any {
	switch {
	case s.Type.Is(openapi3.TypeObject) || (s.Type == nil && len(s.Properties) > 0):
		return e.object(s, depth)
	case s.Type.Is(openapi3.TypeArray):
		return e.array(s, depth)
	case s.Type.Is(openapi3.TypeString):
		return e.str(s)
	case s.Type.Is(openapi3.TypeInteger):
		return float64(max(1, minimum(s)))
	case s.Type.Is(openapi3.TypeNumber):
		return float64(max(1, minimum(s)))
	case s.Type.Is(openapi3.TypeBoolean):
		return false
	case s.Type.Is(openapi3.TypeNull) || s.Nullable:
		return nil
	}
	return map[string]any{}
}

func minimum(s *openapi3.Schema) int64 {
	if s.Min == nil {
		return 0
	}
	return int64(*s.Min)
}

func (e *exampler) str(s *openapi3.Schema) string {
	var v string
	switch s.Format {
	case "date-time":
		e.times++
		return formatTime(e.now, e.times)
	case "date":
		return e.now.Format(time.DateOnly)
	case "uuid":
		return "8d3f2a41-5c6e-4b7a-9f10-2e3d4c5b6a79"
	case "email":
		return "someone@example.com"
	case "uri", "url":
		return "https://example.com/"
	default:
		v = "example"
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// object fills every property while depth allows, then only the required ones.
func (e *exampler) object(s *openapi3.Schema, depth int) map[string]any {
	out := map[string]any{}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)

	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, name := range names {
		prop := s.Properties[name]
		if (e.minimal || depth >= maxDepth) && !required[name] {
			continue
		}
		if prop.Value != nil && (e.request && prop.Value.ReadOnly ||
			!e.request && prop.Value.WriteOnly) {
			continue
		}
		out[name] = e.value(prop, depth+1)
	}
	return out
}

func (e *exampler) array(s *openapi3.Schema, depth int) []any {
	n := int(s.MinItems)
	if n == 0 && depth < maxDepth {
		n = 1
	}

	out := make([]any, n)
	for i := range out {
		out[i] = e.value(s.Items, depth+1)
	}
	return out
}

// allOf merges the examples of every part that is an object.
func (e *exampler) allOf(s *openapi3.Schema, depth int) any {
	merged := map[string]any{}
	for _, part := range s.AllOf {
		v := e.value(part, depth)
		obj, ok := v.(map[string]any)
		if !ok {
			return v
		}
		for k, x := range obj {
			merged[k] = x
		}
	}
	return merged
}

// firstValid returns the example of the first alternative that its own schema accepts.
func (e *exampler) firstValid(alts openapi3.SchemaRefs, depth int) any {
	for _, alt := range alts {
		v := e.value(alt, depth)
		if alt.Value != nil && alt.Value.VisitJSON(v, dateTimeOption()) == nil {
			return v
		}
	}
	return e.value(alts[0], depth)
}
