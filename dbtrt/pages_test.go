package dbtrt_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// listing is an in-memory list endpoint: ids 1 to n, served by limit and offset.
type listing struct {
	mu    sync.Mutex
	ids   []int64
	calls int
	// before, when set, runs before each page is cut, under the lock.
	before func(l *listing, offset int64)
	// noTotal makes the endpoint report UnknownTotal.
	noTotal bool
	// failAt makes the page at this offset fail.
	failAt int64
}

var errPage = errors.New("page failed")

func newListing(n int) *listing {
	l := &listing{failAt: -1}
	for i := range n {
		l.ids = append(l.ids, int64(i+1))
	}
	return l
}

func (l *listing) fetch(_ context.Context, limit, offset int64) ([]int64, int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.calls++
	if offset == l.failAt {
		return nil, 0, errPage
	}
	if l.before != nil {
		l.before(l, offset)
	}
	end := min(offset+limit, int64(len(l.ids)))
	page := slices.Clone(l.ids[min(offset, end):end])
	if l.noTotal {
		return page, dbtrt.UnknownTotal, nil
	}
	return page, int64(len(l.ids)), nil
}

func pager(l *listing, limit int64) dbtrt.Pager[int64] {
	return dbtrt.Pager[int64]{
		Fetch: l.fetch,
		Key:   func(id int64) (int64, bool) { return id, true },
		Limit: &limit,
	}
}

func collect(t *testing.T, seq func(func(int64, error) bool)) ([]int64, error) {
	t.Helper()
	var got []int64
	for id, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, id)
	}
	return got, nil
}

func ids(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestPagesYieldsEveryItemInOrder(t *testing.T) {
	for _, prefetch := range []int{0, 2, 8} {
		for _, total := range []bool{true, false} {
			l := newListing(25)
			l.noTotal = !total
			got, err := collect(t, dbtrt.Pages(context.Background(), pager(l, 10),
				dbtrt.Prefetch(prefetch)))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, ids(1, 25)) {
				t.Errorf("prefetch %d, total %v: got %v", prefetch, total, got)
			}
		}
	}
}

func TestPagesStartsAtTheOffset(t *testing.T) {
	l := newListing(25)
	p := pager(l, 10)
	offset := int64(18)
	p.Offset = &offset

	got, err := collect(t, dbtrt.Pages(context.Background(), p))
	if err != nil || !slices.Equal(got, ids(19, 25)) {
		t.Errorf("got %v, %v; want 19 to 25", got, err)
	}
}

func TestPagesStepsBackWhenTheListingShrinks(t *testing.T) {
	for _, prefetch := range []int{0, 4} {
		l := newListing(30)
		removed := false
		l.before = func(l *listing, offset int64) {
			if offset == 20 && !removed {
				l.ids = slices.Delete(l.ids, 0, 3)
				removed = true
			}
		}

		got, err := collect(t, dbtrt.Pages(context.Background(), pager(l, 10),
			dbtrt.Prefetch(prefetch)))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, ids(1, 30)) {
			t.Errorf("prefetch %d: got %v, want 1 to 30 once each", prefetch, got)
		}
	}
}

func TestPagesYieldsAnErrorOnceAndStops(t *testing.T) {
	for _, prefetch := range []int{0, 3} {
		l := newListing(50)
		l.failAt = 20
		got, err := collect(t, dbtrt.Pages(context.Background(), pager(l, 10),
			dbtrt.Prefetch(prefetch)))
		if !errors.Is(err, errPage) {
			t.Errorf("prefetch %d: error %v, want %v", prefetch, err, errPage)
		}
		if !slices.Equal(got, ids(1, 20)) {
			t.Errorf("prefetch %d: before the error got %v", prefetch, got)
		}
	}
}

func TestPagesStopsWhenTheLoopBreaks(t *testing.T) {
	l := newListing(1000)
	n := 0
	for _, err := range dbtrt.Pages(context.Background(), pager(l, 10), dbtrt.Prefetch(4)) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls > 2+4 {
		t.Errorf("breaking after 15 items fetched %d pages", l.calls)
	}
}
