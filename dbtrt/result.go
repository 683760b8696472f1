package dbtrt

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Result is the part of every generated response struct that does not depend on the
// operation: the status, the headers and the raw body.
type Result struct {
	// StatusCode is the HTTP status code, such as 200.
	StatusCode int

	// Header holds the response headers.
	Header Header

	// Body is the response body exactly as it arrived.
	Body []byte
}

// statusTag is the struct tag that names the status a field of a response struct decodes:
// a code such as 200, a range such as 4XX, or default.
const statusTag = "status"

// responseShape is what Decode needs to know of one response struct type.
type responseShape struct {
	result int            // index of the embedded Result
	fields map[string]int // status tag to field index
}

// shapes caches a responseShape per response struct type.
var shapes sync.Map

// Decode fills out, a pointer to a struct that embeds Result, with the status, the headers
// and the body, and, when the body is JSON, decodes it into the field whose status tag
// matches: the exact code first, then its range (4XX), then default. A status no field
// matches leaves every field nil; that is not an error.
func Decode(out any, status int, header Header, body []byte) error {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("decode: %T is not a pointer to a response struct", out)
	}
	v = v.Elem()

	shape, err := shapeOf(v.Type())
	if err != nil {
		return err
	}
	v.Field(shape.result).Set(reflect.ValueOf(Result{StatusCode: status, Header: header,
		Body: body}))

	i, ok := shape.field(status)
	if !ok || len(body) == 0 || !isJSON(header.Get("Content-Type")) {
		return nil
	}
	target := reflect.New(v.Type().Field(i).Type.Elem())
	if err := json.Unmarshal(body, target.Interface()); err != nil {
		return fmt.Errorf("decode the %d response body: %w; the raw body is in Body",
			status, err)
	}
	v.Field(i).Set(target)
	return nil
}

// field returns the index of the field that decodes status.
func (s *responseShape) field(status int) (int, bool) {
	code := strconv.Itoa(status)
	if i, ok := s.fields[code]; ok {
		return i, true
	}
	if i, ok := s.fields[code[:1]+"XX"]; ok {
		return i, true
	}
	i, ok := s.fields["default"]
	return i, ok
}

func shapeOf(t reflect.Type) (*responseShape, error) {
	if s, ok := shapes.Load(t); ok {
		return s.(*responseShape), nil
	}

	s := &responseShape{result: -1, fields: map[string]int{}}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type == reflect.TypeFor[Result]() {
			s.result = i
			continue
		}
		if tag, ok := f.Tag.Lookup(statusTag); ok && f.Type.Kind() == reflect.Pointer {
			s.fields[strings.ToUpper(tag)] = i
		}
	}
	if s.result < 0 {
		return nil, fmt.Errorf("decode: %s does not embed dbtrt.Result", t)
	}
	if i, ok := s.fields["DEFAULT"]; ok {
		delete(s.fields, "DEFAULT")
		s.fields["default"] = i
	}

	shapes.Store(t, s)
	return s, nil
}

// isJSON reports whether a Content-Type names a JSON media type, such as application/json
// or application/scim+json.
func isJSON(contentType string) bool {
	return strings.Contains(strings.ToLower(contentType), "json")
}
