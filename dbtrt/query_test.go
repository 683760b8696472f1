package dbtrt_test

import (
	"encoding"
	"errors"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

type runStatus int64

type stateFilter string

type shortID uint16

// ptrText implements encoding.TextMarshaler on its pointer only.
type ptrText struct {
	a, b string
}

func (p *ptrText) MarshalText() ([]byte, error) {
	return []byte(p.a + ":" + p.b), nil
}

// failingText always fails to encode.
type failingText struct{}

var errFailingText = errors.New("no text today")

func (failingText) MarshalText() ([]byte, error) {
	return nil, errFailingText
}

// label implements fmt.Stringer only.
type label struct {
	name string
}

func (l label) String() string {
	return "label-" + l.name
}

func ptr[T any](v T) *T {
	return &v
}

func mustTime(t *testing.T, s string) dbtrt.Time {
	t.Helper()

	v, err := dbtrt.ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}

	return v
}

type scalarParams struct {
	Str     *string      `form:"str,omitempty" json:"str,omitempty"`
	Yes     *bool        `form:"yes,omitempty"`
	No      bool         `form:"no"`
	I8      int8         `form:"i8"`
	I       *int         `form:"i,omitempty"`
	I64     *int64       `form:"i64,omitempty"`
	U       uint         `form:"u"`
	U64     *uint64      `form:"u64,omitempty"`
	F32     *float32     `form:"f32,omitempty"`
	F64     float64      `form:"f64"`
	Status  *runStatus   `form:"status,omitempty"`
	State   *stateFilter `form:"state,omitempty"`
	Short   shortID      `form:"short"`
	Unset   *int64       `form:"unset,omitempty"`
	NoTag   string
	JSON    string `json:"json_only"`
	Skipped string `form:"-"`
	hidden  string `form:"hidden"`
	Bare    string `form:",omitempty"`
}

func TestQueryScalars(t *testing.T) {
	p := scalarParams{
		Str:     ptr("a b&c"),
		Yes:     ptr(true),
		I8:      -8,
		I:       ptr(0),
		I64:     ptr(int64(-9007199254740993)),
		U:       7,
		U64:     ptr(uint64(18446744073709551615)),
		F32:     ptr(float32(0.1)),
		F64:     1e21,
		Status:  ptr(runStatus(10)),
		State:   ptr(stateFilter("active")),
		Short:   65535,
		NoTag:   "x",
		JSON:    "x",
		Skipped: "x",
		hidden:  "x",
		Bare:    "bare",
	}
	want := url.Values{
		"str": {"a b&c"}, "yes": {"true"}, "no": {"false"}, "i8": {"-8"}, "i": {"0"},
		"i64": {"-9007199254740993"}, "u": {"7"}, "u64": {"18446744073709551615"},
		"f32": {"0.1"}, "f64": {"1000000000000000000000"}, "status": {"10"},
		"state": {"active"}, "short": {"65535"}, "Bare": {"bare"},
	}

	for _, in := range []any{p, &p} {
		got, err := dbtrt.Query(in)
		if err != nil {
			t.Fatalf("Query(%T) error: %v", in, err)
		}

		if !reflect.DeepEqual(got, want) {
			t.Errorf("Query(%T) =\n%v\nwant\n%v", in, got, want)
		}
	}
}

type listParams struct {
	IDs     *[]int64       `form:"id__in,omitempty"`
	States  []stateFilter  `form:"state__in"`
	Pair    [2]runStatus   `form:"pair"`
	Names   *[]*string     `form:"name,omitempty"`
	Created *[]dbtrt.Time  `form:"created_at__in,omitempty"`
	Empty   *[]string      `form:"empty,omitempty"`
	NilList []int          `form:"nil_list"`
	Raw     *[]byte        `form:"raw,omitempty"`
	Keys    *[]ptrText     `form:"key,omitempty"`
	Stamps  [1]dbtrt.Time  `form:"stamp"`
	Floats  []float32      `form:"float"`
	Unset   *[]dbtrt.Time  `form:"unset,omitempty"`
	Deep    **[]runStatus  `form:"deep,omitempty"`
	Texts   []*dbtrt.Time  `form:"texts"`
	Mixed   map[string]int `form:"mixed"`
	Void    any            `form:"void"`
}

