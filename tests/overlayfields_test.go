package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// overlayFields returns the property names that the response overlays of api declare:
// the keys of every properties mapping an update adds, and the keys of updates that
// target a properties mapping. A missing overlay directory declares nothing.
func overlayFields(t *testing.T, api string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "overlays", api, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	names := map[string]bool{}
	for _, file := range files {
		for _, a := range readOverlayActions(t, file) {
			if strings.HasSuffix(a.Target, "properties") && a.Update.Kind == yaml.MappingNode {
				addKeys(names, &a.Update)
			}
			addPropertyKeys(names, &a.Update)
		}
	}
	return names
}

// overlayAction is the part of an overlay action the tests read.
type overlayAction struct {
	Target string    `yaml:"target"`
	Update yaml.Node `yaml:"update"`
}

func readOverlayActions(t *testing.T, file string) []overlayAction {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Actions []overlayAction `yaml:"actions"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc.Actions
}

// addKeys adds the keys of the mapping node n to names.
func addKeys(names map[string]bool, n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		names[n.Content[i].Value] = true
	}
}

// addPropertyKeys adds the keys of every "properties" mapping found under n.
func addPropertyKeys(names map[string]bool, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		for _, c := range n.Content {
			addPropertyKeys(names, c)
		}
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Value == "properties" && val.Kind == yaml.MappingNode {
			addKeys(names, val)
		}
		addPropertyKeys(names, val)
	}
}
