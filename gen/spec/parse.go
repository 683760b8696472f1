package spec

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrInvalid reports a spec file that is not a usable OpenAPI 3.0 description.
var ErrInvalid = errors.New("invalid OpenAPI description")

// maxRefErrors bounds how many dangling references one error lists.
const maxRefErrors = 10

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// Parse decodes a spec file into a YAML node tree and checks that every local $ref resolves.
// Errors name the file, the line and the JSON pointer of the problem.
func Parse(name string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s (%w)", positioned(name, err), ErrInvalid)
	}

	root := documentRoot(&doc)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: %w: the document is not a YAML mapping", name, ErrInvalid)
	}

	if v := Lookup(root, "openapi"); v == nil || !strings.HasPrefix(v.Value, "3.0") {
		return nil, fmt.Errorf("%s: %w: want an `openapi: 3.0.x` document", name, ErrInvalid)
	}

	if err := CheckRefs(name, root); err != nil {
		return nil, err
	}
	return root, nil
}

// positioned rewrites a yaml.v3 error as file:line: message.
func positioned(name string, err error) string {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s:%s: not valid YAML: %s", name, m[1], msg[len(m[0]):])
	}
	return fmt.Sprintf("%s: not valid YAML: %s", name, strings.TrimPrefix(msg, "yaml: "))
}

func documentRoot(doc *yaml.Node) *yaml.Node {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0]
	}
	return nil
}

// Lookup returns the value under key in mapping node m, or nil.
func Lookup(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Resolve follows a local JSON pointer such as #/components/schemas/Run from root.
func Resolve(root *yaml.Node, ref string) *yaml.Node {
	pointer, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}

	node := root
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if pointer == "" {
			break
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		node = Lookup(node, tok)
		if node == nil {
			return nil
		}
	}
	return node
}

// CheckRefs reports every local $ref under root that resolves to nothing, with its line and
// JSON pointer; name is the file named in the message.
func CheckRefs(name string, root *yaml.Node) error {
	var dangling []string
	count := 0
	walk(root, "", func(n *yaml.Node, ptr string) {
		ref := Lookup(n, "$ref")
		if ref == nil || ref.Kind != yaml.ScalarNode {
			return
		}
		if Resolve(root, ref.Value) != nil {
			return
		}
		count++
		if len(dangling) < maxRefErrors {
			dangling = append(dangling, fmt.Sprintf("%s:%d:%d: $ref %q at %s resolves to nothing",
				name, ref.Line, ref.Column, ref.Value, ptr+"/$ref"))
		}
	})
	if count == 0 {
		return nil
	}

	more := ""
	if count > len(dangling) {
		more = fmt.Sprintf("\n(and %d more)", count-len(dangling))
	}
	return fmt.Errorf("%s: %w: %d $ref(s) resolve to nothing; fix them with an overlay or "+
		"pin another upstream commit:\n%s%s", name, ErrInvalid, count,
		strings.Join(dangling, "\n"), more)
}

// walk calls fn for every mapping node under n with its JSON pointer.
func walk(n *yaml.Node, ptr string, fn func(*yaml.Node, string)) {
	switch n.Kind {
	case yaml.MappingNode:
		fn(n, ptr)
		for i := 0; i+1 < len(n.Content); i += 2 {
			walk(n.Content[i+1], ptr+"/"+escape(n.Content[i].Value), fn)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walk(c, fmt.Sprintf("%s/%d", ptr, i), fn)
		}
	}
}

// escape encodes one JSON pointer token.
func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// Pointer joins tokens into a JSON pointer.
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + escape(t))
	}
	return b.String()
}
