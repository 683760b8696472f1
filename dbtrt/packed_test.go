package dbtrt_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

func TestPackRoundTrip(t *testing.T) {
	doc := bytes.Repeat([]byte(`{"paths":{"/api/v2/accounts/{id}/":{"get":{}}}}`), 500)

	for _, width := range []int{0, 1, 7, 96} {
		text, err := dbtrt.Pack(doc, width)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(text, "\n") {
			if width > 0 && len(line) > width {
				t.Errorf("width %d: line %d has %d characters", width, i, len(line))
			}
		}

		got, err := dbtrt.Unpack(text)
		if err != nil {
			t.Fatalf("width %d: %v", width, err)
		}
		if !bytes.Equal(got, doc) {
			t.Errorf("width %d: unpacked %d bytes, want the %d packed", width, len(got), len(doc))
		}
	}
}

func TestPackIsDeterministic(t *testing.T) {
	doc := []byte(strings.Repeat("the same document ", 1000))
	first, err := dbtrt.Pack(doc, 96)
	if err != nil {
		t.Fatal(err)
	}
	second, err := dbtrt.Pack(doc, 96)
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Error("packing the same bytes twice gave different text")
	}
	if len(first) >= len(doc)/4 {
		t.Errorf("packed %d repetitive bytes into %d characters", len(doc), len(first))
	}
}

func TestUnpackRejectsDamage(t *testing.T) {
	text, err := dbtrt.Pack([]byte("a document long enough to be worth packing"), 0)
	if err != nil {
		t.Fatal(err)
	}

	for name, bad := range map[string]string{
		"not base64":       "%%%" + text,
		"not gzip":         "aGVsbG8gd29ybGQ=",
		"cut short":        text[:len(text)/2],
		"empty":            "",
		"corrupt checksum": text[:len(text)-8] + "AAAAAAA=",
	} {
		if data, err := dbtrt.Unpack(bad); err == nil {
			t.Errorf("%s: unpacked %q and no error", name, data)
		}
	}
}

func TestPackedDecodesOnceAndCopies(t *testing.T) {
	doc := []byte(`{"openapi":"3.0.3"}`)
	text, err := dbtrt.Pack(doc, 10)
	if err != nil {
		t.Fatal(err)
	}
	p := dbtrt.NewPacked(text)

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := p.Bytes()
			if err != nil || !bytes.Equal(got, doc) {
				t.Errorf("Bytes() = %q, %v; want %q", got, err, doc)
			}
		})
	}
	wg.Wait()

	first, _ := p.Bytes()
	first[0] = 'X'
	if again, _ := p.Bytes(); !bytes.Equal(again, doc) {
		t.Errorf("changing a returned copy changed the next one: %q", again)
	}
}

func TestPackedReportsDamage(t *testing.T) {
	if _, err := dbtrt.NewPacked("not packed").Bytes(); err == nil {
		t.Error("a damaged document gave no error")
	}
}
