package httpdo_test

import (
	"context"
	"fmt"

	"github.com/dbtcloud-go/dbtcloud/dbtcloudtest"
	"github.com/dbtcloud-go/dbtcloud/dbtrt"
	"github.com/dbtcloud-go/dbtcloud/dbtrt/httpdo"
	"github.com/dbtcloud-go/dbtcloud/generated/adminv3"
)

// A generated client used on its own: it sends through net/http with httpdo, adds the
// token with an editor, and returns the response whatever its status.
func ExampleNew() {
	srv := dbtcloudtest.NewServer() // stands in for https://cloud.getdbt.com
	defer srv.Close()
	project := srv.AddProject(dbtcloudtest.DefaultAccountID, "analytics")

	auth := dbtrt.SetHeader("Authorization", "Token example-token")
	c, err := adminv3.NewClient(srv.URL, httpdo.New(nil), auth)
	if err != nil {
		panic(err)
	}

	ctx := context.Background()
	rsp, err := c.RetrieveProject(ctx, dbtcloudtest.DefaultAccountID, project, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(rsp.StatusCode, *rsp.JSON200.Data.Name)

	missing, err := c.RetrieveProject(ctx, dbtcloudtest.DefaultAccountID, 404404, nil)
	fmt.Println(missing.StatusCode, missing.JSON200 == nil, err)
	// Output:
	// 200 analytics
	// 404 true <nil>
}