func TestQueryLists(t *testing.T) {
	created := []dbtrt.Time{
		mustTime(t, "2024-05-01T10:00:00Z"),
		mustTime(t, "2024-04-30 09:30:00.5+02:00"),
	}
	deep := ptr([]runStatus{3, 1})
	p := listParams{
		IDs:     ptr([]int64{3, 1, 2}),
		States:  []stateFilter{"b", "a"},
		Pair:    [2]runStatus{20, 10},
		Names:   ptr([]*string{ptr("x"), nil, ptr("y/z")}),
		Created: &created,
		Empty:   ptr([]string{}),
		Raw:     ptr([]byte("hi?")),
		Keys:    ptr([]ptrText{{"k", "v"}}),
		Stamps:  [1]dbtrt.Time{mustTime(t, "2023-01-02T03:04:05.123456789-07:00")},
		Floats:  []float32{1.5, -0.25},
		Deep:    &deep,
		Texts:   []*dbtrt.Time{nil, &created[0]},
	}
	want := url.Values{
		"id__in":    {"3", "1", "2"},
		"state__in": {"b", "a"},
		"pair":      {"20", "10"},
		"name":      {"x", "y/z"},
		"created_at__in": {
			"2024-05-01T10:00:00Z", "2024-04-30T09:30:00.5+02:00",
		},
		"raw":   {"aGk/"},
		"key":   {"k:v"},
		"stamp": {"2023-01-02T03:04:05.123456789-07:00"},
		"float": {"1.5", "-0.25"},
		"deep":  {"3", "1"},
		"texts": {"2024-05-01T10:00:00Z"},
	}

	for _, in := range []any{p, &p} {
		got, err := dbtrt.Query(in)
		if err != nil {
			t.Fatalf("Query(%T) error: %v", in, err)
		}

		if !reflect.DeepEqual(got, want) {
			t.Errorf("Query(%T) =\n%v\nwant\n%v", in, got, want)
		}
	}
}

type textParams struct {
	At      dbtrt.Time  `form:"at"`
	Since   *dbtrt.Time `form:"since,omitempty"`
	Std     *time.Time  `form:"std,omitempty"`
	Key     ptrText     `form:"key"`
	KeyPtr  *ptrText    `form:"key_ptr,omitempty"`
	Zero    *dbtrt.Time `form:"zero,omitempty"`
	Skipped *dbtrt.Time `form:"skipped,omitempty"`
}

func TestQueryTextMarshalers(t *testing.T) {
	at := mustTime(t, "2024-02-29t23:59:59z")
	std := time.Date(2020, 1, 2, 3, 4, 5, 600, time.UTC)
	p := textParams{
		At:     at,
		Since:  ptr(mustTime(t, "2024-03-01T00:00:00+0530")),
		Std:    &std,
		Key:    ptrText{"a", "b"},
		KeyPtr: &ptrText{"c", "d"},
		Zero:   &dbtrt.Time{},
	}
	want := url.Values{
		"at":      {"2024-02-29T23:59:59Z"},
		"since":   {"2024-03-01T00:00:00+05:30"},
		"std":     {"2020-01-02T03:04:05.0000006Z"},
		"key":     {"a:b"},
		"key_ptr": {"c:d"},
		"zero":    {""},
	}

	for _, in := range []any{p, &p} {
		got, err := dbtrt.Query(in)
		if err != nil {
			t.Fatalf("Query(%T) error: %v", in, err)
		}

		if !reflect.DeepEqual(got, want) {
			t.Errorf("Query(%T) =\n%v\nwant\n%v", in, got, want)
		}
	}
}

func TestQueryEmpty(t *testing.T) {
	var nilParams *scalarParams

	type noParams struct {
		A string `json:"a"`
	}

	for _, in := range []any{nil, nilParams, noParams{A: "x"}, &badMap{}} {
		got, err := dbtrt.Query(in)
		if err != nil {
			t.Fatalf("Query(%#v) error: %v", in, err)
		}

		if got == nil || len(got) != 0 {
			t.Fatalf("Query(%#v) = %#v, want empty non-nil values", in, got)
		}
	}
}

