package dbtrt_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

func TestJSONMerge(t *testing.T) {
	cases := []struct {
		name       string
		doc, patch string
		nilDoc     bool
		nilPatch   bool
		want       string
	}{
		{name: "adds a member", doc: `{"a":1}`, patch: `{"b":2}`, want: `{"a":1,"b":2}`},
		{name: "replaces a member", doc: `{"a":1,"b":2}`, patch: `{"a":"x"}`,
			want: `{"a":"x","b":2}`},
		{name: "null replaces a member", doc: `{"a":1,"b":2}`, patch: `{"a":null}`,
			want: `{"a":null,"b":2}`},
		{name: "null for a missing member", doc: `{"a":1}`, patch: `{"z":null}`,
			want: `{"a":1,"z":null}`},
		{name: "merges nested objects", doc: `{"o":{"x":1,"y":2},"k":true}`,
			patch: `{"o":{"y":null,"z":[3]}}`, want: `{"k":true,"o":{"x":1,"y":null,"z":[3]}}`},
		{name: "object member replaces a scalar", doc: `{"o":5}`, patch: `{"o":{"p":1,"q":null}}`,
			want: `{"o":{"p":1,"q":null}}`},
		{name: "scalar member replaces an object", doc: `{"o":{"p":1}}`, patch: `{"o":"flat"}`,
			want: `{"o":"flat"}`},
		{name: "arrays are replaced whole", doc: `{"a":[1,2,3]}`, patch: `{"a":[9]}`,
			want: `{"a":[9]}`},
		{name: "nulls inside arrays stay", doc: `{}`, patch: `{"a":[null,{"b":null}]}`,
			want: `{"a":[null,{"b":null}]}`},
		{name: "object patch over an array", doc: `[1,2]`, patch: `{"0":7}`, want: `{"0":7}`},
		{name: "object patch over a scalar", doc: `"text"`, patch: `{"a":1}`, want: `{"a":1}`},
		{name: "object patch over null", doc: `null`, patch: `{"a":1}`, want: `{"a":1}`},
		{name: "string patch replaces", doc: `{"a":1}`, patch: `"s"`, want: `"s"`},
		{name: "array patch replaces", doc: `{"a":1}`, patch: `[{"a":null}]`,
			want: `[{"a":null}]`},
		{name: "null patch replaces", doc: `{"a":1}`, patch: `null`, want: `null`},
		{name: "number patch replaces", doc: `[1]`, patch: `4.50`, want: `4.50`},
		{name: "empty patch object keeps doc", doc: `{"b":1,"a":{"c":2}}`, patch: `{}`,
			want: `{"a":{"c":2},"b":1}`},
		{name: "keeps numbers as written", doc: `{"big":12345678901234567891,"f":1.50}`,
			patch: `{"e":1E+3}`, want: `{"big":12345678901234567891,"e":1E+3,"f":1.50}`},
		{name: "escapes like encoding/json", doc: `{"h":"<b>&"}`, patch: `{}`,
			want: `{"h":"\u003cb\u003e\u0026"}`},
		{name: "last duplicate key wins", doc: `{"a":1,"a":2}`, patch: `{"b":null,"b":1}`,
			want: `{"a":2,"b":1}`},
		{name: "tolerates whitespace", doc: " {\n\"a\" : 1 }\n", patch: "\t{ \"b\" : [ 1 , 2 ] } ",
			want: `{"a":1,"b":[1,2]}`},
		{name: "nil doc takes an object patch", nilDoc: true, patch: `{"b":{"c":null},"a":null}`,
			want: `{"a":null,"b":{"c":null}}`},
		{name: "empty doc takes an object patch", patch: `{"kind":"x"}`, want: `{"kind":"x"}`},
		{name: "nil doc takes a scalar patch", nilDoc: true, patch: `true`, want: `true`},
		{name: "nil patch keeps doc", doc: `{"b":[1, 2],"a":null}`, nilPatch: true,
			want: `{"a":null,"b":[1,2]}`},
		{name: "empty patch keeps a scalar doc", doc: ` 7 `, want: `7`},
		{name: "nil doc and nil patch", nilDoc: true, nilPatch: true, want: `{}`},
		{name: "empty doc and empty patch", want: `{}`},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, patch := []byte(tc.doc), []byte(tc.patch)
			if tc.nilDoc {
				doc = nil
			}

			if tc.nilPatch {
				patch = nil
			}

			got, err := dbtrt.JSONMerge(doc, patch)
			if err != nil {
				t.Fatalf("JSONMerge(%q, %q) error: %v", tc.doc, tc.patch, err)
			}

			if string(got) != tc.want {
				t.Errorf("JSONMerge(%q, %q) = %s, want %s", tc.doc, tc.patch, got, tc.want)
			}
		})
	}
}

