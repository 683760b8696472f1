package dbtrt

import (
	"encoding"
	"encoding/base64"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// codecKind says how a query or path value of some type is turned into text.
type codecKind uint8

const (
	// codecUnsupported marks a type that cannot be a query or path value.
	codecUnsupported codecKind = iota
	// codecText marks a type that implements encoding.TextMarshaler itself.
	codecText
	// codecTextAddr marks a type whose pointer, but not the type, implements
	// encoding.TextMarshaler.
	codecTextAddr
	codecString
	codecBool
	codecInt
	codecUint
	codecFloat
	// codecBytes marks a byte slice, which is one base64 value as for format byte.
	codecBytes
	// codecList marks a slice or an array, which gives one value per element.
	codecList
)

// valueCodec says how to turn the values of one type, its pointers followed, into text.
type valueCodec struct {
	kind codecKind
	// bits is the size of a float type, for strconv.FormatFloat.
	bits int
	// typ is the type once its pointers are followed.
	typ reflect.Type
	// elem is the codec of the elements of a list.
	elem *valueCodec
}

// queryParam is one query parameter of a parameters struct.
type queryParam struct {
	// index is the index of the struct field that holds the parameter.
	index int
	// name is the parameter name from the form tag.
	name string
	// field names the Go field as Type.Field, for error messages.
	field string
	codec *valueCodec
}

// queryPlan lists the query parameters of one struct type.
type queryPlan struct {
	params []queryParam
	// scalars counts the parameters that are not lists and so give at most one value.
	scalars int
}

// queryPlans caches the *queryPlan of each struct type given to Query.
var queryPlans sync.Map

// textMarshalerType is the type of encoding.TextMarshaler, for Implements.
var textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

// Query encodes params, an operation's query parameters struct, as query values.
//
// params is nil, a struct, or a pointer to a struct, as oapi-codegen generates them; nil and a
// nil pointer give empty values. Every exported field with a form tag is a parameter named by
// the tag, or by the field when the tag has no name; a tag of "-" and fields without a tag
// are skipped, and so is a field holding a nil pointer, map or interface.
//
// Values take the form style with explode. A value that implements encoding.TextMarshaler, by
// itself or through its address, is encoded with it. Strings, booleans and numbers, of named
// types as well, are formatted with strconv, floats in the 'f' format. A slice or an array
// gives one value per element under the same name, in order, and a []byte gives one base64
// value. Any other kind of value is an error. Without an error the result is never nil.
func Query(params any) (url.Values, error) {
	v, err := paramsStruct(params)
	if err != nil {
		return nil, err
	}

	if !v.IsValid() {
		return url.Values{}, nil
	}

	plan := queryPlanOf(v.Type())
	enc := queryEncoder{
		values: make(url.Values, len(plan.params)),
		slab:   make([]string, plan.scalars),
	}
	for i := range plan.params {
		p := &plan.params[i]
		if err := enc.addParam(v.Field(p.index), p); err != nil {
			return nil, err
		}
	}

	return enc.values, nil
}

// paramsStruct returns the struct that params holds or points to, or the invalid Value when
// params is nil or a nil pointer.
func paramsStruct(params any) (reflect.Value, error) {
	v := reflect.ValueOf(params)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}, nil
		}

		v = v.Elem()
	}

	if v.IsValid() && v.Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("dbtrt: query parameters must be a struct or a "+
			"pointer to one, not %T; pass the operation's Params struct or nil", params)
	}

	return v, nil
}

// queryPlanOf returns the query parameters of the struct type t, from the cache when it can.
func queryPlanOf(t reflect.Type) *queryPlan {
	if plan, ok := queryPlans.Load(t); ok {
		return plan.(*queryPlan)
	}

	plan, _ := queryPlans.LoadOrStore(t, buildQueryPlan(t))

	return plan.(*queryPlan)
}

// buildQueryPlan lists the query parameters of the struct type t in field order.
func buildQueryPlan(t reflect.Type) *queryPlan {
	plan := &queryPlan{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, ok := formName(f)
		if !ok {
			continue
		}

		p := queryParam{
			index: i,
			name:  name,
			field: t.Name() + "." + f.Name,
			codec: newValueCodec(f.Type, true),
		}
		if p.codec.kind != codecList {
			plan.scalars++
		}

		plan.params = append(plan.params, p)
	}

	return plan
}

// formName returns the query parameter name of f from its form tag, and reports whether f is
// a query parameter at all.
func formName(f reflect.StructField) (string, bool) {
	tag, ok := f.Tag.Lookup("form")
	if !ok || !f.IsExported() {
		return "", false
	}

	name, _, _ := strings.Cut(tag, ",")
	switch name {
	case "-":
		return "", false
	case "":
		return f.Name, true
	}

	return name, true
}

// newValueCodec returns the codec for values of type t; lists are allowed only when list is
// true, so that a list of lists is unsupported.
func newValueCodec(t reflect.Type, list bool) *valueCodec {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}

	c := &valueCodec{typ: t}
	c.kind, c.bits = scalarCodec(t)
	if c.kind != codecUnsupported || !list {
		return c
	}

	if k := t.Kind(); k == reflect.Slice || k == reflect.Array {
		c.kind = codecList
		c.elem = newValueCodec(t.Elem(), false)
	}

	return c
}

