package dbtcloud

import (
	"context"
	"fmt"
)

// RetryInfo says whether a run can be restarted from its failure.
type RetryInfo struct {
	// CanRetry is the run's can_retry flag.
	CanRetry bool

	// Reason is the run's retry_not_supported_reason, such as RETRY_NOT_FAILED_RUN, when
	// the run cannot be retried.
	Reason string
}

// RetryInfoOf reads whether run can be retried, and why not.
func RetryInfoOf(run *Run) RetryInfo {
	var info RetryInfo
	if run == nil {
		return info
	}
	if run.CanRetry != nil {
		info.CanRetry = *run.CanRetry
	}
	if run.RetryNotSupportedReason != nil {
		info.Reason = string(*run.RetryNotSupportedReason)
	}

	return info
}

// RetryRun restarts run runID from the point of failure, through the run retry operation,
// and returns the new run. It is not retried after it may have reached the server.
func (c *Client) RetryRun(ctx context.Context, accountID, runID int64) (*Run, error) {
	rsp, err := c.V2.RetryRun(ctx, accountID, runID)
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: retry run %d: %w", runID, err)
	}

	return runBody(rsp.JSON200, "RetryRun", rsp.StatusCode)
}

// RerunFailedJob restarts the latest run of job jobID from the point of failure, through
// the job rerun operation, and returns the new run.
func (c *Client) RerunFailedJob(ctx context.Context, accountID, jobID int64) (*Run, error) {
	rsp, err := c.V2.RetryFailedJob(ctx, accountID, jobID)
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: rerun job %d: %w", jobID, err)
	}

	return runBody(rsp.JSON200, "RetryFailedJob", rsp.StatusCode)
}
