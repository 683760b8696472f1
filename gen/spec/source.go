package spec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen/output"
)

// DefaultBaseURL is where pinned spec files are downloaded from when no directory is given.
const DefaultBaseURL = "https://raw.githubusercontent.com"

// maxSpecSize bounds a downloaded spec file; the real ones are well under 1 MiB.
const maxSpecSize = 64 << 20

// Source fetches pinned spec files from a directory or from upstream.
type Source struct {
	// Dir, when set, holds the spec files under their upstream file names.
	Dir string
	// CacheDir keeps downloaded files, named by digest; used when Dir is empty.
	CacheDir string
	// BaseURL replaces DefaultBaseURL, mostly for tests.
	BaseURL string
	// Client sends the downloads; nil means http.DefaultClient.
	Client *http.Client
}

// File is a spec file's bytes and where they were read from.
type File struct {
	Pin  Pin
	Path string
	Data []byte
}

// ErrDigest reports a spec file whose bytes do not match the lock.
var ErrDigest = errors.New("spec digest mismatch")

// Fetch returns the bytes of the pinned file, verified against its digest.
func (s Source) Fetch(ctx context.Context, p Pin) (File, error) {
	if s.Dir != "" {
		return s.readDir(p)
	}
	return s.readCache(ctx, p)
}

func (s Source) readDir(p Pin) (File, error) {
	path := filepath.Join(s.Dir, filepath.Base(p.Path))
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, fmt.Errorf("read %s spec: %w (point -specs at a directory holding %s)",
			p.Name, err, filepath.Base(p.Path))
	}

	if err := verify(path, p, data); err != nil {
		return File{}, err
	}
	return File{Pin: p, Path: path, Data: data}, nil
}

func (s Source) readCache(ctx context.Context, p Pin) (File, error) {
	if s.CacheDir == "" {
		return File{}, fmt.Errorf("%s spec: no -specs directory and no cache directory", p.Name)
	}

	path := filepath.Join(s.CacheDir, p.SHA256+"-"+filepath.Base(p.Path))
	if data, err := os.ReadFile(path); err == nil && Digest(data) == p.SHA256 {
		return File{Pin: p, Path: path, Data: data}, nil
	}

	url := s.url(p)
	data, err := s.download(ctx, url)
	if err != nil {
		return File{}, fmt.Errorf("download %s spec from %s: %w "+
			"(or pass -specs DIR with a local copy)", p.Name, url, err)
	}

	if err := verify(url, p, data); err != nil {
		return File{}, err
	}
	if err := output.WriteFile(path, data); err != nil {
		return File{}, fmt.Errorf("cache %s spec: %w", p.Name, err)
	}
	return File{Pin: p, Path: path, Data: data}, nil
}

func (s Source) url(p Pin) string {
	base := s.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	return strings.TrimSuffix(base, "/") + "/" + p.Repository + "/" + p.Commit + "/" + p.Path
}

func (s Source) download(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}

	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxSpecSize))
}

func verify(where string, p Pin, data []byte) error {
	got := Digest(data)
	if got == p.SHA256 {
		return nil
	}
	return fmt.Errorf("%s: %w: the file has sha256 %s, specs/lock.json pins %s for %s; "+
		"if the new file is intended, run: go run ./cmd/gen lock -specs %s",
		where, ErrDigest, got, p.SHA256, p.Name, filepath.Dir(where))
}
