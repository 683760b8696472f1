// Package naming turns upstream operationIds and schema names into Go identifiers.
package naming

import (
	"strings"
	"unicode"
)

// initialisms maps lower-case words to the spelling Go names use for them.
var initialisms = map[string]string{
	"api": "API", "bi": "BI", "ci": "CI", "csv": "CSV", "dbt": "DBT", "http": "HTTP",
	"id": "ID", "ids": "IDs", "ip": "IP", "json": "JSON", "oauth": "OAuth", "pat": "PAT",
	"pats": "PATs", "sao": "SAO", "scim": "SCIM", "sql": "SQL", "ssh": "SSH", "sso": "SSO",
	"url": "URL", "urls": "URLs", "uuid": "UUID",
}

// GoName returns the exported Go identifier for an upstream operationId such as
// "List Accounts" (ListAccounts) or "Retrieve Scim V2 Serviceproviderconfig"
// (RetrieveSCIMV2Serviceproviderconfig). Words are split on anything that is not a
// letter or digit; each word is capitalised, known initialisms are upper-cased, and a
// name that would start with a digit gets the prefix "Op". GoName is idempotent.
func GoName(id string) string {
	var b strings.Builder
	for _, w := range words(id) {
		b.WriteString(word(w))
	}

	name := b.String()
	switch {
	case name == "":
		return "Operation"
	case unicode.IsDigit(rune(name[0])):
		return "Op" + name
	}
	return name
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
}

func word(w string) string {
	if up, ok := initialisms[strings.ToLower(w)]; ok {
		return up
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// IsIdentifier reports whether s is an exported Go identifier made of ASCII letters and digits.
func IsIdentifier(s string) bool {
	if s == "" || !unicode.IsUpper(rune(s[0])) {
		return false
	}
	for _, r := range s {
		if r >= unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
