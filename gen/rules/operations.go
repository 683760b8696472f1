package rules

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/gen/naming"
	"github.com/dbtcloud-go/dbtcloud/gen/spec"
)

// Extensions an overlay may set on an operation.
const (
	// ExtGoName fixes the Go method name of an operation.
	ExtGoName = "x-dbtcloud-go-name"
	// ExtIdempotent overrides whether an operation may be sent twice.
	ExtIdempotent = "x-dbtcloud-idempotent"
	// extUpstreamID keeps the published operationId once it is replaced by the Go name.
	extUpstreamID = "x-dbtcloud-operation-id"
)

// ErrNameClash reports two operations that would get the same Go name.
var ErrNameClash = errors.New("operations share a Go name")

// Operation is what the generator knows of one operation: a row of the operation table
// each generated package exports.
type Operation = dbtrt.Operation

// LockedName returns the Go name a names lock keeps for the operation at method and path.
type LockedName func(method, path string) (string, bool)

// NameOperations gives every operation of doc its Go name, replaces the operationId with it
// (oapi-codegen derives method names from operationIds) and returns the operation table,
// sorted by path and method. file names the spec in errors. The name is the operation's
// ExtGoName if set, else the one locked returns (locked may be nil), else derived from the
// operationId.
func NameOperations(file string, doc *openapi3.T, locked LockedName) ([]Operation, error) {
	var ops []Operation
	var errs []error
	byName := map[string]Operation{}

	eachOperation(doc, func(method, path string, op *openapi3.Operation) {
		o, err := describe(method, path, op, locked)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", file, opPointer(method, path), err))
			return
		}
		if prev, ok := byName[o.GoName]; ok {
			errs = append(errs, clash(file, prev, o))
			return
		}
		byName[o.GoName] = o
		ops = append(ops, o)

		if op.Extensions == nil {
			op.Extensions = map[string]any{}
		}
		op.Extensions[extUpstreamID] = op.OperationID
		op.OperationID = o.GoName
	})
	return ops, errors.Join(errs...)
}

func describe(method, path string, op *openapi3.Operation, locked LockedName) (Operation,
	error) {
	o := Operation{
		Method:      method,
		Path:        path,
		OperationID: op.OperationID,
		GoName:      naming.GoName(op.OperationID),
		Idempotent:  idempotentMethod(method),
		Paginated:   method == http.MethodGet && paginated(op),
		ContentType: bodyMediaType(op),
	}
	if name, ok := lookUp(locked, method, path); ok {
		o.GoName = name
	}

	if v, ok := op.Extensions[ExtGoName]; ok {
		name, _ := v.(string)
		if !naming.IsIdentifier(name) {
			return o, fmt.Errorf("%s %v is not an exported Go identifier", ExtGoName, v)
		}
		o.GoName = name
	}
	if v, ok := op.Extensions[ExtIdempotent]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return o, fmt.Errorf("%s %v is not true or false", ExtIdempotent, v)
		}
		o.Idempotent = b
	}
	return o, nil
}

func lookUp(locked LockedName, method, path string) (string, bool) {
	if locked == nil {
		return "", false
	}
	return locked(method, path)
}

func clash(file string, a, b Operation) error {
	return fmt.Errorf("%s: %w: %s and %s both become %s; give one of them an %s "+
		"through an overlay action", file, ErrNameClash, describeOp(a), describeOp(b),
		a.GoName, ExtGoName)
}

func describeOp(o Operation) string {
	return fmt.Sprintf("%s (operationId %q at %s)", o.Method+" "+o.Path, o.OperationID,
		opPointer(o.Method, o.Path))
}

func opPointer(method, path string) string {
	return spec.Pointer("paths", path, strings.ToLower(method))
}

func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// paginated reports whether op takes limit and offset query parameters. Some upstream
// create operations declare them too; only a GET counts as a paginated list.
// bodyMediaType returns the media type the client sends the operation's body as: the JSON
// one (JSONBodiesOnly leaves one), else the first, or "" when the operation takes no body.
func bodyMediaType(op *openapi3.Operation) string {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return ""
	}

	types := sortedKeys(op.RequestBody.Value.Content)
	if slices.Contains(types, "application/json") {
		return "application/json"
	}
	for _, t := range types {
		if strings.Contains(t, "json") {
			return t
		}
	}
	if len(types) > 0 {
		return types[0]
	}
	return ""
}

func paginated(op *openapi3.Operation) bool {
	return op.Parameters.GetByInAndName(openapi3.ParameterInQuery, "limit") != nil &&
		op.Parameters.GetByInAndName(openapi3.ParameterInQuery, "offset") != nil
}
