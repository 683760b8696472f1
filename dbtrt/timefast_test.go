package dbtrt

import (
	"testing"
	"time"
)

// fastCases are inputs of every shape parseTimeFast takes, and near misses it must leave
// to ParseTime.
var fastCases = []string{
	"2021-12-07 10:32:24.326116+00:00",
	"2021-12-07T10:32:24Z",
	"2021-12-07t10:32:24z",
	"2021-12-07T10:32:24",
	"2021-12-07T10:32:24.1-07:00",
	"2021-12-07T10:32:24.123456789+0530",
	"2024-02-29T23:59:59.999999999-23:59",
	"0001-01-01T00:00:00Z",
	"9999-12-31T23:59:59+14:00",
	"2023-02-29T10:00:00Z",
	"2021-13-01T10:00:00Z",
	"2021-00-10T10:00:00Z",
	"2021-12-32T10:00:00Z",
	"2021-12-07T24:00:00Z",
	"2021-12-07T10:60:00Z",
	"2021-12-07T10:00:60Z",
	"2021-12-07T10:00:00.Z",
	"2021-12-07T10:00:00.1234567890Z",
	"2021-12-07T10:00:00+24:00",
	"2021-12-07T10:00:00+07:60",
	"2021-12-07T10:00:00+7:00",
	"2021-12-07T10:00:00+07-00",
	"2021-12-07T10:00:00 +07:00",
	"2021-12-07T10:00:00ZZ",
	"2021-12-07X10:00:00Z",
	"2021/12/07T10:00:00Z",
	"20211207T100000Z",
	"2021-12-07",
	"",
}

func TestParseTimeFastAgreesWithParseTime(t *testing.T) {
	for _, local := range []*time.Location{time.UTC, time.FixedZone("X", -7*3600)} {
		withLocal(t, local)
		for _, in := range fastCases {
			checkFastAgrees(t, in)
		}
	}
}

func FuzzParseTimeFast(f *testing.F) {
	for _, in := range fastCases {
		f.Add(in)
	}
	f.Fuzz(checkFastAgrees)
}

// checkFastAgrees fails when parseTimeFast accepts in and ParseTime does not, or returns
// another instant, zone or location.
func checkFastAgrees(t *testing.T, in string) {
	got, ok := parseTimeFast([]byte(in))
	if !ok {
		return
	}
	want, err := ParseTime(in)
	if err != nil {
		t.Fatalf("parseTimeFast(%q) = %v, but ParseTime rejects it: %v", in, got, err)
	}

	gotName, gotOff := got.Zone()
	wantName, wantOff := want.Zone()
	if !got.Equal(want.Time) || gotName != wantName || gotOff != wantOff ||
		got.Location().String() != want.Location().String() {
		t.Fatalf("parseTimeFast(%q) = %v (%s), ParseTime = %v (%s)",
			in, got, got.Location(), want, want.Location())
	}
}

// withLocal sets time.Local for the rest of the test.
func withLocal(t *testing.T, loc *time.Location) {
	saved := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = saved })
}

func BenchmarkUnmarshalTime(b *testing.B) {
	data := []byte(`"2021-12-07 10:32:24.326116+00:00"`)
	for b.Loop() {
		var tm Time
		if err := tm.UnmarshalJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
