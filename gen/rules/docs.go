package rules

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// wrapWidth is the widest line of spec prose in generated comments, before the "// " prefix
// and indentation.
const wrapWidth = 88

// WrapDocs wraps the descriptions of operations, parameters and schemas so that generated
// comments stay readable. Existing line breaks are kept; only long lines are broken.
func WrapDocs(doc *openapi3.T) {
	eachOperation(doc, func(_, _ string, op *openapi3.Operation) {
		op.Description = Wrap(op.Description, wrapWidth)
		for _, p := range op.Parameters {
			if p.Value != nil {
				p.Value.Description = Wrap(p.Value.Description, wrapWidth)
			}
		}
	})
	eachSchema(doc, func(s *openapi3.Schema) {
		s.Description = Wrap(s.Description, wrapWidth)
	})
}

// Wrap breaks every line of text longer than width at spaces. A word longer than width
// stays whole on its own line.
func Wrap(text string, width int) string {
	if len(text) <= width && !strings.Contains(text, "\n") {
		return text
	}

	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		out = append(out, wrapLine(line, width)...)
	}
	return strings.Join(out, "\n")
}

func wrapLine(line string, width int) []string {
	line = strings.TrimRight(line, " \t")
	if len(line) <= width {
		return []string{line}
	}

	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	var out []string
	cur := ""
	for _, w := range strings.Fields(line) {
		switch {
		case cur == "":
			cur = indent + w
		case len(cur)+1+len(w) > width:
			out = append(out, cur)
			cur = indent + w
		default:
			cur += " " + w
		}
	}
	return append(out, cur)
}
