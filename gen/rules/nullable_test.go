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
      required: [id]
      properties:
        id: {type: integer}
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

func TestNullableOptionalResponses(t *testing.T) {
	doc := loadDoc(t, nullableTestPaths, nullableTestSchemas)

	NullableOptionalResponses(doc)

	schemas := doc.Components.Schemas
	want := []struct {
		schema, property string
		nullable         bool
	}{
		{"Run", "id", false},         // required
		{"Run", "finished_at", true}, // optional scalar
		{"Run", "steps", true},       // optional array
		{"Run", "environment", true}, // optional inline allOf wrapper
		{"Step", "logs", true},       // reached through array items
		{"Job", "name", false},       // required, reached through a $ref
		{"Job", "cron", true},        // optional, reached through a $ref
		{"Order", "cause", false},    // request body only
	}
	for _, w := range want {
		got := schemas[w.schema].Value.Properties[w.property].Value.Nullable
		if got != w.nullable {
			t.Errorf("%s.%s nullable = %v, want %v", w.schema, w.property, got, w.nullable)
		}
	}
	if schemas["Job"].Value.Nullable {
		t.Error("Run.job is a bare $ref; the shared Job schema itself must not become nullable")
	}
}
