package main

import (
	"fmt"
	"os"
	"strings"
)

// The README section the table replaces lies between these markers.
const (
	beginMarker = "<!-- benchtable:begin -->"
	endMarker   = "<!-- benchtable:end -->"
)

// updateReadme replaces the text between the bench markers of the file at path with table.
func updateReadme(path, table string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}

	text := string(data)
	begin := strings.Index(text, beginMarker)
	end := strings.Index(text, endMarker)
	if begin < 0 || end < begin {
		return fmt.Errorf("%s: no %s ... %s section to put the table in; add the two "+
			"markers on lines of their own", path, beginMarker, endMarker)
	}

	head := text[:begin+len(beginMarker)]
	updated := head + "\n" + table + text[end:]
	return os.WriteFile(path, []byte(updated), 0o644)
}
