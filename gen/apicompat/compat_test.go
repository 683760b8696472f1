package apicompat

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const oldSrc = `package demo

import "net/http"

// Client is kept.
type Client struct{ HTTP *http.Client }

// GetThing is renamed in the new version.
func (c *Client) GetThing(id int64) error { return nil }

// Gone is removed.
func Gone() {}
`

const newSrc = `package demo

import "net/http"

// Client is kept.
type Client struct{ HTTP *http.Client }

// RetrieveThing replaces GetThing.
func (c *Client) RetrieveThing(id int64) error { return nil }

// Added is new.
func Added() {}
`

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func demo(src string) Unit {
	return Unit{Path: "example.com/demo", Files: map[string][]byte{"a.go": []byte(src)}}
}

func TestCompareClassifiesChanges(t *testing.T) {
	c := Checker{Dir: moduleRoot(t)}
	pkgs, err := c.Check(demo(oldSrc))
	if err != nil {
		t.Fatal(err)
	}
	next, err := c.Check(demo(newSrc))
	if err != nil {
		t.Fatal(err)
	}

	r := Compare("demo", pkgs[0], next[0])
	wantBreaking := []string{"(*Client).GetThing: removed", "Gone: removed"}
	if !slices.Equal(r.Incompatible, wantBreaking) {
		t.Errorf("incompatible = %q, want %q", r.Incompatible, wantBreaking)
	}
	wantCompatible := []string{"(*Client).RetrieveThing: added", "Added: added"}
	if !slices.Equal(r.Compatible, wantCompatible) {
		t.Errorf("compatible = %q, want %q", r.Compatible, wantCompatible)
	}
	if !r.Breaking() {
		t.Error("Breaking() = false for a report with removals")
	}
}

func TestCompareWithNoOldPackage(t *testing.T) {
	pkgs, err := Checker{Dir: moduleRoot(t)}.Check(
		Unit{Path: "example.com/demo", Files: map[string][]byte{"a.go": []byte(newSrc)}})
	if err != nil {
		t.Fatal(err)
	}

	r := Compare("demo", nil, pkgs[0])
	want := []string{"Added: added", "Client: added"}
	if r.Breaking() || !slices.Equal(r.Compatible, want) {
		t.Errorf("report for a new package = %+v, want only the additions %q", r, want)
	}
}

func TestCheckReportsTypeErrors(t *testing.T) {
	user := Unit{Path: "example.com/user", Files: map[string][]byte{"u.go": []byte(
		"package user\n\nimport \"example.com/demo\"\n\nvar _ = (*demo.Client).GetThing\n")}}
	demo := Unit{Path: "example.com/demo", Files: map[string][]byte{"a.go": []byte(newSrc)}}

	_, err := Checker{Dir: moduleRoot(t)}.Check(demo, user)
	if err == nil || !strings.Contains(err.Error(), "GetThing") {
		t.Fatalf("Check = %v, want an error naming GetThing", err)
	}
}
