package dbtcloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Sentinel errors for errors.Is. An *APIError matches the ones that describe it.
var (
	// ErrNotFound matches a 404 that is not a permission problem.
	ErrNotFound = errors.New("dbtcloud: not found")

	// ErrUnauthorized matches a 401: the token is missing, wrong or expired, or the
	// account lives at another access URL.
	ErrUnauthorized = errors.New("dbtcloud: unauthorized")

	// ErrPermissionDenied matches a 403, and a 404 whose message says the token lacks
	// permission, which is how dbt Cloud often answers one.
	ErrPermissionDenied = errors.New("dbtcloud: permission denied")

	// ErrRateLimited matches a 429 that outlasted the retries.
	ErrRateLimited = errors.New("dbtcloud: rate limited")

	// ErrValidation matches a 400 or 422: the server rejected the request's content.
	ErrValidation = errors.New("dbtcloud: validation failed")
)

// maxErrorBody caps how much of an error response the client reads and keeps.
const maxErrorBody = 1 << 20

// APIError is a response with a status outside 2xx. It keeps what dbt Cloud said and which
// request it answered, but never the token or the query string.
type APIError struct {
	// Method and Path name the request; Path has no query string.
	Method, Path string

	// Operation is the Go name of the operation, when the operation table knows it.
	Operation string

	// StatusCode is the HTTP status.
	StatusCode int

	// Code is the code in the body's status object, or zero.
	Code int

	// UserMessage and DeveloperMessage are the messages in the body's status object.
	UserMessage, DeveloperMessage string

	// FieldErrors lists, by field name, what the server found wrong with the request.
	FieldErrors map[string][]string

	// RetryAfter is how long a 429 or 503 asked the client to wait, or zero.
	RetryAfter time.Duration

	// Attempts is how many times the request was sent.
	Attempts int

	// Hint says what to do, when the client can tell.
	Hint string

	// Body is the raw response body, up to 1 MiB.
	Body []byte
}

// Error returns the request, the status and dbt Cloud's message on one line.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dbtcloud: %s %s: %d %s", e.Method, e.Path, e.StatusCode,
		http.StatusText(e.StatusCode))
	if msg := e.message(); msg != "" {
		b.WriteString(": " + msg)
	}
	for _, f := range e.fieldNames() {
		fmt.Fprintf(&b, "; %s: %s", f, strings.Join(e.FieldErrors[f], " "))
	}
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}

	return b.String()
}

// message returns the most useful message of the body.
func (e *APIError) message() string {
	switch {
	case e.UserMessage != "" && e.DeveloperMessage != "" && e.DeveloperMessage != e.UserMessage:
		return e.UserMessage + " " + e.DeveloperMessage
	case e.UserMessage != "":
		return e.UserMessage
	}

	return e.DeveloperMessage
}

// fieldNames returns the names in FieldErrors, sorted.
func (e *APIError) fieldNames() []string {
	names := make([]string, 0, len(e.FieldErrors))
	for f := range e.FieldErrors {
		names = append(names, f)
	}
	sort.Strings(names)

	return names
}

// Is reports whether target is one of the sentinel errors that describes e.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && !e.permissionProblem()
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrPermissionDenied:
		return e.StatusCode == http.StatusForbidden ||
			(e.StatusCode == http.StatusNotFound && e.permissionProblem())
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest ||
			e.StatusCode == http.StatusUnprocessableEntity
	}

	return false
}

// permissionProblem reports whether the messages of e speak of missing permissions.
func (e *APIError) permissionProblem() bool {
	text := strings.ToLower(e.UserMessage + " " + e.DeveloperMessage)
	return strings.Contains(text, "permission") || strings.Contains(text, "not authorized")
}

// IsNotFound reports whether err is or wraps an error matching ErrNotFound.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized reports whether err is or wraps an error matching ErrUnauthorized.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsPermissionDenied reports whether err is or wraps an error matching ErrPermissionDenied.
func IsPermissionDenied(err error) bool { return errors.Is(err, ErrPermissionDenied) }

// IsRateLimited reports whether err is or wraps an error matching ErrRateLimited.
func IsRateLimited(err error) bool { return errors.Is(err, ErrRateLimited) }

// IsValidation reports whether err is or wraps an error matching ErrValidation.
func IsValidation(err error) bool { return errors.Is(err, ErrValidation) }

// errorBody is the part of an error response the client understands.
type errorBody struct {
	Status struct {
		Code             int    `json:"code"`
		UserMessage      string `json:"user_message"`
		DeveloperMessage string `json:"developer_message"`
	} `json:"status"`
	Data   json.RawMessage `json:"data"`
	Detail string          `json:"detail"`
}

// fillFromBody sets the fields of e that the body holds.
func (e *APIError) fillFromBody(body []byte) {
	e.Body = body

	var eb errorBody
	if json.Unmarshal(body, &eb) != nil {
		return
	}

	e.Code = eb.Status.Code
	e.UserMessage = eb.Status.UserMessage
	e.DeveloperMessage = eb.Status.DeveloperMessage
	if e.UserMessage == "" {
		e.UserMessage = eb.Detail
	}
	e.FieldErrors = fieldErrors(eb.Data)
}

// fieldErrors reads field errors from a data object whose values are strings or lists of
// strings, and returns nil for anything else.
func fieldErrors(data json.RawMessage) map[string][]string {
	var fields map[string]json.RawMessage
	if len(data) == 0 || json.Unmarshal(data, &fields) != nil {
		return nil
	}

	out := map[string][]string{}
	for name, raw := range fields {
		var one string
		var many []string
		switch {
		case json.Unmarshal(raw, &one) == nil:
			out[name] = []string{one}
		case json.Unmarshal(raw, &many) == nil:
			out[name] = many
		}
	}
	if len(out) == 0 {
		return nil
	}

	return out
}

// TransportError is a request that got no response: the connection failed, or an attempt
// timed out.
type TransportError struct {
	// Method and Path name the request; Path has no query string.
	Method, Path string

	// Attempts is how many times the request was sent.
	Attempts int

	// Sent reports that the last attempt may have reached the server, so that the server
	// may have acted on it.
	Sent bool

	// Err is the underlying error.
	Err error
}

// Error names the request and the cause.
func (e *TransportError) Error() string {
	return fmt.Sprintf("dbtcloud: %s %s: no response after %d attempt(s): %v",
		e.Method, e.Path, e.Attempts, e.Err)
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// ambiguous reports whether err leaves open whether the server acted on the request.
func ambiguous(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return te.Sent
	}

	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode >= 500
}
