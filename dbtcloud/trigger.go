package dbtcloud

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// TriggerRequest is the body of a job run request: the cause and any overrides.
type TriggerRequest = adminv2.TriggerJobRunJSONRequestBody

// TriggerOptions tune TriggerJobRun. Zero fields take their defaults; negative ones are
// errors.
type TriggerOptions struct {
	// Attempts caps how many times the run is requested. The default is 3.
	Attempts int

	// Settle is how long to wait, after a request whose fate is unknown, before looking for
	// the run it may have created. The default is 2 seconds.
	Settle time.Duration

	// LookBack is how many of the job's most recent runs are searched for that run, at most
	// 100. The default is 50.
	LookBack int64

	// Watch is how long, after a run was requested again and started, to keep looking for
	// a run that an earlier request created late, to cancel it. It costs time only after a
	// request whose fate was unknown. The default is twice Settle.
	Watch time.Duration
}

// maxCause is the longest cause dbt Cloud stores.
const maxCause = 255

// tagPrefix starts the tag TriggerJobRun appends to a run's cause.
const tagPrefix = " [dbtcloud-go:"

// withDefaults fills in the zero fields.
func (o TriggerOptions) withDefaults() TriggerOptions {
	if o.Attempts == 0 {
		o.Attempts = 3
	}
	if o.Settle == 0 {
		o.Settle = 2 * time.Second
	}
	if o.LookBack == 0 || o.LookBack > 100 {
		o.LookBack = 50
	}
	if o.Watch == 0 {
		o.Watch = 2 * o.Settle
	}

	return o
}

// check rejects negative fields.
func (o TriggerOptions) check() error {
	if o.Attempts < 0 || o.Settle < 0 || o.LookBack < 0 || o.Watch < 0 {
		return errors.New("dbtcloud: trigger options must not be negative")
	}

	return nil
}

// TriggerJobRun starts a run of job jobID and returns it, without ever starting two.
//
// It appends a unique tag to req.Cause, such as "[dbtcloud-go:3f2a9c0d1e4b5a67]". When a
// request fails in a way that leaves open whether the run was created (the connection
// dropped after the request was sent, or a 5xx status), it waits opts.Settle, looks among
// the job's most recent runs for one whose cause holds the tag, and adopts it if there is
// one; it requests the run again only if there is none. If that search itself fails, it
// returns the error rather than risk a second run. After requesting again, it watches for
// opts.Watch for a run the lost request created late and cancels it; if that cancel fails,
// it returns the run it started together with an error naming the other.
func (c *Client) TriggerJobRun(ctx context.Context, accountID, jobID int64, req TriggerRequest,
	opts TriggerOptions) (*Run, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()

	tag, err := newTag()
	if err != nil {
		return nil, err
	}
	req.Cause = tagCause(req.Cause, tag)

	var lastErr error
	for lost := range opts.Attempts {
		run, err := c.triggerOnce(ctx, accountID, jobID, req)
		if err == nil && lost > 0 {
			return run, c.cancelTwins(ctx, accountID, jobID, tag, run, lost, opts)
		}
		if err == nil || !ambiguous(err) {
			return run, err
		}
		lastErr = err

		if err := sleep(ctx, opts.Settle); err != nil {
			return nil, fmt.Errorf("dbtcloud: trigger job %d: the run may exist, look for "+
				"cause tag %s: %w", jobID, tag, errors.Join(lastErr, err))
		}
		// TODO(dbtcloud): a run that an earlier request creates later than Settle plus
		// Watch after its lost response stays a second run; dbt Cloud has no idempotency
		// key.
		run, err = c.findTagged(ctx, accountID, jobID, tag, opts.LookBack)
		if err != nil || run != nil {
			return run, err
		}
	}

	return nil, fmt.Errorf("dbtcloud: trigger job %d: no run after %d attempts: %w",
		jobID, opts.Attempts, lastErr)
}

