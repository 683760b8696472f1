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

// TestIteratorOverMock pages through a mock: the iterator functions take any
// ClientInterface, so code that lists through one can be tested without a server.
func TestIteratorOverMock(t *testing.T) {
	const total = 7
	mock := &adminv2.ClientMock{
		ListRunsFunc: func(_ context.Context, _ int64, p *adminv2.ListRunsParams,
			_ ...dbtrt.Editor) (*adminv2.ListRunsResponse, error) {
			page := &adminv2.RunResponseListEnveloped{}
			page.Extra.Pagination.TotalCount = total
			for id := *p.Offset + 1; id <= min(*p.Offset+*p.Limit, total); id++ {
				page.Data = append(page.Data, adminv2.RunResponse{ID: &id})
			}
			return &adminv2.ListRunsResponse{JSON200: page}, nil
		},
	}

	limit := int64(3)
	var ids []int64
	for run, err := range adminv2.ListRunsIter(context.Background(), mock, 1,
		&adminv2.ListRunsParams{Limit: &limit}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *run.ID)
	}

	if len(ids) != total || ids[0] != 1 || ids[total-1] != total {
		t.Errorf("iterated %v, want 1 to %d", ids, total)
	}
	if n := len(mock.CallsTo("ListRuns")); n != 3 {
		t.Errorf("%d pages fetched, want 3", n)
	}
}
