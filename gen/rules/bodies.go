package rules

import (
	"mime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// JSONBodiesOnly keeps one JSON media type per request body and drops the form and multipart
// variants the spec also lists: the API reads JSON (application/scim+json for SCIM).
func JSONBodiesOnly(doc *openapi3.T) {
	eachOperation(doc, func(_, _ string, op *openapi3.Operation) {
		if op.RequestBody == nil || op.RequestBody.Value == nil {
			return
		}
		content := op.RequestBody.Value.Content
		keep := pickJSON(content)
		if keep == "" {
			return
		}
		for mt := range content {
			if mt != keep {
				delete(content, mt)
			}
		}
	})
}

// pickJSON returns application/json if present, else the first JSON-suffixed media type.
func pickJSON(content openapi3.Content) string {
	if _, ok := content["application/json"]; ok {
		return "application/json"
	}
	for _, mt := range sortedKeys(content) {
		base, _, err := mime.ParseMediaType(mt)
		if err == nil && strings.HasSuffix(base, "+json") {
			return mt
		}
	}
	return ""
}
