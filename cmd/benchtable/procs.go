package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// sample is one finished process: how long it took and its peak resident memory.
type sample struct {
	wall   time.Duration
	maxRSS int64
	stderr string
}

// proc is a command to run in a directory with extra environment variables.
type proc struct {
	dir  string
	env  []string
	args []string
}

// run starts p, waits for it and measures it. A non-zero exit is an error that quotes the
// end of the process's standard error.
func (p proc) run(ctx context.Context, log io.Writer) (sample, error) {
	fmt.Fprintf(log, "benchtable: %s$ %s\n", p.dir, strings.Join(p.args, " "))
	cmd := exec.CommandContext(ctx, p.args[0], p.args[1:]...)
	cmd.Dir = p.dir
	cmd.Env = append(os.Environ(), p.env...)
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr

	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), stderr: stderr.String()}
	if cmd.ProcessState != nil {
		s.maxRSS = maxRSS(cmd.ProcessState)
	}
	if err != nil {
		return s, fmt.Errorf("%s: %w\n%s", strings.Join(p.args, " "), err, tail(s.stderr, 20))
	}
	return s, nil
}

// output runs p like run and returns its standard output.
func (p proc) output(ctx context.Context, log io.Writer) (string, error) {
	fmt.Fprintf(log, "benchtable: %s$ %s\n", p.dir, strings.Join(p.args, " "))
	cmd := exec.CommandContext(ctx, p.args[0], p.args[1:]...)
	cmd.Dir = p.dir
	cmd.Env = append(os.Environ(), p.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s: %w\n%s", strings.Join(p.args, " "), err,
			tail(stderr.String()+stdout.String(), 20))
	}
	return stdout.String(), nil
}

// tail returns the last n lines of text.
func tail(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// median returns the middle value of xs, or the mean of the two middle ones.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}
