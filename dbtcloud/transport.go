package dbtcloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
)

// doer sends the requests of the generated clients: it adds the token and the User-Agent,
// retries what the operation table says may be retried, logs every attempt and turns every
// status outside 2xx into an *APIError. It is the generated clients' dbtrt.Doer.
type doer struct {
	hc      *http.Client
	cred    *credential
	ua      string
	base    *url.URL
	policy  RetryPolicy
	timeout time.Duration
	log     *slog.Logger
}

// streamKey marks a context whose response body the caller streams, so that the attempt
// timeout stops at the response headers.
type streamKey struct{}

// streaming returns a context that marks its requests as streamed.
func streaming(ctx context.Context) context.Context {
	return context.WithValue(ctx, streamKey{}, true)
}

// outcome is the result of one attempt.
type outcome struct {
	res      *http.Response
	err      error
	sent     bool // the request may have reached the server
	timedOut bool // the attempt timeout fired
}

// Do sends a generated client's request, retrying as the policy and the request's row of
// the operation table allow.
func (d *doer) Do(ctx context.Context, req *dbtrt.Request) (*dbtrt.Response, error) {
	hreq, err := httpdo.Request(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: %w", err)
	}

	res, err := d.send(hreq, req.Operation)
	if err != nil {
		return nil, err
	}
	return httpdo.Response(res), nil
}

// send sends req, the request of op, with retries. The body of req, if any, can be read
// again through GetBody, which every attempt does.
func (d *doer) send(req *http.Request, op dbtrt.Operation) (*http.Response, error) {
	idem := op.Idempotent
	start := time.Now()
	for attempt := 1; ; attempt++ {
		o := d.attempt(req, attempt)
		wait, again := d.retryWait(req.Context(), idem, start, attempt, o)
		if !again {
			return d.finish(req, op.GoName, attempt, o)
		}

		discard(o.res)
		d.log.LogAttrs(req.Context(), slog.LevelInfo, "dbtcloud: retrying request",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait))
		if err := sleep(req.Context(), wait); err != nil {
			return d.finish(req, op.GoName, attempt, outcome{err: err, sent: o.sent})
		}
	}
}

// attempt sends req once.
func (d *doer) attempt(req *http.Request, n int) outcome {
	var o outcome
	var wrote, fired atomic.Bool
	ctx, cancel := context.WithCancel(req.Context())
	timer := time.AfterFunc(d.timeout, func() { fired.Store(true); cancel() })
	stop := func() { timer.Stop(); cancel() }

	trace := &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }}
	r := req.Clone(httptrace.WithClientTrace(ctx, trace))
	if req.GetBody != nil {
		r.Body, o.err = req.GetBody()
	}
	r.Header.Set("Authorization", d.cred.header)
	r.Header.Set("User-Agent", d.ua)
	if r.Header.Get("Accept") == "" {
		r.Header.Set("Accept", "application/json")
	}

	began := time.Now()
	if o.err == nil {
		o.res, o.err = d.hc.Do(r)
	}
	o.sent, o.timedOut = wrote.Load(), fired.Load()
	d.logAttempt(req, n, o, time.Since(began))

	if o.err != nil {
		stop()
		return o
	}
	if req.Context().Value(streamKey{}) != nil {
		timer.Stop()
	}
	o.res.Body = &stopBody{ReadCloser: o.res.Body, stop: stop}

	return o
}

// retryWait decides whether to send the request again after attempt, and after how long.
func (d *doer) retryWait(ctx context.Context, idem bool, start time.Time, attempt int,
	o outcome) (time.Duration, bool) {
	if attempt >= d.policy.MaxAttempts || ctx.Err() != nil {
		return 0, false
	}

	wait := d.policy.backoff(attempt)
	if o.err != nil {
		if o.sent && !idem {
			return 0, false
		}
	} else {
		retry, untouched := retryableStatus(o.res.StatusCode)
		if !retry || (!idem && !untouched) {
			return 0, false
		}
		if ra, ok := retryAfter(o.res, time.Now()); ok {
			if ra > d.policy.MaxDelay {
				return 0, false
			}
			wait = ra
		}
	}

	return wait, fitsBudget(ctx, start, d.policy.MaxElapsed, wait)
}

// fitsBudget reports whether waiting wait still starts the next attempt within the
// policy's total time and before the context's deadline.
func fitsBudget(ctx context.Context, start time.Time, budget, wait time.Duration) bool {
	if time.Since(start)+wait > budget {
		return false
	}

	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > wait
}

// finish turns the last outcome into what Do returns.
func (d *doer) finish(req *http.Request, opName string, attempts int,
	o outcome) (*http.Response, error) {
	if o.err != nil {
		err := cleanURLError(o.err)
		if o.timedOut {
			err = fmt.Errorf("attempt timed out after %v (see WithRequestTimeout): %w",
				d.timeout, err)
		}
		return nil, &TransportError{Method: req.Method, Path: req.URL.Path,
			Attempts: attempts, Sent: o.sent, Err: err}
	}

	if o.res.StatusCode >= 200 && o.res.StatusCode < 300 {
		return o.res, nil
	}

	return nil, d.apiError(req, opName, attempts, o.res)
}

// apiError reads and closes res and describes it.
func (d *doer) apiError(req *http.Request, opName string, attempts int,
	res *http.Response) *APIError {
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, maxErrorBody))

	e := &APIError{Method: req.Method, Path: req.URL.Path, Operation: opName,
		StatusCode: res.StatusCode, Attempts: attempts}
	e.fillFromBody(body)
	if ra, ok := retryAfter(res, time.Now()); ok {
		e.RetryAfter = ra
	}
	if res.StatusCode == http.StatusUnauthorized && isLegacyHost(d.base) {
		e.Hint = "accounts on cell-based hosting must use their own access URL, such as " +
			"https://ab123.us1.dbt.com; set it with WithAccessURL"
	}

	return e
}

// logAttempt logs one attempt at debug level.
func (d *doer) logAttempt(req *http.Request, n int, o outcome, took time.Duration) {
	attrs := []slog.Attr{
		slog.String("method", req.Method), slog.String("path", req.URL.Path),
		slog.Int("attempt", n), slog.Duration("duration", took),
	}
	if o.res != nil {
		attrs = append(attrs, slog.Int("status", o.res.StatusCode))
	}
	if o.err != nil {
		attrs = append(attrs, slog.String("error", cleanURLError(o.err).Error()))
	}

	d.log.LogAttrs(req.Context(), slog.LevelDebug, "dbtcloud: request", attrs...)
}

// stopBody releases an attempt's context and timer when the body is closed.
type stopBody struct {
	io.ReadCloser
	stop func()
}

// Close closes the body and releases the attempt.
func (b *stopBody) Close() error {
	err := b.ReadCloser.Close()
	b.stop()
	return err
}

// discard drains a little of a response that will not be used and closes it, so that the
// connection can be reused.
func discard(res *http.Response) {
	if res == nil {
		return
	}

	_, _ = io.CopyN(io.Discard, res.Body, 64<<10)
	res.Body.Close()
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// cleanURLError removes the query string from the URL in a *url.Error.
func cleanURLError(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}

	clean := ue.URL
	if u, perr := url.Parse(ue.URL); perr == nil {
		clean = redactURL(u)
	} else if i := strings.IndexAny(clean, "?#"); i >= 0 {
		clean = clean[:i]
	}

	return &url.Error{Op: ue.Op, URL: clean, Err: ue.Err}
}
