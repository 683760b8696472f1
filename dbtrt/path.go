package dbtrt

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// ExpandPath replaces each {name} in the path template, left to right, with the next of args,
// escaped with url.PathEscape.
//
// Arguments are formatted as Query formats values: strings as they are, numbers and booleans
// with strconv, and encoding.TextMarshaler values with it; a fmt.Stringer is the fallback for
// other types, and pointers are followed. There must be exactly one argument for each
// parameter. An unclosed brace, an empty parameter name, and an argument that is nil or
// formats as empty text are errors, since an empty path segment would address another
// resource.
func ExpandPath(template string, args []any) (string, error) {
	var b strings.Builder
	rest, used := template, 0
	for {
		before, name, after, err := cutPathParam(template, rest)
		if err != nil {
			return "", err
		}

		if name == "" {
			break
		}

		seg, err := pathSegment(template, name, args, used)
		if err != nil {
			return "", err
		}

		if used == 0 {
			b.Grow(len(template) + len(seg))
		}

		b.WriteString(before)
		b.WriteString(seg)
		rest, used = after, used+1
	}

	if used < len(args) {
		return "", fmt.Errorf("dbtrt: path %q has %d parameter(s) but was given %d "+
			"argument(s); remove the extra argument %v and any after it",
			template, used, len(args), args[used])
	}

	if used == 0 {
		return template, nil
	}

	b.WriteString(rest)

	return b.String(), nil
}

// cutPathParam splits rest, the unexpanded end of template, around its first {name}; name is
// empty when there is none.
func cutPathParam(template, rest string) (before, name, after string, err error) {
	open := strings.IndexByte(rest, '{')
	if open < 0 {
		return rest, "", "", nil
	}

	size := strings.IndexAny(rest[open+1:], "{}")
	if size < 0 || rest[open+1+size] == '{' {
		return "", "", "", fmt.Errorf("dbtrt: path %q has an unclosed brace after %q; close "+
			"each parameter with }", template, template[:len(template)-len(rest)+open])
	}

	if size == 0 {
		return "", "", "", fmt.Errorf("dbtrt: path %q has a parameter {} without a name; "+
			"name each parameter", template)
	}

	return rest[:open], rest[open+1 : open+1+size], rest[open+2+size:], nil
}

// pathSegment returns the escaped text of args[i] for the parameter called name in template.
func pathSegment(template, name string, args []any, i int) (string, error) {
	if i >= len(args) {
		return "", fmt.Errorf("dbtrt: path %q needs an argument for {%s} but only %d were "+
			"given; pass one argument per parameter", template, name, len(args))
	}

	s, err := pathText(args[i])
	if err != nil {
		return "", fmt.Errorf("dbtrt: path %q parameter {%s}: %w", template, name, err)
	}

	if s == "" {
		return "", fmt.Errorf("dbtrt: path %q parameter {%s} is empty, which would address "+
			"another resource; pass a non-empty value", template, name)
	}

	return url.PathEscape(s), nil
}

// pathText returns the unescaped text of the path argument arg.
func pathText(arg any) (string, error) {
	switch a := arg.(type) {
	case string:
		return a, nil
	case int64:
		return strconv.FormatInt(a, 10), nil
	case int:
		return strconv.Itoa(a), nil
	}

	v, ok := present(reflect.ValueOf(arg))
	if !ok {
		return "", fmt.Errorf("argument %#v holds no value; pass a non-nil value", arg)
	}

	c := valueCodec{typ: v.Type()}
	c.kind, c.bits = scalarCodec(c.typ)
	if c.kind == codecUnsupported || c.kind == codecBytes {
		return stringerText(v)
	}

	var buf []byte

	return formatValue(v, &c, &buf)
}

// stringerText returns the text of v through its String method, the fallback for path
// arguments of other types.
func stringerText(v reflect.Value) (string, error) {
	t := v.Type()
	if v.CanAddr() {
		v = v.Addr()
	}

	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String(), nil
	}

	return "", fmt.Errorf("argument of type %s is not a scalar; pass a string, a number, a "+
		"bool, or a type with a MarshalText or String method", t)
}
