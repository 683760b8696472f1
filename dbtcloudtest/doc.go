// Package dbtcloudtest is a fake dbt Cloud for tests: an httptest server that speaks both
// versions of the Administrative API as the generated clients in adminv2 and adminv3 see it.
//
// # Validation
//
// Every request is checked against the same prepared specification the clients were
// generated from. A request without an "Authorization: Token ..." or "Bearer ..." header
// gets a 401, and a request that breaks the specification (an unknown path, a bad query
// parameter, a body of the wrong shape) gets a 400, both in dbt Cloud's error envelope.
//
// # State
//
// Accounts, projects, environments, jobs and runs are kept in memory: creating, listing,
// updating and deleting them works as it does against dbt Cloud, including limit, offset,
// order_by, the pagination counts under extra, and the filters: a field by value and the
// lookups __in, __gt, __gte, __lt, __lte, __range and __icontains. Runs carry their
// trigger, and their job, environment and steps when include_related asks for them: a run
// that has started has steps to clone the repository, create the profile and run each
// command of its job, all succeeded but the last, which has the run's status. The artifacts
// of a run belong to its dbt steps; the step parameter picks one, and the setup steps have
// none. Deleting is soft, as in dbt Cloud: a
// deleted object keeps state 2 and is listed only under state=deleted or state=all. Every
// other operation answers with a response built from its schema. Timestamps come in the
// several forms the live API uses, so clients must parse them leniently.
//
// # Runs and time
//
// Triggering a job creates a queued run. The run moves through starting and running to the
// outcome the test chose, as the server's Clock is advanced; nothing sleeps. For code that
// polls on its own, WithAutoAdvance moves the clock a step with every request. Cancelling
// stops a run that has not finished; retrying works on failed runs only; rerunning a job
// retries its latest run if it failed and otherwise starts a new one. Runs that finished
// with success or error have artifacts that can be listed and downloaded.
//
// # Faults and recording
//
// Inject makes chosen requests fail: a status such as 429 or 503, with the headers and body
// the test picks and, if asked, the request still handled a little later as behind a
// gateway that gave up; a connection dropped after the request was handled; or a malformed
// body.
// A fault may fail every matching request, a number of them, a share of them picked by a
// random source that WithSeed seeds, or bursts of them. SetLatency delays an operation's
// answers. Requests returns every request the server received, with the response status it
// sent, the fault it got and whether it reached its operation.
//
// # Seeding
//
// AddRun, SetArtifact and SetArtifactStream set up runs and their artifacts without going
// through the API; Runs and RunStatus read them back, and RemoveRun deletes one as dbt
// Cloud's retention does. A request for an account the server does not hold gets the 404
// that dbt Cloud sends for an account the token may not use.
package dbtcloudtest
