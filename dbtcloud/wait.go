package dbtcloud

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// WaitOptions tune WaitForRun. Zero fields take their defaults; negative ones are errors.
type WaitOptions struct {
	// Interval is the wait before the second poll. The default is 5 seconds.
	Interval time.Duration

	// MaxInterval caps the wait between polls as it grows. The default is 30 seconds.
	MaxInterval time.Duration

	// Factor multiplies the wait after every poll; values below 1 mean the default, 1.5.
	Factor float64

	// FinalPollTimeout bounds the last poll made when the context is done. The default is
	// 10 seconds.
	FinalPollTimeout time.Duration

	// CancelOnGiveUp cancels the run when the context is done before the run ends.
	CancelOnGiveUp bool
}

// withDefaults fills in the zero fields.
func (o WaitOptions) withDefaults() WaitOptions {
	if o.Interval == 0 {
		o.Interval = 5 * time.Second
	}
	if o.MaxInterval == 0 {
		o.MaxInterval = 30 * time.Second
	}
	if o.Factor < 1 {
		o.Factor = 1.5
	}
	if o.FinalPollTimeout == 0 {
		o.FinalPollTimeout = 10 * time.Second
	}

	return o
}

// check rejects negative durations.
func (o WaitOptions) check() error {
	if o.Interval < 0 || o.MaxInterval < 0 || o.FinalPollTimeout < 0 {
		return errors.New("dbtcloud: wait options must not have negative durations")
	}

	return nil
}

// WaitError is returned by WaitForRun when the context ended before the run did.
type WaitError struct {
	// Run is the last state of the run that was seen, or nil if no poll succeeded.
	Run *Run

	// Cancelled reports that WaitForRun cancelled the run, as WaitOptions asked.
	Cancelled bool

	// CancelErr is why cancelling the run failed, if it did.
	CancelErr error

	// Err is the context's error.
	Err error
}

// Error says which run was still going and in which state.
func (e *WaitError) Error() string {
	state := "unknown"
	if s, ok := StatusOf(e.Run); ok {
		state = s.String()
	}

	msg := fmt.Sprintf("dbtcloud: gave up waiting for run %d in state %s", runID(e.Run), state)
	switch {
	case e.Cancelled:
		msg += ", and cancelled it"
	case e.CancelErr != nil:
		msg += fmt.Sprintf(", and could not cancel it: %v", e.CancelErr)
	}

	return msg + ": " + e.Err.Error()
}

// Unwrap returns the context's error, so that errors.Is(err, context.DeadlineExceeded)
// holds after a timeout.
func (e *WaitError) Unwrap() error { return e.Err }

// WaitForRun polls run runID of account accountID until it succeeds, fails or is
// cancelled, and returns its final state; a run that ended in error is not an error of
// WaitForRun, so check it with Succeeded. The wait between polls grows from
// opts.Interval to opts.MaxInterval. When ctx is done first, WaitForRun polls one last time
// and, if the run is still going, returns a *WaitError holding the last run seen, after
// cancelling the run if opts.CancelOnGiveUp is set.
func (c *Client) WaitForRun(ctx context.Context, accountID, runID int64,
	opts WaitOptions) (*Run, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()

	var last *Run
	interval := opts.Interval
	for {
		run, err := c.getRun(ctx, accountID, runID)
		switch {
		case err == nil:
			last = run
			if IsTerminal(run) {
				return run, nil
			}
		case ctx.Err() == nil:
			return last, err
		}

		if err := sleep(ctx, interval); err != nil {
			return c.giveUp(ctx, accountID, runID, last, opts)
		}
		interval = min(time.Duration(float64(interval)*opts.Factor), opts.MaxInterval)
	}
}

// giveUp polls once more after ctx is done, and cancels the run if asked to.
func (c *Client) giveUp(ctx context.Context, accountID, runID int64, last *Run,
	opts WaitOptions) (*Run, error) {
	fresh, cancel := context.WithTimeout(context.WithoutCancel(ctx), opts.FinalPollTimeout)
	defer cancel()

	if run, err := c.getRun(fresh, accountID, runID); err == nil {
		last = run
		if IsTerminal(run) {
			return run, nil
		}
	}

	werr := &WaitError{Run: last, Err: ctx.Err()}
	if opts.CancelOnGiveUp {
		run, err := c.CancelRun(fresh, accountID, runID)
		werr.Cancelled, werr.CancelErr = err == nil, err
		if run != nil {
			werr.Run = run
		}
	}

	return last, werr
}

// getRun fetches one run.
func (c *Client) getRun(ctx context.Context, accountID, runID int64) (*Run, error) {
	rsp, err := c.V2.RetrieveRun(ctx, accountID, runID, nil)
	if err != nil {
		return nil, err
	}

	return runBody(rsp.JSON200, "RetrieveRun", rsp.StatusCode)
}

// CancelRun asks dbt Cloud to cancel run runID and returns the run as the server then
// describes it.
func (c *Client) CancelRun(ctx context.Context, accountID, runID int64) (*Run, error) {
	rsp, err := c.V2.CancelRun(ctx, accountID, runID)
	if err != nil {
		return nil, err
	}

	return runBody(rsp.JSON200, "CancelRun", rsp.StatusCode)
}

// runBody returns the run of a decoded envelope, or an error when there was none.
func runBody(env *adminv2.RunResponseEnveloped, op string, status int) (*Run, error) {
	if env == nil {
		return nil, fmt.Errorf("dbtcloud: %s: status %d came without a JSON run", op, status)
	}

	return &env.Data, nil
}
