package tests

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// droppedField is a JSON field that decoding threw away.
type droppedField struct {
	path  string
	value any
}

// Types that hold whatever JSON they are given.
var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	timeType       = reflect.TypeFor[dbtrt.Time]()
)

// droppedFields walks the decoded JSON doc beside the Go type it was decoded into and
// returns the object keys that no field of the type receives, sorted by path.
func droppedFields(doc any, typ reflect.Type) []droppedField {
	var out []droppedField
	walkTyped(doc, typ, nil, func(at []any, v any, ft reflect.Type) {
		if ft == nil {
			out = append(out, droppedField{path: jsonPath(at), value: v})
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// memberVisitor is called for every object member and array item of a JSON document with
// the Go type that receives it, or nil when no type declares the member.
type memberVisitor func(at []any, v any, typ reflect.Type)

// walkTyped walks the JSON value v beside the Go type it decodes into. at is the path of v:
// object keys as strings and array indexes as ints. Members no type declares are visited
// but not entered, nor is JSON that a type keeps whole (times, raw JSON, unions, any).
func walkTyped(v any, typ reflect.Type, at []any, visit memberVisitor) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ == rawMessageType || typ == timeType || typ.Kind() == reflect.Interface {
		return
	}

	switch v := v.(type) {
	case []any:
		if typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array {
			for i, item := range v {
				visitTyped(item, typ.Elem(), appendStep(at, i), visit)
			}
		}
	case map[string]any:
		walkObject(v, typ, at, visit)
	}
}

// visitTyped visits one member and walks into it.
func visitTyped(v any, typ reflect.Type, at []any, visit memberVisitor) {
	visit(at, v, typ)
	walkTyped(v, typ, at, visit)
}

func walkObject(obj map[string]any, typ reflect.Type, at []any, visit memberVisitor) {
	if typ.Kind() == reflect.Map {
		for _, k := range sortedMemberNames(obj) {
			visitTyped(obj[k], typ.Elem(), appendStep(at, k), visit)
		}
		return
	}
	if typ.Kind() != reflect.Struct || isUnion(typ) {
		return
	}

	fields := jsonFields(typ)
	extra, hasExtra := typ.FieldByName("AdditionalProperties")
	for _, k := range sortedMemberNames(obj) {
		switch f, ok := fields[k]; {
		case ok:
			visitTyped(obj[k], f, appendStep(at, k), visit)
		case hasExtra && extra.Type.Kind() == reflect.Map:
			visitTyped(obj[k], extra.Type.Elem(), appendStep(at, k), visit)
		default:
			visit(appendStep(at, k), obj[k], nil)
		}
	}
}

// appendStep returns at with one more step, never sharing the backing array of at.
func appendStep(at []any, step any) []any {
	return append(slices.Clip(at), step)
}

func sortedMemberNames(obj map[string]any) []string {
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// jsonPath renders a path of object keys and array indexes, such as $.data[0].id.
func jsonPath(at []any) string {
	var b strings.Builder
	b.WriteString("$")
	for _, step := range at {
		switch s := step.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		default:
			fmt.Fprintf(&b, ".%v", s)
		}
	}
	return b.String()
}

// isUnion reports whether typ is an oapi-codegen union, which keeps its JSON as it came.
func isUnion(typ reflect.Type) bool {
	f, ok := typ.FieldByName("union")
	return ok && f.Type == rawMessageType
}

// jsonFields maps the JSON names of the exported fields of a struct, embedded ones
// included, to their types.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(typ) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

// compareJSON lists where got differs from want. A field missing from got is not a
// difference (it was dropped, or omitted because it was null); null and a zero value
// compare equal, and two strings compare equal when they are the same instant.
func compareJSON(want, got any, path string) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return mismatch(path, want, got)
		}
		var diffs []string
		for k, wv := range w {
			if gv, ok := g[k]; ok {
				diffs = append(diffs, compareJSON(wv, gv, path+"."+k)...)
			}
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return mismatch(path, want, got)
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, compareJSON(w[i], g[i], fmt.Sprintf("%s[%d]", path, i))...)
		}
		return diffs
	}
	if sameScalar(want, got) {
		return nil
	}
	return mismatch(path, want, got)
}

func mismatch(path string, want, got any) []string {
	return []string{fmt.Sprintf("%s: fixture has %v, decoded value encodes as %v", path, want, got)}
}

// sameScalar compares two JSON scalars, allowing null for a zero value and any spelling of
// the same instant.
func sameScalar(want, got any) bool {
	if want == nil || got == nil {
		return isZeroJSON(want) && isZeroJSON(got)
	}
	if reflect.DeepEqual(want, got) {
		return true
	}
	ws, ok1 := want.(string)
	gs, ok2 := got.(string)
	if !ok1 || !ok2 {
		return false
	}
	wt, err1 := dbtrt.ParseTime(ws)
	gt, err2 := dbtrt.ParseTime(gs)
	return err1 == nil && err2 == nil && wt.Equal(gt.Time)
}

func isZeroJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case float64:
		return v == 0
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case map[string]any:
		for _, item := range v {
			if !isZeroJSON(item) {
				return false
			}
		}
		return true
	}
	return false
}
