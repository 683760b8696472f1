package dbtrt

import (
	"context"
	"sync"
)

// cursor is one pass of Pages over a listing: offsets, totals, the keys seen so far and
// the pages fetched ahead. It knows nothing of the item type, so it is compiled once, not
// once per generated iterator; Pages gives it three small typed functions.
type cursor struct {
	// fetch fetches the page of at most limit items at offset.
	fetch func(ctx context.Context, limit, offset int64) (page, error)
	// emit yields a page's items, the slice that fetch put in page.items, and reports
	// whether to go on.
	emit func(items any) bool
	// fail yields err.
	fail func(err error)

	keyed bool
	seen  map[int64]struct{}
	size  int64
	start int64

	// offset is where the next page starts; total is the last total count reported, or
	// UnknownTotal.
	offset int64
	total  int64
	done   bool
}

// page is one fetched page: its items as a typed slice, how many, and the total reported.
type page struct {
	items any
	n     int64
	total int64
}

// pending is a page being fetched ahead of the consumer.
type pending struct {
	at int64
	ch chan fetched
}

// fetched is what a fetch ahead delivers.
type fetched struct {
	page
	err error
}

// newCursor starts a pass at the offset asked for, in pages of the size asked for; keyed
// turns on dropping repeated items and stepping back when the listing shrinks.
func newCursor(limit, offset *int64, keyed bool) *cursor {
	c := &cursor{size: pageSize(limit), total: UnknownTotal, keyed: keyed}
	if offset != nil && *offset > 0 {
		c.start = *offset
	}
	c.offset = c.start
	if keyed {
		c.seen = make(map[int64]struct{})
	}

	return c
}

// run walks the listing to its end, fetching up to prefetch pages ahead when that is 2 or
// more.
func (c *cursor) run(ctx context.Context, prefetch int) {
	if prefetch > 1 {
		c.prefetch(ctx, prefetch)
	}
	for !c.done {
		c.step(ctx)
	}
}

// step fetches the page at the current offset and takes it.
func (c *cursor) step(ctx context.Context) {
	p, err := c.fetch(ctx, c.size, c.offset)
	if err != nil {
		c.stop(err)
		return
	}

	c.take(c.offset, p)
}

// prefetch fetches the first page, then up to n pages at a time ahead of the consumer
// while the total it reported lasts. It returns early, leaving the rest to step, when the
// listing changes under it.
func (c *cursor) prefetch(ctx context.Context, n int) {
	c.step(ctx)
	if c.done || c.total == UnknownTotal {
		return
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	end, next := c.total, c.offset
	var queue []pending
	fill := func() {
		for len(queue) < n && next < end {
			queue = append(queue, c.fetchAhead(ctx, &wg, next))
			next += c.size
		}
	}

	fill()
	for len(queue) > 0 && !c.done && queue[0].at == c.offset {
		r := <-queue[0].ch
		queue = queue[1:]
		if r.err != nil {
			c.stop(r.err)
			return
		}

		c.take(c.offset, r.page)
		fill()
	}
}

// fetchAhead starts fetching the page at offset at in its own goroutine.
func (c *cursor) fetchAhead(ctx context.Context, wg *sync.WaitGroup, at int64) pending {
	p := pending{at: at, ch: make(chan fetched, 1)}
	wg.Go(func() {
		pg, err := c.fetch(ctx, c.size, at)
		p.ch <- fetched{page: pg, err: err}
	})

	return p
}

// take yields the items of the page fetched at offset at and decides where to go next.
func (c *cursor) take(at int64, p page) {
	if c.shrank(p.total) {
		// Items before at may have gone, moving later ones back past it: fetch again from
		// as far back as the listing shrank, and let the keys drop what was yielded.
		c.offset = max(c.start, at-(c.total-p.total))
		c.total = p.total
		return
	}

	c.total = p.total
	if p.n > 0 && !c.emit(p.items) {
		c.done = true
		return
	}

	c.offset = at + p.n
	switch {
	case p.n == 0:
		c.done = true
	case p.total != UnknownTotal:
		c.done = c.offset >= p.total
	default:
		c.done = p.n < c.size
	}
}

// shrank reports whether the listing lost items since the last page, in a walk that can
// recover from it.
func (c *cursor) shrank(total int64) bool {
	return c.keyed && c.total != UnknownTotal && total != UnknownTotal && total < c.total
}

// repeated records key k and reports whether it was seen before.
func (c *cursor) repeated(k int64) bool {
	if _, dup := c.seen[k]; dup {
		return true
	}
	c.seen[k] = struct{}{}
	return false
}

// stop yields err and ends the walk.
func (c *cursor) stop(err error) {
	c.fail(err)
	c.done = true
}
