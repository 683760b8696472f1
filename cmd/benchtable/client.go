package main

import (
	"bufio"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// clientBenchmarks are the high-level client's benchmarks in package dbtcloud.
const clientBenchmarks = "^(BenchmarkDecodeRunPage|BenchmarkCallRunPage|" +
	"BenchmarkListRuns10k|BenchmarkStreamArtifact1GiB)$"

// client runs the client benchmarks -runs times in one go test and reads the medians. When
// they cannot run, its rows say why instead of stopping the table.
func (b *bench) client(ctx context.Context) []row {
	rows := []row{
		{figure: "Decode a 100-run page", unit: "µs", baseName: "encoding/json, minimal struct",
			goal: goal{ratio: 1.3}},
		{figure: "List 10,000 runs, 20 ms a page", unit: "s", baseName: "sequential pages",
			goal: goal{ratio: 0.3}},
		{figure: "Call returning a 100-run page, in-memory transport", unit: "µs",
			baseName: "decoding alone"},
		{figure: "Stream a 1 GiB artifact, peak heap", unit: "MiB", goal: goal{max: 32}},
	}

	test := proc{dir: b.cfg.repo, args: []string{"go", "test", "-run", "^$",
		"-bench", clientBenchmarks, "-count", strconv.Itoa(b.cfg.runs), "./dbtcloud"}}
	out, err := test.output(ctx, b.log)
	if err != nil {
		fmt.Fprintf(b.warn, "benchtable: client benchmarks: %v\n", err)
		for i := range rows {
			rows[i].missing = "not measured: go test ./dbtcloud failed"
		}
		return rows
	}

	res := parseBenchmarks(out)
	fill := func(r *row, name, metric string, scale float64) (float64, bool) {
		v, ok := res.median(name, metric)
		if !ok {
			r.missing = fmt.Sprintf("no %s for %s in the output", metric, name)
		}
		return v * scale, ok
	}
	rows[0].ours, _ = fill(&rows[0], "DecodeRunPage/generated", "ns/op", 1e-3)
	rows[0].base, _ = fill(&rows[0], "DecodeRunPage/minimal", "ns/op", 1e-3)
	rows[0].paired = res.pairedRatio("DecodeRunPage/generated", "DecodeRunPage/minimal",
		"ns/op")
	rows[1].ours, _ = fill(&rows[1], "ListRuns10k/prefetch8", "ns/op", 1e-9)
	rows[1].base, _ = fill(&rows[1], "ListRuns10k/sequential", "ns/op", 1e-9)
	rows[1].paired = res.pairedRatio("ListRuns10k/prefetch8", "ListRuns10k/sequential",
		"ns/op")
	rows[2].ours, _ = fill(&rows[2], "CallRunPage/call", "ns/op", 1e-3)
	rows[2].base, _ = fill(&rows[2], "CallRunPage/decode", "ns/op", 1e-3)
	rows[2].paired = res.pairedRatio("CallRunPage/call", "CallRunPage/decode", "ns/op")
	rows[3].ours, _ = fill(&rows[3], "StreamArtifact1GiB", "peak-heap-MiB", 1)
	return rows
}

// results holds every value of every metric of every benchmark, by name without the
// Benchmark prefix and the -GOMAXPROCS suffix.
type results map[string]map[string][]float64

// benchLine matches a result line: name, iterations, then value-unit pairs.
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func parseBenchmarks(out string) results {
	res := results{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		fields := strings.Fields(m[2])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			if res[m[1]] == nil {
				res[m[1]] = map[string][]float64{}
			}
			res[m[1]][fields[i+1]] = append(res[m[1]][fields[i+1]], v)
		}
	}
	return res
}

// pairedRatio returns the median of the ratios of a's and b's metric run by run, or 0 when
// they did not run equally often. go test -count runs the sub-benchmarks of one benchmark
// one after the other, so the i-th values of each were measured moments apart.
func (r results) pairedRatio(a, b, metric string) float64 {
	as, bs := r[a][metric], r[b][metric]
	if len(as) == 0 || len(as) != len(bs) {
		return 0
	}

	ratios := make([]float64, len(as))
	for i := range as {
		ratios[i] = as[i] / bs[i]
	}
	return median(ratios)
}

func (r results) median(name, metric string) (float64, bool) {
	vs := r[name][metric]
	return median(vs), len(vs) > 0
}
