package dbtcloudtest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

func TestCRUDAndPagination(t *testing.T) {
	srv, _, _ := start(t)
	c := v3Client(t, srv)
	ctx := context.Background()

	var ids []int64
	for i := range 5 {
		resp, err := c.CreateProject(ctx, account,
			adminv3.CreateProjectJSONRequestBody{Name: fmt.Sprintf("project %d", i),
				State: adminv3.EntityStateActive})
		if err != nil {
			t.Fatal(err)
		}
		if resp.JSON200 == nil || resp.JSON200.Data.ID == nil {
			t.Fatalf("create project: status %d: %s", resp.StatusCode, resp.Body)
		}
		ids = append(ids, *resp.JSON200.Data.ID)
	}

	// start() made one project already, so six in all, listed two at a time, newest first.
	limit, offset, order := int64(2), int64(2), "-id"
	list, err := c.ListProjects(ctx, account, &adminv3.ListProjectsParams{
		Limit: &limit, Offset: &offset, OrderBy: &order})
	if err != nil {
		t.Fatal(err)
	}
	if list.JSON200 == nil {
		t.Fatalf("list: status %d: %s", list.StatusCode, list.Body)
	}
	p := list.JSON200.Extra.Pagination
	if p.Count != 2 || p.TotalCount != 6 {
		t.Errorf("pagination %+v, want count 2 of 6", p)
	}
	got := []int64{*list.JSON200.Data[0].ID, *list.JSON200.Data[1].ID}
	if got[0] != ids[2] || got[1] != ids[1] {
		t.Errorf("page ids %v, want %v", got, []int64{ids[2], ids[1]})
	}
	if list.JSON200.Extra.OrderBy != "-id" {
		t.Errorf("extra.order_by %q", list.JSON200.Extra.OrderBy)
	}

	// Past the end: an empty page that still counts everything.
	offset = 10
	list, err = c.ListProjects(ctx, account, &adminv3.ListProjectsParams{
		Offset: &offset})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.JSON200.Data); n != 0 || list.JSON200.Extra.Pagination.TotalCount != 6 {
		t.Errorf("past the end: %d items, %+v", n, list.JSON200.Extra.Pagination)
	}

	// Update, then delete.
	upd, err := c.UpdateProject(ctx, account, ids[0],
		adminv3.UpdateProjectJSONRequestBody{Name: "renamed", State: adminv3.EntityStateActive})
	if err != nil {
		t.Fatal(err)
	}
	if upd.JSON200 == nil || upd.JSON200.Data.Name == nil || *upd.JSON200.Data.Name != "renamed" {
		t.Errorf("update: status %d: %s", upd.StatusCode, upd.Body)
	}
	del, err := c.DestroyProject(ctx, account, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if del.StatusCode >= 300 {
		t.Errorf("delete: status %d", del.StatusCode)
	}
	gone, err := c.RetrieveProject(ctx, account, ids[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if gone.StatusCode != 404 {
		t.Errorf("deleted project: status %d, want 404", gone.StatusCode)
	}
	checkSoftDelete(t, c, ids[0])
	noInvalidAnswers(t, srv)
}

// checkSoftDelete checks that a deleted project drops out of the default list but stays
// listed, with state 2, under state=deleted and state=all.
func checkSoftDelete(t *testing.T, c *adminv3.Client, deleted int64) {
	t.Helper()
	want := map[adminv3.StateFilter]int64{
		"": 5, adminv3.StateFilterDeleted: 1, adminv3.StateFilterAll: 6}
	for filter, count := range want {
		params := &adminv3.ListProjectsParams{}
		if filter != "" {
			params.State = &filter
		}
		list, err := c.ListProjects(context.Background(), account, params)
		if err != nil || list.JSON200 == nil {
			t.Fatalf("list state=%q: %v %s", filter, err, list.Body)
		}
		if got := list.JSON200.Extra.Pagination.TotalCount; got != count {
			t.Errorf("list state=%q: %d projects, want %d", filter, got, count)
		}
		if filter == adminv3.StateFilterDeleted && (len(list.JSON200.Data) != 1 ||
			*list.JSON200.Data[0].ID != deleted || *list.JSON200.Data[0].State != 2) {
			t.Errorf("list state=deleted: %+v, want project %d in state 2",
				list.JSON200.Data, deleted)
		}
	}
}
