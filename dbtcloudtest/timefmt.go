package dbtcloudtest

import (
	"regexp"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// timeLayouts are the forms in which dbt Cloud writes timestamps, most common first: Python's
// str() of an aware datetime, then ISO 8601 with a T and either an offset or Z.
var timeLayouts = []string{
	"2006-01-02 15:04:05.000000-07:00",
	"2006-01-02T15:04:05.000000Z",
	"2006-01-02T15:04:05.000000-07:00",
	"2006-01-02 15:04:05-07:00",
}

// formatTime writes t in one of the live API's forms; n picks which, so that one response
// mixes them as the live API does.
func formatTime(t time.Time, n int) string {
	return t.UTC().Format(timeLayouts[n%len(timeLayouts)])
}

// parseTime reads a timestamp in any of the forms formatTime writes, or in RFC 3339 as
// clients send them in query parameters.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range append(timeLayouts[:len(timeLayouts):len(timeLayouts)],
		time.RFC3339Nano) {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// liveDateTime accepts RFC 3339 date-times and the space-separated form dbt Cloud also sends.
var liveDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?` +
	`(Z|[+-]\d{2}:\d{2})$`)

// liveDateTimeValidator checks date-times with liveDateTime; it is built once, since every
// validation uses it and compiling its pattern costs more than most validations.
var liveDateTimeValidator = openapi3.NewRegexpFormatValidator(liveDateTime.String())

// dateTimeOption replaces kin-openapi's strict date-time check with one that accepts every
// form the live API uses, so that validation judges shape, not the upstream spec's wording.
func dateTimeOption() openapi3.SchemaValidationOption {
	return openapi3.WithStringFormatValidator("date-time", liveDateTimeValidator)
}