func TestJSONMergeDiscriminator(t *testing.T) {
	type variant struct {
		Kind  string  `json:"kind"`
		Name  string  `json:"name"`
		Limit *int    `json:"limit"`
		Note  *string `json:"note,omitempty"`
	}

	b, err := json.Marshal(variant{Name: "pg"})
	if err != nil {
		t.Fatal(err)
	}

	got, err := dbtrt.JSONMerge(b, []byte(`{"kind":"postgres"}`))
	if err != nil {
		t.Fatal(err)
	}

	if want := `{"kind":"postgres","limit":null,"name":"pg"}`; string(got) != want {
		t.Errorf("discriminator merge = %s, want %s", got, want)
	}

	var back variant
	if err := json.Unmarshal(got, &back); err != nil || back.Kind != "postgres" {
		t.Errorf("decoded %+v, %v; want kind postgres", back, err)
	}
}

func TestJSONMergeLeavesInputsAlone(t *testing.T) {
	doc := []byte(`{"a":{"b":1}}`)
	patch := []byte(`{"a":{"b":null}}`)

	got, err := dbtrt.JSONMerge(doc, patch)
	if err != nil {
		t.Fatal(err)
	}

	if string(got) != `{"a":{"b":null}}` {
		t.Errorf("merge = %s, want {\"a\":{\"b\":null}}", got)
	}

	if string(doc) != `{"a":{"b":1}}` || string(patch) != `{"a":{"b":null}}` {
		t.Errorf("inputs changed: doc %s, patch %s", doc, patch)
	}
}

func TestJSONMergeRejectsInvalidJSON(t *testing.T) {
	cases := []struct {
		name       string
		doc, patch string
		blame      string
		syntax     bool
	}{
		{name: "truncated doc", doc: `{"a":`, patch: `{}`, blame: "doc"},
		{name: "bad doc token", doc: `{a:1}`, patch: `{}`, blame: "doc", syntax: true},
		{name: "whitespace doc", doc: "  \n", patch: `{}`, blame: "doc"},
		{name: "doc with trailing value", doc: `{} {}`, patch: `{}`, blame: "doc"},
		{name: "doc with trailing junk", doc: `1 x`, patch: `{}`, blame: "doc"},
		{name: "bad patch", doc: `{}`, patch: `{"a":}`, blame: "patch", syntax: true},
		{name: "patch with trailing value", doc: `{}`, patch: `{"a":1}]`, blame: "patch"},
		{name: "bad patch on empty doc", patch: `nulx`, blame: "patch", syntax: true},
		{name: "both bad", doc: `[`, patch: `]`, blame: "doc"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dbtrt.JSONMerge([]byte(tc.doc), []byte(tc.patch))
			if err == nil {
				t.Fatalf("JSONMerge(%q, %q) = %s, want an error", tc.doc, tc.patch, got)
			}

			if got != nil {
				t.Errorf("JSONMerge returned %q with its error", got)
			}

			msg := err.Error()
			if !strings.HasPrefix(msg, "dbtrt: JSON merge: "+tc.blame+" ") {
				t.Errorf("error %q does not blame the %s", msg, tc.blame)
			}

			var syn *json.SyntaxError
			if tc.syntax && !errors.As(err, &syn) {
				t.Errorf("error %q does not wrap a *json.SyntaxError", msg)
			}
		})
	}
}
