package rules

import (
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen/oapi"
	"github.com/getkin/kin-openapi/openapi3"
)

// primitiveGoTypes are the Go types the generator maps plain OpenAPI scalars to.
var primitiveGoTypes = map[string]string{
	openapi3.TypeString:  "string",
	openapi3.TypeInteger: "int64",
	openapi3.TypeNumber:  "float64",
	openapi3.TypeBoolean: "bool",
}

// NullableMapValues rewrites nullable additionalProperties schemas so that the map type and
// its accessors agree. oapi-codegen declares such a map as map[string]*T but writes Get, Set
// and the JSON methods for T, which does not compile. A scalar or referenced value type
// becomes an explicit pointer (x-go-type *T), so nil still sends null; an array or free-form
// object value needs no pointer, because a nil slice or map already encodes as null.
func NullableMapValues(doc *openapi3.T) {
	eachSchema(doc, func(s *openapi3.Schema) {
		ap := s.AdditionalProperties.Schema
		if ap == nil || ap.Value == nil || !ap.Value.Nullable {
			return
		}
		if goType := pointerTarget(ap); goType != "" {
			s.AdditionalProperties.Schema = &openapi3.SchemaRef{Value: pointerSchema(ap, goType)}
			return
		}
		if ap.Ref == "" && (ap.Value.Type.Is(openapi3.TypeArray) || len(ap.Value.Properties) == 0) {
			ap.Value.Nullable = false
		}
		// TODO(gen): a nullable inline object with properties as a map value keeps
		// oapi-codegen's behaviour; no spec has one yet.
	})
}

// pointerTarget returns the Go type a nullable map value should point to, or "".
func pointerTarget(ap *openapi3.SchemaRef) string {
	if ap.Ref != "" {
		name := ap.Ref[strings.LastIndex(ap.Ref, "/")+1:]
		return oapi.TypeName(name)
	}
	if ap.Value.Type == nil || len(ap.Value.Type.Slice()) != 1 || ap.Value.Format != "" {
		return ""
	}
	return primitiveGoTypes[ap.Value.Type.Slice()[0]]
}

func pointerSchema(ap *openapi3.SchemaRef, goType string) *openapi3.Schema {
	s := *ap.Value
	s.Nullable = false
	s.Extensions = map[string]any{"x-go-type": "*" + goType}
	for k, v := range ap.Value.Extensions {
		if k != "x-go-type" {
			s.Extensions[k] = v
		}
	}
	return &s
}
