package overlay

import (
	"fmt"
	"strings"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// Finding is an action that did not do what it says: it matched nothing, or it changed nothing.
type Finding struct {
	// Where is file:line, the action's index and its description.
	Where string
	// Target is the action's JSONPath target.
	Target string
	// Problem says what is wrong.
	Problem string
}

// String returns the finding as one line.
func (f Finding) String() string {
	return fmt.Sprintf("%s: target %s: %s", f.Where, f.Target, f.Problem)
}

// Report lists the actions of an application that did not take effect.
type Report struct {
	// Unmatched are actions whose target selected nothing.
	Unmatched []Finding
	// NoOps are actions that selected nodes but changed nothing.
	NoOps []Finding
}

// Apply applies every action of d to the spec document node, in order. With strict set, an
// action that matches nothing is an error; otherwise it is listed in the report and skipped.
func (d *Document) Apply(doc *yaml.Node, strict bool) (Report, error) {
	var rep Report
	for _, a := range d.Actions {
		if err := d.applyOne(doc, a, &rep); err != nil {
			return rep, err
		}
	}

	if strict && len(rep.Unmatched) > 0 {
		lines := make([]string, len(rep.Unmatched))
		for i, f := range rep.Unmatched {
			lines[i] = f.String()
		}
		return rep, fmt.Errorf("%w (fix the target or remove the action; "+
			"gen client -lenient-overlays only warns):\n%s", ErrUnmatched,
			strings.Join(lines, "\n"))
	}
	return rep, nil
}

func (d *Document) applyOne(doc *yaml.Node, a Action, rep *Report) error {
	single := *d.doc
	single.Actions = []overlay.Action{a.Action}

	path, err := single.NewPath(a.Target, nil)
	if err != nil {
		return fmt.Errorf("%s: target %q does not parse: %w", d.Where(a), a.Target, err)
	}

	if len(path.Query(doc)) == 0 {
		rep.Unmatched = append(rep.Unmatched, Finding{
			Where: d.Where(a), Target: a.Target, Problem: "matches nothing",
		})
		return nil
	}

	warnings, err := single.ApplyToStrict(doc)
	if err != nil {
		return fmt.Errorf("%s: apply to %q: %w", d.Where(a), a.Target, err)
	}
	for _, w := range warnings {
		if strings.HasSuffix(w, "does nothing") {
			rep.NoOps = append(rep.NoOps, Finding{
				Where: d.Where(a), Target: a.Target, Problem: "changes nothing",
			})
		}
	}
	return nil
}
