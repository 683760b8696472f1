package names

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
)

func TestOperationIgnoresPathParameterNames(t *testing.T) {
	s := NewSet()
	s.Operations[OperationKey("GET", "/exports/{job_id}/download/")] = "DownloadExport"

	got, ok := s.Operation("GET", "/exports/{job_identifier}/download/")
	if !ok || got != "DownloadExport" {
		t.Errorf("Operation after a path parameter rename = %q, %v; want DownloadExport", got, ok)
	}
	if _, ok := s.Operation("POST", "/exports/{job_id}/download/"); ok {
		t.Error("Operation matched another method")
	}
	if _, ok := (*Set)(nil).Operation("GET", "/"); ok {
		t.Error("a nil set locked a name")
	}
}

func TestCarryKeepsRenamedSchemaNames(t *testing.T) {
	s := NewSet()
	s.Schemas["Keypair"] = "Keypair"
	s.Schemas["Job"] = "Job"

	got := s.Carry([]diff.SchemaRename{{Old: "Keypair", New: "DeployKey"}})
	want := map[string]string{"Keypair": "Keypair", "Job": "Job", "DeployKey": "Keypair"}
	if !reflect.DeepEqual(got.Schemas, want) {
		t.Errorf("Carry schemas = %v, want %v", got.Schemas, want)
	}
}

func TestLockRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if l, err := ReadIfExists(path); l != nil || err != nil {
		t.Fatalf("ReadIfExists on a missing file = %v, %v; want nil, nil", l, err)
	}
	if _, err := Read(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Read on a missing file = %v, want fs.ErrNotExist", err)
	}

	l := &Lock{}
	s := NewSet()
	s.Operations["GET /a/"] = "ListA"
	s.Schemas["A"] = "A"
	l.SetPackage("adminv2", s)
	if err := l.Write(path); err != nil {
		t.Fatal(err)
	}

	back, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := back.Package("adminv2").Operation("GET", "/a/"); !ok || name != "ListA" {
		t.Errorf("read back operation name %q, %v", name, ok)
	}
	if back.Package("adminv3") != nil {
		t.Error("a package that was never set has a set")
	}
}
