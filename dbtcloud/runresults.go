package dbtcloud

import (
	"encoding/json"
	"fmt"
	"io"
)

// RunResult is one node's entry in dbt's run_results.json.
type RunResult struct {
	UniqueID        string          `json:"unique_id"`
	Status          string          `json:"status"`
	ExecutionTime   float64         `json:"execution_time"`
	ThreadID        string          `json:"thread_id"`
	Message         *string         `json:"message"`
	Failures        *int64          `json:"failures"`
	AdapterResponse json.RawMessage `json:"adapter_response"`
}

// RunResultsInfo is what run_results.json says besides its results.
type RunResultsInfo struct {
	// Metadata holds dbt_schema_version, dbt_version, generated_at, invocation_id and env.
	Metadata map[string]any

	// ElapsedTime is the invocation's duration in seconds.
	ElapsedTime float64

	// Results is how many results there were.
	Results int
}

// DecodeRunResults reads a run_results.json document from r as a stream, calling fn for
// each result in order, and returns the rest of the document. Only one result is in
// memory at a time. An error from fn stops the decoding and is returned as is.
func DecodeRunResults(r io.Reader, fn func(RunResult) error) (RunResultsInfo, error) {
	var info RunResultsInfo
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return info, err
	}

	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return info, fmt.Errorf("dbtcloud: run_results.json: %w", err)
		}

		if err := decodeRunResultsField(dec, key, &info, fn); err != nil {
			return info, err
		}
	}

	return info, nil
}

// decodeRunResultsField decodes the value of one top-level key.
func decodeRunResultsField(dec *json.Decoder, key json.Token, info *RunResultsInfo,
	fn func(RunResult) error) error {
	var err error
	switch key {
	case "results":
		info.Results, err = decodeResults(dec, fn)
		return err
	case "metadata":
		err = dec.Decode(&info.Metadata)
	case "elapsed_time":
		err = dec.Decode(&info.ElapsedTime)
	default:
		var skip json.RawMessage
		err = dec.Decode(&skip)
	}
	if err != nil {
		return fmt.Errorf("dbtcloud: run_results.json: %v: %w", key, err)
	}

	return nil
}

// decodeResults streams the results array.
func decodeResults(dec *json.Decoder, fn func(RunResult) error) (int, error) {
	if err := expectDelim(dec, '['); err != nil {
		return 0, err
	}

	n := 0
	for dec.More() {
		var res RunResult
		if err := dec.Decode(&res); err != nil {
			return n, fmt.Errorf("dbtcloud: run_results.json: result %d: %w", n, err)
		}
		n++
		if err := fn(res); err != nil {
			return n, err
		}
	}

	_, err := dec.Token()
	return n, err
}

// expectDelim reads the next token and checks that it is want.
func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("dbtcloud: run_results.json: %w", err)
	}
	if tok != want {
		return fmt.Errorf("dbtcloud: run_results.json: found %v where %v should start; "+
			"is this a run_results.json artifact?", tok, want)
	}

	return nil
}
