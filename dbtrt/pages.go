package dbtrt

import (
	"context"
	"fmt"
	"iter"
)

// MaxPageSize is the largest limit the dbt Cloud API accepts on a list request.
const MaxPageSize = 100

// UnknownTotal is the total a PageFunc returns when the server reported no total count.
const UnknownTotal = -1

// PageFunc fetches the page of at most limit items that starts at offset. It returns the
// items and the total count the server reported, or UnknownTotal.
type PageFunc[T any] func(ctx context.Context, limit, offset int64) ([]T, int64, error)

// Pager describes one paginated listing; the generated iterators fill it in.
type Pager[T any] struct {
	// Fetch fetches one page.
	Fetch PageFunc[T]

	// Key returns an item's identity and whether it has one. When Key is set, an item seen
	// on an earlier page is not yielded again, and the pager steps back when the total
	// shrinks between pages so that no item is skipped. Nil turns both off.
	Key func(T) (int64, bool)

	// Limit is the page size the caller asked for; nil or a value outside 1 to MaxPageSize
	// means MaxPageSize.
	Limit *int64

	// Offset is the offset the caller asked to start at; nil means 0.
	Offset *int64
}

// PageOption tunes how Pages fetches pages.
type PageOption func(*pageConfig)

// pageConfig is the result of applying PageOptions.
type pageConfig struct {
	prefetch int
}

// Prefetch makes Pages fetch up to n pages ahead, concurrently, once the first page has
// told it the total count. Items are still yielded in order. Values below 2 turn it off.
func Prefetch(n int) PageOption {
	return func(c *pageConfig) { c.prefetch = n }
}

// PageError returns the error a generated iterator reports when a list request answered
// with a status but no page it could decode.
func PageError(op string, status int) error {
	return fmt.Errorf("%s: status %d came without a JSON list page; "+
		"check the access URL and the account ID", op, status)
}

// Pages returns an iterator over every item of the listing p describes, fetched page by
// page with limit and offset. It stops at the total count the server reports, at an empty
// page, or, when there is no total, at a short page. On an error it yields the error once
// and stops. Breaking out of the loop cancels any request still in flight.
func Pages[T any](ctx context.Context, p Pager[T], opts ...PageOption) iter.Seq2[T, error] {
	var cfg pageConfig
	for _, o := range opts {
		o(&cfg)
	}

	return func(yield func(T, error) bool) {
		c := newCursor(p.Limit, p.Offset, p.Key != nil)
		c.fetch = func(ctx context.Context, limit, offset int64) (page, error) {
			items, total, err := p.Fetch(ctx, limit, offset)
			return page{items: items, n: int64(len(items)), total: total}, err
		}
		c.emit = func(items any) bool { return emitItems(c, items.([]T), p.Key, yield) }
		c.fail = func(err error) {
			var zero T
			yield(zero, err)
		}
		c.run(ctx, cfg.prefetch)
	}
}

// emitItems yields the items whose key c has not seen, and reports whether to go on.
func emitItems[T any](c *cursor, items []T, key func(T) (int64, bool),
	yield func(T, error) bool) bool {
	for _, it := range items {
		if key != nil {
			if k, ok := key(it); ok && c.repeated(k) {
				continue
			}
		}
		if !yield(it, nil) {
			return false
		}
	}
	return true
}

// pageSize returns the limit to send, given what the caller asked for.
func pageSize(limit *int64) int64 {
	if limit == nil || *limit < 1 || *limit > MaxPageSize {
		return MaxPageSize
	}

	return *limit
}
