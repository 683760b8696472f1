package dbtcloudtest

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
)

// object is a stored resource in the form encoding/json decodes into: numbers are float64.
type object = map[string]any

// store holds resources by kind ("accounts", "projects", ...) and id. It is not safe for
// concurrent use; the server locks around it.
type store struct {
	nextID int64
	kinds  map[string]map[int64]object
}

func newStore() *store {
	return &store{nextID: 1000, kinds: map[string]map[int64]object{}}
}

// insert stores obj under a fresh id, which it sets as obj["id"], and returns the id.
func (s *store) insert(kind string, obj object) int64 {
	s.nextID++
	obj["id"] = float64(s.nextID)
	s.put(kind, s.nextID, obj)
	return s.nextID
}

func (s *store) put(kind string, id int64, obj object) {
	if s.kinds[kind] == nil {
		s.kinds[kind] = map[int64]object{}
	}
	s.kinds[kind][id] = obj
}

func (s *store) get(kind string, id int64) (object, bool) {
	obj, ok := s.kinds[kind][id]
	return obj, ok
}

// all returns the objects of kind whose fields equal every value in scope.
func (s *store) all(kind string, scope map[string]int64) []object {
	var out []object
	for _, obj := range s.kinds[kind] {
		if inScope(obj, scope) {
			out = append(out, obj)
		}
	}
	return out
}

func inScope(obj object, scope map[string]int64) bool {
	for field, want := range scope {
		if n, ok := obj[field].(float64); !ok || int64(n) != want {
			return false
		}
	}
	return true
}

// listQuery is a parsed list request: its paging, its ordering and its field filters.
type listQuery struct {
	limit, offset int
	orderBy       string
	state         string
	filters       url.Values
}

// notFilters are query parameters that do not filter by a field of the same name.
var notFilters = map[string]bool{"limit": true, "offset": true, "order_by": true,
	"include_related": true, "state": true}

func parseListQuery(q url.Values) (listQuery, error) {
	lq := listQuery{limit: 100, orderBy: "id", filters: url.Values{}}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > dbtrt.MaxPageSize {
			return lq, fmt.Errorf("limit must be an integer from 1 to %d, not %q",
				dbtrt.MaxPageSize, v)
		}
		lq.limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return lq, fmt.Errorf("offset must be a non-negative integer, not %q", v)
		}
		lq.offset = n
	}
	if v := q.Get("order_by"); v != "" {
		lq.orderBy = v
	}
	lq.state = q.Get("state")

	for k, v := range q {
		if !notFilters[k] {
			lq.filters[k] = v
		}
	}
	return lq, nil
}

// apply filters, orders and pages objs, and returns the page and the filtered total.
func (lq listQuery) apply(objs []object) (page []object, total int) {
	var kept []object
	for _, obj := range objs {
		if lq.matches(obj) {
			kept = append(kept, obj)
		}
	}
	field, desc := strings.CutPrefix(lq.orderBy, "-")
	slices.SortStableFunc(kept, func(a, b object) int {
		c := compareField(a[field], b[field])
		if c == 0 {
			c = compareField(a["id"], b["id"])
		}
		if desc {
			return -c
		}
		return c
	})

	total = len(kept)
	start := min(lq.offset, total)
	end := min(start+lq.limit, total)
	return kept[start:end], total
}

// matches applies the state parameter and the field filters: a field name alone asks for
// equality, and a Django-style lookup after a double underscore asks for more: in (one of a
// list), gt, gte, lt, lte (numbers by value, timestamps by time), range (between two values,
// both included) and icontains (a substring, ignoring case). pk means id. A filter on a
// field the object lacks, or with a lookup the fake does not know, is ignored.
func (lq listQuery) matches(obj object) bool {
	if !stateMatches(obj, lq.state) {
		return false
	}
	for key, vals := range lq.filters {
		field, lookup := splitLookup(key)
		got, ok := obj[field]
		if ok && !lookupMatches(lookup, got, vals) {
			return false
		}
	}
	return true
}

// splitLookup splits a filter parameter into its field and its lookup, exact when it has
// none: created_at__range gives created_at and range.
func splitLookup(key string) (field, lookup string) {
	field, lookup = key, "exact"
	if i := strings.LastIndex(key, "__"); i > 0 {
		field, lookup = key[:i], key[i+2:]
	}
	if field == "pk" {
		field = "id"
	}
	return field, lookup
}

// lookupMatches reports whether the value got passes one filter.
func lookupMatches(lookup string, got any, vals []string) bool {
	switch lookup {
	case "exact":
		return vals[0] == scalarString(got)
	case "in":
		return slices.Contains(splitList(vals), scalarString(got))
	case "icontains":
		return strings.Contains(strings.ToLower(scalarString(got)), strings.ToLower(vals[0]))
	case "gt":
		return compareTo(got, vals[0]) > 0
	case "gte":
		return compareTo(got, vals[0]) >= 0
	case "lt":
		return got != nil && compareTo(got, vals[0]) < 0
	case "lte":
		return got != nil && compareTo(got, vals[0]) <= 0
	case "range":
		bounds := splitList(vals)
		return len(bounds) == 2 && got != nil && compareTo(got, bounds[0]) >= 0 &&
			compareTo(got, bounds[1]) <= 0
	}
	return true
}

// compareTo orders a stored value against a query value: numbers by value, anything else
// as compareField orders strings. A missing value comes first.
func compareTo(got any, v string) int {
	if n, ok := got.(float64); ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return cmp.Compare(n, f)
		}
	}
	return compareField(got, v)
}

// stateMatches applies the soft-deletion filter of the state parameter: active objects
// unless it says deleted (or 2) or all. Objects without a state always match.
func stateMatches(obj object, want string) bool {
	state, ok := obj["state"]
	if !ok {
		return true
	}

	switch want {
	case "all":
		return true
	case "deleted", "2":
		return state == stateDeleted
	}
	return state != stateDeleted
}

func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

func scalarString(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// compareField orders numbers numerically, strings (such as timestamps) lexically, and
// missing values first.
func compareField(a, b any) int {
	fa, aNum := a.(float64)
	fb, bNum := b.(float64)
	if aNum && bNum {
		return cmp.Compare(fa, fb)
	}
	if a == nil || b == nil {
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	sa, sb := fmt.Sprint(a), fmt.Sprint(b)
	if ta, ok := parseTime(sa); ok {
		if tb, ok := parseTime(sb); ok {
			return ta.Compare(tb)
		}
	}
	return strings.Compare(sa, sb)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
