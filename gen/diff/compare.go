package diff

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	oasdiff "github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
	"gopkg.in/yaml.v3"

	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// Spec is one version of a description to compare.
type Spec struct {
	// Name names the file in reports and errors.
	Name string
	// Data is the file's content.
	Data []byte
}

// parsed is a description loaded both ways the comparison needs.
type parsed struct {
	doc  *openapi3.T
	tree map[string]any
}

// Compare reports the changes from old to new of the description of api. Overlays, when
// given, are applied in order to a copy of new and the actions that no longer take effect
// are listed.
func Compare(api string, old, new Spec, overlays []string) (*Report, error) {
	a, err := parse(old)
	if err != nil {
		return nil, err
	}
	b, err := parse(new)
	if err != nil {
		return nil, err
	}

	r := &Report{API: api, Old: old.Name, New: new.Name, Changes: []Change{},
		Overlays: []OverlayFinding{}}
	r.Changes, err = ruleChanges(old.Name, new.Name, a.doc, b.doc)
	if err != nil {
		return nil, err
	}
	r.Changes = append(r.Changes, summariseOperations(a.doc, b.doc, &r.Summary)...)
	r.Changes = append(r.Changes, summariseSchemas(newSchemaSet(a.tree), newSchemaSet(b.tree),
		&r.Summary)...)
	r.Changes = sortChanges(r.Changes)
	r.Summary.fillEmpty()

	r.Overlays, err = overlayDrift(new, overlays)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// parse checks the file as the generator does, then loads it for oasdiff and as plain YAML.
func parse(s Spec) (parsed, error) {
	if _, err := spec.Parse(s.Name, s.Data); err != nil {
		return parsed{}, err
	}

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(s.Data)
	if err != nil {
		return parsed{}, fmt.Errorf("%s: %w: %w", s.Name, spec.ErrInvalid, err)
	}
	var tree map[string]any
	if err := yaml.Unmarshal(s.Data, &tree); err != nil {
		return parsed{}, fmt.Errorf("%s: %w: %w", s.Name, spec.ErrInvalid, err)
	}
	return parsed{doc: doc, tree: tree}, nil
}

// ruleChanges runs oasdiff's checks, informational ones included, and maps their levels:
// error to breaking, warning to possibly breaking, info to informational.
func ruleChanges(oldName, newName string, old, new *openapi3.T) ([]Change, error) {
	d, sources, err := oasdiff.GetWithOperationsSourcesMap(oasdiff.NewConfig(),
		&load.SpecInfo{Url: oldName, Spec: old}, &load.SpecInfo{Url: newName, Spec: new})
	if err != nil {
		return nil, fmt.Errorf("compare %s with %s: %w", oldName, newName, err)
	}

	cfg := checker.NewConfig(checker.GetAllChecks())
	found := checker.CheckBackwardCompatibilityUntilLevel(cfg, d, sources, checker.INFO)
	loc := checker.NewDefaultLocalizer()
	out := make([]Change, 0, len(found))
	for _, c := range found {
		ch := Change{Level: level(c.GetLevel()), Kind: c.GetId(), Text: c.GetUncolorizedText(loc)}
		if c.GetOperation() != "" {
			ch.Operation = c.GetOperation() + " " + c.GetPath()
		}
		out = append(out, ch)
	}
	return out, nil
}

func level(l checker.Level) Level {
	switch l {
	case checker.ERR:
		return Breaking
	case checker.WARN:
		return PossiblyBreaking
	}
	return Info
}

// sortChanges orders changes by level, most severe first, then by operation, kind and text,
// and drops duplicates.
func sortChanges(cs []Change) []Change {
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(
			cmp.Compare(b.Level, a.Level),
			cmp.Compare(a.Operation, b.Operation),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Text, b.Text),
		)
	})
	return slices.Compact(cs)
}
