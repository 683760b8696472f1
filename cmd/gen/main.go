// Command gen generates the dbt Cloud Administrative API clients.
//
// Usage:
//
//	gen generate [flags]      regenerate every package from specs/lock.json and overlays/
//	gen check [flags]         compare generated/ and the names lock with a fresh generation
//	gen client [flags]        generate one client from any spec file
//	gen lock [flags]          repin specs/lock.json to the files in a directory
//	gen diff [flags] OLD NEW  report the changes between two specs or spec directories
//	gen drift [flags]         report the changes between the locked specs and upstream
//	gen update-specs [flags]  upgrade the specs, the names lock and generated/ in one step
//
// Exit status: 0 on success; 2 on any error (bad flags, unreadable or invalid specs or
// overlays, digest mismatches, name clashes). Otherwise 1 means: check found stale files;
// diff and drift found changes at the -fail-on level; update-specs would change files
// compatibly. update-specs exits 3 when the Go API changes incompatibly.
package main

//go:generate go run . generate -C ../..

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
)

// Exit codes.
const (
	exitOK    = 0
	exitStale = 1
	exitError = 2
)

// errStale marks a check that found stale files.
var errStale = errors.New("generated code is stale")

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command reads and writes besides its arguments.
type env struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

var commands = []command{
	{"generate", "regenerate every package from the spec lock and the overlays", runGenerate},
	{"check", "compare generated/ with a fresh generation; exit 1 when stale", runCheck},
	{"client", "generate one client from any spec file", runClient},
	{"lock", "repin the spec lock to the files in a directory", runLock},
	{"diff", "report the changes between two spec files or directories", runDiff},
	{"drift", "report how upstream's current specs differ from the locked ones", runDrift},
	{"update-specs", "upgrade the specs, the names lock and generated/ in one step",
		runUpdateSpecs},
}

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(context.Background(), e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitError
		}
		return exitOK
	}

	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errStale):
			fmt.Fprintf(e.stderr, "gen %s: %v\n", c.name, err)
			return exitStale
		case errors.As(err, new(exitCode)):
			fmt.Fprintf(e.stderr, "gen %s: %v\n", c.name, err)
			return errorExitCode(err)
		default:
			fmt.Fprintf(e.stderr, "gen %s: %v\n", c.name, err)
			return exitError
		}
	}

	fmt.Fprintf(e.stderr, "gen: unknown command %q\n", args[0])
	usage(e.stderr)
	return exitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gen <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run gen <command> -h for a command's flags.")
	fmt.Fprintln(w, "Exit status: 0 success; 1 stale (check), changes at -fail-on (diff, drift),")
	fmt.Fprintln(w, "compatible changes (update-specs); 3 incompatible changes (update-specs);")
	fmt.Fprintln(w, "2 error.")
}

// newLogger returns a text logger on w, at debug level when verbose, else warnings only.
func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
