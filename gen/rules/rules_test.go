package rules

import (
	"errors"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadDoc(t *testing.T, paths, schemas string) *openapi3.T {
	t.Helper()
	src := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + paths +
		"components:\n  schemas:\n" + schemas
	doc, err := openapi3.NewLoader().LoadFromData([]byte(src))
	if err != nil {
		t.Fatalf("load: %v\n%s", err, src)
	}
	return doc
}

const noSchemas = "    Empty: {type: object}\n"

func TestNullableMapValues(t *testing.T) {
	doc := loadDoc(t, "  {}\n", `
    Scalars:
      type: object
      properties:
        name: {type: string}
      additionalProperties: {type: string, nullable: true}
    Ints:
      type: object
      additionalProperties: {type: integer, nullable: true}
    Refs:
      type: object
      additionalProperties: {$ref: '#/components/schemas/Thing'}
    Lists:
      type: object
      additionalProperties: {type: array, nullable: true, items: {type: string}}
    Thing: {type: object, nullable: true, properties: {id: {type: integer}}}
`)

	NullableMapValues(doc)

	want := map[string]string{"Scalars": "*string", "Ints": "*int64", "Refs": "*Thing"}
	for name, goType := range want {
		ap := doc.Components.Schemas[name].Value.AdditionalProperties.Schema.Value
		if ap.Extensions["x-go-type"] != goType || ap.Nullable {
			t.Errorf("%s: x-go-type %v nullable %v, want %s and not nullable", name,
				ap.Extensions["x-go-type"], ap.Nullable, goType)
		}
	}
	lists := doc.Components.Schemas["Lists"].Value.AdditionalProperties.Schema.Value
	if lists.Nullable || lists.Extensions["x-go-type"] != nil {
		t.Errorf("Lists: want a plain, non-nullable slice value, got %+v", lists)
	}
	if !doc.Components.Schemas["Thing"].Value.Nullable {
		t.Error("the referenced component itself must stay nullable")
	}
}

func TestEnumNames(t *testing.T) {
	doc := loadDoc(t, "  {}\n", `
    Status:
      type: integer
      enum: [1, 10, 30]
      description: "* `+"`1` - QUEUED\\n* `10` - SUCCESS\\n* `30` - CANCELLED"+`"
    Partial:
      type: integer
      enum: [1, 2]
      description: "* `+"`1` - ONE"+`"
`)

	EnumNames(doc)

	got := doc.Components.Schemas["Status"].Value.Extensions["x-enum-varnames"]
	if want := []any{"Queued", "Success", "Cancelled"}; !equalAny(got, want) {
		t.Errorf("Status names = %v, want %v", got, want)
	}
	if got := doc.Components.Schemas["Partial"].Value.Extensions["x-enum-varnames"]; got != nil {
		t.Errorf("Partial names = %v, want none (one value is unnamed)", got)
	}
}

func equalAny(got any, want []any) bool {
	list, ok := got.([]any)
	if !ok || len(list) != len(want) {
		return false
	}
	for i := range list {
		if list[i] != want[i] {
			return false
		}
	}
	return true
}

func TestJSONBodiesOnly(t *testing.T) {
	doc := loadDoc(t, `
  /a:
    post:
      requestBody:
        content:
          application/json: {schema: {type: object}}
          multipart/form-data: {schema: {type: object}}
          application/x-www-form-urlencoded: {schema: {type: object}}
      responses: {'200': {description: ok}}
  /scim:
    post:
      requestBody:
        content:
          application/scim+json: {schema: {type: object}}
          multipart/form-data: {schema: {type: object}}
      responses: {'200': {description: ok}}
`, noSchemas)

	JSONBodiesOnly(doc)

	for path, want := range map[string]string{"/a": "application/json",
		"/scim": "application/scim+json"} {
		content := doc.Paths.Value(path).Post.RequestBody.Value.Content
		if len(content) != 1 || content[want] == nil {
			t.Errorf("%s: content types %v, want only %s", path, content, want)
		}
	}
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("word ", 40)
	got := Wrap("short\n"+long+"\n  * item", 30)

	for _, line := range strings.Split(got, "\n") {
		if len(line) > 30 {
			t.Errorf("line longer than 30: %q", line)
		}
	}
	if !strings.HasPrefix(got, "short\n") || !strings.HasSuffix(got, "\n  * item") {
		t.Errorf("existing lines not kept:\n%s", got)
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields("short "+long+
		" * item"), " ") {
		t.Errorf("words changed:\n%s", got)
	}
}

func TestNameOperations(t *testing.T) {
	paths := `
  /jobs/:
    get: {operationId: List Jobs, parameters: [
      {in: query, name: limit, schema: {type: integer}},
      {in: query, name: offset, schema: {type: integer}}],
      responses: {'200': {description: ok}}}
    post: {operationId: Create Job, parameters: [
      {in: query, name: limit, schema: {type: integer}},
      {in: query, name: offset, schema: {type: integer}}],
      responses: {'200': {description: ok}}}
  /jobs/{id}/run/:
    post: {operationId: Trigger Job Run, x-dbtcloud-go-name: RunJob,
      x-dbtcloud-idempotent: false, responses: {'200': {description: ok}}}
`
	doc := loadDoc(t, paths, noSchemas)

	ops, err := NameOperations("s.yaml", doc, nil)
	if err != nil {
		t.Fatal(err)
	}

	byName := map[string]Operation{}
	for _, op := range ops {
		byName[op.GoName] = op
	}
	if op := byName["ListJobs"]; !op.Paginated || !op.Idempotent || op.OperationID != "List Jobs" {
		t.Errorf("ListJobs = %+v", op)
	}
	if op := byName["CreateJob"]; op.Paginated || op.Idempotent {
		t.Errorf("CreateJob = %+v, want neither paginated nor idempotent", op)
	}
	if op := byName["RunJob"]; op.Idempotent || op.Path != "/jobs/{id}/run/" {
		t.Errorf("RunJob = %+v", op)
	}
	if got := doc.Paths.Value("/jobs/").Get.OperationID; got != "ListJobs" {
		t.Errorf("operationId handed to oapi-codegen = %q, want ListJobs", got)
	}
}

func TestNameOperationsClash(t *testing.T) {
	doc := loadDoc(t, `
  /a:
    get: {operationId: List Things, responses: {'200': {description: ok}}}
  /b:
    get: {operationId: List things, responses: {'200': {description: ok}}}
`, noSchemas)

	_, err := NameOperations("s.yaml", doc, nil)
	if !errors.Is(err, ErrNameClash) {
		t.Fatalf("err = %v, want a name clash", err)
	}
	for _, want := range []string{"s.yaml", "GET /a", "GET /b", "/paths/~1b/get", ExtGoName} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func TestUnstutter(t *testing.T) {
	doc := loadDoc(t, "  {}\n", `
    TriggerRunRequestRequest: {type: object}
    RunResponseResponse: {type: object}
    JobRequestRequest: {type: object}
    JobRequest: {type: object}
    Plain: {type: object}
`)

	Unstutter(doc)

	want := map[string]any{"TriggerRunRequestRequest": "TriggerRunRequest",
		"RunResponseResponse": "RunResponse", "JobRequestRequest": nil, "Plain": nil}
	for name, goName := range want {
		if got := doc.Components.Schemas[name].Value.Extensions["x-go-name"]; got != goName {
			t.Errorf("%s: x-go-name %v, want %v", name, got, goName)
		}
	}
}

func TestNamedStates(t *testing.T) {
	doc := loadDoc(t, "  {}\n", `
    Job:
      type: object
      properties:
        state:
          type: integer
          description: >-
            A value of 1 means this entity is active and a value of 2 means this
            entity is deleted
        other_state: {type: integer}
    Token:
      type: object
      properties:
        state: {type: integer, description: (Deprecated)}
`)

	NamedStates(doc)

	job := doc.Components.Schemas["Job"].Value.Properties
	if job["state"].Ref != "#/components/schemas/"+StateSchema {
		t.Errorf("Job.state ref = %q, want the shared %s", job["state"].Ref, StateSchema)
	}
	if job["other_state"].Ref != "" {
		t.Error("a property not named state was changed")
	}
	if doc.Components.Schemas["Token"].Value.Properties["state"].Ref != "" {
		t.Error("a state described otherwise was changed")
	}
	shared := doc.Components.Schemas[StateSchema]
	if shared == nil || len(shared.Value.Enum) != 2 {
		t.Fatalf("component %s = %+v, want the 1/2 enum", StateSchema, shared)
	}
}
