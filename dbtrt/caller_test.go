package dbtrt_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// callerOps is a small operation table in the shape generated packages export.
var callerOps = dbtrt.Operations{
	{Method: "GET", Path: "/api/v2/accounts/{account_id}/runs/", GoName: "ListRuns"},
	{Method: "POST", Path: "/api/v2/accounts/{account_id}/jobs/{job_id}/run/",
		GoName: "TriggerRun", ContentType: "application/json"},
	{Method: "POST", Path: "/scim/{account_id}/Users", GoName: "CreateUser",
		ContentType: "application/scim+json"},
	{Method: "GET", Path: "/runs/{id}/artifacts/{remainder}", GoName: "Artifact"},
}

type runsParams struct {
	Limit  *int64   `form:"limit,omitempty"`
	Status []string `form:"status__in,omitempty"`
}

type trigger struct {
	Cause string `json:"cause"`
}

type run struct {
	ID int64 `json:"id"`
}

type problem struct {
	Message string `json:"message"`
}

// runResponse is a response struct of the shape the client template writes.
type runResponse struct {
	dbtrt.Result
	JSON200     *run     `status:"200"`
	JSON404     *problem `status:"404"`
	JSON5XX     *problem `status:"5XX"`
	JSONDefault *problem `status:"default"`
}

// recorder is a Doer that keeps the requests it gets and answers each with its reply.
type recorder struct {
	got   []*dbtrt.Request
	reply func() *dbtrt.Response
}

func (r *recorder) Do(_ context.Context, req *dbtrt.Request) (*dbtrt.Response, error) {
	r.got = append(r.got, req)
	if r.reply == nil {
		return answer(200, "application/json", `{"id": 1}`), nil
	}
	return r.reply(), nil
}

func answer(status int, contentType, body string) *dbtrt.Response {
	return &dbtrt.Response{StatusCode: status, Header: dbtrt.Header{
		"Content-Type": {contentType}}, Body: io.NopCloser(strings.NewReader(body))}
}

