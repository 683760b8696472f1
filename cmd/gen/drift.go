package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/diff"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// upstreamBranch is the branch drift compares with when no -from is given.
const upstreamBranch = "main"

// maxUpstreamSize bounds a downloaded spec file.
const maxUpstreamSize = 64 << 20

func runDrift(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("gen drift", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var pf projectFlags
	pf.register(fs, e)
	var rf reportFlags
	rf.register(fs)
	from := fs.String("from", "", "`dir or URL` holding upstream's current files "+
		"(default: branch "+upstreamBranch+" of the locked repository, below -upstream)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: gen drift [flags]  (compare the locked specs with "+
			"upstream's current files)")
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "Exit status: 0 no change reaches -fail-on; 1 one does; 2 error.")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, _, err := rf.parse(); err != nil {
		return err
	}
	if abs, err := filepath.Abs(*from); err == nil && *from != "" && !isURL(*from) {
		*from = abs
	}

	p, err := pf.project(e)
	if err != nil {
		return err
	}
	reps, _, err := compareLocked(ctx, p, *from)
	if err != nil {
		return err
	}
	return rf.finish(e, reps)
}

// upstreamFile is a new upstream file for one pin.
type upstreamFile struct {
	pin  spec.Pin
	spec diff.Spec
}

// compareLocked compares every locked spec with the upstream file from, and returns the
// reports and the upstream files.
func compareLocked(ctx context.Context, p gen.Project, from string) ([]*diff.Report,
	[]upstreamFile, error) {
	lock, err := spec.ReadLock(p.Lock)
	if err != nil {
		return nil, nil, err
	}

	var reps []*diff.Report
	var files []upstreamFile
	for _, pin := range lock.Specs {
		old, err := p.Source.Fetch(ctx, pin)
		if err != nil {
			return nil, nil, err
		}
		next, err := fetchUpstream(ctx, from, p.Source.BaseURL, pin)
		if err != nil {
			return nil, nil, err
		}
		overlays, err := filepath.Glob(filepath.Join(p.Overlays, pin.Name, "*.yaml"))
		if err != nil {
			return nil, nil, err
		}

		r, err := diff.Compare(pin.Name, diff.Spec{Name: old.Path, Data: old.Data}, next, overlays)
		if err != nil {
			return nil, nil, err
		}
		reps = append(reps, r)
		files = append(files, upstreamFile{pin: pin, spec: next})
	}
	return reps, files, nil
}

// fetchUpstream reads pin's file from a directory or below a URL; an empty from means the
// locked repository's main branch below base, the -upstream URL.
func fetchUpstream(ctx context.Context, from, base string, pin spec.Pin) (diff.Spec, error) {
	name := path.Base(pin.Path)
	switch {
	case from == "":
		if base == "" {
			base = spec.DefaultBaseURL
		}
		return download(ctx, strings.Join([]string{strings.TrimSuffix(base, "/"),
			pin.Repository, upstreamBranch, pin.Path}, "/"))
	case isURL(from):
		return download(ctx, strings.TrimSuffix(from, "/")+"/"+name)
	}

	file := filepath.Join(from, name)
	data, err := os.ReadFile(file)
	if err != nil {
		return diff.Spec{}, fmt.Errorf("read upstream %s spec: %w (-from names a directory "+
			"holding %s, or a URL below which it is)", pin.Name, err, name)
	}
	return diff.Spec{Name: file, Data: data}, nil
}

func download(ctx context.Context, url string) (diff.Spec, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return diff.Spec{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return diff.Spec{}, fmt.Errorf("download %s: %w (or pass -from DIR)", url, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return diff.Spec{}, fmt.Errorf("download %s: status %s (or pass -from DIR)", url,
			resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxUpstreamSize))
	if err != nil {
		return diff.Spec{}, fmt.Errorf("download %s: %w", url, err)
	}
	return diff.Spec{Name: url, Data: data}, nil
}
