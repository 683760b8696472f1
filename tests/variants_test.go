package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// variant is a fixture body changed in one way the live API could plausibly answer.
type variant struct {
	name string
	doc  any
}

// timeForm writes an instant the way some part of the API does.
type timeForm struct {
	name   string
	layout string
	zone   *time.Location
}

// timeForms are the timestamp spellings the clients must read: those recorded from the
// API, and the other RFC 3339 forms.
var timeForms = []timeForm{
	{"space, microseconds", "2006-01-02 15:04:05.000000-07:00", time.UTC},
	{"T, microseconds, offset", "2006-01-02T15:04:05.000000-07:00", time.UTC},
	{"T, microseconds, Z", "2006-01-02T15:04:05.000000Z07:00", time.UTC},
	{"space, no fraction", "2006-01-02 15:04:05-07:00", time.UTC},
	{"space, no fraction, Z", "2006-01-02 15:04:05Z07:00", time.UTC},
	{"RFC 3339 nano, +05:30", time.RFC3339Nano, time.FixedZone("IST", 5*3600+1800)},
	{"milliseconds, offset without colon", "2006-01-02T15:04:05.000-0700",
		time.FixedZone("", -7*3600)},
	{"no zone, read as UTC", "2006-01-02T15:04:05.000000", time.UTC},
}

// unknownField is added to every object to stand for fields a later API version adds.
const unknownField = "zz_added_upstream"

// Values no enum of the spec holds, standing for values a later API version adds.
const (
	unknownEnumString = "zz_added_upstream"
	unknownEnumNumber = 987654
)

// TestVariants decodes bodies the API could send although nobody recorded them: each
// fixture with its timestamps in every accepted form, with each field set to null, with
// every scalar null at once, with unknown fields everywhere, and with each enum field set to
// a value the spec does not list. Every variant must decode, and every value it carries must
// survive decoding.
func TestVariants(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.file, func(t *testing.T) {
			api, op := fixtureOperation(t, fx)

			var doc any
			if err := json.Unmarshal(fx.body, &doc); err != nil {
				t.Fatalf("fixture is not JSON: %v", err)
			}
			decodeVariants(t, api, op, doc)
		})
	}
}

// decodeVariants serves every variant of doc for op from one test server and checks what
// the generated client makes of it.
func decodeVariants(t *testing.T, api generatedAPI, op dbtrt.Operation, doc any) {
	t.Helper()
	typ, ok := decodedType(t, api, op)
	if !ok {
		t.Skipf("%s declares no JSON body; no variants to decode", op)
	}
	status := successStatus(responseType(t, api, op))
	pattern := pathPattern(op.Path)

	var body atomic.Pointer[[]byte]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != op.Method || !pattern.MatchString(r.URL.Path) {
			http.Error(w, "no fixture for "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(*body.Load())
	}))
	defer srv.Close()
	client, err := api.newClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	variants := buildVariants(doc, typ)
	for _, v := range variants {
		data, err := json.Marshal(v.doc)
		if err != nil {
			t.Fatalf("%s: encode variant: %v", v.name, err)
		}
		body.Store(&data)

		ex := call(client, op, status)
		checkVariant(t, v, ex)
	}
	t.Logf("%d variants decoded", len(variants))
}

// checkVariant fails t when the variant did not decode, or when a value changed on the way.
func checkVariant(t *testing.T, v variant, ex exchange) {
	t.Helper()
	if ex.err != nil {
		t.Errorf("%s: decode: %v", v.name, ex.err)
		return
	}
	if !ex.decoded.IsValid() || ex.decoded.IsNil() {
		t.Errorf("%s: no decoded value after a successful call", v.name)
		return
	}

	again, err := json.Marshal(ex.decoded.Interface())
	if err != nil {
		t.Errorf("%s: encode the decoded value again: %v", v.name, err)
		return
	}
	var got any
	if err := json.Unmarshal(again, &got); err != nil {
		t.Fatal(err)
	}
	for _, diff := range compareJSON(v.doc, got, "$") {
		t.Errorf("%s: value changed in decoding: %s", v.name, diff)
	}
}

// decodedType returns the type of op's typed success body, and false when it has none.
func decodedType(t *testing.T, api generatedAPI, op dbtrt.Operation) (reflect.Type, bool) {
	t.Helper()
	resp := responseType(t, api, op)
	f, ok := resp.FieldByName(fmt.Sprintf("JSON%d", successStatus(resp)))
	if !ok {
		return nil, false
	}
	return f.Type, true
}

// responseType returns the XxxResponse struct type of op's typed client method.
func responseType(t *testing.T, api generatedAPI, op dbtrt.Operation) reflect.Type {
	t.Helper()
	return clientMethod(t, api, op).Type().Out(0).Elem()
}

// buildVariants returns every variant of doc, which decodes into typ.
func buildVariants(doc any, typ reflect.Type) []variant {
	var out []variant
	out = append(out, timeVariants(doc)...)
	out = append(out, nullVariants(doc, typ)...)
	out = append(out, variant{"every scalar null", mapScalars(doc, func(any) any { return nil })})
	out = append(out, variant{"unknown fields in every object", withUnknownFields(doc)})
	return append(out, enumVariants(doc, typ)...)
}

