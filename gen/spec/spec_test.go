package spec

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

const tinySpec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"

func pinFor(data string) Pin {
	return Pin{Name: "v2", Repository: "dbt-labs/spec", Commit: strings.Repeat("a", 40),
		Path: "openapi-v2.yaml", SHA256: Digest([]byte(data))}
}

func TestFetchDownloadsOnceAndCaches(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/dbt-labs/spec/"+strings.Repeat("a", 40)+"/openapi-v2.yaml" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(tinySpec))
	}))
	defer srv.Close()
	src := Source{CacheDir: t.TempDir(), BaseURL: srv.URL}

	for range 2 {
		f, err := src.Fetch(context.Background(), pinFor(tinySpec))
		if err != nil {
			t.Fatal(err)
		}
		if string(f.Data) != tinySpec {
			t.Fatalf("data = %q", f.Data)
		}
	}
	if hits.Load() != 1 {
		t.Errorf("server hit %d times, want 1 (the second read comes from the cache)", hits.Load())
	}
}

func TestFetchRejectsWrongDigest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(tinySpec + "# changed upstream\n"))
	}))
	defer srv.Close()
	cache := t.TempDir()

	_, err := Source{CacheDir: cache, BaseURL: srv.URL}.Fetch(context.Background(),
		pinFor(tinySpec))
	if !errors.Is(err, ErrDigest) || !strings.Contains(err.Error(), srv.URL) {
		t.Fatalf("err = %v, want a digest mismatch naming the URL", err)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("a rejected download was cached: %v", entries)
	}
}

func TestFetchFromDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "openapi-v2.yaml"), []byte(tinySpec), 0o644)

	f, err := Source{Dir: dir}.Fetch(context.Background(), pinFor(tinySpec))
	if err != nil || f.Path != filepath.Join(dir, "openapi-v2.yaml") {
		t.Fatalf("fetch = %+v, %v", f, err)
	}

	_, err = Source{Dir: t.TempDir()}.Fetch(context.Background(), pinFor(tinySpec))
	if err == nil || !strings.Contains(err.Error(), "-specs") {
		t.Fatalf("missing file: err = %v, want advice on -specs", err)
	}
}

func TestReadLockRejectsBadPins(t *testing.T) {
	cases := map[string]string{
		"short commit": `{"specs":[{"name":"v2","repository":"r","commit":"abc","path":"p",` +
			`"sha256":"` + strings.Repeat("0", 64) + `"}]}`,
		"unknown field": `{"specs":[], "extra": 1}`,
		"empty":         `{"specs":[]}`,
	}
	for name, content := range cases {
		path := filepath.Join(t.TempDir(), "lock.json")
		os.WriteFile(path, []byte(content), 0o644)
		if _, err := ReadLock(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want an error naming %s", name, err, path)
		}
	}
}

func TestParseReportsPositions(t *testing.T) {
	_, err := Parse("s.yaml", []byte("openapi: 3.0.3\npaths:\n  /a: {get: {$ref: '#/nope'}}\n"))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "s.yaml:3:") ||
		!strings.Contains(err.Error(), "/paths/~1a/get/$ref") {
		t.Fatalf("err = %v, want file:line and the JSON pointer", err)
	}

	_, err = Parse("s.yaml", []byte("swagger: '2.0'\n"))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("swagger 2.0: err = %v", err)
	}
}

// TestToJSONMatchesYAML checks the direct encoder against a decode of the same YAML, on a
// sample with every scalar kind and on the real specs when they are at hand.
func TestToJSONMatchesYAML(t *testing.T) {
	sample := "a: 1\nb: 1.5\nc: true\nd: null\ne: '2021-01-01'\nf: 2021-01-01\n" +
		"g: [x, 0x1F, -3]\nh: &anchor {k: v}\ni: *anchor\n\"j\\\"q\": \"line\\nbreak\"\n"
	docs := map[string][]byte{"sample": []byte(sample)}
	if dir := os.Getenv("DBTCLOUD_SPECS"); dir != "" {
		for _, name := range []string{"openapi-v2.yaml", "openapi-v3.yaml"} {
			if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				docs[name] = data
			}
		}
	}

	for name, data := range docs {
		var node yaml.Node
		if err := yaml.Unmarshal(data, &node); err != nil {
			t.Fatal(err)
		}
		got, err := ToJSON(&node)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}

		var fromJSON, fromYAML any
		if err := json.Unmarshal(got, &fromJSON); err != nil {
			t.Fatalf("%s: invalid JSON: %v", name, err)
		}
		if err := yaml.Unmarshal(data, &fromYAML); err != nil {
			t.Fatal(err)
		}
		if a, b := canonical(t, fromJSON), canonical(t, stringTimes(fromYAML)); a != b {
			t.Errorf("%s: JSON and YAML decodes differ", name)
		}
	}
}

func canonical(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stringTimes turns the time.Time values yaml.v3 decodes unquoted dates into back into the
// strings ToJSON keeps.
func stringTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = stringTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = stringTimes(e)
		}
	case time.Time:
		return x.Format("2006-01-02")
	}
	return v
}
