package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

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
		t.Fatalf("%s: the client has no method %s", op, op.GoName)
	}
	return m
}

// typedMethod returns the client method of op.
func typedMethod(client reflect.Value, op dbtrt.Operation) reflect.Value {
	return client.MethodByName(op.GoName)
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
// for path strings, zero values for the rest, bodies included. Variadic request editors are
// left out.
func arguments(m reflect.Type) []reflect.Value {
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