func newCaller(t *testing.T, server string, d dbtrt.Doer, eds ...dbtrt.Editor) dbtrt.Caller {
	t.Helper()

	c, err := dbtrt.NewCaller(server, d, callerOps, eds...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewCallerRejects(t *testing.T) {
	for _, server := range []string{"", "cloud.getdbt.com", "ftp://x.example", "https://",
		"http://bad host"} {
		if _, err := dbtrt.NewCaller(server, &recorder{}, callerOps); err == nil {
			t.Errorf("server %q: no error", server)
		}
	}

	_, err := dbtrt.NewCaller("https://cloud.getdbt.com", nil, callerOps)
	if err == nil || !strings.Contains(err.Error(), "Doer") {
		t.Errorf("nil doer: error %v, want one naming the Doer", err)
	}
}

func TestSendBuildsTheRequest(t *testing.T) {
	rec := &recorder{}
	c := newCaller(t, "https://emea.dbt.com/base/", rec)

	limit := int64(5)
	params := &runsParams{Limit: &limit, Status: []string{"10", "20"}}
	if _, err := c.Send(context.Background(), "ListRuns", params, nil, nil, 12); err != nil {
		t.Fatal(err)
	}

	req := rec.got[0]
	want := "https://emea.dbt.com/base/api/v2/accounts/12/runs/?limit=5&status__in=10&status__in=20"
	if req.URL.String() != want || req.Operation.GoName != "ListRuns" {
		t.Errorf("sent %s for %s, want %s", req.URL, req.Operation, want)
	}
	if req.Body != nil || req.Header.Get("Content-Type") != "" {
		t.Errorf("a GET carries body %q and Content-Type %q", req.Body,
			req.Header.Get("Content-Type"))
	}
}

func TestSendEscapesPathValues(t *testing.T) {
	rec := &recorder{}
	c := newCaller(t, "https://cloud.getdbt.com", rec)

	_, err := c.Send(context.Background(), "Artifact", nil, nil, nil, 3, "target/a b.json")
	if err != nil {
		t.Fatal(err)
	}

	got := rec.got[0].URL
	if got.EscapedPath() != "/runs/3/artifacts/target%2Fa%20b.json" {
		t.Errorf("escaped path %s", got.EscapedPath())
	}
}

func TestSendEncodesTheBody(t *testing.T) {
	rec := &recorder{}
	c := newCaller(t, "https://cloud.getdbt.com", rec)
	ctx := context.Background()

	if _, err := c.Send(ctx, "TriggerRun", nil, trigger{Cause: "ci"}, nil, 1, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, "CreateUser", nil, map[string]string{"userName": "a"},
		nil, 1); err != nil {
		t.Fatal(err)
	}

	if got := string(rec.got[0].Body); got != `{"cause":"ci"}` {
		t.Errorf("body %s", got)
	}
	for i, want := range []string{"application/json", "application/scim+json"} {
		if got := rec.got[i].Header.Get("content-type"); got != want {
			t.Errorf("request %d: Content-Type %q, want %q", i, got, want)
		}
	}
}

func TestEditorsRunInOrder(t *testing.T) {
	var order []string
	edit := func(name string) dbtrt.Editor {
		return func(_ context.Context, req *dbtrt.Request) error {
			order = append(order, name)
			req.Header.Set("X-Last", name)
			return nil
		}
	}
	rec := &recorder{}
	c := newCaller(t, "https://cloud.getdbt.com", rec, edit("client"))

	_, err := c.Send(context.Background(), "ListRuns", nil, nil,
		[]dbtrt.Editor{edit("call")}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(order, ",") != "client,call" || rec.got[0].Header.Get("X-Last") != "call" {
		t.Errorf("editors ran %v, last header %q", order, rec.got[0].Header.Get("X-Last"))
	}

	stop := errors.New("no token")
	_, err = c.Send(context.Background(), "ListRuns", nil, nil,
		[]dbtrt.Editor{func(context.Context, *dbtrt.Request) error { return stop }}, 1)
	if !errors.Is(err, stop) || len(rec.got) != 1 {
		t.Errorf("failing editor: error %v after %d requests, want it and 1", err, len(rec.got))
	}
}

func TestSendRejectsBadCalls(t *testing.T) {
	rec := &recorder{}
	c := newCaller(t, "https://cloud.getdbt.com", rec)
	ctx := context.Background()

	if _, err := c.Send(ctx, "Nope", nil, nil, nil); err == nil ||
		!strings.Contains(err.Error(), "regenerate") {
		t.Errorf("unknown operation: error %v", err)
	}
	if _, err := c.Send(ctx, "ListRuns", nil, nil, nil); err == nil {
		t.Error("missing path argument: no error")
	}
	if _, err := c.Send(ctx, "TriggerRun", nil, func() {}, nil, 1, 2); err == nil {
		t.Error("body that is not JSON: no error")
	}
	if len(rec.got) != 0 {
		t.Errorf("bad calls reached the Doer %d times", len(rec.got))
	}

	var zero dbtrt.Caller
	if _, err := zero.Send(ctx, "ListRuns", nil, nil, nil, 1); err == nil ||
		!strings.Contains(err.Error(), "NewClient") {
		t.Errorf("zero Caller: error %v, want one pointing at NewClient", err)
	}
}

func TestCallDecodesByStatus(t *testing.T) {
	tests := []struct {
		status      int
		contentType string
		body        string
		check       func(r *runResponse) bool
	}{
		{200, "application/json", `{"id": 7}`, func(r *runResponse) bool {
			return r.JSON200 != nil && r.JSON200.ID == 7 && r.JSON404 == nil
		}},
		{404, "application/json; charset=utf-8", `{"message": "gone"}`,
			func(r *runResponse) bool { return r.JSON404 != nil && r.JSON404.Message == "gone" }},
		{503, "application/json", `{"message": "busy"}`,
			func(r *runResponse) bool { return r.JSON5XX != nil && r.JSONDefault == nil }},
		{418, "application/json", `{"message": "teapot"}`,
			func(r *runResponse) bool { return r.JSONDefault != nil && r.JSON5XX == nil }},
		{200, "text/html", `<html>`, func(r *runResponse) bool {
			return r.JSON200 == nil && string(r.Body) == "<html>"
		}},
		{204, "application/json", ``, func(r *runResponse) bool { return r.JSONDefault == nil }},
	}

	for _, tt := range tests {
		rec := &recorder{reply: func() *dbtrt.Response {
			return answer(tt.status, tt.contentType, tt.body)
		}}
		c := newCaller(t, "https://cloud.getdbt.com", rec)

		var rsp runResponse
		if err := c.Call(context.Background(), &rsp, "ListRuns", nil, nil, nil, 1); err != nil {
			t.Fatalf("%d: %v", tt.status, err)
		}
		if rsp.StatusCode != tt.status || string(rsp.Body) != tt.body || !tt.check(&rsp) {
			t.Errorf("%d %s: decoded %+v", tt.status, tt.contentType, rsp)
		}
	}
}

func TestCallKeepsTheBodyOfABadDecode(t *testing.T) {
	rec := &recorder{reply: func() *dbtrt.Response {
		return answer(200, "application/json", `{"id": "seven"}`)
	}}
	c := newCaller(t, "https://cloud.getdbt.com", rec)

	var rsp runResponse
	err := c.Call(context.Background(), &rsp, "ListRuns", nil, nil, nil, 1)
	if err == nil || !strings.Contains(err.Error(), "ListRuns") {
		t.Errorf("error %v, want one naming the operation", err)
	}
	if rsp.StatusCode != 200 || string(rsp.Body) != `{"id": "seven"}` || rsp.JSON200 != nil {
		t.Errorf("after a bad decode: %+v", rsp)
	}
}

func TestDecodeRejectsOtherTypes(t *testing.T) {
	var notPointer runResponse
	var noResult struct {
		JSON200 *run `status:"200"`
	}

	for _, out := range []any{notPointer, &noResult, new(int), nil} {
		if err := dbtrt.Decode(out, 200, nil, []byte(`{}`)); err == nil {
			t.Errorf("Decode into %T: no error", out)
		}
	}
}

func TestSetHeader(t *testing.T) {
	rec := &recorder{}
	auth := dbtrt.SetHeader("Authorization", "Token secret")
	c := newCaller(t, "https://cloud.getdbt.com", rec, auth)

	_, err := c.Send(context.Background(), "ListRuns", nil, nil, []dbtrt.Editor{
		dbtrt.SetHeader("authorization", "Token other")}, 1)
	if err != nil {
		t.Fatal(err)
	}
	h := rec.got[0].Header
	if len(h) != 1 || h.Get("Authorization") != "Token other" {
		t.Errorf("headers %v, want the call's token only", h)
	}
}

func TestHeaderIgnoresCase(t *testing.T) {
	h := dbtrt.Header{"content-type": {"a"}}
	h.Set("Content-Type", "b")

	if len(h) != 1 || h.Get("CONTENT-TYPE") != "b" || h.Get("Accept") != "" {
		t.Errorf("header %v", h)
	}
}

func TestCallReadsBodiesOfAnyDeclaredLength(t *testing.T) {
	const body = `{"id": 42}`
	for _, tc := range []struct {
		length string
		ok     bool
	}{{"", true}, {"10", true}, {"4", true}, {"400", false}, {"x", true},
		{"999999999999", true}} {
		rec := &recorder{reply: func() *dbtrt.Response {
			r := answer(200, "application/json", body)
			if tc.length != "" {
				r.Header.Set("Content-Length", tc.length)
			}
			return r
		}}
		c := newCaller(t, "https://cloud.getdbt.com", rec)

		var rsp runResponse
		err := c.Call(context.Background(), &rsp, "ListRuns", nil, nil, nil, 1)
		if tc.ok && (err != nil || string(rsp.Body) != body || rsp.JSON200.ID != 42) {
			t.Errorf("Content-Length %q: body %q, %v", tc.length, rsp.Body, err)
		}
		if !tc.ok && err == nil {
			t.Errorf("Content-Length %q for a %d-byte body: no error", tc.length, len(body))
		}
	}
}
