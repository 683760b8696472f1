package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/dbtcloud-go/dbtcloud/gen/diff"
)

// Exit codes of the drift commands, besides exitOK and exitError.
const (
	// exitChanged: diff and drift found changes at or above -fail-on; update-specs found
	// compatible Go API changes.
	exitChanged = 1
	// exitBreaking: update-specs found incompatible Go API changes.
	exitBreaking = 3
)

// exitCode is returned by commands whose outcome is an exit status rather than a failure;
// its message is printed as any error's.
type exitCode struct {
	code int
	msg  string
}

func (e exitCode) Error() string { return e.msg }

// ExitCode returns the status the command exits with.
func (e exitCode) ExitCode() int { return e.code }

// reportFlags are the output flags diff, drift and update-specs share.
type reportFlags struct {
	format string
	failOn string
}

func (rf *reportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&rf.format, "format", "text", "report `format`: text, markdown or json")
	fs.StringVar(&rf.failOn, "fail-on", "breaking",
		"exit 1 when a spec change reaches `level`: breaking, any or none")
}

func (rf *reportFlags) parse() (diff.Format, diff.Threshold, error) {
	f, err := diff.ParseFormat(rf.format)
	if err != nil {
		return "", "", err
	}
	t, err := diff.ParseThreshold(rf.failOn)
	return f, t, err
}

// finish writes the reports and turns -fail-on into the command's outcome.
func (rf *reportFlags) finish(e *env, reps []*diff.Report) error {
	f, t, err := rf.parse()
	if err != nil {
		return err
	}
	if err := diff.Write(e.stdout, f, reps); err != nil {
		return err
	}

	if t.Fails(reps) {
		return exitCode{exitChanged, fmt.Sprintf("spec changes reach -fail-on %s", t)}
	}
	return nil
}

func runDiff(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("gen diff", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: gen diff [flags] OLD NEW  (two spec files or two "+
			"directories holding openapi-v2.yaml and openapi-v3.yaml)")
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "Exit status: 0 no change reaches -fail-on; 1 one does; 2 error.")
	}
	var rf reportFlags
	rf.register(fs)
	overlays := fs.String("overlays", "",
		"check the overlays under `dir` (one subdirectory per API) against NEW")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("want two arguments, OLD and NEW; got %d", fs.NArg())
	}
	if _, _, err := rf.parse(); err != nil {
		return err
	}

	reps, err := diff.ComparePaths(fs.Arg(0), fs.Arg(1), *overlays)
	if err != nil {
		return err
	}
	return rf.finish(e, reps)
}

// errorExitCode returns the status an exitCode in err's chain asks for.
func errorExitCode(err error) int {
	var ec exitCode
	if errors.As(err, &ec) {
		return ec.code
	}
	return exitError
}
