package dbtcloudtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
)

// runJob is the kind of code users test: it triggers a job, then polls the run until it
// has finished, and returns its final status.
func runJob(ctx context.Context, c adminv2.ClientInterface, account, job int64) (
	adminv2.RunStatus, error) {
	trig, err := c.TriggerJobRun(ctx, account, job,
		adminv2.TriggerJobRunJSONRequestBody{Cause: "nightly build"})
	if err != nil {
		return 0, fmt.Errorf("trigger job %d: %w", job, err)
	}
	if trig.JSON200 == nil || trig.JSON200.Data.ID == nil {
		return 0, fmt.Errorf("trigger job %d: status %d", job, trig.StatusCode)
	}

	id := *trig.JSON200.Data.ID
	for {
		got, err := c.RetrieveRun(ctx, account, id, nil)
		if err != nil {
			return 0, fmt.Errorf("poll run %d: %w", id, err)
		}
		if got.JSON200 == nil || got.JSON200.Data.Status == nil {
			return 0, fmt.Errorf("poll run %d: status %d", id, got.StatusCode)
		}
		if st := *got.JSON200.Data.Status; st.IsTerminal() {
			return st, nil
		}
	}
}

// runBody is a run envelope as dbt Cloud sends it.
func runBody(id int64, status adminv2.RunStatus) []byte {
	return fmt.Appendf(nil, `{"status": {"code": 200, "is_success": true, "user_message": "",
		"developer_message": ""}, "data": {"id": %d, "status": %d,
		"created_at": "2024-05-06 07:08:09.000000+00:00",
		"updated_at": "2024-05-06T07:08:19.000000Z"}}`, id, status)
}

// okResponse returns a response of type T, such as adminv2.RetrieveRunResponse, as the
// client returns it for a 200 with the JSON body body.
func okResponse[T any](body []byte) (*T, error) {
	rsp := new(T)
	header := dbtrt.Header{"Content-Type": {"application/json"}}
	return rsp, dbtrt.Decode(rsp, http.StatusOK, header, body)
}

// The generated mock stands in for the typed client: the test sets the methods the code
// under test calls, and reads back the calls it made.
func Example_mock() {
	polls := []adminv2.RunStatus{adminv2.RunStatusQueued, adminv2.RunStatusRunning,
		adminv2.RunStatusSuccess}
	mock := &adminv2.ClientMock{
		TriggerJobRunFunc: func(_ context.Context, _, _ int64,
			_ adminv2.TriggerJobRunJSONRequestBody, _ ...dbtrt.Editor) (
			*adminv2.TriggerJobRunResponse, error) {
			return okResponse[adminv2.TriggerJobRunResponse](runBody(42,
				adminv2.RunStatusQueued))
		},
		RetrieveRunFunc: func(_ context.Context, _, id int64,
			_ *adminv2.RetrieveRunParams, _ ...dbtrt.Editor) (
			*adminv2.RetrieveRunResponse, error) {
			st := polls[0]
			polls = polls[1:]
			return okResponse[adminv2.RetrieveRunResponse](runBody(id, st))
		},
	}

	status, err := runJob(context.Background(), mock, 1, 7)
	fmt.Println(status, err)
	fmt.Println(len(mock.CallsTo("RetrieveRun")), "polls")
	trigger := mock.CallsTo("TriggerJobRun")[0]
	fmt.Println("account", trigger.Args[1], "job", trigger.Args[2])

	// A method the test did not set fails with ErrNotMocked rather than a nil dereference.
	_, err = mock.CancelRun(context.Background(), 1, 42)
	fmt.Println(errors.Is(err, adminv2.ErrNotMocked))
	// Output:
	// Success <nil>
	// 3 polls
	// account 1 job 7
	// true
}
