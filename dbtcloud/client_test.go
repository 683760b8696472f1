package dbtcloud_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
)

// canary is the token every test sends; no log, error or printed value may contain it.
const canary = "dbtc_CANARY_9f8e7d6c5b4a39281706"

// fastRetries keeps retry waits short in tests.
var fastRetries = dbtcloud.RetryPolicy{
	MaxAttempts: 8, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond,
	MaxElapsed: 5 * time.Second,
}

// newClient returns a client of the fake server with the canary token.
func newClient(t testing.TB, srv *dbtcloudtest.Server, opts ...dbtcloud.Option) *dbtcloud.Client {
	t.Helper()
	all := append([]dbtcloud.Option{
		dbtcloud.WithAccessURL(srv.URL),
		dbtcloud.WithRetryPolicy(fastRetries),
	}, opts...)

	c, err := dbtcloud.New(canary, all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNewRejectsBadInput(t *testing.T) {
	cases := []struct {
		name  string
		token string
		opts  []dbtcloud.Option
		want  string
	}{
		{"empty token", "", nil, "token is empty"},
		{"blank token", "   ", nil, "token is empty"},
		{"bearer without token", "Bearer ", nil, "token is empty"},
		{"token with space", canary + " x", nil, "space, control"},
		{"token with newline", canary + "\n" + canary, nil, "space, control"},
		{"token with non-ASCII", canary + "é", nil, "non-ASCII"},
		{"no scheme", canary, opt(dbtcloud.WithAccessURL("cloud.getdbt.com")), "scheme"},
		{"ftp", canary, opt(dbtcloud.WithAccessURL("ftp://cloud.getdbt.com")), "scheme"},
		{"no host", canary, opt(dbtcloud.WithAccessURL("https://")), "no host"},
		{"bad URL", canary, opt(dbtcloud.WithAccessURL("https://a b/%zz")), "access URL"},
		{"userinfo", canary, opt(dbtcloud.WithAccessURL("https://u:" + canary + "@h.com")),
			"credentials"},
		{"query", canary, opt(dbtcloud.WithAccessURL("https://h.com/?token=" + canary)),
			"query"},
		{"negative timeout", canary, opt(dbtcloud.WithRequestTimeout(-time.Second)),
			"negative"},
		{"negative attempts", canary,
			opt(dbtcloud.WithRetryPolicy(dbtcloud.RetryPolicy{MaxAttempts: -1})), "MaxAttempts"},
		{"negative delay", canary,
			opt(dbtcloud.WithRetryPolicy(dbtcloud.RetryPolicy{MaxDelay: -1})), "MaxDelay"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := dbtcloud.New(tc.token, tc.opts...)
			if err == nil {
				t.Fatalf("New = %v, want an error", c)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "CANARY") {
				t.Errorf("error %q contains the token", err)
			}
		})
	}
}

func opt(o ...dbtcloud.Option) []dbtcloud.Option { return o }

func TestAccessURLs(t *testing.T) {
	cell, err := dbtcloud.CellURL("AB123", "us1")
	if err != nil || cell != "https://ab123.us1.dbt.com" {
		t.Fatalf("CellURL = %q, %v", cell, err)
	}
	if _, err := dbtcloud.CellURL("ab.123", "us1"); err == nil {
		t.Error("CellURL accepted a prefix with a dot")
	}

	cases := map[string]string{
		"":                               dbtcloud.HostUS,
		dbtcloud.HostEMEA:                "https://emea.dbt.com",
		dbtcloud.HostAU + "/":            "https://au.dbt.com",
		cell:                             "https://ab123.us1.dbt.com",
		"http://localhost:8080/prefix//": "http://localhost:8080/prefix",
	}
	for in, want := range cases {
		var opts []dbtcloud.Option
		if in != "" {
			opts = append(opts, dbtcloud.WithAccessURL(in))
		}
		c, err := dbtcloud.New(canary, opts...)
		if err != nil {
			t.Fatalf("New with %q: %v", in, err)
		}
		if got := c.AccessURL(); got != want {
			t.Errorf("AccessURL for %q = %q, want %q", in, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	cases := map[string]string{
		canary:                 "Token " + canary,
		"Token " + canary:      "Token " + canary,
		"bearer   " + canary:   "Bearer " + canary,
		"  " + canary + "\t\n": "Token " + canary,
	}

	for token, want := range cases {
		scheme, _, _ := strings.Cut(want, " ")
		srv := newFake(t, dbtcloudtest.WithToken(canary))
		run := srv.AddRun(addJob(srv, "headers"), "seed")
		c, err := dbtcloud.New(token, dbtcloud.WithAccessURL(srv.URL),
			dbtcloud.WithUserAgent("probe/1.0"))
		if err != nil {
			t.Fatalf("New: %v", err)
		}

		if _, err := c.V2.RetrieveRun(context.Background(), account, run,
			nil); err != nil {
			t.Fatalf("RetrieveRun with the %s scheme: %v", scheme, err)
		}

		reqs := srv.RequestsTo("RetrieveRun")
		if len(reqs) != 1 || reqs[0].Status != http.StatusOK {
			t.Fatalf("the fake saw %d requests; want one answered 200", len(reqs))
		}
		if reqs[0].Header.Get("Authorization") != want {
			t.Errorf("Authorization header is not the %s scheme with the canary token", scheme)
		}
		const wantUA = "probe/1.0 github.com/dbtcloud-go/dbtcloud/"
		if ua := reqs[0].Header.Get("User-Agent"); !strings.HasPrefix(ua, wantUA) {
			t.Errorf("User-Agent = %q", ua)
		}
	}
}

// redirectTo is a transport that sends every request to addr, whatever its URL says, so
// that a client set up for a real host can be tested against the fake.
func redirectTo(addr string) *http.Client {
	d := net.Dialer{}
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
}

func TestPerRequestTimeout(t *testing.T) {
	srv := newFake(t)
	run := srv.AddRun(addJob(srv, "slow"), "seed")
	srv.SetLatency("RetrieveRun", time.Hour)

	c := newClient(t, srv, dbtcloud.WithRequestTimeout(30*time.Millisecond),
		dbtcloud.WithRetryPolicy(dbtcloud.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	_, err := c.V2.RetrieveRun(context.Background(), account, run, nil)

	var te *dbtcloud.TransportError
	if !errors.As(err, &te) || te.Attempts != 2 || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timeout after 2 attempts", err)
	}
	if n := len(srv.RequestsTo("RetrieveRun")); n != 2 {
		t.Errorf("the fake saw %d requests, want 2", n)
	}
}
