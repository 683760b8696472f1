package dbtcloudtest

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// fixtureIDs are the objects every operation of the all-operations test points at.
type fixtureIDs struct {
	project, env, job, run, failedRun int64
}

// TestEveryOperation calls each of the 202 operations through the generated clients and
// checks that the answer is a success that the specification accepts.
func TestEveryOperation(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	ids := seedEverything(t, srv)

	v2, err := adminv2.NewClient(srv.URL, httpdo.New(nil), auth)
	if err != nil {
		t.Fatal(err)
	}
	v3, err := adminv3.NewClient(srv.URL, httpdo.New(nil), auth)
	if err != nil {
		t.Fatal(err)
	}

	var targets []target
	for _, op := range adminv2.Operations {
		targets = append(targets, target{"v2", v2, op})
	}
	for _, op := range adminv3.Operations {
		targets = append(targets, target{"v3", v3, op})
	}
	for _, tg := range deletesLast(targets) {
		t.Run(tg.version+"."+tg.op.GoName, func(t *testing.T) {
			if tg.op.Method == http.MethodDelete {
				ids = freshTargets(srv, ids)
			}
			callOperation(t, tg.version, tg.client, tg.op, ids)
		})
	}
	if len(targets) != 202 {
		t.Errorf("called %d operations, want 202", len(targets))
	}
	for _, r := range srv.Requests() {
		if r.ResponseError != nil {
			t.Errorf("%s %s: fake answered against the spec: %v", r.Method, r.Path,
				r.ResponseError)
		}
	}
}

// auth authenticates the requests of a generated client.
var auth = dbtrt.SetHeader("Authorization", "Token test-token")

// seedEverything creates a project, an environment, a job, a finished run and a failed run.
func seedEverything(t *testing.T, srv *Server) fixtureIDs {
	t.Helper()

	var ids fixtureIDs
	ids.project = srv.AddProject(DefaultAccountID, "analytics")
	ids.env = srv.AddEnvironment(DefaultAccountID, ids.project, "production")
	ids.job = srv.AddJob(DefaultAccountID, ids.project, ids.env, "nightly")
	failing := srv.AddJob(DefaultAccountID, ids.project, ids.env, "flaky")
	srv.SetJobRunPlan(failing, RunPlan{Running: time.Second, Outcome: StatusError})

	ids.run = triggerForTest(t, srv, ids.job)
	ids.failedRun = triggerForTest(t, srv, failing)
	srv.Clock.Advance(time.Hour)
	return ids
}

// freshTargets replaces the project, environment and job, so that each deletion has its own.
func freshTargets(srv *Server, ids fixtureIDs) fixtureIDs {
	ids.project = srv.AddProject(DefaultAccountID, "doomed")
	ids.env = srv.AddEnvironment(DefaultAccountID, ids.project, "doomed")
	ids.job = srv.AddJob(DefaultAccountID, ids.project, ids.env, "doomed")
	return ids
}

func triggerForTest(t *testing.T, srv *Server, job int64) int64 {
	t.Helper()

	c, err := adminv2.NewClient(srv.URL, httpdo.New(nil), auth)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.TriggerJobRun(context.Background(), DefaultAccountID, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "seed"})
	if err != nil || resp.JSON200 == nil || resp.JSON200.Data.ID == nil {
		t.Fatalf("trigger job %d: %v (status %d, body %s)", job, err, resp.StatusCode, resp.Body)
	}
	return *resp.JSON200.Data.ID
}

// target is one operation and the client that sends it.
type target struct {
	version string
	client  any
	op      dbtrt.Operation
}

// deletesLast orders operations so that deletions come last, nested paths first.
func deletesLast(targets []target) []target {
	out := slices.Clone(targets)
	slices.SortStableFunc(out, func(x, y target) int {
		a, b := x.op, y.op
		ad, bd := a.Method == http.MethodDelete, b.Method == http.MethodDelete
		switch {
		case ad && !bd:
			return 1
		case !ad && bd:
			return -1
		case ad && bd:
			return len(b.Path) - len(a.Path)
		}
		return 0
	})
	return out
}

// callOperation calls op's client method, with a JSON body built from the request schema
// when it takes one, and checks the response against the spec.
func callOperation(t *testing.T, version string, client any, op dbtrt.Operation,
	ids fixtureIDs) {
	m := reflect.ValueOf(client).MethodByName(op.GoName)
	if !m.IsValid() {
		t.Fatalf("client has no method for %s", op)
	}

	var sent *dbtrt.Request
	editors := []dbtrt.Editor{func(_ context.Context, req *dbtrt.Request) error {
		sent = req
		return nil
	}}
	if op.ContentType != "" {
		body := requestBody(t, findTestRoute(t, version, op))
		editors = append(editors, func(_ context.Context, req *dbtrt.Request) error {
			req.Body = body
			return nil
		})
	}
	args := append(operationArgs(t, version, m.Type(), op, ids), reflect.ValueOf(editors))
	out := m.CallSlice(args)
	if err, _ := out[1].Interface().(error); err != nil {
		t.Fatalf("%s: %v", op, err)
	}

	checkAnswer(t, op, sent, out[0].Elem().FieldByName("Result").Interface().(dbtrt.Result))
}

