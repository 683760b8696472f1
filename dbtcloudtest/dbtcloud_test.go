package dbtcloudtest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
)

// TestTypedErrors checks that the high-level client turns the fake's error envelopes into
// its typed errors.
func TestTypedErrors(t *testing.T) {
	srv, c, job := start(t, dbtcloudtest.WithToken("example-token"))
	ctx := context.Background()
	client, err := dbtcloud.New("example-token", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.CancelRun(ctx, account, 123456)
	var apiErr *dbtcloud.APIError
	if !dbtcloud.IsNotFound(err) || !errors.As(err, &apiErr) || apiErr.Code != 404 ||
		apiErr.DeveloperMessage == "" {
		t.Errorf("cancel of a missing run: %v", err)
	}

	done := trigger(t, c, job)
	srv.Clock.Advance(time.Hour)
	_, err = client.RetryRun(ctx, account, done)
	if !dbtcloud.IsValidation(err) {
		t.Errorf("retry of a successful run: %v, want a validation error", err)
	}

	stranger, err := dbtcloud.New("wrong-token", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stranger.CancelRun(ctx, account, done); !dbtcloud.IsUnauthorized(err) {
		t.Errorf("wrong token: %v, want unauthorized", err)
	}
}

// TestWaitForRun drives the high-level client's polling against the fake, whose clock
// moves ten seconds with every request.
func TestWaitForRun(t *testing.T) {
	srv, c, job := start(t, dbtcloudtest.WithAutoAdvance(10*time.Second))
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Queued: time.Minute, Starting: time.Minute,
		Running: time.Minute, Outcome: dbtcloudtest.StatusError})
	client, err := dbtcloud.New("example-token", dbtcloud.WithAccessURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	run := trigger(t, c, job)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := client.WaitForRun(ctx, account, run, dbtcloud.WaitOptions{
		Interval: time.Millisecond, MaxInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := dbtcloud.StatusOf(got); !ok || st.String() != "Error" {
		t.Errorf("final status %v, want Error", st)
	}
	if polls := len(srv.RequestsTo("RetrieveRun")); polls < 18 {
		t.Errorf("%d polls; the run needs three minutes of ten-second steps", polls)
	}
}
