package dbtcloudtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

func init() {
	// SCIM operations send and receive JSON under their own media type.
	openapi3filter.RegisterBodyDecoder("application/scim+json", openapi3filter.JSONBodyDecoder)
}

// route is one operation of one API version, ready to match and validate requests.
type route struct {
	op       dbtrt.Operation
	version  string
	segments []string
	kin      *routers.Route
}

// apis loads the prepared specs of both generated packages.
func apis() ([]*route, error) {
	v2, err := loadRoutes("v2", adminv2.OpenAPISpec(), adminv2.Operations)
	if err != nil {
		return nil, err
	}

	v3, err := loadRoutes("v3", adminv3.OpenAPISpec(), adminv3.Operations)
	if err != nil {
		return nil, err
	}
	return append(v2, v3...), nil
}

func loadRoutes(version string, spec []byte, ops dbtrt.Operations) ([]*route, error) {
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("dbtcloudtest: load %s spec: %w", version, err)
	}

	routes := make([]*route, 0, len(ops))
	for _, op := range ops {
		item := doc.Paths.Value(op.Path)
		if item == nil || item.GetOperation(op.Method) == nil {
			return nil, fmt.Errorf("dbtcloudtest: %s spec has no operation %s; regenerate",
				version, op)
		}
		routes = append(routes, &route{
			op:       op,
			version:  version,
			segments: strings.Split(strings.Trim(op.Path, "/"), "/"),
			kin: &routers.Route{Spec: doc, Path: op.Path, PathItem: item, Method: op.Method,
				Operation: item.GetOperation(op.Method)},
		})
	}
	return routes, nil
}

// findRoute returns the route of method and path with its path parameters. When a route
// matches the path but not the method, it returns allowed true and a nil route. Routes with
// more literal segments win over routes with parameters in their place.
func findRoute(routes []*route, method, path string) (r *route, params map[string]string,
	allowed bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	best := -1
	for _, cand := range routes {
		p, score, ok := matchSegments(cand.segments, parts, strings.HasSuffix(cand.op.Path, "/"))
		if !ok {
			continue
		}
		allowed = true
		if cand.op.Method == method && score > best {
			r, params, best = cand, p, score
		}
	}
	return r, params, allowed
}

// matchSegments matches path segments against a template. A final parameter of a template
// without a trailing slash takes the rest of the path, as artifact paths need.
func matchSegments(tmpl, parts []string, slash bool) (map[string]string, int, bool) {
	params := map[string]string{}
	literal := 0
	for i, seg := range tmpl {
		if i >= len(parts) {
			return nil, 0, false
		}
		if !strings.HasPrefix(seg, "{") {
			if seg != parts[i] {
				return nil, 0, false
			}
			literal++
			continue
		}
		name := strings.Trim(seg, "{}")
		if i == len(tmpl)-1 && !slash {
			params[name] = strings.Join(parts[i:], "/")
			return params, literal, parts[i] != ""
		}
		params[name] = parts[i]
	}
	return params, literal, len(parts) == len(tmpl)
}

// validationOptions are shared by request and response validation. Defaults are not filled
// in before a request is checked: the request is judged as sent, and some defaults in the
// specification break their own schema, such as a job's empty description.
func validationOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		SkipSettingDefaults:     true,
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{dateTimeOption()},
	}
}

// validateRequest checks r, whose body has been read into body, against the route.
func validateRequest(ctx context.Context, rt *route, params map[string]string,
	r *http.Request, body []byte) error {
	r.Body = readCloser(body)
	defer func() { r.Body = readCloser(body) }()

	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: rt.kin, Options: validationOptions(),
	}
	return openapi3filter.ValidateRequest(ctx, in)
}

// ValidateResponse checks that a response the fake, or anything else, sent for req matches
// the prepared specification of the operation req was sent to. The body is passed apart
// because the response's own body may already have been read.
func ValidateResponse(req *http.Request, status int, header http.Header, body []byte) error {
	routes, err := cachedRoutes()
	if err != nil {
		return err
	}

	rt, params, _ := findRoute(routes, req.Method, req.URL.Path)
	if rt == nil {
		return fmt.Errorf("dbtcloudtest: no operation %s %s", req.Method, req.URL.Path)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: rt.kin, Options: validationOptions(),
		},
		Status:  status,
		Header:  header,
		Options: validationOptions(),
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		return fmt.Errorf("%s: %w", rt.op, err)
	}
	return nil
}
