package dbtcloud_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
)

// lockedBuffer is a log sink safe for concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// countFaulted returns how many requests the fake injected a fault into.
func countFaulted(srv *dbtcloudtest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Fault != nil {
			n++
		}
	}
	return n
}

// TestTokenNeverLeaks sends the canary token through success, error, retry, timeout,
// dropped-connection and bad-input paths, and searches every log line, error string and
// printed value for it.
func TestTokenNeverLeaks(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := newFake(t)
	job := addJob(srv, "canary")
	// The clock stands still, so runs of the job never finish.
	srv.SetJobRunPlan(job, dbtcloudtest.RunPlan{Running: time.Hour,
		Outcome: dbtcloudtest.StatusSuccess})
	seeded := srv.AddRun(job, "seed")
	c := newClient(t, srv, dbtcloud.WithLogger(logger))

	var printed []string
	record := func(values ...any) {
		for _, v := range values {
			printed = append(printed, fmt.Sprintf("%v|%+v|%#v|%s", v, v, v, v))
		}
	}
	record(c, *c, c.V2, c.V2.Caller, c.V3)

	ctx := context.Background()
	_, err := c.V2.RetrieveRun(ctx, account, seeded, nil) // success
	record(err)
	_, err = c.V2.RetrieveRun(ctx, account, 9999, nil) // 404
	record(err)
	srv.Inject("TriggerJobRun", dbtcloudtest.Fault{Drop: true, Times: 1})
	srv.Inject("*", dbtcloudtest.Fault{Status: http.StatusServiceUnavailable, Rate: 0.5})
	srv.Inject("*", dbtcloudtest.Fault{Status: http.StatusTooManyRequests, Every: 5, Burst: 2})
	run, err := c.TriggerJobRun(ctx, account, job, dbtcloud.TriggerRequest{Cause: "canary"},
		dbtcloud.TriggerOptions{Settle: 1, Attempts: 10}) // retries and a dropped response
	record(err)
	srv.ClearFaults()
	if err != nil {
		t.Fatal(err)
	}
	if faulted := countFaulted(srv); faulted < 2 {
		t.Fatalf("%d requests got a fault; the retry paths were not taken", faulted)
	}

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = c.WaitForRun(short, account, *run.ID, fastWait) // a run that never finishes
	cancel()
	if err == nil {
		t.Fatal("WaitForRun returned before its deadline on a run that never ends")
	}
	record(err)

	bads := []string{canary + " " + canary, "Bearer " + canary + "\x00", canary + "é"}
	for _, bad := range bads {
		_, err := dbtcloud.New(bad, dbtcloud.WithLogger(logger))
		record(err)
	}
	_, err = dbtcloud.New(canary, dbtcloud.WithAccessURL("https://x:"+canary+"@h/"))
	record(err)

	if !strings.Contains(logs.String(), `"attempt"`) {
		t.Fatalf("the logger recorded no attempts: %q", logs.String())
	}
	for _, p := range append(printed, logs.String()) {
		if strings.Contains(p, "CANARY") {
			t.Errorf("the token leaked into %q", p)
		}
	}
}
