// Package dbtrt is the small runtime that generated dbt Cloud API clients import.
//
// It holds what the generated clients for the dbt Cloud Administrative API and the
// programs using them have in common:
//
//   - Caller, which every generated Client embeds: it expands path templates, encodes
//     query parameters (Query) and JSON bodies, applies Editors, sends the Request through
//     a Doer, and decodes the Response into the field for its status (Decode);
//   - Operation and Operations, the rows of the generated operation tables;
//   - Time, a timestamp that reads every form dbt Cloud writes;
//   - Pages and Prefetch, which the generated iterators page with;
//   - JSONMerge and Packed, used by generated union types and packed specs.
//
// It depends only on the standard library and does not import net/http, so that the
// generated packages compile quickly; package httpdo sends requests with net/http.
package dbtrt
