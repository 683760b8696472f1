package tests

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// apiPackage ties a generated package to its spec file and its client interfaces.
type apiPackage struct {
	spec       string
	wantOps    int
	operations dbtrt.Operations
	client     reflect.Type
	mock       reflect.Type
}

var apiPackages = []apiPackage{
	{
		spec: "openapi-v2.yaml", wantOps: 52, operations: adminv2.Operations,
		client: reflect.TypeFor[adminv2.ClientInterface](),
		mock:   reflect.TypeFor[*adminv2.ClientMock](),
	},
	{
		spec: "openapi-v3.yaml", wantOps: 150, operations: adminv3.Operations,
		client: reflect.TypeFor[adminv3.ClientInterface](),
		mock:   reflect.TypeFor[*adminv3.ClientMock](),
	},
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// specOperations reads method and path of every operation straight from the spec file.
func specOperations(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}

	var ops []string
	for path, item := range doc.Paths {
		for method := range item {
			if slices.Contains(httpMethods, method) {
				ops = append(ops, strings.ToUpper(method)+" "+path)
			}
		}
	}
	slices.Sort(ops)
	return ops
}

// TestEveryOperationHasAMethod proves that every operation of the pinned specs is in the
// operation table and has a method on the client interface and on the mock.
func TestEveryOperationHasAMethod(t *testing.T) {
	for _, api := range apiPackages {
		t.Run(api.spec, func(t *testing.T) {
			want := specOperations(t, filepath.Join(sharedSpecs(t), api.spec))
			if len(want) != api.wantOps {
				t.Errorf("spec has %d operations, want %d", len(want), api.wantOps)
			}

			var got []string
			for _, op := range api.operations {
				got = append(got, op.Method+" "+op.Path)
				checkMethods(t, api, op)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("operation table differs from the spec\n got: %v\nwant: %v", got, want)
			}
		})
	}
}

func checkMethods(t *testing.T, api apiPackage, op dbtrt.Operation) {
	t.Helper()
	if _, ok := api.client.MethodByName(op.GoName); !ok {
		t.Errorf("%s: ClientInterface has no method %s", op, op.GoName)
	}
	if _, ok := api.mock.MethodByName(op.GoName); !ok {
		t.Errorf("%s: ClientMock has no method %s", op, op.GoName)
	}
}

// TestOperationTable checks the table's derived columns against the spec's rules.
func TestOperationTable(t *testing.T) {
	for _, api := range apiPackages {
		for _, op := range api.operations {
			safe := op.Method == "GET" || op.Method == "PUT" || op.Method == "DELETE"
			if op.Idempotent != safe && op.Method != "POST" {
				t.Errorf("%s: idempotent = %v, want %v", op, op.Idempotent, safe)
			}
			if op.OperationID == "" || op.GoName == "" {
				t.Errorf("%s: missing operationId or Go name", op)
			}
		}
	}

	const triggerPath = "/api/v2/accounts/{account_id}/jobs/{job_id}/run/"
	trigger, ok := adminv2.Operations.Lookup("POST", triggerPath)
	if !ok || trigger.Idempotent || trigger.GoName != "TriggerJobRun" {
		t.Errorf("trigger job run = %+v, %v; want a non-idempotent TriggerJobRun", trigger, ok)
	}
	update, ok := adminv2.Operations.Lookup("POST", "/api/v2/accounts/{account_id}/jobs/{id}/")
	if !ok || !update.Idempotent || update.GoName != "UpdateJob" {
		t.Errorf("update job = %+v, %v; want an idempotent UpdateJob (overlay)", update, ok)
	}
	jobs, ok := adminv2.Operations.Lookup("GET", "/api/v2/accounts/{account_id}/jobs/")
	if !ok || !jobs.Paginated || !jobs.Idempotent {
		t.Errorf("list jobs = %+v, %v; want idempotent and paginated", jobs, ok)
	}
}
