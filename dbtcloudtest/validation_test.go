package dbtcloudtest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

func TestAuthorization(t *testing.T) {
	srv := dbtcloudtest.NewServer(dbtcloudtest.WithToken("right"))
	defer srv.Close()

	tests := []struct {
		header string
		want   int
	}{
		{"", http.StatusUnauthorized},
		{"Basic dXNlcjpwdw==", http.StatusUnauthorized},
		{"Token ", http.StatusUnauthorized},
		{"Token wrong", http.StatusUnauthorized},
		{"Token right", http.StatusOK},
		{"Bearer right", http.StatusOK},
	}
	for _, tt := range tests {
		c, err := adminv2.NewClient(srv.URL, httpdo.New(nil),
			func(_ context.Context, req *dbtrt.Request) error {
				if tt.header != "" {
					req.Header.Set("Authorization", tt.header)
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}

		resp, err := c.RetrieveAccount(context.Background(), account, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.want {
			t.Errorf("Authorization %q: status %d, want %d", tt.header, resp.StatusCode, tt.want)
			continue
		}
		if tt.want == http.StatusOK {
			continue
		}
		env := decodeEnvelope(t, resp.Body)
		if env.Status.Code != 401 || env.Status.IsSuccess || env.Status.DeveloperMessage == "" {
			t.Errorf("Authorization %q: envelope %+v", tt.header, env.Status)
		}
	}
}

func TestInvalidRequests(t *testing.T) {
	srv, c, job := start(t)
	ctx := context.Background()

	// The trigger body requires a non-empty cause.
	resp, err := c.TriggerJobRun(ctx, account, job, adminv2.TriggerJobRunJSONRequestBody{},
		replaceBody(`{"git_branch": "main"}`))
	if err != nil {
		t.Fatal(err)
	}
	env := decodeEnvelope(t, resp.Body)
	if resp.StatusCode != 400 || env.Status.Code != 400 || env.Status.IsSuccess ||
		!strings.Contains(env.Status.DeveloperMessage, "cause") {
		t.Errorf("body without cause: status %d, envelope %+v", resp.StatusCode, env.Status)
	}

	// A query parameter of the wrong type.
	raw, err := c.ListRuns(ctx, account, nil, replaceQuery("limit=many"))
	if err != nil {
		t.Fatal(err)
	}
	if raw.StatusCode != http.StatusBadRequest {
		t.Errorf("limit=many: status %d, want 400", raw.StatusCode)
	}

	// A path that is no operation, and a method the path does not have.
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/api/v2/nowhere/", http.StatusNotFound},
		{http.MethodPut, "/api/v2/accounts/1/runs/", http.StatusMethodNotAllowed},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		req.Header.Set("Authorization", "Token t")
		got, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = got.Body.Close()
		if got.StatusCode != tc.want {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, got.StatusCode, tc.want)
		}
	}

	// Invalid requests change nothing: no run was created.
	if n := len(srv.RequestsTo("TriggerJobRun")); n != 1 {
		t.Errorf("recorded %d trigger requests, want 1", n)
	}
	list, err := c.ListRuns(ctx, account, nil)
	if err != nil || list.JSON200 == nil {
		t.Fatalf("list runs: %v", err)
	}
	if len(list.JSON200.Data) != 0 {
		t.Errorf("invalid trigger created %d runs", len(list.JSON200.Data))
	}
}

func TestMissingResources(t *testing.T) {
	_, c, _ := start(t)

	resp, err := c.RetrieveJob(context.Background(), account, 999999, nil)
	if err != nil {
		t.Fatal(err)
	}
	env := decodeEnvelope(t, resp.Body)
	if resp.StatusCode != 404 || env.Status.Code != 404 {
		t.Errorf("missing job: status %d, envelope %+v", resp.StatusCode, env.Status)
	}

	resp2, err := c.ListJobs(context.Background(), 424242, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp2.StatusCode != 404 {
		t.Errorf("jobs of a missing account: status %d, want 404", resp2.StatusCode)
	}
}

// replaceBody returns an editor that sends body in place of the encoded request value.
func replaceBody(body string) dbtrt.Editor {
	return func(_ context.Context, req *dbtrt.Request) error {
		req.Body = []byte(body)
		return nil
	}
}

// replaceQuery returns an editor that sends query in place of the encoded parameters.
func replaceQuery(query string) dbtrt.Editor {
	return func(_ context.Context, req *dbtrt.Request) error {
		req.URL.RawQuery = query
		return nil
	}
}
