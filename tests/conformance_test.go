package tests

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// generatedAPI is one generated client package, as the fixture tests drive it.
type generatedAPI struct {
	ops       dbtrt.Operations
	newClient func(server string) (any, error)
}

// generatedAPIs maps the api_version column of INDEX.tsv to its generated package.
var generatedAPIs = map[string]generatedAPI{
	"v2": {adminv2.Operations, func(s string) (any, error) {
		return adminv2.NewClientWithResponses(s)
	}},
	"v3": {adminv3.Operations, func(s string) (any, error) {
		return adminv3.NewClientWithResponses(s)
	}},
}

// fixture is one recorded response body and the request it answered.
type fixture struct {
	file, api, method, path, notes string
	body                           []byte
}

// fixtureDir returns the directory of recorded responses: $DBTCLOUD_FIXTURES, or
// ../shared/fixtures beside the repository. It skips the test when the default directory is
// missing, and fails it when the one named by the variable is.
func fixtureDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("DBTCLOUD_FIXTURES"); dir != "" {
		return dir
	}

	dir := filepath.Join("..", "..", "shared", "fixtures")
	if _, err := os.Stat(filepath.Join(dir, "INDEX.tsv")); err != nil {
		t.Skipf("no recorded responses at %s (set DBTCLOUD_FIXTURES): %v", dir, err)
	}
	return dir
}

// loadFixtures reads every fixture listed in INDEX.tsv of the fixture directory.
func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	dir := fixtureDir(t)
	rows := readIndex(t, filepath.Join(dir, "INDEX.tsv"))

	fixtures := make([]fixture, 0, len(rows))
	for _, row := range rows {
		fx := fixture{file: row["file"], api: row["api_version"],
			method: strings.ToUpper(row["http_method"]), path: row["path_template"],
			notes: row["notes"]}
		body, err := os.ReadFile(filepath.Join(dir, fx.file))
		if err != nil {
			t.Fatalf("INDEX.tsv lists %s: %v", fx.file, err)
		}
		fx.body = body
		fixtures = append(fixtures, fx)
	}
	return fixtures
}

