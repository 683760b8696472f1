package httpdo_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
)

var ops = dbtrt.Operations{
	{Method: "POST", Path: "/api/v2/accounts/{account_id}/jobs/{job_id}/run/",
		GoName: "TriggerRun", ContentType: "application/json"},
	{Method: "GET", Path: "/runs/{id}/artifacts/{remainder}", GoName: "Artifact"},
}

// seen is what the test server received.
type seen struct {
	method, rawPath, query, auth, contentType, body string
}

func echoServer(t *testing.T, got *seen) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		*got = seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery,
			r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(body)}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "r-1")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"ok": true}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func auth(_ context.Context, req *dbtrt.Request) error {
	req.Header.Set("Authorization", "Token t")
	return nil
}

func TestDoSendsOverHTTP(t *testing.T) {
	var got seen
	srv := echoServer(t, &got)
	c, err := dbtrt.NewCaller(srv.URL, httpdo.New(nil), ops, auth)
	if err != nil {
		t.Fatal(err)
	}

	rsp, err := c.Send(context.Background(), "TriggerRun", nil, map[string]string{"cause": "x"},
		nil, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()

	want := seen{"POST", "/api/v2/accounts/1/jobs/2/run/", "", "Token t", "application/json",
		`{"cause":"x"}`}
	if got != want {
		t.Errorf("server saw %+v, want %+v", got, want)
	}
	if rsp.StatusCode != http.StatusAccepted || rsp.Header.Get("x-request-id") != "r-1" ||
		string(body) != `{"ok": true}` {
		t.Errorf("response %d %v %s", rsp.StatusCode, rsp.Header, body)
	}
}

func TestDoKeepsEscapedPaths(t *testing.T) {
	var got seen
	srv := echoServer(t, &got)
	c, err := dbtrt.NewCaller(srv.URL, httpdo.New(srv.Client()), ops)
	if err != nil {
		t.Fatal(err)
	}

	rsp, err := c.Send(context.Background(), "Artifact", nil, nil, nil, 4, "target/run.json")
	if err != nil {
		t.Fatal(err)
	}
	_ = rsp.Body.Close()

	if got.rawPath != "/runs/4/artifacts/target%2Frun.json" || got.method != "GET" ||
		got.contentType != "" || got.body != "" {
		t.Errorf("server saw %+v", got)
	}
}

func TestRequestCanBeSentAgain(t *testing.T) {
	req := &dbtrt.Request{Operation: ops[0], Header: dbtrt.Header{},
		Body: []byte(`{"cause":"again"}`)}
	req.URL, _ = req.URL.Parse("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")

	hreq, err := httpdo.Request(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		body, err := hreq.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(body)
		if string(b) != `{"cause":"again"}` {
			t.Errorf("body %s", b)
		}
	}
}

// failingDoer fails every request, as a transport does when the network is down.
type failingDoer struct{ err error }

func (f failingDoer) Do(*http.Request) (*http.Response, error) { return nil, f.err }

func TestDoReturnsTransportErrors(t *testing.T) {
	down := errors.New("network down")
	c, err := dbtrt.NewCaller("https://cloud.getdbt.com", httpdo.New(failingDoer{down}), ops)
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.Send(context.Background(), "Artifact", nil, nil, nil, 1, "x")
	if !errors.Is(err, down) {
		t.Errorf("error %v, want the transport's", err)
	}

	bad := &dbtrt.Request{Operation: dbtrt.Operation{Method: "BAD METHOD"}}
	bad.URL, _ = bad.URL.Parse("https://cloud.getdbt.com/")
	if _, err := httpdo.Request(context.Background(), bad); err == nil ||
		!strings.Contains(err.Error(), "BAD METHOD") {
		t.Errorf("invalid method: error %v", err)
	}
}
