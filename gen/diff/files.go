package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// specFile matches the upstream spec file names and captures the API version.
var specFile = regexp.MustCompile(`^openapi-(v[0-9]+)\.ya?ml$`)

// ComparePaths compares two spec files, or two directories holding the upstream files
// (openapi-v2.yaml, openapi-v3.yaml, ...), one report per API. When overlays is a directory,
// the files overlays/<api>/*.yaml are checked against the new spec of each API.
func ComparePaths(old, new, overlays string) ([]*Report, error) {
	pairs, err := pairFiles(old, new)
	if err != nil {
		return nil, err
	}

	var reps []*Report
	for _, p := range pairs {
		ovs, err := overlayFiles(overlays, p.api)
		if err != nil {
			return nil, err
		}
		a, err := readSpec(p.old)
		if err != nil {
			return nil, err
		}
		b, err := readSpec(p.new)
		if err != nil {
			return nil, err
		}
		r, err := Compare(p.api, a, b, ovs)
		if err != nil {
			return nil, err
		}
		reps = append(reps, r)
	}
	return reps, nil
}

type filePair struct {
	api, old, new string
}

func pairFiles(old, new string) ([]filePair, error) {
	oldDir, err := isDir(old)
	if err != nil {
		return nil, err
	}
	newDir, err := isDir(new)
	if err != nil {
		return nil, err
	}

	switch {
	case oldDir != newDir:
		return nil, fmt.Errorf("compare %s with %s: give two files or two directories", old, new)
	case !oldDir:
		return []filePair{{api: apiName(new), old: old, new: new}}, nil
	}
	return pairDir(old, new)
}

func pairDir(old, new string) ([]filePair, error) {
	entries, err := os.ReadDir(new)
	if err != nil {
		return nil, err
	}

	var pairs []filePair
	for _, e := range entries {
		m := specFile.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		pairs = append(pairs, filePair{api: m[1], old: filepath.Join(old, e.Name()),
			new: filepath.Join(new, e.Name())})
	}
	if len(pairs) == 0 {
		return nil, fmt.Errorf("%s holds no openapi-vN.yaml file to compare", new)
	}
	return pairs, nil
}

func isDir(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return fi.IsDir(), nil
}

// apiName returns v2 for openapi-v2.yaml, else the file name without its extension.
func apiName(path string) string {
	base := filepath.Base(path)
	if m := specFile.FindStringSubmatch(base); m != nil {
		return m[1]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func overlayFiles(dir, api string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	return filepath.Glob(filepath.Join(dir, api, "*.yaml"))
}

func readSpec(path string) (Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Spec{}, fmt.Errorf("read spec: %w", err)
	}
	return Spec{Name: path, Data: data}, nil
}
