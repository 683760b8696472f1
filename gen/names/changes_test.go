package names

import (
	"slices"
	"testing"
)

func TestChangesListsEveryDifferingEntry(t *testing.T) {
	old := &Lock{}
	v2 := NewSet()
	v2.Schemas["Keypair"] = "Keypair"
	v2.Schemas["Gone"] = "Gone"
	v2.Operations[OperationKey("GET", "/runs/")] = "ListRuns"
	old.SetPackage("adminv2", v2)

	next := &Lock{}
	n2 := v2.Carry(nil)
	n2.Schemas["Keypair"] = "DeployKey"
	delete(n2.Schemas, "Gone")
	next.SetPackage("adminv2", n2)
	n3 := NewSet()
	n3.Operations[OperationKey("GET", "/jobs/")] = "ListJobs"
	next.SetPackage("adminv3", n3)

	want := []string{
		"adminv2 schema Gone: Gone -> (none)",
		"adminv2 schema Keypair: Keypair -> DeployKey",
		"adminv3 operation GET /jobs/: (none) -> ListJobs",
	}
	if got := old.Changes(next); !slices.Equal(got, want) {
		t.Errorf("Changes =\n  %q\nwant\n  %q", got, want)
	}
	if got := next.Changes(next); len(got) != 0 {
		t.Errorf("a lock differs from itself: %q", got)
	}
	if got := (*Lock)(nil).Changes(old); len(got) != 3 {
		t.Errorf("from no lock, want every entry of the new one as a change; got %q", got)
	}
}