// scalarCodec returns how values of t, which is not a pointer, encode as one value, and the
// bit size of a float type. Interface types are unsupported, since their values say nothing
// about the dynamic type.
func scalarCodec(t reflect.Type) (codecKind, int) {
	switch {
	case t.Kind() == reflect.Interface:
		return codecUnsupported, 0
	case t.Implements(textMarshalerType):
		return codecText, 0
	case reflect.PointerTo(t).Implements(textMarshalerType):
		return codecTextAddr, 0
	}

	switch t.Kind() {
	case reflect.String:
		return codecString, 0
	case reflect.Bool:
		return codecBool, 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return codecInt, 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr:
		return codecUint, 0
	case reflect.Float32, reflect.Float64:
		return codecFloat, t.Bits()
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return codecBytes, 0
		}
	}

	return codecUnsupported, 0
}

// queryEncoder collects the values of one Query call.
type queryEncoder struct {
	values url.Values
	// slab holds one unused value for each scalar parameter still to come, so that their
	// one-value slices share a single allocation.
	slab []string
	// buf is scratch space for encoding.TextAppender values.
	buf []byte
}

// addParam adds the values of the field v, which holds the parameter p.
func (e *queryEncoder) addParam(v reflect.Value, p *queryParam) error {
	v, ok := present(v)
	if !ok {
		return nil
	}

	if p.codec.kind == codecList {
		return e.addList(v, p)
	}

	s, err := e.encode(v, p.codec, p)
	if err != nil {
		return err
	}

	e.add(p.name, s)

	return nil
}

// addList adds one value of p for each element of the slice or array v. It stores the
// values in the map once, because assigning to a full small map grows it even for a key it
// already holds.
func (e *queryEncoder) addList(v reflect.Value, p *queryParam) error {
	n := v.Len()
	if n == 0 {
		return nil
	}

	vals := slices.Grow(e.values[p.name], n)
	for i := range n {
		elem, ok := present(v.Index(i))
		if !ok {
			continue
		}

		s, err := e.encode(elem, p.codec.elem, p)
		if err != nil {
			return err
		}

		vals = append(vals, s)
	}

	if len(vals) > 0 {
		e.values[p.name] = vals
	}

	return nil
}

// encode returns the text of v, one value of p, using the codec c.
func (e *queryEncoder) encode(v reflect.Value, c *valueCodec, p *queryParam) (string, error) {
	if c.kind == codecUnsupported {
		return "", fmt.Errorf("dbtrt: query parameter %q (field %s) holds a %s, but only "+
			"scalar and array query parameters are supported; give it a scalar or array schema",
			p.name, p.field, c.typ)
	}

	s, err := formatValue(v, c, &e.buf)
	if err != nil {
		return "", fmt.Errorf("dbtrt: query parameter %q (field %s): %w", p.name, p.field, err)
	}

	return s, nil
}

// add appends s to the values of name, taking the slice from the slab when name has none.
func (e *queryEncoder) add(name, s string) {
	old, ok := e.values[name]
	if ok || len(e.slab) == 0 {
		e.values[name] = append(old, s)
		return
	}

	e.slab[0] = s
	e.values[name] = e.slab[:1:1]
	e.slab = e.slab[1:]
}

// present follows the pointers of v and reports whether v holds a value: false for a nil
// pointer, map or interface.
func present(v reflect.Value) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}

		v = v.Elem()
	}

	switch v.Kind() {
	case reflect.Invalid:
		return v, false
	case reflect.Map, reflect.Interface:
		return v, !v.IsNil()
	}

	return v, true
}

// formatValue returns the text of the scalar v, whose codec is c; buf is scratch space that
// text appenders may reuse.
func formatValue(v reflect.Value, c *valueCodec, buf *[]byte) (string, error) {
	switch c.kind {
	case codecString:
		return v.String(), nil
	case codecBool:
		return strconv.FormatBool(v.Bool()), nil
	case codecInt:
		return strconv.FormatInt(v.Int(), 10), nil
	case codecUint:
		return strconv.FormatUint(v.Uint(), 10), nil
	case codecFloat:
		return strconv.FormatFloat(v.Float(), 'f', -1, c.bits), nil
	case codecBytes:
		return base64.StdEncoding.EncodeToString(v.Bytes()), nil
	case codecText, codecTextAddr:
		return formatText(textMarshaler(v, c.kind), buf)
	}

	return "", fmt.Errorf("%s is not a scalar type; use a string, a number, a bool or a "+
		"type with a MarshalText method", c.typ)
}

// textMarshaler returns v as an encoding.TextMarshaler; kind tells whether v or only its
// address implements it. It goes through the address when it can, which spares a copy.
func textMarshaler(v reflect.Value, kind codecKind) encoding.TextMarshaler {
	if v.CanAddr() {
		return v.Addr().Interface().(encoding.TextMarshaler)
	}

	if kind == codecText {
		return v.Interface().(encoding.TextMarshaler)
	}

	ptr := reflect.New(v.Type())
	ptr.Elem().Set(v)

	return ptr.Interface().(encoding.TextMarshaler)
}

// formatText returns the text of m, appending it to buf when m is an encoding.TextAppender
// as well.
func formatText(m encoding.TextMarshaler, buf *[]byte) (string, error) {
	var (
		b   []byte
		err error
	)
	if a, ok := m.(encoding.TextAppender); ok {
		b, err = a.AppendText((*buf)[:0])
		*buf = b
	} else {
		b, err = m.MarshalText()
	}

	if err != nil {
		return "", fmt.Errorf("encode as text: %w", err)
	}

	return string(b), nil
}
