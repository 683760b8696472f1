// Package dbtcloud is the client to reach for when talking to the dbt Cloud Administrative
// API. It wraps the generated v2 and v3 clients with the behaviour every integration needs
// and is easy to get wrong.
//
// # Connecting
//
// New takes a service token or personal access token and options. The default host is
// HostUS; accounts elsewhere pass HostEMEA, HostAU, their cell-based access URL (CellURL)
// or any URL with WithAccessURL. The client sends "Authorization: Token <token>" (a token
// written as "Bearer <token>" keeps that scheme) and a User-Agent naming this module.
//
// # Retries
//
// Requests that fail with 429, 502, 503, 504 or a transport error are retried with
// jittered exponential backoff, honouring Retry-After, within the limits of RetryPolicy
// and the context's deadline. Operations that the generated operation table does not mark
// idempotent, such as triggering a run or creating anything, are retried only when the
// server provably did not act: after a 429, or when the connection failed before the
// request was written. TriggerJobRun goes further and survives a lost response without
// starting a second run.
//
// # Errors
//
// Every status outside 2xx becomes an *APIError with the status, dbt Cloud's messages and
// field errors, the method and path, and the raw body. Match kinds with errors.Is and
// ErrNotFound, ErrUnauthorized, ErrPermissionDenied, ErrRateLimited and ErrValidation, or
// the Is functions. Requests that got no response fail with a *TransportError.
//
// # Lists, runs and artifacts
//
// Every paginated list operation of the generated clients has an iterator, such as
// c.V2.ListRunsIter, that pages with limit and offset up to the total count; pass
// dbtrt.Prefetch to fetch pages ahead. WaitForRun polls a run until it ends.
// DownloadArtifact streams an artifact without buffering it, and DecodeRunResults reads
// run_results.json as a stream.
//
// # Logging and secrets
//
// WithLogger logs each attempt's method, path, status, attempt number and duration. The
// token never appears in logs, errors or printed values of the client.
package dbtcloud
