package dbtcloud

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy says how often and how long the client retries a request that failed in a
// way that may pass: a 429, 502, 503 or 504 status, or a transport error. Zero fields take
// their defaults; negative ones make New fail.
//
// Whatever the policy, an operation that the operation table does not mark idempotent,
// such as triggering a job run, is retried only when the server provably did not act on
// it: after a 429, or when the connection failed before the request was written.
type RetryPolicy struct {
	// MaxAttempts caps the attempts of one request, the first included; 1 turns retries
	// off. The default is 6.
	MaxAttempts int

	// BaseDelay is the wait before the first retry; each further retry doubles it, with
	// jitter. The default is 500 milliseconds.
	BaseDelay time.Duration

	// MaxDelay caps one wait, including one asked for by Retry-After: a longer
	// Retry-After ends the retries. The default is 30 seconds.
	MaxDelay time.Duration

	// MaxElapsed caps the time from the first attempt to the start of the last one.
	// The default is 2 minutes. A context deadline, when sooner, wins.
	MaxElapsed time.Duration
}

// The defaults of RetryPolicy.
const (
	defaultAttempts   = 6
	defaultBaseDelay  = 500 * time.Millisecond
	defaultMaxDelay   = 30 * time.Second
	defaultMaxElapsed = 2 * time.Minute
)

// check returns an error for every negative field.
func (p RetryPolicy) check() []error {
	var errs []error
	fields := []struct {
		name  string
		value int64
	}{
		{"MaxAttempts", int64(p.MaxAttempts)},
		{"BaseDelay", int64(p.BaseDelay)},
		{"MaxDelay", int64(p.MaxDelay)},
		{"MaxElapsed", int64(p.MaxElapsed)},
	}
	for _, f := range fields {
		if f.value < 0 {
			errs = append(errs, fmt.Errorf("dbtcloud: retry policy %s is negative; "+
				"use zero for the default", f.name))
		}
	}

	return errs
}

// withDefaults fills in the zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts == 0 {
		p.MaxAttempts = defaultAttempts
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = defaultBaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = defaultMaxDelay
	}
	if p.MaxElapsed == 0 {
		p.MaxElapsed = defaultMaxElapsed
	}

	return p
}

// backoff returns the wait before the retry that follows attempt (1 for the first), the
// doubled base delay capped at MaxDelay, of which a random half is taken off.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.MaxDelay
	if shift := attempt - 1; shift < 30 {
		d = min(p.BaseDelay<<shift, p.MaxDelay)
	}

	half := d / 2
	return half + rand.N(half+1)
}

// retryAfter reads the Retry-After header of res, in seconds or as an HTTP date, and
// reports whether there was a usable one.
func retryAfter(res *http.Response, now time.Time) (time.Duration, bool) {
	v := res.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}

	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 || secs > int64(24*time.Hour/time.Second) {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}

	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}

	return max(at.Sub(now), 0), true
}

// retryableStatus reports whether a response status may pass when the request is sent
// again, and whether the server provably did not act on the request.
func retryableStatus(code int) (retry, untouched bool) {
	switch code {
	case http.StatusTooManyRequests:
		return true, true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, false
	}

	return false, false
}
