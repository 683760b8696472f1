package dbtrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Time is a lenient timestamp; the generated clients use it for every date-time field.
//
// The zero Time stands for "no value": JSON null and the empty JSON string decode to it, and
// it encodes as JSON null. Any other value encodes in RFC 3339 with nanoseconds and keeps its
// offset. Decoding accepts the several shapes the dbt Cloud API sends, which ParseTime
// describes. The methods of the embedded time.Time, such as Format and Before, are usable
// directly.
type Time struct {
	time.Time
}

// maxTimeLen is the longest text ParseTime tries to read; valid stamps are much shorter.
const maxTimeLen = 64

// maxQuoted is how many bytes of a rejected input an error message quotes.
const maxQuoted = 64

// dayOffsetLimit is the size, in seconds, of a zone offset that RFC 3339 cannot express.
const dayOffsetLimit = 24 * 60 * 60

// acceptedTimeForms tells the reader of an error which inputs ParseTime takes.
const acceptedTimeForms = "want an RFC 3339 date-time such as 2006-01-02T15:04:05.999999Z, " +
	"with T, t or a space before the clock, 0 to 9 fraction digits, " +
	"and a zone of Z, z, +hh:mm, +hhmm or none for UTC"

// NewTime returns a Time holding t.
func NewTime(t time.Time) Time {
	return Time{Time: t}
}

// IsNull reports whether t is the zero Time, which stands for JSON null or an unset value.
func (t Time) IsNull() bool {
	return t.IsZero()
}

// ParseTime parses s leniently and returns the zero Time for the empty string.
//
// It takes RFC 3339 with any number of fraction digits, and also a space or a lower-case t
// between the date and the clock, a lower-case z, an offset without a colon such as +0000,
// and a stamp without any zone, which it reads as UTC.
func ParseTime(s string) (Time, error) {
	if s == "" {
		return Time{}, nil
	}

	norm, ok := normaliseTime(s)
	if !ok {
		return Time{}, timeError(s, nil)
	}

	parsed, err := time.Parse(time.RFC3339Nano, norm)
	if err != nil {
		return Time{}, timeError(s, err)
	}

	if !offsetInRange(parsed) {
		return Time{}, timeError(s, nil)
	}

	return Time{Time: parsed}, nil
}

// normaliseTime rewrites s into the shape time.RFC3339Nano expects and reports whether s was
// shaped well enough to try. It returns s itself when nothing needs to change.
func normaliseTime(s string) (string, bool) {
	const dateLen = len("2006-01-02")

	if len(s) < len("2006-01-02T15:04:05") || len(s) > maxTimeLen {
		return "", false
	}

	sep := s[dateLen]
	if sep != 'T' && sep != 't' && sep != ' ' {
		return "", false
	}

	zoneAt := len(s)
	if i := strings.IndexAny(s[dateLen+1:], "Zz+-"); i >= 0 {
		zoneAt = dateLen + 1 + i
	}

	zone := s[zoneAt:]
	if sep == 'T' && (zone == "Z" || isColonOffset(zone)) {
		return s, true
	}

	var buf [maxTimeLen + 2]byte
	b := append(buf[:0], s[:dateLen]...)
	b = append(b, 'T')
	b = append(b, s[dateLen+1:zoneAt]...)
	b, ok := appendZone(b, zone)
	if !ok {
		return "", false
	}

	return string(b), true
}

// appendZone appends zone to b in the shape time.RFC3339Nano expects, and reports whether
// zone was one of the accepted forms.
func appendZone(b []byte, zone string) ([]byte, bool) {
	switch {
	case zone == "" || zone == "Z" || zone == "z":
		return append(b, 'Z'), true
	case isColonOffset(zone):
		return append(b, zone...), true
	case len(zone) == len("+0700") && isSign(zone[0]):
		b = append(b, zone[:3]...)
		b = append(b, ':')
		return append(b, zone[3:]...), true
	}

	return b, false
}