// readIndex parses a tab-separated file with a header line into one map per row.
func readIndex(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open fixture index: %v", err)
	}
	defer f.Close()

	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	records, err := r.ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("%s: want a header line and at least one row (err %v)", path, err)
	}

	header := records[0]
	for _, col := range []string{"file", "api_version", "http_method", "path_template"} {
		if !slices.Contains(header, col) {
			t.Fatalf("%s: the header has no %s column", path, col)
		}
	}
	rows := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range header {
			if i < len(rec) {
				row[col] = rec[i]
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// pathParam matches one {name} segment of a path template.
var pathParam = regexp.MustCompile(`\{[^}/]+\}`)

// findOperation returns the operation of ops for method and path template. Captures and the
// spec may name path parameters differently, so templates are compared by shape.
func findOperation(ops dbtrt.Operations, method, path string) (dbtrt.Operation, bool) {
	if op, ok := ops.Lookup(method, path); ok {
		return op, true
	}

	shape := pathParam.ReplaceAllString(path, "{}")
	for _, op := range ops {
		if op.Method == method && pathParam.ReplaceAllString(op.Path, "{}") == shape {
			return op, true
		}
	}
	return dbtrt.Operation{}, false
}

// exchange is one fixture served to the generated client and what came back.
type exchange struct {
	op       dbtrt.Operation
	response reflect.Value // the *XxxResponse
	decoded  reflect.Value // the JSON2xx field, or invalid when the response has none
	err      error
}

// replay serves body for op from an httptest server, calls the generated client for op and
// returns what it decoded. The server answers anything but op's method and path with 404.
func replay(t *testing.T, api generatedAPI, op dbtrt.Operation, body []byte) exchange {
	t.Helper()
	method := clientMethod(t, api, op)
	status := successStatus(method.Type().Out(0).Elem())
	pattern := pathPattern(op.Path)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != op.Method || !pattern.MatchString(r.URL.Path) {
			http.Error(w, "no fixture for "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	defer srv.Close()

	client, err := api.newClient(srv.URL)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	return call(client, op, status)
}

// clientMethod returns the typed method of a fresh client for op, for reading its signature.
func clientMethod(t *testing.T, api generatedAPI, op dbtrt.Operation) reflect.Value {
	t.Helper()
	client, err := api.newClient("http://localhost")
	if err != nil {
		t.Fatalf("new client: %v", err)
	}

	m := typedMethod(reflect.ValueOf(client), op)
	if !m.IsValid() {
		t.Fatalf("%s: the client has no method %sWithResponse", op, op.GoName)
	}
	return m
}

// typedMethod prefers XxxWithBodyWithResponse, which sends a raw body, over XxxWithResponse,
// which would have to encode a request value.
func typedMethod(client reflect.Value, op dbtrt.Operation) reflect.Value {
	if m := client.MethodByName(op.GoName + "WithBodyWithResponse"); m.IsValid() {
		return m
	}
	return client.MethodByName(op.GoName + "WithResponse")
}

// successStatus returns the status of the first JSON2xx field of a response struct, or 200.
func successStatus(resp reflect.Type) int {
	for i := range resp.NumField() {
		var code int
		if _, err := fmt.Sscanf(resp.Field(i).Name, "JSON%d", &code); err == nil &&
			code >= 200 && code < 300 {
			return code
		}
	}
	return http.StatusOK
}

// pathPattern turns a path template into a regexp; a parameter matches one segment, or the
// rest of the path when it is the last part of the template.
func pathPattern(template string) *regexp.Regexp {
	parts := pathParam.Split(template, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	expr := strings.Join(parts, "[^/]+")
	if strings.HasSuffix(template, "}") {
		expr = strings.TrimSuffix(expr, "[^/]+") + ".+"
	}
	return regexp.MustCompile("^" + expr + "$")
}

// call invokes the typed client method of op with placeholder arguments.
func call(client any, op dbtrt.Operation, status int) exchange {
	m := typedMethod(reflect.ValueOf(client), op)
	out := m.Call(arguments(m.Type()))

	ex := exchange{op: op, response: out[0]}
	if err, _ := out[1].Interface().(error); err != nil {
		ex.err = err
		return ex
	}
	if f := ex.response.Elem().FieldByName(fmt.Sprintf("JSON%d", status)); f.IsValid() {
		ex.decoded = f
	}
	return ex
}

// arguments builds placeholder arguments for a typed client method: 1 for numbers, a word
// for path strings, application/json and {} for a raw body, zero values for the rest.
// Variadic request editors are left out.
func arguments(m reflect.Type) []reflect.Value {
	readerType := reflect.TypeFor[io.Reader]()
	n := m.NumIn()
	if m.IsVariadic() {
		n--
	}

	args := make([]reflect.Value, n)
	for i := range n {
		in := m.In(i)
		v := reflect.New(in).Elem()
		switch {
		case in == reflect.TypeFor[context.Context]():
			v = reflect.ValueOf(context.Background())
		case in == readerType:
			v = reflect.ValueOf(io.Reader(strings.NewReader("{}")))
		case in.Kind() == reflect.String && i+1 < n && m.In(i+1) == readerType:
			v.SetString("application/json")
		case in.Kind() == reflect.String:
			v.SetString("run_results.json")
		case v.CanInt():
			v.SetInt(1)
		}
		args[i] = v
	}
	return args
}

// isEnveloped reports whether body has dbt Cloud's response envelope, a JSON object with
// status and data; such a body must decode into a typed field.
func isEnveloped(body []byte) bool {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil {
		return false
	}
	_, status := env["status"]
	_, data := env["data"]
	return status && data
}

// TestConformance replays every recorded response through the generated client of its
// operation and fails on any decode error, on an enveloped body that no type receives, on a
// value that changes on its way through the Go types, and on a dropped field that users read
// or that an overlay declares. Other dropped fields are logged.
func TestConformance(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.file, func(t *testing.T) {
			api, ok := generatedAPIs[fx.api]
			if !ok {
				t.Skipf("%s: no generated client for API %q; skipped", fx.file, fx.api)
			}
			op, ok := findOperation(api.ops, fx.method, fx.path)
			if !ok {
				t.Fatalf("%s: API %s has no operation %s %s", fx.file, fx.api, fx.method, fx.path)
			}

			ex := replay(t, api, op, fx.body)
			checkExchange(t, fx, ex)
		})
	}
}

// checkExchange fails t if ex did not decode fx, and reports the fields it dropped.
func checkExchange(t *testing.T, fx fixture, ex exchange) {
	t.Helper()
	if ex.err != nil {
		t.Fatalf("%s: decode: %v", ex.op, ex.err)
	}
	if got := ex.response.Elem().FieldByName("Body").Bytes(); !bytes.Equal(got, fx.body) {
		t.Fatalf("%s: the client saw %d bytes, the fixture has %d", ex.op, len(got), len(fx.body))
	}

	if !ex.decoded.IsValid() {
		if isEnveloped(fx.body) {
			t.Fatalf("%s: the API returns an enveloped JSON body but the client declares no "+
				"type for it; declare the response in an overlay", ex.op)
		}
		t.Logf("%s declares no JSON body; the raw body arrived intact", ex.op)
		return
	}
	if ex.decoded.IsNil() {
		resp := ex.response.Elem().FieldByName("HTTPResponse").Interface().(*http.Response)
		t.Fatalf("%s: %s is nil after a call that answered %s", ex.op, ex.decoded.Type(),
			resp.Status)
	}

	checkDropped(t, fx, ex.decoded.Type())
	checkValues(t, fx, ex.decoded.Interface())
}

// checkDropped reports the fields of fx that no type declares, and fails on those users
// read and those the overlays declare.
func checkDropped(t *testing.T, fx fixture, typ reflect.Type) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(fx.body, &doc); err != nil {
		t.Fatalf("fixture is not JSON: %v", err)
	}

	declared := overlayFields(t, fx.api)
	for _, d := range droppedFields(doc, typ) {
		name := d.path[strings.LastIndex(d.path, ".")+1:]
		switch {
		case declared[name]:
			t.Errorf("dropped %s, which the overlays declare: check the action's target", d.path)
		case userField(name, d.value):
			t.Errorf("dropped %s (%s): declare it in overlays/%s/20-responses.yaml",
				d.path, kindOf(d.value), fx.api)
		default:
			t.Logf("dropped %s (%s); no type declares it", d.path, kindOf(d.value))
		}
	}
}

// userField reports whether a field is one users read: an ID, a status, a timestamp or a
// related object.
func userField(name string, value any) bool {
	switch {
	case name == "id", name == "status", strings.HasSuffix(name, "_id"),
		strings.HasSuffix(name, "_at"):
		return true
	}
	switch v := value.(type) {
	case map[string]any:
		return true
	case []any:
		return len(v) > 0 && kindOf(v[0]) == "object"
	}
	return false
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

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

// overlayFields returns the property names that the response overlays of api declare:
// the keys of every properties mapping an update adds, and the keys of updates that
// target a properties mapping. A missing overlay directory declares nothing.
func overlayFields(t *testing.T, api string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "overlays", api, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	names := map[string]bool{}
	for _, file := range files {
		for _, a := range readOverlayActions(t, file) {
			if strings.HasSuffix(a.Target, "properties") && a.Update.Kind == yaml.MappingNode {
				addKeys(names, &a.Update)
			}
			addPropertyKeys(names, &a.Update)
		}
	}
	return names
}

// overlayAction is the part of an overlay action the tests read.
type overlayAction struct {
	Target string    `yaml:"target"`
	Update yaml.Node `yaml:"update"`
}

func readOverlayActions(t *testing.T, file string) []overlayAction {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Actions []overlayAction `yaml:"actions"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc.Actions
}

// addKeys adds the keys of the mapping node n to names.
func addKeys(names map[string]bool, n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		names[n.Content[i].Value] = true
	}
}

// addPropertyKeys adds the keys of every "properties" mapping found under n.
func addPropertyKeys(names map[string]bool, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		for _, c := range n.Content {
			addPropertyKeys(names, c)
		}
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Value == "properties" && val.Kind == yaml.MappingNode {
			addKeys(names, val)
		}
		addPropertyKeys(names, val)
	}
}

// checkValues fails t when a value of fx changes on its way through the decoded type: it
// encodes decoded again and compares every field the type kept with the fixture.
func checkValues(t *testing.T, fx fixture, decoded any) {
	t.Helper()
	again, err := json.Marshal(decoded)
	if err != nil {
		t.Fatalf("encode the decoded value again: %v", err)
	}

	var want, got any
	if err := errors.Join(json.Unmarshal(fx.body, &want), json.Unmarshal(again, &got)); err != nil {
		t.Fatal(err)
	}
	for _, diff := range compareJSON(want, got, "$") {
		t.Errorf("value changed in decoding: %s", diff)
	}
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
