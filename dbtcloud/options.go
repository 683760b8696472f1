package dbtcloud

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Option configures a Client; New applies options in order and then checks the result.
type Option func(*config)

// config is what the options set.
type config struct {
	accessURL  string
	httpClient *http.Client
	logger     *slog.Logger
	timeout    time.Duration
	retry      RetryPolicy
	userAgent  string
}

// defaultTimeout bounds one attempt of a request unless WithRequestTimeout says otherwise.
const defaultTimeout = 60 * time.Second

// WithAccessURL sets the URL the client sends requests to: HostUS (the default), HostEMEA,
// HostAU, an account's cell-based access URL (see CellURL), or any other http or https URL,
// such as a proxy or a test server. A path in the URL prefixes every request path.
func WithAccessURL(rawURL string) Option {
	return func(c *config) { c.accessURL = rawURL }
}

// WithHTTPClient sets the HTTP client that sends requests. Its Timeout, if any, applies on
// top of the client's own per-request timeout; its Transport may add proxies or TLS
// settings. The default is a client of its own over http.DefaultTransport.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.httpClient = hc }
}

// WithLogger makes the client log every attempt of every request to l: the method, the
// path, the status, the attempt number and the duration, at debug level, and retries at
// info level. It never logs the token, headers, bodies or query strings. The default is
// to log nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithRequestTimeout bounds each attempt of a request, from sending it to reading the end
// of its response; a streamed artifact download is bounded only up to its response
// headers. Zero means the default of one minute.
func WithRequestTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithRetryPolicy replaces the default retry policy; zero fields keep their defaults.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) { c.retry = p }
}

// WithUserAgent adds product to the User-Agent header, before the client's own name and
// version, as in "my-app/1.2 dbtcloud-go/0.1.0".
func WithUserAgent(product string) Option {
	return func(c *config) { c.userAgent = product }
}

// check reports every invalid setting at once.
func (c *config) check() error {
	var errs []error
	if c.timeout < 0 {
		errs = append(errs, fmt.Errorf("dbtcloud: request timeout %v is negative; "+
			"use zero for the default", c.timeout))
	}
	if c.httpClient != nil && c.httpClient.Timeout < 0 {
		errs = append(errs, errors.New("dbtcloud: the HTTP client's timeout is negative"))
	}
	errs = append(errs, c.retry.check()...)

	return errors.Join(errs...)
}

// withDefaults fills in every setting left at zero.
func (c config) withDefaults() config {
	if c.accessURL == "" {
		c.accessURL = HostUS
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{}
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.timeout == 0 {
		c.timeout = defaultTimeout
	}
	c.retry = c.retry.withDefaults()

	return c
}