// isColonOffset reports whether zone looks like an offset such as +07:00 or -07:00.
func isColonOffset(zone string) bool {
	return len(zone) == len("+07:00") && isSign(zone[0]) && zone[3] == ':'
}

// isSign reports whether c is a plus or a minus sign.
func isSign(c byte) bool {
	return c == '+' || c == '-'
}

// offsetInRange reports whether the zone offset of t fits in RFC 3339, which needs it to be
// shorter than a day; time.Parse lets offsets such as +24:00 through.
func offsetInRange(t time.Time) bool {
	_, off := t.Zone()

	return off > -dayOffsetLimit && off < dayOffsetLimit
}

// timeError returns the error for an input that ParseTime rejects, wrapping cause if any.
func timeError(s string, cause error) error {
	quoted := quoteInput(s)
	if cause == nil {
		return fmt.Errorf("dbtrt: invalid time %s: %s", quoted, acceptedTimeForms)
	}

	return fmt.Errorf("dbtrt: invalid time %s: %s: %w", quoted, acceptedTimeForms, cause)
}

// quoteInput quotes s for an error message, cutting it after maxQuoted bytes.
func quoteInput(s string) string {
	if len(s) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}

	return fmt.Sprintf("%q...", s[:maxQuoted])
}

// MarshalJSON encodes the zero Time as null and any other Time as an RFC 3339 string with
// nanoseconds, keeping its offset.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}

	b, err := t.Time.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("dbtrt: encode time as JSON: %w", err)
	}

	return b, nil
}

// UnmarshalJSON decodes null and the empty string into the zero Time and any other JSON
// string with ParseTime; other kinds of JSON value are an error.
func (t *Time) UnmarshalJSON(data []byte) error {
	if n := len(data); n > 2 && data[0] == '"' && data[n-1] == '"' {
		if parsed, ok := parseTimeFast(data[1 : n-1]); ok {
			*t = parsed
			return nil
		}
	}

	s, err := jsonTimeText(data)
	if err != nil {
		return err
	}

	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}

	*t = parsed

	return nil
}

// jsonTimeText returns the text of the JSON string data, or the empty text for JSON null.
func jsonTimeText(data []byte) (string, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return "", nil
	}

	if len(data) == 0 || data[0] != '"' {
		return "", fmt.Errorf("dbtrt: time must be a JSON string or null, got %s",
			quoteInput(string(data)))
	}

	if len(data) >= 2 && data[len(data)-1] == '"' && bytes.IndexByte(data, '\\') < 0 {
		return string(data[1 : len(data)-1]), nil
	}

	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return "", fmt.Errorf("dbtrt: decode time string %s: %w", quoteInput(string(data)), err)
	}

	return s, nil
}

// MarshalText encodes the zero Time as empty text and any other Time in RFC 3339 with
// nanoseconds, as used for query parameters.
func (t Time) MarshalText() ([]byte, error) {
	return t.AppendText(nil)
}

// AppendText appends the text form of t to b, which is nothing for the zero Time and
// RFC 3339 with nanoseconds otherwise.
func (t Time) AppendText(b []byte) ([]byte, error) {
	if t.IsZero() {
		return b, nil
	}

	out, err := t.Time.AppendText(b)
	if err != nil {
		return nil, fmt.Errorf("dbtrt: encode time as text: %w", err)
	}

	return out, nil
}

// UnmarshalText decodes text with ParseTime, so empty text gives the zero Time.
func (t *Time) UnmarshalText(text []byte) error {
	parsed, err := ParseTime(string(text))
	if err != nil {
		return err
	}

	*t = parsed

	return nil
}

// String returns t in RFC 3339 with nanoseconds, or "null" for the zero Time.
func (t Time) String() string {
	if t.IsZero() {
		return "null"
	}

	return t.Format(time.RFC3339Nano)
}
