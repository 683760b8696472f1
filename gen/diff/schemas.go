package diff

import (
	"fmt"
	"slices"
	"strings"
)

// renameThreshold is the least similarity at which a removed and an added schema are taken
// for one schema renamed.
const renameThreshold = 0.6

// maxRenameRounds bounds the matching rounds; each round can only add renames.
const maxRenameRounds = 8

// ignoredKeys are schema keywords that do not make two schemas different ones.
var ignoredKeys = map[string]bool{
	"description": true, "example": true, "examples": true, "title": true,
}

// schemaSet is the component schemas of one description, as decoded YAML.
type schemaSet struct {
	schemas map[string]any
	// uses maps a schema name to where it is referenced: owner and pointer in the owner.
	uses map[string][]use
}

type use struct {
	owner   string
	pointer string
}

func newSchemaSet(root map[string]any) schemaSet {
	s := schemaSet{schemas: map[string]any{}, uses: map[string][]use{}}
	if comps, ok := root["components"].(map[string]any); ok {
		if schemas, ok := comps["schemas"].(map[string]any); ok {
			s.schemas = schemas
		}
	}

	if paths, ok := root["paths"].(map[string]any); ok {
		for path, item := range paths {
			s.collectUses(item, "op:"+NormalPath(path), "")
		}
	}
	for name, schema := range s.schemas {
		s.collectUses(schema, "schema:"+name, "")
	}
	return s
}

func (s schemaSet) collectUses(node any, owner, ptr string) {
	switch n := node.(type) {
	case map[string]any:
		if target, ok := schemaRef(n); ok {
			s.uses[target] = append(s.uses[target], use{owner: owner, pointer: ptr})
		}
		for k, v := range n {
			s.collectUses(v, owner, ptr+"/"+k)
		}
	case []any:
		for i, v := range n {
			s.collectUses(v, owner, fmt.Sprintf("%s/%d", ptr, i))
		}
	}
}

// schemaRef returns the component schema a $ref object points at.
func schemaRef(n map[string]any) (string, bool) {
	ref, ok := n["$ref"].(string)
	if !ok {
		return "", false
	}
	return strings.CutPrefix(ref, "#/components/schemas/")
}

// features describes schema name as a set of strings, with schema names passed through
// rename, so that a schema and its renamed copy describe alike.
func (s schemaSet) features(name string, rename func(string) string) map[string]bool {
	f := map[string]bool{}
	flatten(s.schemas[name], "", rename, f)
	for _, u := range s.uses[name] {
		owner := u.owner
		if o, ok := strings.CutPrefix(owner, "schema:"); ok {
			owner = "schema:" + rename(o)
		}
		f["use "+owner+u.pointer] = true
	}
	return f
}

func flatten(node any, ptr string, rename func(string) string, out map[string]bool) {
	switch n := node.(type) {
	case map[string]any:
		if target, ok := schemaRef(n); ok {
			out[ptr+" ref "+rename(target)] = true
			return
		}
		for k, v := range n {
			if !ignoredKeys[k] {
				flatten(v, ptr+"/"+k, rename, out)
			}
		}
	case []any:
		for _, v := range n {
			// Enum values and required lists are sets: drop the index.
			flatten(v, ptr+"/*", rename, out)
		}
	default:
		out[fmt.Sprintf("%s=%v", ptr, n)] = true
	}
}

// detectRenames pairs schemas removed from old with schemas added to new that look like the
// same schema under another name. Pairs are found in rounds: once a schema is matched,
// schemas that refer to it look alike too.
func detectRenames(old, new schemaSet, removed, added []string) []SchemaRename {
	renames := map[string]string{}
	for range maxRenameRounds {
		found := matchRound(old, new, unmatched(removed, renames), unmatchedNew(added, renames),
			renames)
		if len(found) == 0 {
			break
		}
		for o, n := range found {
			renames[o] = n
		}
	}

	out := make([]SchemaRename, 0, len(renames))
	for _, o := range sortedKeys(renames) {
		out = append(out, SchemaRename{Old: o, New: renames[o]})
	}
	return out
}

// matchRound returns the pairs that are each other's single best match this round.
func matchRound(old, new schemaSet, removed, added []string,
	renames map[string]string) map[string]string {
	toNew := func(name string) string {
		if n, ok := renames[name]; ok {
			return n
		}
		return name
	}
	same := func(name string) string { return name }

	oldF := map[string]map[string]bool{}
	for _, r := range removed {
		oldF[r] = old.features(r, toNew)
	}
	newF := map[string]map[string]bool{}
	for _, a := range added {
		newF[a] = new.features(a, same)
	}

	bestNew := map[string]string{}
	for _, r := range removed {
		if a, ok := best(oldF[r], added, newF); ok {
			bestNew[r] = a
		}
	}
	found := map[string]string{}
	for _, a := range added {
		if r, ok := best(newF[a], removed, oldF); ok && bestNew[r] == a {
			found[r] = a
		}
	}
	return found
}

// best returns the candidate most similar to f, if it clears the threshold and no other
// candidate is as similar.
func best(f map[string]bool, candidates []string, feats map[string]map[string]bool) (string, bool) {
	top, second, name := 0.0, 0.0, ""
	for _, c := range candidates {
		score := jaccard(f, feats[c])
		switch {
		case score > top:
			top, second, name = score, top, c
		case score > second:
			second = score
		}
	}
	return name, top >= renameThreshold && top > second
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	both := 0
	for k := range a {
		if b[k] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

func unmatched(names []string, renames map[string]string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool {
		_, ok := renames[n]
		return ok
	})
}

func unmatchedNew(names []string, renames map[string]string) []string {
	taken := map[string]bool{}
	for _, n := range renames {
		taken[n] = true
	}
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return taken[n] })
}

// summariseSchemas lists the schemas added, removed and renamed, and returns one change per
// rename.
func summariseSchemas(old, new schemaSet, s *Summary) []Change {
	var removed, added []string
	for _, name := range sortedKeys(old.schemas) {
		if _, ok := new.schemas[name]; !ok {
			removed = append(removed, name)
		}
	}
	for _, name := range sortedKeys(new.schemas) {
		if _, ok := old.schemas[name]; !ok {
			added = append(added, name)
		}
	}

	s.SchemasRenamed = detectRenames(old, new, removed, added)
	renamed := map[string]bool{}
	var changes []Change
	for _, r := range s.SchemasRenamed {
		renamed[r.Old], renamed[r.New] = true, true
		changes = append(changes, Change{Level: PossiblyBreaking, Kind: "schema-renamed",
			Text: fmt.Sprintf("schema %s became %s; generated Go type names follow it unless "+
				"the names lock keeps the old one", r.Old, r.New)})
	}
	s.SchemasRemoved = slices.DeleteFunc(removed, func(n string) bool { return renamed[n] })
	s.SchemasAdded = slices.DeleteFunc(added, func(n string) bool { return renamed[n] })
	for _, name := range s.SchemasRemoved {
		changes = append(changes, Change{Level: PossiblyBreaking, Kind: "schema-removed",
			Text: fmt.Sprintf("schema %s was removed, and its Go type with it", name)})
	}
	for _, name := range s.SchemasAdded {
		changes = append(changes, Change{Level: Info, Kind: "schema-added",
			Text: fmt.Sprintf("schema %s was added", name)})
	}
	return changes
}
