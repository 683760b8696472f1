// Package dbtrt is the small runtime that generated dbt Cloud API clients import.
//
// It holds the few run-time pieces that the generated clients for the dbt Cloud
// Administrative API and the programs using them have in common: a lenient timestamp type
// for date-time fields, and the description of one API operation used by the generated
// operation tables. It depends only on the standard library.
package dbtrt
