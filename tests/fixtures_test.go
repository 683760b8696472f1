package tests

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
	if dir := os.Getenv("DBTCLOUD_FIXTURES"); dir != "" {
		return dir
	}

	dir := filepath.Join("..", "..", "shared", "fixtures")
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
