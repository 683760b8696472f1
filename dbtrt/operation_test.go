package dbtrt_test

import (
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

var sampleOps = dbtrt.Operations{
	{
		Method:      "GET",
		Path:        "/api/v2/accounts/",
		OperationID: "listAccounts",
		GoName:      "ListAccounts",
		Idempotent:  true,
		Paginated:   true,
	},
	{
		Method:      "GET",
		Path:        "/api/v2/accounts/{account_id}/",
		OperationID: "getAccountById",
		GoName:      "GetAccount",
		Idempotent:  true,
	},
	{
		Method:      "POST",
		Path:        "/api/v2/accounts/{account_id}/jobs/{job_id}/run/",
		OperationID: "triggerRun",
		GoName:      "TriggerRun",
	},
}

func TestOperationString(t *testing.T) {
	cases := []struct {
		op   dbtrt.Operation
		want string
	}{
		{sampleOps[0], "GET /api/v2/accounts/ (ListAccounts)"},
		{sampleOps[2], "POST /api/v2/accounts/{account_id}/jobs/{job_id}/run/ (TriggerRun)"},
		{dbtrt.Operation{Method: "DELETE", Path: "/x/"}, "DELETE /x/"},
	}

	for _, tc := range cases {
		if got := tc.op.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestOperationsLookup(t *testing.T) {
	cases := []struct {
		method, path string
		want         string
		found        bool
	}{
		{"GET", "/api/v2/accounts/", "ListAccounts", true},
		{"get", "/api/v2/accounts/{account_id}/", "GetAccount", true},
		{"Post", "/api/v2/accounts/{account_id}/jobs/{job_id}/run/", "TriggerRun", true},
		{"POST", "/api/v2/accounts/", "", false},
		{"GET", "/api/v2/accounts", "", false},
		{"GET", "/api/v2/accounts/1/", "", false},
	}

	for _, tc := range cases {
		got, ok := sampleOps.Lookup(tc.method, tc.path)
		if ok != tc.found || got.GoName != tc.want {
			t.Errorf("Lookup(%q, %q) = %v, %t; want %q, %t",
				tc.method, tc.path, got, ok, tc.want, tc.found)
		}
	}
}

func TestOperationsByGoName(t *testing.T) {
	got, ok := sampleOps.ByGoName("GetAccount")
	if !ok || got.OperationID != "getAccountById" || !got.Idempotent || got.Paginated {
		t.Errorf("ByGoName(GetAccount) = %+v, %t", got, ok)
	}

	if got, ok := sampleOps.ByGoName("getAccount"); ok {
		t.Errorf("ByGoName(getAccount) = %v, want no match", got)
	}

	if got, ok := dbtrt.Operations(nil).ByGoName("ListAccounts"); ok {
		t.Errorf("ByGoName on an empty table = %v, want no match", got)
	}
}
