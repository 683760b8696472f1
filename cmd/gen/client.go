package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/output"
)

var packagePattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// stringList is a flag that may be given more than once.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runClient(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("gen client", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var overlays stringList
	specPath := fs.String("spec", "", "OpenAPI 3.0 spec `file` (required)")
	fs.Var(&overlays, "overlay", "overlay `file` to apply; repeatable, applied in order")
	pkg := fs.String("package", "", "Go package `name` (required)")
	out := fs.String("out", "", "output `dir`; its files are replaced (required)")
	lenient := fs.Bool("lenient-overlays", false,
		"warn about overlay actions that match nothing instead of failing")
	verbose := fs.Bool("v", false, "log progress to standard error")
	if err := fs.Parse(args); err != nil {
		return err
	}

	switch {
	case *specPath == "" || *pkg == "" || *out == "":
		fs.Usage()
		return fmt.Errorf("-spec, -package and -out are required")
	case !packagePattern.MatchString(*pkg):
		return fmt.Errorf("-package %q is not a lower-case Go package name", *pkg)
	}

	data, err := os.ReadFile(*specPath)
	if err != nil {
		return err
	}
	t := gen.Target{
		Package:  *pkg,
		Title:    "the API described in " + filepath.Base(*specPath),
		Source:   filepath.Base(*specPath),
		SpecPath: *specPath,
		Spec:     data,
		Overlays: overlays,
	}
	logger := newLogger(e.stderr, *verbose || *lenient)
	opts := gen.Options{LenientOverlays: *lenient, Logger: logger}
	p, err := gen.Generate(ctx, t, opts)
	if err != nil {
		return err
	}

	abs, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	return output.Tree{filepath.Base(abs): p.Files}.Write(filepath.Dir(abs))
}
