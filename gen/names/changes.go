package names

import (
	"fmt"
	"maps"
	"slices"
)

// Changes lists every entry that differs between l and next, sorted, one line each, such as
// "adminv2 schema Keypair: Keypair -> DeployKey". An entry that only one lock has shows
// "(none)" on the other side. Either lock may be nil.
func (l *Lock) Changes(next *Lock) []string {
	var out []string
	for _, pkg := range packageNames(l, next) {
		before, after := l.Package(pkg), next.Package(pkg)
		out = append(out, mapChanges(pkg+" operation", before.operations(), after.operations())...)
		out = append(out, mapChanges(pkg+" schema", before.schemas(), after.schemas())...)
	}
	return out
}

func packageNames(locks ...*Lock) []string {
	seen := map[string]bool{}
	for _, l := range locks {
		if l != nil {
			for pkg := range l.Packages {
				seen[pkg] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func (s *Set) operations() map[string]string {
	if s == nil {
		return nil
	}
	return s.Operations
}

func (s *Set) schemas() map[string]string {
	if s == nil {
		return nil
	}
	return s.Schemas
}

// mapChanges lists the keys whose values differ between a and b, prefixed by what.
func mapChanges(what string, a, b map[string]string) []string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}

	var out []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		old, had := a[k]
		now, has := b[k]
		if had == has && old == now {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s: %s -> %s", what, k, orNone(old, had),
			orNone(now, has)))
	}
	return out
}

func orNone(name string, ok bool) string {
	if !ok {
		return "(none)"
	}
	return name
}
