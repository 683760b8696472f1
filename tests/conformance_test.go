package tests

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
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
		return adminv2.NewClient(s, httpdo.New(nil))
	}},
	"v3": {adminv3.Operations, func(s string) (any, error) {
		return adminv3.NewClient(s, httpdo.New(nil))
	}},
}

// TestConformance replays every recorded response through the generated client of its
// operation and fails on any decode error, on an enveloped body that no type receives, on a
// value that changes on its way through the Go types, and on a dropped field that users read
// or that an overlay declares. Other dropped fields are logged.
func TestConformance(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.file, func(t *testing.T) {
			api, op := fixtureOperation(t, fx)

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
