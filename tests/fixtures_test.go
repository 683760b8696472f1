package tests

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/internal/shared"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// fixture is one recorded response body and the request it answered.
type fixture struct {
	file, api, method, path, notes string
	body                           []byte
}

// fixtureDir returns the directory of recorded responses: $DBTCLOUD_FIXTURES, or
// ../shared/fixtures beside the repository. It skips the test when the default directory is
// missing, and fails it when the one named by the variable is.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := shared.Fixtures()
	if os.Getenv(shared.FixturesEnv) != "" {
		return dir
	}

	if _, err := os.Stat(filepath.Join(dir, "INDEX.tsv")); err != nil {
		t.Skipf("no recorded responses at %s (set DBTCLOUD_FIXTURES): %v", dir, err)
	}
	return dir
}

// loadFixtures reads every fixture listed in INDEX.tsv of the fixture directory.
func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	dir := fixtureDir(t)
	rows := readIndex(t, filepath.Join(dir, "INDEX.tsv"))

	fixtures := make([]fixture, 0, len(rows))
	for _, row := range rows {
		fx := fixture{file: row["file"], api: row["api_version"],
			method: strings.ToUpper(row["http_method"]), path: row["path_template"],
			notes: row["notes"]}
		body, err := os.ReadFile(filepath.Join(dir, fx.file))
		if err != nil {
			t.Fatalf("INDEX.tsv lists %s: %v", fx.file, err)
		}
		fx.body = body
		fixtures = append(fixtures, fx)
	}
	return fixtures
}

// readIndex parses a tab-separated file with a header line into one map per row.
func readIndex(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open fixture index: %v", err)
	}
	defer f.Close()

	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	records, err := r.ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("%s: want a header line and at least one row (err %v)", path, err)
	}

	header := records[0]
	for _, col := range []string{"file", "api_version", "http_method", "path_template"} {
		if !slices.Contains(header, col) {
			t.Fatalf("%s: the header has no %s column", path, col)
		}
	}
	rows := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range header {
			if i < len(rec) {
				row[col] = rec[i]
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// fixtureOperation returns the generated package and the operation fx was recorded from. It
// skips the test for an API version with no generated client, and fails it for an operation
// the client does not have.
func fixtureOperation(t *testing.T, fx fixture) (generatedAPI, dbtrt.Operation) {
	t.Helper()
	api, ok := generatedAPIs[fx.api]
	if !ok {
		t.Skipf("%s: no generated client for API %q; skipped", fx.file, fx.api)
	}
	op, ok := findOperation(api.ops, fx.method, fx.path)
	if !ok {
		t.Fatalf("%s: API %s has no operation %s %s", fx.file, fx.api, fx.method, fx.path)
	}
	return api, op
}