// checkAnswer checks that a response to the request sent succeeded and keeps to the spec.
func checkAnswer(t *testing.T, op dbtrt.Operation, sent *dbtrt.Request, rsp dbtrt.Result) {
	t.Helper()

	if rsp.StatusCode >= 300 {
		t.Fatalf("%s: status %d: %s", op, rsp.StatusCode, rsp.Body)
	}
	req, err := httpdo.Request(context.Background(), sent)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateResponse(req, rsp.StatusCode, http.Header(rsp.Header),
		rsp.Body); err != nil {
		t.Errorf("response breaks the spec: %v", err)
	}
}

// operationArgs builds the arguments of a client method from its signature, up to the
// editors: path parameters in the order of the path template, zero query parameters, and a
// zero body.
func operationArgs(t *testing.T, version string, mt reflect.Type, op dbtrt.Operation,
	ids fixtureIDs) []reflect.Value {
	t.Helper()

	rt := findTestRoute(t, version, op)
	names := pathParamNames(op.Path)
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < mt.NumIn(); i++ {
		in := mt.In(i)
		switch {
		case mt.IsVariadic() && i == mt.NumIn()-1:
		case in.Kind() == reflect.Pointer:
			args = append(args, queryParams(t, in.Elem(), rt))
		case len(names) > 0:
			args = append(args, pathValue(in, op.Path, names[0], ids))
			names = names[1:]
		case op.ContentType != "":
			// The body; callOperation sends one built from the schema in its place.
			args = append(args, reflect.Zero(in))
		default:
			t.Fatalf("%s: cannot build argument %d of type %s", op, i, in)
		}
	}
	return args
}

func pathParamNames(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") {
			names = append(names, strings.Trim(seg, "{}"))
		}
	}
	return names
}

// pathValue picks the fixture a path parameter points at.
func pathValue(typ reflect.Type, path, name string, ids fixtureIDs) reflect.Value {
	if typ.Kind() == reflect.String {
		if name == "remainder" {
			return reflect.ValueOf("run_results.json").Convert(typ)
		}
		return reflect.ValueOf("example").Convert(typ)
	}

	var id int64 = 1
	switch name {
	case "account_id":
		id = DefaultAccountID
	case "project_id":
		id = ids.project
	case "environment_id":
		id = ids.env
	case "job_id":
		id = ids.job
	case "run_id":
		id = ids.run
		if strings.HasSuffix(path, "/retry/") {
			id = ids.failedRun
		}
	case "id":
		id = idFor(path, ids)
	}
	return reflect.ValueOf(id).Convert(typ)
}

// idFor picks the {id} of a path by the collection that precedes it.
func idFor(path string, ids fixtureIDs) int64 {
	before, _, _ := strings.Cut(path, "{id}")
	switch {
	case strings.HasSuffix(before, "/projects/"):
		return ids.project
	case strings.HasSuffix(before, "/environments/"):
		return ids.env
	case strings.HasSuffix(before, "/jobs/"):
		return ids.job
	case strings.HasSuffix(before, "/runs/"):
		return ids.run
	}
	return 1
}

func findTestRoute(t *testing.T, version string, op dbtrt.Operation) *route {
	t.Helper()

	routes, err := cachedRoutes()
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range routes {
		if rt.version == version && rt.op == op {
			return rt
		}
	}
	t.Fatalf("no route for %s", op)
	return nil
}

// requestBody builds a JSON body that the operation's request schema accepts.
func requestBody(t *testing.T, rt *route) []byte {
	t.Helper()

	rb := rt.kin.Operation.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	_, media := pickMedia(rb.Value.Content)
	ex := &exampler{now: time.Now(), request: true}
	data, err := json.Marshal(ex.value(media.Schema, 0))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// queryParams returns a pointer to a new params struct with every required query parameter
// set to an example its schema accepts.
func queryParams(t *testing.T, typ reflect.Type, rt *route) reflect.Value {
	t.Helper()

	v := reflect.New(typ)
	if typ.Kind() != reflect.Struct {
		return v
	}
	ex := &exampler{now: time.Now(), request: true}
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("form"), ",")
		p := rt.kin.Operation.Parameters.GetByInAndName("query", name)
		if p == nil || !p.Required || p.Schema == nil {
			continue
		}
		val := reflect.ValueOf(ex.value(p.Schema, 0))
		field := v.Elem().Field(i)
		if !val.CanConvert(field.Type()) {
			t.Fatalf("%s: cannot set required query parameter %s", rt.op, name)
		}
		field.Set(val.Convert(field.Type()))
	}
	return v
}
