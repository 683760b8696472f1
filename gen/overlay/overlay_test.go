package overlay

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const smallSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /jobs/:
    get:
      operationId: List Jobs
      parameters:
        - {in: query, name: limit, schema: {type: integer}}
        - {in: query, name: state, schema: {type: string}}
`

func specNode(t testing.TB) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(smallSpec), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func overlayText(actions string) string {
	return "overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n" + actions
}

func TestApply(t *testing.T) {
	d, err := Parse("o.yaml", []byte(overlayText(`
  - target: $.paths['/jobs/'].get
    description: name it
    update: {x-dbtcloud-go-name: ListJobs}
  - target: $.paths['/jobs/'].get.parameters[?@.name == 'state']
    description: drop the filter
    remove: true
  - target: $.info
    description: already so
    update: {title: t}
`)))
	if err != nil {
		t.Fatal(err)
	}
	root := specNode(t)

	rep, err := d.Apply(root, true)
	if err != nil {
		t.Fatal(err)
	}

	out, _ := yaml.Marshal(root)
	if !strings.Contains(string(out), "x-dbtcloud-go-name: ListJobs") {
		t.Errorf("update not applied:\n%s", out)
	}
	if strings.Contains(string(out), "name: state") {
		t.Errorf("remove not applied:\n%s", out)
	}
	if len(rep.NoOps) != 1 || !strings.Contains(rep.NoOps[0].Where, "o.yaml:11: action 3") {
		t.Errorf("no-ops = %v, want action 3 at line 11", rep.NoOps)
	}
}

func TestApplyUnmatched(t *testing.T) {
	d, err := Parse("o.yaml", []byte(overlayText(`
  - target: $.paths['/runs/'].get
    description: gone upstream
    update: {x-a: 1}
`)))
	if err != nil {
		t.Fatal(err)
	}

	_, err = d.Apply(specNode(t), true)
	if !errors.Is(err, ErrUnmatched) || !strings.Contains(err.Error(), "o.yaml:5: action 1") {
		t.Fatalf("strict: err = %v", err)
	}

	rep, err := d.Apply(specNode(t), false)
	if err != nil || len(rep.Unmatched) != 1 {
		t.Fatalf("lenient: rep = %+v, err = %v", rep, err)
	}
}

// FuzzApply feeds arbitrary targets and update values through parsing and application:
// nothing may panic, and every failure must name the overlay file.
func FuzzApply(f *testing.F) {
	seeds := [][2]string{
		{"$.paths['/jobs/'].get", "{x-a: 1}"},
		{"$.paths.*.get.parameters[?@.name == 'limit']", "{description: d}"},
		{"$..schema", "{format: int64}"},
		{"$.paths[[", "{}"},
		{"$", "[1, 2]"},
		{"$.info.title", "scalar"},
		{"", "{x: y}"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}

	f.Fuzz(func(t *testing.T, target, update string) {
		text := overlayText(fmt.Sprintf("  - target: %q\n    description: fuzz\n    update: %s\n",
			target, update))
		d, err := Parse("fuzz.yaml", []byte(text))
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("parse error does not name the file: %v", err)
			}
			return
		}
		if _, err := d.Apply(specNode(t), true); err != nil &&
			!strings.Contains(err.Error(), "fuzz.yaml") {
			t.Fatalf("apply error does not name the file: %v", err)
		}
	})
}
