package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dbtcloud-go/dbtcloud/gen/naming"
)

// enumLine matches the "* `10` - SUCCESS" lines the upstream spec uses to name enum values.
var enumLine = regexp.MustCompile("(?m)^\\s*\\*\\s+`([^`]*)`\\s+-\\s+(.+?)\\s*$")

// EnumNames gives enum values the names listed in their schema's description, through
// x-enum-varnames, so integer enums get constants such as RunStatusSuccess instead of N10.
// A schema that names only some of its values, or names two alike, is left as it is.
func EnumNames(doc *openapi3.T) {
	eachSchema(doc, func(s *openapi3.Schema) {
		if len(s.Enum) == 0 || s.Extensions["x-enum-varnames"] != nil {
			return
		}
		if names := enumNames(s); names != nil {
			if s.Extensions == nil {
				s.Extensions = map[string]any{}
			}
			s.Extensions["x-enum-varnames"] = names
		}
	})
}

func enumNames(s *openapi3.Schema) []any {
	byValue := map[string]string{}
	for _, m := range enumLine.FindAllStringSubmatch(s.Description, -1) {
		byValue[m[1]] = naming.GoName(strings.ToLower(m[2]))
	}

	names := make([]any, 0, len(s.Enum))
	seen := map[string]bool{}
	for _, v := range s.Enum {
		name, ok := byValue[fmt.Sprint(v)]
		if !ok || seen[name] {
			return nil
		}
		seen[name] = true
		names = append(names, name)
	}
	return names
}
