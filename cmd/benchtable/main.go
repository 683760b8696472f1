// Command benchtable measures the generator against plain oapi-codegen and prints one table:
// each figure, its baseline, the ratio and the goal, as medians over several runs.
//
// Usage, from the repository root:
//
//	go run ./cmd/benchtable [-runs 5] [-compile-runs 3] [-readme README.md]
//
// It builds cmd/gen and runs it as a separate process against plain oapi-codegen (this
// command, re-run as "benchtable plain"), so that both pay the same process start and
// neither shares the other's state. Generation, the no-change check and the builds happen
// in a temporary copy of the project; the repository is only read, except for the README
// section between the bench markers when -readme is given.
//
// Exit status: 0 when the table was printed, even with missed goals; 2 on any error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// config is what the flags set.
type config struct {
	repo        string
	specs       string
	runs        int
	compileRuns int
	skipClient  bool
	skipCompile bool
	readme      string
	verbose     bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "plain" {
		os.Exit(runPlain(os.Args[2:], os.Stderr))
	}

	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchtable: %v\n", err)
		os.Exit(2)
	}
	if err := run(context.Background(), cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "benchtable: %v\n", err)
		os.Exit(2)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.StringVar(&cfg.repo, "C", ".", "the repository root `dir`")
	fs.StringVar(&cfg.specs, "specs", os.Getenv("DBTCLOUD_SPECS"),
		"pinned spec files `dir` (default $DBTCLOUD_SPECS, else ../shared/specs)")
	fs.IntVar(&cfg.runs, "runs", 5, "runs of each generation, check and client benchmark")
	fs.IntVar(&cfg.compileRuns, "compile-runs", 3, "cold builds of each side")
	fs.BoolVar(&cfg.skipClient, "skip-client", false, "leave out the client benchmarks")
	fs.BoolVar(&cfg.skipCompile, "skip-compile", false, "leave out the cold builds")
	fs.StringVar(&cfg.readme, "readme", "",
		"also write the table into `file`, between its bench markers")
	fs.BoolVar(&cfg.verbose, "v", false, "say what runs, on standard error")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if cfg.runs < 1 || cfg.compileRuns < 1 {
		return cfg, fmt.Errorf("-runs and -compile-runs must be at least 1")
	}
	return cfg, nil
}

func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	repo, err := filepath.Abs(cfg.repo)
	if err != nil {
		return err
	}
	cfg.repo = repo
	if cfg.specs == "" {
		cfg.specs = filepath.Join(repo, "..", "shared", "specs")
	}
	if cfg.specs, err = filepath.Abs(cfg.specs); err != nil {
		return err
	}

	work, err := os.MkdirTemp("", "benchtable-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	b := &bench{cfg: cfg, work: work, log: stderr, warn: stderr}
	if !cfg.verbose {
		b.log = io.Discard
	}
	rows, err := b.measure(ctx)
	if err != nil {
		return err
	}

	text := render(machine(), rows, cfg)
	fmt.Fprint(stdout, text)
	if cfg.readme != "" {
		return updateReadme(cfg.readme, text)
	}
	return nil
}
