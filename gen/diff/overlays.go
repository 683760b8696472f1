package diff

import (
	"github.com/dbtcloud-go/dbtcloud/gen/overlay"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// overlayDrift applies the overlay files in order to a copy of s and lists the actions that
// match nothing or change nothing there.
func overlayDrift(s Spec, paths []string) ([]OverlayFinding, error) {
	out := []OverlayFinding{}
	if len(paths) == 0 {
		return out, nil
	}
	root, err := spec.Parse(s.Name, s.Data)
	if err != nil {
		return nil, err
	}

	for _, p := range paths {
		d, err := overlay.Load(p)
		if err != nil {
			return nil, err
		}
		rep, err := d.Apply(root, false)
		if err != nil {
			return nil, err
		}
		out = append(out, findings(rep.Unmatched)...)
		out = append(out, findings(rep.NoOps)...)
	}
	return out, nil
}

func findings(fs []overlay.Finding) []OverlayFinding {
	out := make([]OverlayFinding, len(fs))
	for i, f := range fs {
		out[i] = OverlayFinding{Where: f.Where, Target: f.Target, Problem: f.Problem}
	}
	return out
}
