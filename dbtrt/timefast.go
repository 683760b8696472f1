package dbtrt

import "time"

// parseTimeFast reads the shapes the API sends most, straight from the bytes of a JSON
// string: a date, T, t or a space, a clock with 1 to 9 fraction digits or none, and a zone
// of Z, z, +hh:mm, +hhmm or none. It reports false for anything else, and for any field out
// of range, leaving those inputs and their errors to ParseTime. Where it reports true, it
// returns what ParseTime returns for the same text, location included.
func parseTimeFast(b []byte) (Time, bool) {
	const clockEnd = len("2006-01-02T15:04:05")
	if len(b) < clockEnd || len(b) > maxTimeLen || !dateShaped(b) {
		return Time{}, false
	}

	year := digits(b[0:4])
	month, day := digits(b[5:7]), digits(b[8:10])
	hour, minute, sec := digits(b[11:13]), digits(b[14:16]), digits(b[17:19])
	if month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return Time{}, false
	}

	nsec, rest, ok := fraction(b[clockEnd:])
	if !ok {
		return Time{}, false
	}
	offset, utc, ok := zoneOffset(rest)
	if !ok {
		return Time{}, false
	}

	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if utc {
		return Time{Time: t}, true
	}
	return Time{Time: withOffset(t.Add(-time.Duration(offset)*time.Second), offset)}, true
}

// dateShaped reports whether b starts with digits and separators where a date and a clock
// have them.
func dateShaped(b []byte) bool {
	for i, c := range b[:19] {
		switch i {
		case 4, 7:
			if c != '-' {
				return false
			}
		case 10:
			if c != 'T' && c != 't' && c != ' ' {
				return false
			}
		case 13, 16:
			if c != ':' {
				return false
			}
		default:
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// digits returns the value of b, which holds only decimal digits.
func digits(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// fraction reads an optional dot and 1 to 9 digits as nanoseconds, and returns the rest.
func fraction(b []byte) (nsec int, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '.' {
		return 0, b, true
	}

	i := 1
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	n := i - 1
	if n < 1 || n > 9 {
		return 0, nil, false
	}
	nsec = digits(b[1:i])
	for range 9 - n {
		nsec *= 10
	}
	return nsec, b[i:], true
}

// zoneOffset reads the zone, which must be all of b: none, Z or z mean UTC; +hh:mm and
// +hhmm (or -) are an offset in seconds east, with hours below 24 and minutes below 60.
func zoneOffset(b []byte) (offset int, utc, ok bool) {
	var hh, mm []byte
	switch {
	case len(b) == 0 || (len(b) == 1 && (b[0] == 'Z' || b[0] == 'z')):
		return 0, true, true
	case len(b) == len("+07:00") && b[3] == ':':
		hh, mm = b[1:3], b[4:6]
	case len(b) == len("+0700"):
		hh, mm = b[1:3], b[3:5]
	default:
		return 0, false, false
	}

	if !isSign(b[0]) || !allDigits(hh) || !allDigits(mm) {
		return 0, false, false
	}
	hours, minutes := digits(hh), digits(mm)
	if hours > 23 || minutes > 59 {
		return 0, false, false
	}
	offset = hours*3600 + minutes*60
	if b[0] == '-' {
		offset = -offset
	}
	return offset, false, true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// withOffset gives t the location time.Parse gives a time with this numeric offset: the
// local zone when it has that offset at that instant, else an unnamed fixed zone.
func withOffset(t time.Time, offset int) time.Time {
	local := t.In(time.Local)
	if _, off := local.Zone(); off == offset {
		return local
	}
	return t.In(time.FixedZone("", offset))
}

// daysIn returns the number of days of month in year.
func daysIn(month time.Month, year int) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
