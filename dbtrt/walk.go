package dbtrt

import (
	"context"
	"sync"
)

// walk is the state of one pass of Pages over a listing.
type walk[T any] struct {
	fetch PageFunc[T]
	key   func(T) (int64, bool)
	yield func(T, error) bool

	seen  map[int64]struct{}
	size  int64
	start int64

	// offset is where the next page starts; total is the last total count reported, or
	// UnknownTotal.
	offset int64
	total  int64
	done   bool
}

// page is one fetched page.
type page[T any] struct {
	items []T
	total int64
	err   error
}

// pending is a page being fetched ahead of the consumer.
type pending[T any] struct {
	at int64
	ch chan page[T]
}

func newWalk[T any](p Pager[T], yield func(T, error) bool) *walk[T] {
	w := &walk[T]{
		fetch: p.Fetch,
		key:   p.Key,
		yield: yield,
		size:  pageSize(p.Limit),
		total: UnknownTotal,
	}
	if p.Offset != nil && *p.Offset > 0 {
		w.start = *p.Offset
	}
	w.offset = w.start
	if w.key != nil {
		w.seen = make(map[int64]struct{})
	}

	return w
}

// sequential fetches and yields pages one at a time until the walk is done.
func (w *walk[T]) sequential(ctx context.Context) {
	for !w.done {
		w.step(ctx)
	}
}

// step fetches the page at the current offset and takes it.
func (w *walk[T]) step(ctx context.Context) {
	items, total, err := w.fetch(ctx, w.size, w.offset)
	if err != nil {
		w.fail(err)
		return
	}

	w.take(w.offset, items, total)
}

// prefetch fetches the first page, then up to n pages at a time ahead of the consumer
// while the total it reported lasts. It returns early, leaving the rest to sequential,
// when the listing changes under it.
func (w *walk[T]) prefetch(ctx context.Context, n int) {
	w.step(ctx)
	if w.done || w.total == UnknownTotal {
		return
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	end, next := w.total, w.offset
	var queue []pending[T]
	fill := func() {
		for len(queue) < n && next < end {
			queue = append(queue, w.fetchAhead(ctx, &wg, next))
			next += w.size
		}
	}

	fill()
	for len(queue) > 0 && !w.done && queue[0].at == w.offset {
		r := <-queue[0].ch
		queue = queue[1:]
		if r.err != nil {
			w.fail(r.err)
			return
		}

		w.take(w.offset, r.items, r.total)
		fill()
	}
}

// fetchAhead starts fetching the page at offset at in its own goroutine.
func (w *walk[T]) fetchAhead(ctx context.Context, wg *sync.WaitGroup, at int64) pending[T] {
	p := pending[T]{at: at, ch: make(chan page[T], 1)}
	wg.Go(func() {
		items, total, err := w.fetch(ctx, w.size, at)
		p.ch <- page[T]{items: items, total: total, err: err}
	})

	return p
}

// take yields the items of the page fetched at offset at and decides where to go next.
func (w *walk[T]) take(at int64, items []T, total int64) {
	if w.shrank(total) {
		// Items before at may have gone, moving later ones back past it: fetch again from
		// as far back as the listing shrank, and let the keys drop what was yielded.
		w.offset = max(w.start, at-(w.total-total))
		w.total = total
		return
	}

	w.total = total
	for _, it := range items {
		if !w.emit(it) {
			w.done = true
			return
		}
	}

	n := int64(len(items))
	w.offset = at + n
	switch {
	case n == 0:
		w.done = true
	case total != UnknownTotal:
		w.done = w.offset >= total
	default:
		w.done = n < w.size
	}
}

// shrank reports whether the listing lost items since the last page, in a walk that can
// recover from it.
func (w *walk[T]) shrank(total int64) bool {
	return w.key != nil && w.total != UnknownTotal && total != UnknownTotal && total < w.total
}

// emit yields it unless its key was seen before, and reports whether to go on.
func (w *walk[T]) emit(it T) bool {
	if w.key != nil {
		if k, ok := w.key(it); ok {
			if _, dup := w.seen[k]; dup {
				return true
			}
			w.seen[k] = struct{}{}
		}
	}

	return w.yield(it, nil)
}

// fail yields err and ends the walk.
func (w *walk[T]) fail(err error) {
	var zero T
	w.yield(zero, err)
	w.done = true
}