// timeVariants rewrites every timestamp of doc in each of timeForms.
func timeVariants(doc any) []variant {
	out := make([]variant, 0, len(timeForms))
	for _, form := range timeForms {
		rewritten := mapScalars(doc, func(v any) any {
			s, ok := v.(string)
			if !ok || len(s) < len("2006-01-02T15:04:05") {
				return v
			}
			ts, err := dbtrt.ParseTime(s)
			if err != nil {
				return v
			}
			return ts.In(form.zone).Format(form.layout)
		})
		out = append(out, variant{"timestamps as " + form.name, rewritten})
	}
	return out
}

// nullVariants sets each member of doc to null, one at a time. In arrays only the first
// item is changed: the others have the same shape.
func nullVariants(doc any, typ reflect.Type) []variant {
	var out []variant
	walkTyped(doc, typ, nil, func(at []any, v any, _ reflect.Type) {
		if v == nil || !firstItemsOnly(at) {
			return
		}
		out = append(out, variant{jsonPath(at) + " null", replaceAt(doc, at, nil)})
	})
	return out
}

// enumVariants sets each enum member of doc to a value its Go type does not know.
func enumVariants(doc any, typ reflect.Type) []variant {
	var out []variant
	walkTyped(doc, typ, nil, func(at []any, v any, ft reflect.Type) {
		unknown, ok := unknownEnumValue(ft)
		if !ok || !firstItemsOnly(at) {
			return
		}
		name := fmt.Sprintf("%s = unknown %s value %v", jsonPath(at), ft, unknown)
		out = append(out, variant{name, replaceAt(doc, at, unknown)})
	})
	return out
}

// unknownEnumValue returns a value that the enum type typ does not list, and false when typ
// is not an enum. Generated enums are the named scalar types with a Valid method.
func unknownEnumValue(typ reflect.Type) (any, bool) {
	if typ == nil {
		return nil, false
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if _, ok := typ.MethodByName("Valid"); !ok {
		return nil, false
	}

	switch typ.Kind() {
	case reflect.String:
		return unknownEnumString, true
	case reflect.Int, reflect.Int32, reflect.Int64:
		return float64(unknownEnumNumber), true
	}
	return nil, false
}

// firstItemsOnly reports whether every array index on the path at is 0.
func firstItemsOnly(at []any) bool {
	for _, step := range at {
		if i, ok := step.(int); ok && i != 0 {
			return false
		}
	}
	return true
}

// mapScalars returns a copy of doc with every scalar, null included, replaced by fn(scalar).
func mapScalars(doc any, fn func(any) any) any {
	switch v := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = mapScalars(item, fn)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = mapScalars(item, fn)
		}
		return out
	}
	return fn(doc)
}

// withUnknownFields returns a copy of doc with unknownField added to every object.
func withUnknownFields(doc any) any {
	switch v := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(v)+1)
		for k, item := range v {
			out[k] = withUnknownFields(item)
		}
		out[unknownField] = map[string]any{"nested": []any{1.0, "two", nil}}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = withUnknownFields(item)
		}
		return out
	}
	return doc
}

// replaceAt returns a copy of doc with the value at path at replaced by value.
func replaceAt(doc any, at []any, value any) any {
	if len(at) == 0 {
		return value
	}

	switch v := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = item
		}
		key := at[0].(string)
		out[key] = replaceAt(v[key], at[1:], value)
		return out
	case []any:
		out := slices.Clone(v)
		i := at[0].(int)
		out[i] = replaceAt(v[i], at[1:], value)
		return out
	}
	return doc
}

// TestRunStatusAgreesWithAPI checks the RunStatus helpers against what the API itself says
// about each recorded run: String must equal status_humanized, and IsTerminal must equal
// is_complete.
func TestRunStatusAgreesWithAPI(t *testing.T) {
	checked := 0
	for _, fx := range loadFixtures(t) {
		if fx.api != "v2" {
			continue
		}
		for _, run := range recordedRuns(t, fx) {
			checkRunStatus(t, fx.file, run)
			checked++
		}
	}
	if checked == 0 {
		t.Skip("no recorded v2 run carries status, status_humanized and is_complete")
	}
	t.Logf("%d recorded runs checked", checked)
}

// recordedRuns returns the runs that fx decodes into, through the generated client.
func recordedRuns(t *testing.T, fx fixture) []adminv2.RunResponse {
	t.Helper()
	api := generatedAPIs[fx.api]
	op, ok := findOperation(api.ops, fx.method, fx.path)
	if !ok {
		return nil
	}

	ex := replay(t, api, op, fx.body)
	if ex.err != nil || !ex.decoded.IsValid() {
		return nil
	}
	switch v := ex.decoded.Interface().(type) {
	case *adminv2.RunResponseEnveloped:
		return []adminv2.RunResponse{v.Data}
	case *adminv2.RunResponseListEnveloped:
		return v.Data
	}
	return nil
}

func checkRunStatus(t *testing.T, file string, run adminv2.RunResponse) {
	t.Helper()
	if run.Status == nil || run.StatusHumanized == nil || run.IsComplete == nil {
		return
	}

	if got, want := run.Status.String(), *run.StatusHumanized; got != want {
		t.Errorf("%s: run %v: RunStatus(%d).String() = %q, API says %q", file, run.ID,
			*run.Status, got, want)
	}
	if got, want := run.Status.IsTerminal(), *run.IsComplete; got != want {
		t.Errorf("%s: run %v: RunStatus(%d).IsTerminal() = %v, API says is_complete %v", file,
			run.ID, *run.Status, got, want)
	}
}
