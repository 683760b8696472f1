package diff

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

var pathParam = regexp.MustCompile(`\{([^{}]*)\}`)

// opEntry is an operation with its parsed definition.
type opEntry struct {
	Operation
	op *openapi3.Operation
}

// operationsByKey indexes the operations of doc by normalised path and method, so that
// sorted keys list them by path.
func operationsByKey(doc *openapi3.T) map[string]opEntry {
	out := map[string]opEntry{}
	if doc.Paths == nil {
		return out
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := Operation{Method: strings.ToUpper(method), Path: path, OperationID: op.OperationID}
			out[NormalPath(path)+" "+o.Method] = opEntry{Operation: o, op: op}
		}
	}
	return out
}

// summariseOperations fills the operation part of s and returns the changes it adds to
// oasdiff's: operations added and removed (removed is breaking even after a deprecation,
// since the client method goes), renamed operationIds and renamed parameters.
func summariseOperations(old, new *openapi3.T, s *Summary) []Change {
	before, after := operationsByKey(old), operationsByKey(new)
	var changes []Change
	for _, key := range sortedKeys(before) {
		o, ok := after[key]
		if !ok {
			gone := before[key].Operation
			s.OperationsRemoved = append(s.OperationsRemoved, gone)
			changes = append(changes, Change{Level: Breaking, Kind: "operation-removed",
				Operation: gone.String(), Text: fmt.Sprintf("operation %q was removed, and "+
					"its client method with it", gone.OperationID)})
			continue
		}
		changes = append(changes, compareOperation(before[key], o, s)...)
	}

	for _, key := range sortedKeys(after) {
		if _, ok := before[key]; !ok {
			added := after[key].Operation
			s.OperationsAdded = append(s.OperationsAdded, added)
			changes = append(changes, Change{Level: Info, Kind: "operation-added",
				Operation: added.String(), Text: fmt.Sprintf("operation %q was added",
					added.OperationID)})
		}
	}
	return changes
}

func compareOperation(old, new opEntry, s *Summary) []Change {
	var changes []Change
	if old.OperationID != new.OperationID {
		r := OperationRename{Method: new.Method, Path: new.Path, OldID: old.OperationID,
			NewID: new.OperationID}
		if old.Path != new.Path {
			r.OldPath = old.Path
		}
		s.OperationIDsRenamed = append(s.OperationIDsRenamed, r)
		changes = append(changes, Change{
			Level: PossiblyBreaking, Kind: "operation-id-renamed", Operation: new.String(),
			Text: fmt.Sprintf("operationId %q became %q; generated Go names follow it unless "+
				"the names lock keeps the old one", old.OperationID, new.OperationID),
		})
	}

	for _, r := range renamedParameters(old, new) {
		s.ParametersRenamed = append(s.ParametersRenamed, r)
		changes = append(changes, parameterRenameChange(r))
	}
	return changes
}

func parameterRenameChange(r ParameterRename) Change {
	c := Change{Kind: "parameter-renamed", Operation: r.Operation,
		Text: fmt.Sprintf("%s parameter %q became %q", r.In, r.Old, r.New)}
	if r.In == openapi3.ParameterInPath {
		c.Level = Info
		c.Text += "; requests are unchanged"
	} else {
		c.Level = Breaking
		c.Text += "; requests sending the old name are ignored or rejected"
	}
	return c
}

// renamedParameters finds path parameters whose name changed at the same place in the path
// template, and query or header parameters where exactly one was removed and one added in
// the same location with the same type.
func renamedParameters(old, new opEntry) []ParameterRename {
	var out []ParameterRename
	oldNames := pathParam.FindAllStringSubmatch(old.Path, -1)
	newNames := pathParam.FindAllStringSubmatch(new.Path, -1)
	for i := range min(len(oldNames), len(newNames)) {
		if oldNames[i][1] != newNames[i][1] {
			out = append(out, ParameterRename{Operation: new.String(),
				In: openapi3.ParameterInPath, Old: oldNames[i][1], New: newNames[i][1]})
		}
	}

	for _, in := range []string{openapi3.ParameterInQuery, openapi3.ParameterInHeader} {
		gone, added := parameterSetDiff(old.op, new.op, in)
		if len(gone) == 1 && len(added) == 1 && sameType(gone[0], added[0]) {
			out = append(out, ParameterRename{Operation: new.String(), In: in,
				Old: gone[0].Name, New: added[0].Name})
		}
	}
	return out
}

func parameterSetDiff(old, new *openapi3.Operation, in string) (gone,
	added []*openapi3.Parameter) {
	for _, p := range parametersIn(old, in) {
		if new.Parameters.GetByInAndName(in, p.Name) == nil {
			gone = append(gone, p)
		}
	}
	for _, p := range parametersIn(new, in) {
		if old.Parameters.GetByInAndName(in, p.Name) == nil {
			added = append(added, p)
		}
	}
	return gone, added
}

func parametersIn(op *openapi3.Operation, in string) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	for _, ref := range op.Parameters {
		if ref != nil && ref.Value != nil && ref.Value.In == in {
			out = append(out, ref.Value)
		}
	}
	slices.SortFunc(out, func(a, b *openapi3.Parameter) int {
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

func sameType(a, b *openapi3.Parameter) bool {
	if a.Schema == nil || b.Schema == nil || a.Schema.Value == nil || b.Schema.Value == nil {
		return false
	}
	return a.Schema.Value.Type.Is(typeName(b.Schema.Value.Type))
}

func typeName(t *openapi3.Types) string {
	if t == nil || len(*t) == 0 {
		return ""
	}
	return (*t)[0]
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
