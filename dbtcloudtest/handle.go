package dbtcloudtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// call is one validated request on its way to a handler.
type call struct {
	route  *route
	params map[string]string
	query  url.Values
	body   []byte
	now    time.Time
	ex     *exampler
}

// handler answers a call. Handlers run with the server's lock held.
type handler func(s *Server, c *call) reply

// handle runs the stateful handler of the call's operation, or answers from the schema.
func (s *Server) handle(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()

	c.now = s.Clock.Now()
	c.ex = &exampler{now: c.now}
	defer s.Clock.Advance(s.tick)

	h, ok := handlers[c.route.op.Method+" "+c.route.op.Path]
	if !ok {
		return s.respond(c, nil, nil)
	}
	return h(s, c)
}

// pathID reads an integer path parameter.
func (c *call) pathID(name string) int64 {
	n, _ := strconv.ParseInt(c.params[name], 10, 64)
	return n
}

// bodyObject decodes the request body as a JSON object; an empty body is an empty object.
func (c *call) bodyObject() (object, error) {
	obj := object{}
	if len(c.body) == 0 {
		return obj, nil
	}
	if err := json.Unmarshal(c.body, &obj); err != nil {
		return nil, fmt.Errorf("decode request body: %w", err)
	}
	return obj, nil
}

// successResponse returns the lowest 2xx status of the call's operation and its response.
func (c *call) successResponse() (int, *openapi3.Response) {
	var codes []int
	for key, ref := range c.route.kin.Operation.Responses.Map() {
		code, err := strconv.Atoi(key)
		if err == nil && code >= 200 && code < 300 && ref.Value != nil {
			codes = append(codes, code)
		}
	}
	if len(codes) == 0 {
		return http.StatusOK, nil
	}

	sort.Ints(codes)
	return codes[0], c.route.kin.Operation.Responses.Status(codes[0]).Value
}

// respond answers with the operation's success response. The body is an example of its
// schema, in which data and extra, when given, are fitted into the envelope.
func (s *Server) respond(c *call, data any, extra object) reply {
	code, resp := c.successResponse()
	if resp == nil || len(resp.Content) == 0 {
		return reply{code: code, header: http.Header{}}
	}

	mediaType, media := pickMedia(resp.Content)
	body := c.ex.value(media.Schema, 0)
	if env, ok := body.(map[string]any); ok && media.Schema.Value != nil {
		fill(c.ex, env, media.Schema.Value, "status", successStatus(code))
		if data != nil {
			fill(c.ex, env, media.Schema.Value, "data", data)
		}
		if extra != nil {
			fill(c.ex, env, media.Schema.Value, "extra", extra)
		}
	}

	rep := jsonReply(code, body)
	rep.header.Set("Content-Type", mediaType)
	return rep
}

// pickMedia prefers application/json and otherwise takes the first media type by name.
func pickMedia(content openapi3.Content) (string, *openapi3.MediaType) {
	if m, ok := content["application/json"]; ok {
		return "application/json", m
	}
	names := make([]string, 0, len(content))
	for name := range content {
		names = append(names, name)
	}
	sort.Strings(names)
	return names[0], content[names[0]]
}

// fill sets env[name] to v fitted to the property's schema, if the envelope has it.
func fill(ex *exampler, env map[string]any, s *openapi3.Schema, name string, v any) {
	prop := property(s, name)
	if prop == nil {
		return
	}
	env[name] = ex.fit(v, prop, 1)
}

// notFound answers as dbt Cloud does for a missing resource.
func notFound(what string, id int64) reply {
	return errorReply(http.StatusNotFound, "The requested resource was not found.",
		fmt.Sprintf("dbtcloudtest: no %s with id %d", what, id))
}

// noAccount answers as dbt Cloud does for an account the token may not use, a 404 that
// names the missing permission; the fake, which has no permissions, answers so for any
// account it does not hold.
func noAccount(id int64) reply {
	return errorReply(http.StatusNotFound,
		"You do not have permission to access this resource, or it does not exist.",
		fmt.Sprintf("dbtcloudtest: no account with id %d", id))
}

func badRequest(user string, err error) reply {
	return errorReply(http.StatusBadRequest, user, "dbtcloudtest: "+err.Error())
}
