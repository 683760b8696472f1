package tests

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// TestEveryQueryParameterIsSent sets every field of every operation's parameter struct and
// checks that each arrives at a server as the query parameter its form tag names: no
// parameter type of the specs is one the runtime cannot encode.
func TestEveryQueryParameterIsSent(t *testing.T) {
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.Query()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	sent := 0
	for version, api := range generatedAPIs {
		client, err := api.newClient(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range api.ops {
			m := typedMethod(reflect.ValueOf(client), op)
			params, names := fullParams(m.Type())
			if len(names) == 0 {
				continue
			}

			got = nil
			args := arguments(m.Type())
			args[len(args)-1-bodyArgs(op)] = params
			out := m.Call(args)
			if err, _ := out[1].Interface().(error); err != nil {
				t.Errorf("%s %s: %v", version, op, err)
				continue
			}
			for _, name := range names {
				if !got.Has(name) {
					t.Errorf("%s %s: query parameter %s was not sent", version, op, name)
				}
			}
			sent += len(names)
		}
	}
	if sent < 100 {
		t.Errorf("only %d query parameters were sent; the test lost its operations", sent)
	}
}

// bodyArgs is 1 when op's method takes a body after its parameters, else 0.
func bodyArgs(op dbtrt.Operation) int {
	if op.ContentType != "" {
		return 1
	}
	return 0
}

// fullParams returns a parameter struct of the method m with every field set, and the
// query parameter names of its fields; no names when m takes no parameter struct.
func fullParams(m reflect.Type) (reflect.Value, []string) {
	for i := range m.NumIn() {
		in := m.In(i)
		if in.Kind() != reflect.Pointer || in.Elem().Kind() != reflect.Struct ||
			!strings.HasSuffix(in.Elem().Name(), "Params") {
			continue
		}

		v := reflect.New(in.Elem())
		var names []string
		for j := range in.Elem().NumField() {
			name, _, _ := strings.Cut(in.Elem().Field(j).Tag.Get("form"), ",")
			if name == "" {
				continue
			}
			fill(v.Elem().Field(j))
			names = append(names, name)
		}
		return v, names
	}
	return reflect.Value{}, nil
}

// fill sets v to a sample of its type: pointers to a sample, slices to two samples.
func fill(v reflect.Value) {
	switch {
	case v.Type() == reflect.TypeFor[dbtrt.Time]():
		v.Set(reflect.ValueOf(dbtrt.Time{Time: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}))
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0))
		fill(v.Index(1))
	case v.Kind() == reflect.String:
		v.SetString("x")
	case v.CanInt():
		v.SetInt(1)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.CanFloat():
		v.SetFloat(1.5)
	}
}
