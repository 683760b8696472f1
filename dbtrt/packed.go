package dbtrt

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Packed is a document that generated code embeds compressed: gzip, then standard base64,
// in lines of any length. Generated packages use it for their OpenAPI description, which
// would otherwise be their largest file.
type Packed struct {
	once sync.Once
	text string
	data []byte
	err  error
}

// NewPacked returns the document whose packed form is text. Nothing is decoded until the
// first call to Bytes.
func NewPacked(text string) *Packed {
	return &Packed{text: text}
}

// Bytes returns a fresh copy of the document, decoding it on the first call.
func (p *Packed) Bytes() ([]byte, error) {
	p.once.Do(func() { p.data, p.err = Unpack(p.text) })
	if p.err != nil {
		return nil, p.err
	}
	return bytes.Clone(p.data), nil
}

// Unpack decodes a packed document: standard base64 with line breaks anywhere, over gzip.
func Unpack(text string) ([]byte, error) {
	dec := base64.NewDecoder(base64.StdEncoding, strings.NewReader(text))
	zr, err := gzip.NewReader(dec)
	if err != nil {
		return nil, fmt.Errorf("dbtrt: unpack document: %w", err)
	}
	defer zr.Close()

	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("dbtrt: unpack document: %w", err)
	}
	return data, nil
}

// Pack is the inverse of Unpack, for generators: it compresses data with gzip at the best
// level and no header fields, so that the same bytes always pack the same way with one Go
// release, and returns the base64 text broken into lines of width characters.
func Pack(data []byte, width int) (string, error) {
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(data); err != nil {
		return "", fmt.Errorf("dbtrt: pack document: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("dbtrt: pack document: %w", err)
	}

	text := base64.StdEncoding.EncodeToString(z.Bytes())
	return breakLines(text, width), nil
}

// breakLines puts a line break after every width characters of text.
func breakLines(text string, width int) string {
	if width <= 0 {
		return text
	}

	var b strings.Builder
	b.Grow(len(text) + len(text)/width + 1)
	for len(text) > width {
		b.WriteString(text[:width])
		b.WriteByte('\n')
		text = text[width:]
	}
	b.WriteString(text)
	return b.String()
}
