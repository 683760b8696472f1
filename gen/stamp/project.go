package stamp

import (
	"path/filepath"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/names"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// ProjectInputs lists what p.Build reads and what a check of p compares, with generator as
// the executable doing the generation (normally os.Executable).
//
// It finds the files the way the build does: the spec lock, the names lock beside it, each
// pinned spec file in the source directory (or in the download cache when there is none),
// and each pinned version's overlay directory. The overlay globs of every version of the
// lock are listed, so adding or removing an overlay file changes the key.
func ProjectInputs(p gen.Project, generator string) (Inputs, error) {
	lock, err := spec.ReadLock(p.Lock)
	if err != nil {
		return Inputs{}, err
	}

	files := []string{p.Lock, names.Beside(p.Lock)}
	for _, pin := range lock.Specs {
		files = append(files, specPath(p.Source, pin))

		overlays, err := filepath.Glob(filepath.Join(p.Overlays, pin.Name, "*.yaml"))
		if err != nil {
			return Inputs{}, err
		}
		files = append(files, overlays...)
	}
	return Inputs{Files: files, Generator: generator, Trees: []string{p.Out}}, nil
}

// specPath is where s.Fetch reads pin from without downloading it.
func specPath(s spec.Source, pin spec.Pin) string {
	base := filepath.Base(pin.Path)
	if s.Dir != "" {
		return filepath.Join(s.Dir, base)
	}
	return filepath.Join(s.CacheDir, pin.SHA256+"-"+base)
}
