package dbtcloud

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// ListArtifacts returns the paths of the artifacts of run runID, such as manifest.json and
// run_results.json. step picks a step of the run by its index, from 1; zero means the
// last step.
func (c *Client) ListArtifacts(ctx context.Context, accountID, runID int64,
	step int) ([]string, error) {
	rsp, err := c.V2.ListRunArtifacts(ctx, accountID, runID, nil, withStep(step))
	if err != nil {
		return nil, err
	}
	if rsp.JSON200 == nil {
		return nil, fmt.Errorf("dbtcloud: ListRunArtifacts: status %d came without a JSON "+
			"list", rsp.StatusCode)
	}

	return rsp.JSON200.Data, nil
}

// DownloadArtifact returns the content of the artifact at path of run runID as a stream,
// which the caller must close. Nothing is buffered: memory stays flat however large the
// artifact. step picks a step of the run by its index, from 1; zero means the last step.
// The request timeout covers the wait for the response headers; the context covers the
// whole download.
func (c *Client) DownloadArtifact(ctx context.Context, accountID, runID int64, path string,
	step int) (io.ReadCloser, error) {
	var params *adminv2.RetrieveRunArtifactParams
	if step > 0 {
		s := int64(step)
		params = &adminv2.RetrieveRunArtifactParams{Step: &s}
	}

	res, err := c.V2.Send(streaming(ctx), "RetrieveRunArtifact", params, nil,
		[]dbtrt.Editor{acceptAny}, accountID, runID, path)
	if err != nil {
		return nil, err
	}

	return res.Body, nil
}

// withStep returns a request editor that adds the step query parameter, unless step is 0.
func withStep(step int) dbtrt.Editor {
	return func(_ context.Context, req *dbtrt.Request) error {
		if step > 0 {
			q := req.URL.Query()
			q.Set("step", strconv.Itoa(step))
			req.URL.RawQuery = q.Encode()
		}
		return nil
	}
}

// acceptAny asks for an artifact in whatever type it has.
func acceptAny(_ context.Context, req *dbtrt.Request) error {
	req.Header.Set("Accept", "*/*")
	return nil
}
