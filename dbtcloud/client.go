package dbtcloud

import (
	"fmt"
	"runtime/debug"

	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// modulePath names the module in the User-Agent header.
const modulePath = "github.com/dbtcloud-go/dbtcloud"

// Client is a dbt Cloud API client: the generated v2 and v3 clients, sending through one
// transport that authenticates, retries safely, logs and returns typed errors, and the
// helpers of this package on top. A Client is safe for concurrent use.
type Client struct {
	// V2 is the generated client of the v2 API, with iterators for its list operations.
	V2 *adminv2.Client

	// V3 is the generated client of the v3 API, with iterators for its list operations.
	V3 *adminv3.Client

	doer *doer
}

// New returns a client that authenticates with token, a dbt Cloud service token or
// personal access token. It returns an error, never panics, when the token or an option is
// invalid. See the Option functions for the settings and their defaults.
func New(token string, opts ...Option) (*Client, error) {
	cred, err := newCredential(token)
	if err != nil {
		return nil, err
	}

	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()

	base, err := parseAccessURL(cfg.accessURL)
	if err != nil {
		return nil, err
	}

	d := &doer{
		hc: cfg.httpClient, cred: cred, ua: userAgent(cfg.userAgent), base: base,
		policy: cfg.retry, timeout: cfg.timeout, log: cfg.logger,
	}
	return newClient(d)
}

// newClient builds the generated clients over d.
func newClient(d *doer) (*Client, error) {
	server := d.base.String()
	v2, err := adminv2.NewClient(server, d)
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: v2 client: %w", err)
	}

	v3, err := adminv3.NewClient(server, d)
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: v3 client: %w", err)
	}

	return &Client{V2: v2, V3: v3, doer: d}, nil
}

// AccessURL returns the URL the client sends requests to.
func (c *Client) AccessURL() string {
	return c.doer.base.String()
}

// String describes the client by its access URL; it never shows the token.
func (c *Client) String() string {
	return "dbtcloud.Client(" + c.AccessURL() + ")"
}

// GoString is String, so that %#v does not show the token either.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb, so that no verb reaches the token.
func (c *Client) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(c.String()))
}

// Format prints a placeholder for every verb, so that no verb reaches the token.
func (d *doer) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte("dbtcloud.doer(" + d.base.String() + ")"))
}

// userAgent returns the User-Agent header: the caller's product, if any, then the module
// path and version.
func userAgent(product string) string {
	ua := modulePath + "/" + moduleVersion()
	if product == "" {
		return ua
	}

	return product + " " + ua
}

// moduleVersion returns the version of this module in the running binary, or "devel".
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}

	if info.Main.Path == modulePath && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	for _, dep := range info.Deps {
		if dep.Path == modulePath {
			return dep.Version
		}
	}

	return "devel"
}
