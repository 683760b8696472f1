package rules

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// StateSchema is the component the soft-deletion state properties are pointed at.
const StateSchema = "EntityState"

// stateProse is how the upstream spec describes the soft-deletion state, in prose only.
var stateProse = []string{"1 means this entity is active", "2 means this entity is deleted"}

// NamedStates gives the integer soft-deletion state that most resources carry (1 active,
// 2 deleted, named only in each property's description) one named enum type, EntityState,
// with the constants EntityStateActive and EntityStateDeleted. Every integer property named
// state whose description says so is pointed at it. A spec that already has a schema of
// that name is left as it is.
func NamedStates(doc *openapi3.T) {
	if doc.Components == nil || doc.Components.Schemas[StateSchema] != nil {
		return
	}

	shared := &openapi3.SchemaRef{
		Ref:   "#/components/schemas/" + StateSchema,
		Value: stateSchema(),
	}
	used := false
	eachSchema(doc, func(s *openapi3.Schema) {
		for name, p := range s.Properties {
			if name == "state" && isProseState(p) {
				s.Properties[name] = shared
				used = true
			}
		}
	})
	if used {
		doc.Components.Schemas[StateSchema] = &openapi3.SchemaRef{Value: shared.Value}
	}
}

func stateSchema() *openapi3.Schema {
	return &openapi3.Schema{
		Type:        &openapi3.Types{openapi3.TypeInteger},
		Enum:        []any{1, 2},
		Description: "EntityState is the soft-deletion state of a resource: 1 active, 2 deleted.",
		Extensions:  map[string]any{"x-enum-varnames": []any{"Active", "Deleted"}},
	}
}

func isProseState(p *openapi3.SchemaRef) bool {
	if p == nil || p.Ref != "" || p.Value == nil || len(p.Value.Enum) > 0 ||
		!p.Value.Type.Is(openapi3.TypeInteger) {
		return false
	}
	for _, phrase := range stateProse {
		if !strings.Contains(p.Value.Description, phrase) {
			return false
		}
	}
	return true
}
