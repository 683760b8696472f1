package dbtcloud

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// The hosts of dbt Cloud's multi-tenant deployments, as the API specification lists them.
// Accounts on cell-based hosting have an access URL of their own; see CellURL.
const (
	// HostUS is the legacy multi-tenant host in North America, and the default.
	HostUS = "https://cloud.getdbt.com"

	// HostEMEA is the multi-tenant host in Europe.
	HostEMEA = "https://emea.dbt.com"

	// HostAU is the multi-tenant host in Australia.
	HostAU = "https://au.dbt.com"
)

// dnsLabel matches one label of a host name.
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// CellURL returns the access URL of an account on cell-based hosting, such as
// https://ab123.us1.dbt.com for the prefix ab123 in the cell us1. The account settings
// page in dbt Cloud shows both parts.
func CellURL(prefix, cell string) (string, error) {
	prefix, cell = strings.ToLower(prefix), strings.ToLower(cell)
	if !dnsLabel.MatchString(prefix) || !dnsLabel.MatchString(cell) {
		return "", fmt.Errorf("dbtcloud: account prefix %q and cell %q must each be one "+
			"host name label of letters, digits and hyphens, as in ab123 and us1", prefix, cell)
	}

	return "https://" + prefix + "." + cell + ".dbt.com", nil
}

// parseAccessURL checks an access URL and returns it without a trailing slash.
func parseAccessURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("dbtcloud: access URL: %w", err)
	}

	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("dbtcloud: access URL %q needs an http or https scheme, "+
			"as in %s", redactURL(u), HostUS)
	case u.Host == "":
		return nil, fmt.Errorf("dbtcloud: access URL %q has no host", redactURL(u))
	case u.User != nil:
		return nil, fmt.Errorf("dbtcloud: access URL %q must not carry credentials; "+
			"pass the token to New instead", redactURL(u))
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("dbtcloud: access URL %q must not have a query or fragment",
			redactURL(u))
	}

	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isLegacyHost reports whether u is the legacy multi-tenant host, which accounts moved to
// cell-based hosting can no longer use.
func isLegacyHost(u *url.URL) bool {
	return strings.EqualFold(u.Hostname(), "cloud.getdbt.com")
}

// redactURL returns u as text without credentials, query or fragment.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = "", false, "", ""
	return c.String()
}
