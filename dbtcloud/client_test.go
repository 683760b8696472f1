package dbtcloud_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtcloud"
)

// canary is the token every test sends; no log, error or printed value may contain it.
const canary = "dbtc_CANARY_9f8e7d6c5b4a39281706"

// fastRetries keeps retry waits short in tests.
var fastRetries = dbtcloud.RetryPolicy{
	MaxAttempts: 8, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond,
	MaxElapsed: 5 * time.Second,
}

// newClient returns a client of the fake server with the canary token.
func newClient(t testing.TB, f *fakeDBT, opts ...dbtcloud.Option) *dbtcloud.Client {
	t.Helper()
	all := append([]dbtcloud.Option{
		dbtcloud.WithAccessURL(f.URL),
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
		got := make(chan http.Header, 1)
		srv := newFake(t)
		c, err := dbtcloud.New(token, dbtcloud.WithAccessURL(srv.URL),
			dbtcloud.WithUserAgent("probe/1.0"),
			dbtcloud.WithHTTPClient(&http.Client{Transport: headerSpy{got}}))
		if err != nil {
			t.Fatalf("New: %v", err)
		}

		srv.AddRuns(1, 1)
		if _, err := c.V2.RetrieveRunWithResponse(context.Background(), 1, 1001, nil); err != nil {
			t.Fatalf("RetrieveRun: %v", err)
		}
		h := <-got
		if h.Get("Authorization") != want {
			t.Errorf("Authorization header is not the %s scheme with the canary token", scheme)
		}
		const wantUA = "probe/1.0 github.com/dbtcloud-go/dbtcloud/"
		if ua := h.Get("User-Agent"); !strings.HasPrefix(ua, wantUA) {
			t.Errorf("User-Agent = %q", ua)
		}
	}
}

// headerSpy records the headers of the last request and sends it on.
type headerSpy struct{ got chan http.Header }

func (s headerSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	select {
	case s.got <- r.Header.Clone():
	default:
	}
	return http.DefaultTransport.RoundTrip(r)
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
	block := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(block)

	c, err := dbtcloud.New(canary, dbtcloud.WithAccessURL(slow.URL),
		dbtcloud.WithRequestTimeout(30*time.Millisecond),
		dbtcloud.WithRetryPolicy(dbtcloud.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.V2.RetrieveRunWithResponse(context.Background(), 1, 2, nil)

	var te *dbtcloud.TransportError
	if !errors.As(err, &te) || te.Attempts != 2 || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timeout after 2 attempts", err)
	}
}
