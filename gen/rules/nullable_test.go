package rules

import "testing"

// nullableTestPaths has one operation that answers with Run and takes Order as its body.
const nullableTestPaths = `
  /runs/:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Run'}
`

const nullableTestSchemas = `
    Run:
      type: object
      required: [id, created_at]
      properties:
        id: {type: integer}
        created_at: {type: string, format: date-time, readOnly: true}
        finished_at: {type: string, format: date-time}
        steps: {type: array, items: {$ref: '#/components/schemas/Step'}}
        job: {$ref: '#/components/schemas/Job'}
        environment:
          allOf: [{$ref: '#/components/schemas/Job'}]
    Step:
      type: object
      properties:
        logs: {type: string}
    Job:
      type: object
      required: [name]
      properties:
        name: {type: string}
        cron: {type: string}
    Order:
      type: object
      properties:
        cause: {type: string}
`

func TestNullableResponses(t *testing.T) {
	doc := loadDoc(t, nullableTestPaths, nullableTestSchemas)

	NullableResponses(doc)

	schemas := doc.Components.Schemas
	want := []struct {
		schema, property string
		nullable, plain  bool
	}{
		{"Run", "id", true, true},           // required: stays a plain value
		{"Run", "created_at", true, false},  // required but read-only: a pointer already
		{"Run", "finished_at", true, false}, // optional scalar
		{"Run", "steps", true, false},       // optional array
		{"Run", "environment", true, false}, // optional inline allOf wrapper
		{"Step", "logs", true, false},       // reached through array items
		{"Job", "name", true, true},         // required, reached through a $ref
		{"Job", "cron", true, false},        // optional, reached through a $ref
		{"Order", "cause", false, false},    // request body only
	}
	for _, w := range want {
		p := schemas[w.schema].Value.Properties[w.property].Value
		plain := p.Extensions[extSkipPointer] == true
		if p.Nullable != w.nullable || plain != w.plain {
			t.Errorf("%s.%s: nullable %v, %s %v; want %v and %v", w.schema, w.property,
				p.Nullable, extSkipPointer, plain, w.nullable, w.plain)
		}
	}
	if schemas["Job"].Value.Nullable {
		t.Error("Run.job is a bare $ref; the shared Job schema itself must not become nullable")
	}
}
