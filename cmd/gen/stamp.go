package main

import (
	"log/slog"
	"os"

	"github.com/dbtcloud-go/dbtcloud/gen"
	"github.com/dbtcloud-go/dbtcloud/gen/stamp"
)

// checkStamp lets check skip a generation whose inputs and output have not changed since
// the last one that matched. Any failure to compute a key only disables the shortcut.
//
// A recorded stamp means "gen check would pass": generate records one too, so whatever
// check verifies beyond the generated tree (now the names lock) must gate it there as well.
type checkStamp struct {
	cache  stamp.Cache
	inputs stamp.Inputs
	log    *slog.Logger
	off    bool
}

// newCheckStamp returns the stamp of p; off disables it, as -no-cache does.
func newCheckStamp(p gen.Project, off bool) *checkStamp {
	s := &checkStamp{cache: stamp.Cache{Path: stamp.DefaultPath}, log: p.Options.Logger,
		off: off}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if off {
		return s
	}

	exe, err := os.Executable()
	if err == nil {
		s.inputs, err = stamp.ProjectInputs(p, exe)
	}
	if err == nil {
		s.inputs.GeneratorDigest, err = stamp.FileDigest(exe)
	}
	if err != nil {
		s.log.Debug("check stamp disabled", "err", err)
		s.off = true
	}
	return s
}

// key returns the current key of everything, or "" when the stamp is off or unreadable.
func (s *checkStamp) key(withTrees bool) string {
	if s.off {
		return ""
	}

	in := s.inputs
	if !withTrees {
		in.Trees = nil
	}
	k, err := stamp.Key(in)
	if err != nil {
		s.log.Debug("check stamp disabled", "err", err)
		return ""
	}
	return k
}

// fresh reports whether the recorded key matches key.
func (s *checkStamp) fresh(key string) bool {
	hit := key != "" && s.cache.Fresh(key)
	s.log.Debug("check stamp", "path", s.cache.Path, "hit", hit)
	return hit
}

// record stores the key of everything when the key taken before the generation started,
// with or without the trees, still holds; an input that changed meanwhile leaves the stamp as
// it was. A stamp that cannot be written costs only speed, so the failure is only logged.
func (s *checkStamp) record(before string, withTrees bool) {
	now := s.key(withTrees)
	if now == "" || now != before {
		return
	}

	if !withTrees {
		if now = s.key(true); now == "" {
			return
		}
	}
	if err := s.cache.Record(now); err != nil {
		s.log.Warn("check stamp not saved", "err", err)
	}
}
