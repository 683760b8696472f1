package dbtrt_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// parseCase is one accepted input with the instant and offset it must give.
type parseCase struct {
	in     string
	want   time.Time
	offset int
}

// at builds a UTC instant for the tables below.
func at(year int, month time.Month, day, hour, min, sec, nsec int) time.Time {
	return time.Date(year, month, day, hour, min, sec, nsec, time.UTC)
}

var parseCases = []parseCase{
	{"2021-12-07 10:32:24.326116+00:00", at(2021, 12, 7, 10, 32, 24, 326116000), 0},
	{"2021-04-14T20:23:00.305964+00:00", at(2021, 4, 14, 20, 23, 0, 305964000), 0},
	{"2022-03-15T10:17:35.755212Z", at(2022, 3, 15, 10, 17, 35, 755212000), 0},
	{"2022-05-05 06:51:10+00:00", at(2022, 5, 5, 6, 51, 10, 0), 0},
	{"2006-01-02T15:04:05Z", at(2006, 1, 2, 15, 4, 5, 0), 0},
	{"2006-01-02T15:04:05-07:00", at(2006, 1, 2, 22, 4, 5, 0), -7 * 3600},
	{"2006-01-02T15:04:05.999999999+01:00", at(2006, 1, 2, 14, 4, 5, 999999999), 3600},
	{"2006-01-02T15:04:05.1Z", at(2006, 1, 2, 15, 4, 5, 100000000), 0},
	{"2006-01-02T15:04:05.12Z", at(2006, 1, 2, 15, 4, 5, 120000000), 0},
	{"2006-01-02T15:04:05.123Z", at(2006, 1, 2, 15, 4, 5, 123000000), 0},
	{"2006-01-02T15:04:05.1234Z", at(2006, 1, 2, 15, 4, 5, 123400000), 0},
	{"2006-01-02T15:04:05.12345Z", at(2006, 1, 2, 15, 4, 5, 123450000), 0},
	{"2006-01-02T15:04:05.1234567Z", at(2006, 1, 2, 15, 4, 5, 123456700), 0},
	{"2006-01-02T15:04:05.12345678Z", at(2006, 1, 2, 15, 4, 5, 123456780), 0},
	{"2006-01-02T15:04:05.123456789Z", at(2006, 1, 2, 15, 4, 5, 123456789), 0},
	{"2022-05-05T06:51:10+0000", at(2022, 5, 5, 6, 51, 10, 0), 0},
	{"2022-05-05 06:51:10.25+0530", at(2022, 5, 5, 1, 21, 10, 250000000), 19800},
	{"2022-05-05T06:51:10-0330", at(2022, 5, 5, 10, 21, 10, 0), -12600},
	{"2022-05-05t06:51:10z", at(2022, 5, 5, 6, 51, 10, 0), 0},
	{"2022-05-05t06:51:10.5+02:00", at(2022, 5, 5, 4, 51, 10, 500000000), 7200},
	{"2022-05-05 06:51:10", at(2022, 5, 5, 6, 51, 10, 0), 0},
	{"2022-05-05T06:51:10.123", at(2022, 5, 5, 6, 51, 10, 123000000), 0},
	{"2022-05-05 06:51:10.000001", at(2022, 5, 5, 6, 51, 10, 1000), 0},
}

func TestParseTimeAccepted(t *testing.T) {
	for _, tc := range parseCases {
		got, err := dbtrt.ParseTime(tc.in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tc.in, err)
			continue
		}

		if !got.Equal(tc.want) {
			t.Errorf("ParseTime(%q) = %v, want instant %v", tc.in, got, tc.want)
		}

		if _, off := got.Zone(); off != tc.offset {
			t.Errorf("ParseTime(%q) offset = %d, want %d", tc.in, off, tc.offset)
		}
	}
}

func TestParseTimeNoZoneIsUTC(t *testing.T) {
	got, err := dbtrt.ParseTime("2022-05-05 06:51:10")
	if err != nil {
		t.Fatal(err)
	}

	if got.Location() != time.UTC {
		t.Errorf("location = %v, want UTC", got.Location())
	}
}

func TestParseTimeEmpty(t *testing.T) {
	got, err := dbtrt.ParseTime("")
	if err != nil {
		t.Fatalf("ParseTime(\"\"): %v", err)
	}

	if !got.IsNull() || !got.IsZero() {
		t.Errorf("ParseTime(\"\") = %v, want the zero Time", got)
	}
}

var badTimes = []string{
	"yesterday",
	"2022-05-05",
	"2022-05-05X06:51:10Z",
	"2022-05-05T06:51:10+05",
	"2022-05-05T06:51:10+05:3",
	"2022-05-05T06:51:10+24:00",
	"2022-05-05T06:51:10-2400",
	"2022-05-05T06:51:10Zjunk",
	"2022-05-05T06:51:10 UTC",
	"2022-13-05T06:51:10Z",
	"2022-02-30T06:51:10Z",
	"2022-05-05T25:51:10Z",
	"2022-05-05T06:51:10.Z",
	"null",
}

