package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format is an output format of reports.
type Format string

// Formats.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	JSON     Format = "json"
)

// ParseFormat checks a -format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, Markdown, JSON:
		return f, nil
	}
	return "", fmt.Errorf("-format %q: want text, markdown or json", s)
}

// Write writes reps to w in format f.
func Write(w io.Writer, f Format, reps []*Report) error {
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(reps)
	case Markdown:
		return writeAll(w, reps, writeMarkdown)
	}
	return writeAll(w, reps, writeText)
}

func writeAll(w io.Writer, reps []*Report, one func(*strings.Builder, *Report)) error {
	var b strings.Builder
	for i, r := range reps {
		if i > 0 {
			b.WriteString("\n")
		}
		one(&b, r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// counts returns "N breaking, N possibly breaking, N informational".
func counts(r *Report) string {
	n := r.Count()
	return fmt.Sprintf("%d breaking, %d possibly breaking, %d informational",
		n[Breaking], n[PossiblyBreaking], n[Info])
}

// section is one list of the summary, rendered the same way in every text format.
type section struct {
	title string
	items []string
}

func sections(r *Report) []section {
	s := r.Summary
	var out []section
	add := func(title string, items []string) {
		if len(items) > 0 {
			out = append(out, section{title, items})
		}
	}

	add("Operations removed", mapList(s.OperationsRemoved, describeOp))
	add("Operations added", mapList(s.OperationsAdded, describeOp))
	add("operationIds renamed", mapList(s.OperationIDsRenamed, func(o OperationRename) string {
		return fmt.Sprintf("%s %s: %q -> %q", o.Method, o.Path, o.OldID, o.NewID)
	}))
	add("Parameters renamed", mapList(s.ParametersRenamed, func(p ParameterRename) string {
		return fmt.Sprintf("%s: %s %s -> %s", p.Operation, p.In, p.Old, p.New)
	}))
	add("Schemas renamed", mapList(s.SchemasRenamed, func(r SchemaRename) string {
		return r.Old + " -> " + r.New
	}))
	add("Schemas removed", s.SchemasRemoved)
	add("Schemas added", s.SchemasAdded)
	add("Overlay actions that no longer apply", mapList(r.Overlays, func(f OverlayFinding) string {
		return fmt.Sprintf("%s: target %s: %s", f.Where, f.Target, f.Problem)
	}))
	return out
}

func describeOp(o Operation) string {
	return fmt.Sprintf("%s %s (%s)", o.Method, o.Path, o.OperationID)
}

func mapList[T any](in []T, fn func(T) string) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = fn(v)
	}
	return out
}

func writeText(b *strings.Builder, r *Report) {
	fmt.Fprintf(b, "%s: %s -> %s\n", r.API, r.Old, r.New)
	fmt.Fprintf(b, "%s\n", counts(r))
	for _, s := range sections(r) {
		fmt.Fprintf(b, "\n%s (%d):\n", s.title, len(s.items))
		for _, it := range s.items {
			fmt.Fprintf(b, "  %s\n", it)
		}
	}

	if len(r.Changes) > 0 {
		fmt.Fprintf(b, "\nChanges (%d):\n", len(r.Changes))
	}
	for _, c := range r.Changes {
		where := c.Operation
		if where == "" {
			where = "-"
		}
		fmt.Fprintf(b, "  %-17s %s  %s: %s\n", c.Level, where, c.Kind, c.Text)
	}
}

func writeMarkdown(b *strings.Builder, r *Report) {
	fmt.Fprintf(b, "## API %s\n\n", r.API)
	fmt.Fprintf(b, "`%s` → `%s`: **%s**\n", r.Old, r.New, counts(r))
	for _, s := range sections(r) {
		fmt.Fprintf(b, "\n### %s (%d)\n\n", s.title, len(s.items))
		for _, it := range s.items {
			fmt.Fprintf(b, "- `%s`\n", strings.ReplaceAll(it, "`", "'"))
		}
	}
	if len(r.Changes) == 0 {
		return
	}

	fmt.Fprintf(b, "\n### Changes (%d)\n\n", len(r.Changes))
	b.WriteString("| level | operation | rule | change |\n| --- | --- | --- | --- |\n")
	for _, c := range r.Changes {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", c.Level, cell(c.Operation), c.Kind,
			cell(c.Text))
	}
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
