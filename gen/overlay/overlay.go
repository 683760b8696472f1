// Package overlay loads OpenAPI Overlay documents and applies them to a spec, one action at a
// time, so that every problem names the overlay file, the action and its target.
package overlay

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// ErrInvalid reports an overlay file that cannot be used.
var ErrInvalid = errors.New("invalid overlay")

// ErrUnmatched reports an action whose target selects nothing.
var ErrUnmatched = errors.New("overlay action matches nothing")

// Document is one parsed overlay file.
type Document struct {
	// Path is the file the overlay was read from.
	Path string
	// Actions are the overlay's actions in order.
	Actions []Action

	doc *overlay.Overlay
}

// Action is one overlay action with its place in the file.
type Action struct {
	overlay.Action

	// Index is the action's position in the file, counting from 1.
	Index int
	// Line is the line of the file on which the action starts.
	Line int
}

// Where returns file:line and the action's index and description, for messages.
func (d *Document) Where(a Action) string {
	return fmt.Sprintf("%s:%d: action %d (%s)", d.Path, a.Line, a.Index, a.Description)
}

// Load reads and validates the overlay file at path.
func Load(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read overlay: %w", err)
	}
	return Parse(path, data)
}

// Parse validates data as an Overlay 1.x document read from path. Every action must have a
// target and a description saying why it exists.
func Parse(path string, data []byte) (*Document, error) {
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, fmt.Errorf("%s: %w: not valid YAML: %s", path, ErrInvalid,
			strings.TrimPrefix(err.Error(), "yaml: "))
	}

	var doc overlay.Overlay
	if err := node.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w: not an Overlay document: %s", path, ErrInvalid,
			strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := doc.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w: not an Overlay 1.0 or 1.1 document: %s", path,
			ErrInvalid, strings.ReplaceAll(err.Error(), "\n", "; "))
	}

	lines := actionLines(&node)
	d := &Document{Path: path, doc: &doc}
	for i, a := range doc.Actions {
		act := Action{Action: a, Index: i + 1, Line: lines[i]}
		if err := d.check(act); err != nil {
			return nil, err
		}
		d.Actions = append(d.Actions, act)
	}
	return d, nil
}

func (d *Document) check(a Action) error {
	if strings.TrimSpace(a.Description) == "" {
		return fmt.Errorf("%s:%d: %w: action %d has no description; say why it exists",
			d.Path, a.Line, ErrInvalid, a.Index)
	}
	if _, err := d.doc.NewPath(a.Target, nil); err != nil {
		return fmt.Errorf("%s: %w: target %q does not parse as JSONPath: %s",
			d.Where(a), ErrInvalid, a.Target, err)
	}
	if a.Copy != "" {
		if _, err := d.doc.NewPath(a.Copy, nil); err != nil {
			return fmt.Errorf("%s: %w: copy %q does not parse as JSONPath: %s",
				d.Where(a), ErrInvalid, a.Copy, err)
		}
	}
	return nil
}

// actionLines returns the line of each item of the document's actions sequence.
func actionLines(node *yaml.Node) []int {
	var lines []int
	if node.Kind != yaml.DocumentNode || len(node.Content) == 0 {
		return lines
	}
	root := node.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "actions" {
			for _, item := range root.Content[i+1].Content {
				lines = append(lines, item.Line)
			}
		}
	}
	return lines
}
