package dbtcloudtest_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv2"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// TestMockConcurrentCalls runs one generated mock from many goroutines; with -race it also
// proves the call record is synchronised.
func TestMockConcurrentCalls(t *testing.T) {
	mock := &adminv3.ClientMock{
		ListProjectsFunc: func(context.Context, int64, *adminv3.ListProjectsParams,
			...dbtrt.Editor) (*adminv3.ListProjectsResponse, error) {
			return &adminv3.ListProjectsResponse{}, nil
		},
	}

	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = mock.ListProjects(context.Background(), int64(i), nil)
			_, _ = mock.RetrieveProject(context.Background(), int64(i), 1, nil)
		}()
	}
	wg.Wait()

	if n := len(mock.CallsTo("ListProjects")); n != 20 {
		t.Errorf("%d list calls recorded, want 20", n)
	}
	if n := len(mock.Calls()); n != 40 {
		t.Errorf("%d calls recorded, want 40", n)
	}
	seen := map[int64]bool{}
	for _, c := range mock.CallsTo("ListProjects") {
		seen[c.Args[1].(int64)] = true
	}
	if len(seen) != 20 {
		t.Errorf("recorded %d distinct account ids, want 20", len(seen))
	}
}

func TestMockUnsetMethod(t *testing.T) {
	var mock adminv2.ClientMock

	resp, err := mock.ListRuns(context.Background(), 1, nil)
	if resp != nil || !errors.Is(err, adminv2.ErrNotMocked) {
		t.Errorf("unset method: %v, %v", resp, err)
	}
	if calls := mock.CallsTo("ListRuns"); len(calls) != 1 || calls[0].Args[1] != int64(1) {
		t.Errorf("unset method calls %+v", calls)
	}
}
