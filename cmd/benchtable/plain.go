package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dbtcloud-go/dbtcloud/gen/bench/plain"
)

// runPlain is "benchtable plain": plain oapi-codegen generating every spec, the baseline
// process the generator is timed against.
func runPlain(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchtable plain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	specs := fs.String("specs", "", "pinned spec files `dir`")
	out := fs.String("out", "", "output `dir`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *specs == "" || *out == "" {
		fmt.Fprintln(stderr, "benchtable plain: -specs and -out are required")
		return 2
	}

	if err := plain.WriteAll(*specs, *out); err != nil {
		fmt.Fprintf(stderr, "benchtable plain: %v\n", err)
		return 2
	}
	return 0
}