func TestParseTimeRejected(t *testing.T) {
	for _, in := range badTimes {
		got, err := dbtrt.ParseTime(in)
		if err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got)
			continue
		}

		msg := err.Error()
		if !strings.HasPrefix(msg, "dbtrt: ") {
			t.Errorf("ParseTime(%q) error %q lacks the dbtrt prefix", in, msg)
		}

		if !strings.Contains(msg, fmt.Sprintf("%q", in)) {
			t.Errorf("ParseTime(%q) error %q does not quote the input", in, msg)
		}

		if !strings.Contains(msg, "+hhmm") {
			t.Errorf("ParseTime(%q) error %q does not list the accepted forms", in, msg)
		}
	}
}

func TestParseTimeLongInputTruncated(t *testing.T) {
	in := "2022-05-05T06:51:10" + strings.Repeat("9", 200)

	_, err := dbtrt.ParseTime(in)
	if err == nil {
		t.Fatal("want an error for a long input")
	}

	msg := err.Error()
	if strings.Contains(msg, in) {
		t.Errorf("error quotes the whole %d-byte input", len(in))
	}

	if !strings.Contains(msg, in[:64]) {
		t.Errorf("error %q does not quote the start of the input", msg)
	}
}

func TestTimeUnmarshalJSON(t *testing.T) {
	want := at(2022, 5, 5, 6, 51, 10, 0)
	cases := []struct {
		in   string
		want time.Time
	}{
		{`null`, time.Time{}},
		{` null `, time.Time{}},
		{`""`, time.Time{}},
		{`"2022-05-05 06:51:10+00:00"`, want},
		{`"2022-05-05T06:51:10\u002B00:00"`, want},
		{`"2022-05-05T08:51:10+02:00"`, want},
	}

	for _, tc := range cases {
		var got dbtrt.Time
		if err := got.UnmarshalJSON([]byte(tc.in)); err != nil {
			t.Errorf("UnmarshalJSON(%s): %v", tc.in, err)
			continue
		}

		if !got.Equal(tc.want) {
			t.Errorf("UnmarshalJSON(%s) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestTimeUnmarshalJSONNullClears(t *testing.T) {
	got := dbtrt.NewTime(at(2022, 5, 5, 6, 51, 10, 0))
	if err := json.Unmarshal([]byte(`null`), &got); err != nil {
		t.Fatal(err)
	}

	if !got.IsNull() {
		t.Errorf("after null got %v, want the zero Time", got)
	}
}

func TestTimeUnmarshalJSONRejected(t *testing.T) {
	for _, in := range []string{`123`, `true`, `{}`, `[]`, `"soon"`, `"2022-05-05`, ``} {
		var got dbtrt.Time
		err := got.UnmarshalJSON([]byte(in))
		if err == nil {
			t.Errorf("UnmarshalJSON(%s) = %v, want an error", in, got)
			continue
		}

		if !strings.HasPrefix(err.Error(), "dbtrt: ") {
			t.Errorf("UnmarshalJSON(%s) error %q lacks the dbtrt prefix", in, err)
		}
	}
}

func TestTimeMarshalJSON(t *testing.T) {
	cases := []struct {
		in   dbtrt.Time
		want string
	}{
		{dbtrt.Time{}, `null`},
		{dbtrt.NewTime(at(2022, 3, 15, 10, 17, 35, 755212000)), `"2022-03-15T10:17:35.755212Z"`},
		{mustParse(t, "2022-05-05 06:51:10.5+0530"), `"2022-05-05T06:51:10.5+05:30"`},
	}

	for _, tc := range cases {
		got, err := json.Marshal(tc.in)
		if err != nil {
			t.Errorf("Marshal(%v): %v", tc.in, err)
			continue
		}

		if string(got) != tc.want {
			t.Errorf("Marshal(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestTimeMarshalJSONOutOfRange(t *testing.T) {
	_, err := dbtrt.NewTime(at(10000, 1, 1, 0, 0, 0, 0)).MarshalJSON()
	if err == nil || !strings.HasPrefix(err.Error(), "dbtrt: ") {
		t.Errorf("MarshalJSON of year 10000: err = %v, want a dbtrt error", err)
	}
}

func TestTimeJSONRoundTrip(t *testing.T) {
	for _, tc := range parseCases {
		in := mustParse(t, tc.in)

		data, err := json.Marshal(in)
		if err != nil {
			t.Errorf("Marshal(%v): %v", in, err)
			continue
		}

		var out dbtrt.Time
		if err := json.Unmarshal(data, &out); err != nil {
			t.Errorf("Unmarshal(%s): %v", data, err)
			continue
		}

		if !out.Equal(in.Time) {
			t.Errorf("round trip of %q gave %v, want %v", tc.in, out, in)
		}
	}
}

func TestTimeText(t *testing.T) {
	empty, err := dbtrt.Time{}.MarshalText()
	if err != nil || len(empty) != 0 {
		t.Errorf("MarshalText of zero = %q, %v; want empty text", empty, err)
	}

	in := mustParse(t, "2022-05-05 06:51:10.25-0330")
	text, err := in.MarshalText()
	if err != nil || string(text) != "2022-05-05T06:51:10.25-03:30" {
		t.Errorf("MarshalText = %q, %v", text, err)
	}

	var out dbtrt.Time
	if err := out.UnmarshalText(text); err != nil || !out.Equal(in.Time) {
		t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, out, err, in)
	}

	if err := out.UnmarshalText(nil); err != nil || !out.IsNull() {
		t.Errorf("UnmarshalText(empty) = %v, %v; want the zero Time", out, err)
	}
}

func TestTimeString(t *testing.T) {
	if got := fmt.Sprint(dbtrt.Time{}); got != "null" {
		t.Errorf("zero Time prints %q, want null", got)
	}

	in := mustParse(t, "2021-12-07 10:32:24.326116+01:00")
	if got := fmt.Sprint(in); got != "2021-12-07T10:32:24.326116+01:00" {
		t.Errorf("Time prints %q", got)
	}
}

// timeRow is a body with both kinds of Time field a generated model may hold.
type timeRow struct {
	A *dbtrt.Time `json:"a"`
	B dbtrt.Time  `json:"b"`
}

func TestTimeFieldsDecodeNull(t *testing.T) {
	for _, body := range []string{`{"a":null,"b":null}`, `{}`, `{"a":null,"b":""}`} {
		var row timeRow
		if err := json.Unmarshal([]byte(body), &row); err != nil {
			t.Errorf("Unmarshal(%s): %v", body, err)
			continue
		}

		if row.A != nil {
			t.Errorf("Unmarshal(%s): a = %v, want nil", body, row.A)
		}

		if !row.B.IsNull() {
			t.Errorf("Unmarshal(%s): b = %v, want the zero Time", body, row.B)
		}
	}
}

func TestTimeFieldsMixedForms(t *testing.T) {
	body := `{"a":"2021-12-07 10:32:24.326116+00:00","b":"2022-03-15T10:17:35.755212Z"}`

	var row timeRow
	if err := json.Unmarshal([]byte(body), &row); err != nil {
		t.Fatal(err)
	}

	if row.A == nil || !row.A.Equal(at(2021, 12, 7, 10, 32, 24, 326116000)) {
		t.Errorf("a = %v", row.A)
	}

	if !row.B.Equal(at(2022, 3, 15, 10, 17, 35, 755212000)) {
		t.Errorf("b = %v", row.B)
	}
}

func TestTimeFieldsEncodeNull(t *testing.T) {
	got, err := json.Marshal(timeRow{})
	if err != nil {
		t.Fatal(err)
	}

	if string(got) != `{"a":null,"b":null}` {
		t.Errorf("Marshal(timeRow{}) = %s", got)
	}
}

// mustParse parses s with ParseTime and stops the test on failure.
func mustParse(t *testing.T, s string) dbtrt.Time {
	t.Helper()

	got, err := dbtrt.ParseTime(s)
	if err != nil {
		t.Fatalf("ParseTime(%q): %v", s, err)
	}

	return got
}

func ExampleParseTime() {
	t, err := dbtrt.ParseTime("2021-12-07 10:32:24.326116+00:00")
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println(t)
	fmt.Println(t.Before(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)))

	// Output:
	// 2021-12-07T10:32:24.326116Z
	// true
}

func FuzzParseTime(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}

	for _, in := range badTimes {
		f.Add(in)
	}

	f.Add("")
	f.Add("0001-01-01T00:00:00Z")
	f.Add("9999-12-31T23:59:59.999999999-23:59")

	f.Fuzz(func(t *testing.T, in string) {
		parsed, err := dbtrt.ParseTime(in)
		if err != nil {
			return
		}

		data, err := parsed.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON after ParseTime(%q): %v", in, err)
		}

		var back dbtrt.Time
		if err := back.UnmarshalJSON(data); err != nil {
			t.Fatalf("UnmarshalJSON(%s) after ParseTime(%q): %v", data, in, err)
		}

		if !back.Equal(parsed.Time) {
			t.Fatalf("ParseTime(%q) = %v, but the JSON round trip gave %v", in, parsed, back)
		}
	})
}
