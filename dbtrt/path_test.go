package dbtrt_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

func TestExpandPath(t *testing.T) {
	cases := []struct {
		template string
		args     []any
		want     string
	}{
		{"/api/v2/accounts/", nil, "/api/v2/accounts/"},
		{"/api/v2/accounts/{account_id}/", []any{int64(12)}, "/api/v2/accounts/12/"},
		{"/a/{account_id}/jobs/{job_id}/run/", []any{1, int64(2)}, "/a/1/jobs/2/run/"},
		{"/x/{name}", []any{"a/b c?d%"}, "/x/a%2Fb%20c%3Fd%25"},
		{"/x/{id}/{flag}", []any{idType(-4), true}, "/x/-4/true"},
		{"/x/{u}-{f}", []any{uint8(9), 2.5}, "/x/9-2.5"},
		{"/x/{p}", []any{ptr(int64(77))}, "/x/77"},
		{"/x/{s}", []any{stateFilter("on")}, "/x/on"},
		{"/x/{t}", []any{mustTime(t, "2024-01-01 00:00:00")}, "/x/2024-01-01T00:00:00Z"},
		{"/x/{k}", []any{ptrText{"a", "b"}}, "/x/a:b"},
		{"/x/{l}", []any{label{"z"}}, "/x/label-z"},
		{"{a}{b}", []any{"1", "2"}, "12"},
		{"/x/}/{a}", []any{"1"}, "/x/}/1"},
	}

	for _, tc := range cases {
		got, err := dbtrt.ExpandPath(tc.template, tc.args)
		if err != nil {
			t.Errorf("ExpandPath(%q, %v) error: %v", tc.template, tc.args, err)
			continue
		}

		if got != tc.want {
			t.Errorf("ExpandPath(%q, %v) = %q, want %q", tc.template, tc.args, got, tc.want)
		}
	}
}

func TestExpandPathErrors(t *testing.T) {
	var nilID *int64

	cases := []struct {
		name     string
		template string
		args     []any
		mention  string
	}{
		{"too few", "/a/{account_id}/jobs/{job_id}/", []any{1}, "{job_id}"},
		{"none given", "/a/{account_id}/", nil, "{account_id}"},
		{"too many", "/a/{account_id}/", []any{1, 2}, "1 parameter(s) but was given 2"},
		{"args without params", "/a/", []any{"x"}, "0 parameter(s) but was given 1"},
		{"unclosed", "/a/{account_id/", []any{1}, "unclosed"},
		{"unclosed before another", "/a/{x/{y}/", []any{1, 2}, "unclosed"},
		{"unnamed", "/a/{}/", []any{1}, "without a name"},
		{"empty string", "/a/{account_id}/jobs/", []any{""}, "{account_id} is empty"},
		{"empty named string", "/a/{state}/", []any{stateFilter("")}, "{state} is empty"},
		{"zero time", "/a/{at}/", []any{dbtrt.Time{}}, "{at} is empty"},
		{"nil pointer", "/a/{id}/", []any{nilID}, "{id}"},
		{"nil", "/a/{id}/", []any{nil}, "{id}"},
		{"struct", "/a/{id}/", []any{struct{ A int }{}}, "not a scalar"},
		{"slice", "/a/{id}/", []any{[]int{1}}, "not a scalar"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dbtrt.ExpandPath(tc.template, tc.args)
			if err == nil {
				t.Fatalf("ExpandPath(%q, %v) = %q, want an error", tc.template, tc.args, got)
			}

			msg := err.Error()
			if !strings.Contains(msg, `"`+tc.template+`"`) || !strings.Contains(msg, tc.mention) {
				t.Errorf("error %q does not mention %q and %q", msg, tc.template, tc.mention)
			}
		})
	}
}

type benchParams struct {
	AccountID *int64        `form:"account_id,omitempty"`
	Limit     *int          `form:"limit,omitempty"`
	OrderBy   *string       `form:"order_by,omitempty"`
	Status    *runStatus    `form:"status,omitempty"`
	State     *stateFilter  `form:"state,omitempty"`
	HasDocs   *bool         `form:"has_docs,omitempty"`
	Ratio     *float64      `form:"ratio,omitempty"`
	CreatedIn *[]dbtrt.Time `form:"created_at__in,omitempty"`
}

// FuzzExpandPath checks that no argument can reach outside its path segment: the expanded
// segment holds no slash, query or fragment, and unescapes to the argument.
func FuzzExpandPath(f *testing.F) {
	for _, s := range []string{"run_results.json", "target/manifest.json", "a?b#c", "100%",
		"../../accounts", "é ü", "{id}", " "} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, arg string) {
		got, err := dbtrt.ExpandPath("/runs/{id}/artifacts/{path}", []any{int64(7), arg})
		if arg == "" {
			if err == nil {
				t.Error("an empty argument expanded")
			}
			return
		}
		if err != nil {
			t.Fatalf("ExpandPath(%q): %v", arg, err)
		}

		seg, ok := strings.CutPrefix(got, "/runs/7/artifacts/")
		if !ok || strings.ContainsAny(seg, "/?#") {
			t.Fatalf("ExpandPath(%q) = %q: the argument left its segment", arg, got)
		}
		if back, err := url.PathUnescape(seg); err != nil || back != arg {
			t.Errorf("segment %q unescapes to %q, %v; want %q", seg, back, err, arg)
		}
	})
}
