package dbtcloud

import "github.com/dbtcloud-go/dbtcloud/generated/adminv2"

// Run is a dbt Cloud job run as the v2 API returns it.
type Run = adminv2.RunResponse

// RunStatus is the state of a run: queued, starting, running, or one of the terminal
// states success, error and cancelled. It is the generated enum, named here so that this
// package's helpers depend on its name in one place only.
type RunStatus = adminv2.RunStatus

// The run statuses, as the v2 API numbers them.
const (
	RunQueued    = adminv2.RunStatusQueued
	RunStarting  = adminv2.RunStatusStarting
	RunRunning   = adminv2.RunStatusRunning
	RunSuccess   = adminv2.RunStatusSuccess
	RunError     = adminv2.RunStatusError
	RunCancelled = adminv2.RunStatusCancelled
)

// StatusOf returns the status of run and reports whether the run has one.
func StatusOf(run *Run) (RunStatus, bool) {
	if run == nil || run.Status == nil {
		return 0, false
	}

	return *run.Status, true
}

// IsTerminal reports whether run has reached success, error or cancelled.
func IsTerminal(run *Run) bool {
	s, ok := StatusOf(run)
	return ok && s.IsTerminal()
}

// Succeeded reports whether run ended in success.
func Succeeded(run *Run) bool {
	s, ok := StatusOf(run)
	return ok && s == RunSuccess
}

// runID returns the ID of run, or zero.
func runID(run *Run) int64 {
	if run == nil || run.ID == nil {
		return 0
	}

	return *run.ID
}
