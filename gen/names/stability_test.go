package names_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/apicompat"
	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/names"
)

const (
	older = "history/2025-05-08-53888fd"
	newer = "history/2025-09-02-d895e53"
)

// clientPath is the import path the test programs use for the generated package.
const clientPath = "example.com/client/"

func specsDir(t *testing.T) string {
	t.Helper()
	dir := shared.Specs()
	if _, err := os.Stat(filepath.Join(dir, "history")); err != nil {
		t.Skipf("no spec history at %s (set DBTCLOUD_SPECS): %v", dir, err)
	}
	return dir
}

func readSpec(t *testing.T, version, api string) diff.Spec {
	t.Helper()
	name := filepath.Join(specsDir(t), version, "openapi-"+api+".yaml")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return diff.Spec{Name: name, Data: data}
}

func generate(t *testing.T, s diff.Spec, pkg string, lock *names.Lock) *gen.Package {
	t.Helper()
	target := gen.Target{Package: pkg, Title: "a test client", Source: "a test spec",
		SpecPath: s.Name, Spec: s.Data}
	p, err := gen.Generate(context.Background(), target, gen.Options{Names: lock})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// upgrade generates pkg from the older spec, then from the newer one twice: with the names
// lock the first generation recorded (carried over upstream's schema renames), and without.
func upgrade(t *testing.T, api string) (old, locked, free *gen.Package) {
	t.Helper()
	pkg := "admin" + api
	before, after := readSpec(t, older, api), readSpec(t, newer, api)
	old = generate(t, before, pkg, nil)

	rep, err := diff.Compare(api, before, after, nil)
	if err != nil {
		t.Fatal(err)
	}
	lock := &names.Lock{}
	lock.SetPackage(pkg, old.Names.Carry(rep.Summary.SchemasRenamed))
	return old, generate(t, after, pkg, lock), generate(t, after, pkg, nil)
}

// compile type-checks the program files against a generated package.
func compile(t *testing.T, p *gen.Package, programs ...string) error {
	t.Helper()
	prog := apicompat.Unit{Path: "example.com/program", Files: map[string][]byte{}}
	for _, name := range programs {
		src, err := os.ReadFile(filepath.Join("testdata", "program", name+".go.txt"))
		if err != nil {
			t.Fatal(err)
		}
		prog.Files[name+".go"] = src
	}

	client := apicompat.Unit{Path: clientPath + p.Name, Files: p.Files}
	_, err := apicompat.Checker{Dir: filepath.Join("..", "..")}.Check(client, prog)
	return err
}

func checked(t *testing.T, p *gen.Package) *apicompat.Unit {
	t.Helper()
	return &apicompat.Unit{Path: clientPath + p.Name, Files: p.Files}
}

func TestLockKeepsProgramsCompilingV3(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks three v3 clients")
	}
	old, locked, free := upgrade(t, "v3")

	if err := compile(t, old, "v3", "v3_removed"); err != nil {
		t.Fatalf("the program does not compile against the client it was written for: %v", err)
	}
	if err := compile(t, locked, "v3"); err != nil {
		t.Errorf("with the names lock, the program no longer compiles: %v", err)
	}
	err := compile(t, free, "v3")
	if err == nil || !strings.Contains(err.Error(),
		"no field or method GetAccountConnection") {
		t.Errorf("without the names lock the program should fail on the renamed operation; "+
			"got %v", err)
	}

	err = compile(t, locked, "v3", "v3_removed")
	if err == nil || !strings.Contains(err.Error(), "AssignProjectGroupPermissions") {
		t.Errorf("a call of a removed operation should fail even with the lock; got %v", err)
	}
	wantRemovedInReport(t, old, locked, "AssignProjectGroupPermissions")
}

func TestLockKeepsSchemaTypeNamesV2(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks three v2 clients")
	}
	old, locked, free := upgrade(t, "v2")

	if err := compile(t, old, "v2"); err != nil {
		t.Fatalf("the program does not compile against the client it was written for: %v", err)
	}
	if err := compile(t, locked, "v2"); err != nil {
		t.Errorf("with the names lock, the program no longer compiles: %v", err)
	}
	if err := compile(t, free, "v2"); err == nil ||
		!strings.Contains(err.Error(), "Keypair") {
		t.Errorf("without the names lock the program should fail on the renamed schema; got %v",
			err)
	}

	alias := string(locked.Files[names.AliasesFile])
	if !strings.Contains(alias, "type DeployKey = Keypair") {
		t.Errorf("%s does not alias the new schema name:\n%s", names.AliasesFile, alias)
	}
	if got := locked.Names.Schemas["DeployKey"]; got != "Keypair" {
		t.Errorf("recorded Go name of schema DeployKey = %q, want Keypair", got)
	}
}

// wantRemovedInReport checks that the Go API report names the removed operation's method
// and that no renamed operation shows as removed.
func wantRemovedInReport(t *testing.T, old, locked *gen.Package, method string) {
	t.Helper()
	c := apicompat.Checker{Dir: filepath.Join("..", "..")}
	a, err := c.Check(*checked(t, old))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Check(*checked(t, locked))
	if err != nil {
		t.Fatal(err)
	}

	r := apicompat.Compare(old.Name, a[0], b[0])
	joined := strings.Join(r.Incompatible, "\n")
	if !strings.Contains(joined, method+": removed") {
		t.Errorf("Go API report does not name %s as removed:\n%s", method, joined)
	}
	for _, renamed := range []string{"GetAccountConnection: removed",
		"DeleteAccountConnection: removed"} {
		if strings.Contains(joined, renamed) {
			t.Errorf("Go API report lists %q although the lock keeps the name", renamed)
		}
	}
}