// triggerOnce sends one trigger request.
func (c *Client) triggerOnce(ctx context.Context, accountID, jobID int64,
	req TriggerRequest) (*Run, error) {
	rsp, err := c.V2.TriggerJobRun(ctx, accountID, jobID, req)
	if err != nil {
		return nil, err
	}

	return runBody(rsp.JSON200, "TriggerJobRun", rsp.StatusCode)
}

// findTagged returns the recent run of the job whose cause holds tag, or nil.
func (c *Client) findTagged(ctx context.Context, accountID, jobID int64, tag string,
	lookBack int64) (*Run, error) {
	runs, err := c.taggedRuns(ctx, accountID, jobID, tag, lookBack)
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: trigger job %d: the last request may have created "+
			"a run, and looking for it failed; look for cause tag %s before trying again: %w",
			jobID, tag, err)
	}
	if len(runs) == 0 {
		return nil, nil
	}

	return &runs[0], nil
}

// taggedRuns returns the job's recent runs whose cause holds tag, newest first.
func (c *Client) taggedRuns(ctx context.Context, accountID, jobID int64, tag string,
	lookBack int64) ([]Run, error) {
	order, related, offset := "-id", "trigger", int64(0)
	params := &adminv2.ListRunsParams{JobDefinitionID: &jobID, OrderBy: &order,
		IncludeRelated: &related, Limit: &lookBack, Offset: &offset}

	rsp, err := c.V2.ListRuns(ctx, accountID, params)
	if err != nil {
		return nil, err
	}
	if rsp.JSON200 == nil {
		return nil, fmt.Errorf("listing runs gave status %d without a JSON list",
			rsp.StatusCode)
	}

	var tagged []Run
	for _, run := range rsp.JSON200.Data {
		if run.Trigger != nil && strings.Contains(run.Trigger.Cause, tag) {
			tagged = append(tagged, run)
		}
	}
	return tagged, nil
}

// cancelTwins watches, for opts.Watch, for runs that up to lost earlier requests created
// late with the same tag as started, and cancels each one it sees.
func (c *Client) cancelTwins(ctx context.Context, accountID, jobID int64, tag string,
	started *Run, lost int, opts TriggerOptions) error {
	seen := map[int64]bool{}
	if started.ID != nil {
		seen[*started.ID] = true
	}

	deadline := time.Now().Add(opts.Watch)
	for cancelled := 0; cancelled < lost; {
		runs, err := c.taggedRuns(ctx, accountID, jobID, tag, opts.LookBack)
		if err != nil {
			return fmt.Errorf("dbtcloud: trigger job %d: started a run, but looking for one "+
				"an earlier request may have created failed; look for cause tag %s: %w",
				jobID, tag, err)
		}
		for _, twin := range runs {
			if twin.ID == nil || seen[*twin.ID] {
				continue
			}
			seen[*twin.ID] = true
			if _, err := c.CancelRun(ctx, accountID, *twin.ID); err != nil {
				return fmt.Errorf("dbtcloud: trigger job %d: an earlier request also "+
					"created run %d, and cancelling it failed: %w", jobID, *twin.ID, err)
			}
			cancelled++
		}

		wait := min(opts.Settle, time.Until(deadline))
		if wait <= 0 || sleep(ctx, wait) != nil {
			return nil
		}
	}
	return nil
}

// newTag returns a random tag that marks the runs of one TriggerJobRun call.
func newTag() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("dbtcloud: make a run tag: %w", err)
	}

	return hex.EncodeToString(b[:]), nil
}

// tagCause appends tag to cause, shortening cause so that the result fits in maxCause.
func tagCause(cause, tag string) string {
	suffix := tagPrefix + tag + "]"
	if strings.TrimSpace(cause) == "" {
		cause = "Triggered through the API"
	}
	if room := maxCause - len(suffix); len(cause) > room {
		cause = strings.ToValidUTF8(cause[:room], "")
	}

	return cause + suffix
}
