package rules

import (
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen/oapi"
	"github.com/getkin/kin-openapi/openapi3"
)

// stutters are doubled suffixes the upstream serializer names produce, such as
// TriggerRunRequestRequest.
var stutters = []string{"RequestRequest", "ResponseResponse"}

// Unstutter names a component schema whose name ends in a doubled suffix without the
// repetition (TriggerRunRequestRequest becomes TriggerRunRequest), through x-go-name, unless
// another schema already has that name or the schema names itself.
func Unstutter(doc *openapi3.T) {
	if doc.Components == nil {
		return
	}

	taken := map[string]bool{}
	for name := range doc.Components.Schemas {
		taken[oapi.TypeName(name)] = true
	}
	for _, name := range sortedKeys(doc.Components.Schemas) {
		ref := doc.Components.Schemas[name]
		short := unstuttered(name)
		if short == name || taken[short] || ref.Value == nil ||
			ref.Value.Extensions["x-go-name"] != nil {
			continue
		}
		if ref.Value.Extensions == nil {
			ref.Value.Extensions = map[string]any{}
		}
		ref.Value.Extensions["x-go-name"] = short
		taken[short] = true
	}
}

func unstuttered(name string) string {
	for _, s := range stutters {
		if base, ok := strings.CutSuffix(name, s); ok {
			return base + s[:len(s)/2]
		}
	}
	return name
}
