// Package diff reports how an upstream OpenAPI description changed between two versions:
// operations added, removed and renamed, parameter and schema changes with a level each,
// schemas renamed, and overlay actions that no longer apply.
//
// The rule-by-rule comparison comes from oasdiff; this package adds the operation-level
// summary and the rename detection that a generated Go client needs to keep its names.
package diff

import (
	"fmt"
	"strings"
)

// Level says how much a change can hurt existing callers.
type Level int

// Levels, from the least to the most severe.
const (
	Info Level = iota
	PossiblyBreaking
	Breaking
)

// String returns the level as used in reports and in -fail-on.
func (l Level) String() string {
	switch l {
	case Breaking:
		return "breaking"
	case PossiblyBreaking:
		return "possibly breaking"
	}
	return "informational"
}

// MarshalText encodes the level as its name.
func (l Level) MarshalText() ([]byte, error) {
	return []byte(l.String()), nil
}

// UnmarshalText decodes a level name.
func (l *Level) UnmarshalText(b []byte) error {
	for _, c := range []Level{Info, PossiblyBreaking, Breaking} {
		if c.String() == string(b) {
			*l = c
			return nil
		}
	}
	return fmt.Errorf("unknown change level %q", b)
}

// Change is one difference between the two descriptions.
type Change struct {
	Level Level `json:"level"`
	// Kind names the rule that found the change, such as request-parameter-removed.
	Kind string `json:"kind"`
	// Operation is "METHOD /path" for changes to one operation; empty otherwise.
	Operation string `json:"operation,omitempty"`
	// Text says what changed.
	Text string `json:"text"`
}

// Operation is one operation of a description.
type Operation struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	OperationID string `json:"operationId"`
}

// String returns "METHOD /path".
func (o Operation) String() string {
	return o.Method + " " + o.Path
}

// OperationRename is an operation whose operationId changed on the same method and path.
type OperationRename struct {
	Method string `json:"method"`
	// Path is the new path template; OldPath is set when its parameter names changed.
	Path    string `json:"path"`
	OldPath string `json:"oldPath,omitempty"`
	OldID   string `json:"oldOperationId"`
	NewID   string `json:"newOperationId"`
}

// ParameterRename is a parameter that kept its place but changed its name.
type ParameterRename struct {
	Operation string `json:"operation"`
	In        string `json:"in"`
	Old       string `json:"old"`
	New       string `json:"new"`
}

// SchemaRename is a component schema that upstream gave a new name.
type SchemaRename struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// Summary is the operation- and schema-level view of the changes.
type Summary struct {
	OperationsAdded     []Operation       `json:"operationsAdded"`
	OperationsRemoved   []Operation       `json:"operationsRemoved"`
	OperationIDsRenamed []OperationRename `json:"operationIdsRenamed"`
	ParametersRenamed   []ParameterRename `json:"parametersRenamed"`
	SchemasAdded        []string          `json:"schemasAdded"`
	SchemasRemoved      []string          `json:"schemasRemoved"`
	SchemasRenamed      []SchemaRename    `json:"schemasRenamed"`
}

// fillEmpty replaces nil lists with empty ones, so that JSON reports hold [] rather than null.
func (s *Summary) fillEmpty() {
	s.OperationsAdded = nonNil(s.OperationsAdded)
	s.OperationsRemoved = nonNil(s.OperationsRemoved)
	s.OperationIDsRenamed = nonNil(s.OperationIDsRenamed)
	s.ParametersRenamed = nonNil(s.ParametersRenamed)
	s.SchemasAdded = nonNil(s.SchemasAdded)
	s.SchemasRemoved = nonNil(s.SchemasRemoved)
	s.SchemasRenamed = nonNil(s.SchemasRenamed)
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// OverlayFinding is an overlay action that does not take effect on the new description.
type OverlayFinding struct {
	// Where is the overlay file, line, action index and description.
	Where   string `json:"where"`
	Target  string `json:"target"`
	Problem string `json:"problem"`
}

// Report is the comparison of two versions of one API's description.
type Report struct {
	// API names the description, such as v2.
	API string `json:"api"`
	// Old and New name the files compared.
	Old string `json:"old"`
	New string `json:"new"`

	Summary Summary `json:"summary"`
	// Changes are sorted by level, most severe first, then by operation.
	Changes []Change `json:"changes"`
	// Overlays are the overlay actions that no longer apply to New.
	Overlays []OverlayFinding `json:"overlays"`
}

// Count returns how many changes r has at each level.
func (r *Report) Count() map[Level]int {
	n := map[Level]int{}
	for _, c := range r.Changes {
		n[c.Level]++
	}
	return n
}

// Worst returns the most severe level of r's changes, and false when there are none.
func (r *Report) Worst() (Level, bool) {
	worst, any := Info, false
	for _, c := range r.Changes {
		if !any || c.Level > worst {
			worst, any = c.Level, true
		}
	}
	return worst, any
}

// Threshold is a -fail-on setting: which reports should fail a build.
type Threshold string

// Thresholds.
const (
	FailOnBreaking Threshold = "breaking"
	FailOnAny      Threshold = "any"
	FailOnNone     Threshold = "none"
)

// ParseThreshold checks a -fail-on value.
func ParseThreshold(s string) (Threshold, error) {
	switch t := Threshold(s); t {
	case FailOnBreaking, FailOnAny, FailOnNone:
		return t, nil
	}
	return "", fmt.Errorf("-fail-on %q: want breaking, any or none", s)
}

// Fails reports whether any of reps crosses the threshold: a breaking change for
// FailOnBreaking; any change or overlay finding for FailOnAny.
func (t Threshold) Fails(reps []*Report) bool {
	for _, r := range reps {
		worst, changed := r.Worst()
		switch t {
		case FailOnBreaking:
			if changed && worst == Breaking {
				return true
			}
		case FailOnAny:
			if changed || len(r.Overlays) > 0 {
				return true
			}
		}
	}
	return false
}

// NormalPath replaces every path parameter name with {}, so that /jobs/{job_id} and
// /jobs/{job_identifier} name the same operation.
func NormalPath(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '{':
			depth++
			if depth == 1 {
				b.WriteString("{}")
			}
		case r == '}' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
