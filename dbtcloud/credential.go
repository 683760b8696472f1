package dbtcloud

import (
	"errors"
	"fmt"
	"strings"
)

// credential holds the Authorization header value. The client keeps it behind a pointer
// so that printing a client with %v or %+v shows an address, never the token.
type credential struct {
	header string
}

// String returns a fixed placeholder, so that the token never reaches a log or a message.
func (c *credential) String() string { return "[redacted]" }

// GoString returns the same placeholder as String, for %#v.
func (c *credential) GoString() string { return "[redacted]" }

// errEmptyToken is returned by New for a token that is empty or only spaces.
var errEmptyToken = errors.New("dbtcloud: the API token is empty; " +
	"pass a service or personal access token from dbt Cloud's account settings")

// newCredential checks token and returns the credential it stands for. A bare token is
// sent with the Token scheme; a token written as "Token x" or "Bearer x" keeps its scheme.
// Errors never quote the token.
func newCredential(token string) (*credential, error) {
	scheme, secret := "Token", strings.TrimSpace(token)
	first, rest, _ := strings.Cut(secret, " ")
	switch strings.ToLower(first) {
	case "token":
		secret = strings.TrimSpace(rest)
	case "bearer":
		scheme, secret = "Bearer", strings.TrimSpace(rest)
	}

	if secret == "" {
		return nil, errEmptyToken
	}
	if err := checkTokenChars(secret); err != nil {
		return nil, err
	}

	return &credential{header: scheme + " " + secret}, nil
}

// checkTokenChars rejects a token with characters that cannot appear in one: spaces,
// control characters and anything outside printable ASCII.
func checkTokenChars(secret string) error {
	for i := 0; i < len(secret); i++ {
		if c := secret[i]; c <= ' ' || c >= 0x7f {
			return fmt.Errorf("dbtcloud: the API token has a space, control or non-ASCII "+
				"character at byte %d of %d; copy the token again without extra text",
				i, len(secret))
		}
	}

	return nil
}
