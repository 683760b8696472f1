package names

import (
	"slices"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen/oapi"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/rules"
)

// extGoName is the schema extension oapi-codegen takes a component's Go type name from.
const extGoName = "x-go-name"

// Renamed is a component schema whose Go type keeps a locked name that differs from the
// name the schema would get today.
type Renamed struct {
	// Schema is the component schema's current upstream name.
	Schema string
	// GoName is the locked Go type name.
	GoName string
	// Default is the Go name the schema would get without the lock.
	Default string
}

// TODO(names): inline types nested in a renamed schema (oapi-codegen's Parent_Field types)
// are still named after the new schema name; only the top-level type keeps its locked name.

// Apply gives every component schema of doc its locked Go type name through x-go-name and
// returns the schemas it renamed. A schema that already has an x-go-name, set by an overlay
// or a rule, keeps it: those are deliberate names. Apply may be called on a nil set.
func (s *Set) Apply(doc *openapi3.T) []Renamed {
	if s == nil || doc.Components == nil {
		return nil
	}

	var out []Renamed
	for name, ref := range doc.Components.Schemas {
		locked, ok := s.Schemas[name]
		if !ok || ref == nil || ref.Value == nil || ref.Value.Extensions[extGoName] != nil {
			continue
		}
		def := oapi.TypeName(name)
		if locked == def {
			continue
		}
		if ref.Value.Extensions == nil {
			ref.Value.Extensions = map[string]any{}
		}
		ref.Value.Extensions[extGoName] = locked
		out = append(out, Renamed{Schema: name, GoName: locked, Default: def})
	}
	slices.SortFunc(out, func(a, b Renamed) int { return strings.Compare(a.Schema, b.Schema) })
	return out
}

// Record returns the names a generation used: the Go name of every operation and the Go
// type name of every component schema of the prepared doc.
func Record(doc *openapi3.T, ops []rules.Operation) *Set {
	s := NewSet()
	for _, op := range ops {
		s.Operations[OperationKey(op.Method, op.Path)] = op.GoName
	}
	if doc.Components == nil {
		return s
	}

	for name, ref := range doc.Components.Schemas {
		goName := oapi.TypeName(name)
		if ref != nil && ref.Value != nil {
			if v, ok := ref.Value.Extensions[extGoName].(string); ok && v != "" {
				goName = v
			}
		}
		s.Schemas[name] = goName
	}
	return s
}

// Carry returns a copy of s in which every schema upstream renamed keeps the Go name its
// old name had, so that the next generation gives it that name. Operations need no carrying:
// they are found by method and path. Carry may be called on a nil set.
func (s *Set) Carry(renames []diff.SchemaRename) *Set {
	out := NewSet()
	if s == nil {
		return out
	}
	for k, v := range s.Operations {
		out.Operations[k] = v
	}
	for k, v := range s.Schemas {
		out.Schemas[k] = v
	}

	for _, r := range renames {
		if goName, ok := s.Schemas[r.Old]; ok {
			if _, taken := s.Schemas[r.New]; !taken {
				out.Schemas[r.New] = goName
			}
		}
	}
	return out
}
