package dbtcloud_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// behindProxy serves the fake under the path prefix /proxy, as a reverse proxy in front of
// dbt Cloud would, and returns the prefixed URL.
func behindProxy(t *testing.T, srv *dbtcloudtest.Server) string {
	proxy := httptest.NewServer(http.StripPrefix("/proxy", srv.Config.Handler))
	t.Cleanup(proxy.Close)
	return proxy.URL + "/proxy"
}

func TestAPIErrors(t *testing.T) {
	cases := []struct {
		name    string
		code    int
		body    string
		is      error
		isNot   error
		message string
	}{
		{"not found", 404, `{"status":{"code":404,"user_message":"Run not found."}}`,
			dbtcloud.ErrNotFound, dbtcloud.ErrPermissionDenied, "Run not found."},
		{"hidden permission", 404, `{"status":{"code":404,"is_success":false,
			"user_message":"You do not have permission to access this resource."}}`,
			dbtcloud.ErrPermissionDenied, dbtcloud.ErrNotFound, "permission"},
		{"forbidden", 403, `{"detail":"Forbidden"}`,
			dbtcloud.ErrPermissionDenied, dbtcloud.ErrNotFound, "Forbidden"},
		{"unauthorized", 401, `{"status":{"code":401,"user_message":"Invalid token."}}`,
			dbtcloud.ErrUnauthorized, dbtcloud.ErrPermissionDenied, "Invalid token."},
		{"validation", 400, `{"status":{"code":400,"user_message":"The request was invalid.",
			"developer_message":"Check the fields."},"data":{"cause":["This field is required."],
			"steps_override":"Too many steps."}}`,
			dbtcloud.ErrValidation, dbtcloud.ErrNotFound,
			"cause: This field is required.; steps_override: Too many steps."},
		{"rate limited", 429, `{"status":{"code":429,"user_message":"Slow down."}}`,
			dbtcloud.ErrRateLimited, dbtcloud.ErrValidation, "Slow down."},
		{"not JSON", 500, `<html>oops</html>`, nil, dbtcloud.ErrNotFound, "500 Internal"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Inject("ListRuns", dbtcloudtest.Fault{Status: tc.code, Body: []byte(tc.body)})
			c, err := dbtcloud.New(canary, dbtcloud.WithAccessURL(behindProxy(t, srv)),
				dbtcloud.WithRetryPolicy(dbtcloud.RetryPolicy{MaxAttempts: 2, BaseDelay: 1}))
			if err != nil {
				t.Fatal(err)
			}

			status := adminv2.RunStatus(3)
			_, err = c.V2.ListRuns(context.Background(), 7,
				&adminv2.ListRunsParams{Status: &status})
			checkAPIError(t, err, tc.code, tc.message)
			if reqs := srv.RequestsTo("ListRuns"); len(reqs) != wantAttempts(tc.code) {
				t.Errorf("the fake saw %d requests, want %d", len(reqs), wantAttempts(tc.code))
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.is)
			}
			if errors.Is(err, tc.isNot) {
				t.Errorf("errors.Is(%v, %v) = true", err, tc.isNot)
			}
		})
	}
}

// wantAttempts is how many requests the client with two attempts sends for a status.
func wantAttempts(code int) int {
	if code == http.StatusTooManyRequests {
		return 2
	}
	return 1
}

// checkAPIError checks the fields every *APIError must have.
func checkAPIError(t *testing.T, err error, code int, message string) {
	t.Helper()
	var ae *dbtcloud.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v (%T), want *dbtcloud.APIError", err, err)
	}
	if ae.StatusCode != code || ae.Method != "GET" || ae.Operation != "ListRuns" ||
		ae.Path != "/proxy/api/v2/accounts/7/runs/" || len(ae.Body) == 0 {
		t.Errorf("APIError = %+v", *ae)
	}
	if strings.Contains(ae.Error(), "?") || strings.Contains(ae.Error(), "status=3") {
		t.Errorf("error %q shows the query string", ae)
	}
	if !strings.Contains(ae.Error(), message) {
		t.Errorf("error %q does not contain %q", ae, message)
	}
}

func TestLegacyHostHint(t *testing.T) {
	srv := newFake(t, dbtcloudtest.WithToken("someone-elses-token"))
	c, err := dbtcloud.New(canary, dbtcloud.WithAccessURL("http://cloud.getdbt.com"),
		dbtcloud.WithHTTPClient(redirectTo(srv.Listener.Addr().String())))
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.V2.RetrieveRun(context.Background(), account, 2, nil)
	if !dbtcloud.IsUnauthorized(err) || !strings.Contains(err.Error(), "cell-based") {
		t.Fatalf("err = %v, want a 401 that points to cell-based access URLs", err)
	}

	other, _ := dbtcloud.New(canary, dbtcloud.WithAccessURL(srv.URL))
	_, err = other.V2.RetrieveRun(context.Background(), account, 2, nil)
	if !dbtcloud.IsUnauthorized(err) || strings.Contains(err.Error(), "cell-based") {
		t.Fatalf("err = %v, want a 401 without the cell-based hint", err)
	}
	if n := len(srv.RequestsTo("RetrieveRun")); n != 2 {
		t.Errorf("the fake saw %d requests, want 2", n)
	}
}
