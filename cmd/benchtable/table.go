package main

import (
	"fmt"
	"math"
	"strings"
)

// row is one figure of the table.
type row struct {
	figure string
	// ours is the figure for this project; base is the baseline's, 0 when it has none.
	ours, base float64
	// paired, when set, is the ratio: the median of ratios of runs measured side by side,
	// which a busy moment of the machine affects less than the ratio of the medians.
	paired   float64
	baseName string
	unit     string
	goal     goal
	// missing, when set, says why the figure was not measured.
	missing string
}

// goal is an upper bound: a ratio to the baseline, or an absolute value in the row's unit.
type goal struct {
	ratio float64
	max   float64
}

func (g goal) String(unit string) string {
	switch {
	case g.ratio > 0:
		return fmt.Sprintf("≤ %.2g×", g.ratio)
	case g.max > 0:
		return "≤ " + format(g.max, unit)
	}
	return "—"
}

// met reports whether r meets its goal; ok is false when it has no goal or no figure.
func (r row) met() (met, ok bool) {
	switch {
	case r.missing != "":
		return false, false
	case r.goal.ratio > 0 && r.base > 0:
		return r.ratio() <= r.goal.ratio, true
	case r.goal.max > 0:
		return r.ours <= r.goal.max, true
	}
	return false, false
}

// ratio returns the paired ratio if there is one, else the ratio of the figures.
func (r row) ratio() float64 {
	if r.paired > 0 {
		return r.paired
	}
	return r.ours / r.base
}

func (r row) cells() []string {
	if r.missing != "" {
		return []string{r.figure, r.missing, "", "", r.goal.String(r.unit), ""}
	}

	base, ratio := "—", "—"
	if r.base > 0 {
		base = format(r.base, r.unit) + " (" + r.baseName + ")"
		ratio = fmt.Sprintf("%.2f×", r.ratio())
	}
	verdict := ""
	if met, ok := r.met(); ok {
		verdict = map[bool]string{true: "yes", false: "**no**"}[met]
	}
	return []string{r.figure, format(r.ours, r.unit), base, ratio, r.goal.String(r.unit),
		verdict}
}

// format prints v in unit with as many digits as its size deserves.
func format(v float64, unit string) string {
	switch {
	case unit == "lines":
		return groupThousands(int64(math.Round(v))) + " lines"
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// render returns the table in Markdown, with the machine and the run counts above it.
func render(m string, rows []row, cfg config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Machine: %s.\n", m)
	fmt.Fprintf(&b, "Medians of %d runs (cold builds: %d runs); the client ratios are medians "+
		"of the ratios of runs measured side by side. Reproduce with `make bench`.\n\n",
		cfg.runs, cfg.compileRuns)

	b.WriteString("| figure | ours | baseline | ratio | goal | met |\n")
	b.WriteString("| --- | ---: | --- | ---: | --- | --- |\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r.cells(), " | ") + " |\n")
	}
	return b.String()
}
