package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseBenchmarks(t *testing.T) {
	out := strings.Join([]string{
		"goos: linux",
		"BenchmarkDecodeRunPage/generated-2   	 532	 3000 ns/op	 53.08 MB/s	 244866 B/op",
		"BenchmarkDecodeRunPage/generated-2   	 327	 5000 ns/op	 39.00 MB/s	 244641 B/op",
		"BenchmarkDecodeRunPage/generated-2   	 370	 4000 ns/op	 52.25 MB/s	 244643 B/op",
		"BenchmarkStreamArtifact1GiB-2 	 1	 900000000 ns/op	 13.00 peak-heap-MiB",
		"PASS",
	}, "\n")

	res := parseBenchmarks(out)
	if v, ok := res.median("DecodeRunPage/generated", "ns/op"); !ok || v != 4000 {
		t.Errorf("decode ns/op median = %v, %v; want 4000", v, ok)
	}
	if v, ok := res.median("StreamArtifact1GiB", "peak-heap-MiB"); !ok || v != 13 {
		t.Errorf("peak heap = %v, %v; want 13", v, ok)
	}
	if _, ok := res.median("ListRuns10k/sequential", "ns/op"); ok {
		t.Error("a benchmark that did not run has a median")
	}
}

func TestPairedRatio(t *testing.T) {
	res := results{
		"a": {"ns/op": {10, 40, 30}},
		"b": {"ns/op": {5, 10, 30}},
		"c": {"ns/op": {1}},
	}

	// Ratios 2, 4 and 1: the median is 2, where the ratio of the medians would be 30/10.
	if got := res.pairedRatio("a", "b", "ns/op"); got != 2 {
		t.Errorf("paired ratio = %v, want 2", got)
	}
	if got := res.pairedRatio("a", "c", "ns/op"); got != 0 {
		t.Errorf("paired ratio of unequal runs = %v, want 0", got)
	}

	r := row{ours: 30, base: 10, paired: 1.2, goal: goal{ratio: 1.3}}
	if met, ok := r.met(); !met || !ok || r.cells()[3] != "1.20×" {
		t.Errorf("a row with a paired ratio: met %v, %v, cells %v", met, ok, r.cells())
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestRowVerdict(t *testing.T) {
	for _, tc := range []struct {
		r        row
		met, has bool
	}{
		{row{ours: 1.2, base: 1, goal: goal{ratio: 1.5}}, true, true},
		{row{ours: 1.6, base: 1, goal: goal{ratio: 1.5}}, false, true},
		{row{ours: 13, goal: goal{max: 32}}, true, true},
		{row{ours: 40, goal: goal{max: 32}}, false, true},
		{row{ours: 80, base: 70}, false, false},
		{row{missing: "not measured", goal: goal{max: 32}}, false, false},
	} {
		met, has := tc.r.met()
		if met != tc.met || has != tc.has {
			t.Errorf("%+v: met %v, %v; want %v, %v", tc.r, met, has, tc.met, tc.has)
		}
	}
}

func TestUpdateReadme(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	before := "# Title\n\n" + beginMarker + "\nold table\n" + endMarker + "\n\nAfter.\n"
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := updateReadme(path, "| new | table |\n"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# Title\n\n" + beginMarker + "\n| new | table |\n" + endMarker + "\n\nAfter.\n"
	if string(got) != want {
		t.Errorf("README:\n%s\nwant:\n%s", got, want)
	}

	if err := os.WriteFile(path, []byte("# No markers\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := updateReadme(path, "table"); err == nil {
		t.Error("a README without markers: no error")
	}
}