type badStruct struct {
	Filter *struct{ A int } `form:"filter,omitempty"`
}

type badMap struct {
	Labels map[string]string `form:"labels"`
}

type badNested struct {
	Grid *[][]int `form:"grid,omitempty"`
}

type badInterface struct {
	Any any `form:"any"`
}

type badLabel struct {
	Tag label `form:"tag"`
}

type badTextInterface struct {
	Text encoding.TextMarshaler `form:"text"`
}

func TestQueryRejectsUnsupportedKinds(t *testing.T) {
	cases := []struct {
		in           any
		field, param string
	}{
		{badStruct{Filter: &struct{ A int }{1}}, "badStruct.Filter", "filter"},
		{&badMap{Labels: map[string]string{"a": "b"}}, "badMap.Labels", "labels"},
		{badNested{Grid: &[][]int{{1}}}, "badNested.Grid", "grid"},
		{badInterface{Any: 1}, "badInterface.Any", "any"},
		{badLabel{}, "badLabel.Tag", "tag"},
		{&badTextInterface{Text: dbtrt.Time{}}, "badTextInterface.Text", "text"},
	}

	for _, tc := range cases {
		got, err := dbtrt.Query(tc.in)
		if err == nil {
			t.Errorf("Query(%#v) = %v, want an error", tc.in, got)
			continue
		}

		msg := err.Error()
		for _, part := range []string{tc.field, `"` + tc.param + `"`, "only scalar and array"} {
			if !strings.Contains(msg, part) {
				t.Errorf("Query(%T) error %q does not mention %s", tc.in, msg, part)
			}
		}
	}
}

func TestQuerySkipsUnsetUnsupportedFields(t *testing.T) {
	for _, in := range []any{badStruct{}, badMap{}, badNested{}, &badTextInterface{}} {
		got, err := dbtrt.Query(in)
		if err != nil || len(got) != 0 {
			t.Errorf("Query(%#v) = %v, %v; want no values and no error", in, got, err)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	type failing struct {
		Bad *[]failingText `form:"bad,omitempty"`
	}

	got, err := dbtrt.Query(failing{Bad: &[]failingText{{}}})
	if got != nil || !errors.Is(err, errFailingText) {
		t.Errorf("Query = %v, %v; want nil and an error wrapping %v", got, err, errFailingText)
	}

	if err != nil && !strings.Contains(err.Error(), `"bad" (field failing.Bad)`) {
		t.Errorf("Query error %q does not name the parameter and field", err)
	}

	for _, in := range []any{42, ptr("s"), []scalarParams{{}}} {
		if _, err := dbtrt.Query(in); err == nil || !strings.Contains(err.Error(), "struct") {
			t.Errorf("Query(%T) error = %v, want one saying a struct is needed", in, err)
		}
	}
}

func TestQueryConcurrentUse(t *testing.T) {
	type params struct {
		N *int64 `form:"n,omitempty"`
	}

	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			got, err := dbtrt.Query(params{N: ptr(int64(i))})
			if err != nil || got.Get("n") != strconv.Itoa(i) {
				t.Errorf("Query(%d) = %v, %v", i, got, err)
			}
		})
	}

	wg.Wait()
}

type idType int32

func BenchmarkQuery(b *testing.B) {
	stamp, err := dbtrt.ParseTime("2024-05-01T10:00:00.123Z")
	if err != nil {
		b.Fatal(err)
	}

	p := &benchParams{
		AccountID: ptr(int64(70403103920000)),
		Limit:     ptr(100),
		OrderBy:   ptr("-created_at"),
		Status:    ptr(runStatus(10)),
		State:     ptr(stateFilter("active")),
		HasDocs:   ptr(true),
		Ratio:     ptr(0.75),
		CreatedIn: &[]dbtrt.Time{stamp, stamp},
	}

	b.ReportAllocs()
	for b.Loop() {
		q, err := dbtrt.Query(p)
		if err != nil || len(q) != 8 {
			b.Fatalf("Query = %v, %v", q, err)
		}
	}
}
