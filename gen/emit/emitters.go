package emit

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/dbtcloud-go/dbtcloud/gen/oapi"
	"github.com/dbtcloud-go/dbtcloud/gen/rules"
)

// Input is everything an emitter may read.
type Input struct {
	// Package is the Go package name.
	Package string
	// Title and Source describe the API and its spec in the package doc comment.
	Title, Source string
	// Spec is the prepared spec as JSON; load a fresh copy before handing it to oapi-codegen.
	Spec []byte
	// Operations is the operation table.
	Operations []rules.Operation
}

// Emitter adds files to a package. Emitters run in order and may read the files that
// earlier ones added, such as the client source a mock is derived from.
type Emitter struct {
	Name string
	Emit func(in Input, files map[string][]byte) error
}

// Emitters renders a complete package, in order.
var Emitters = []Emitter{
	{"models and client", emitModelsAndClient},
	{"operation table", emitOperationTable},
	{"package doc", emitPackageDoc},
	{"iterators", emitIterators},
	{"enum helpers", emitEnums},
	{"mocks", emitMocks},
	{"spec", emitSpec},
}

// emitModelsAndClient runs oapi-codegen once for both, and splits its output into
// types.gen.go and client.gen.go.
func emitModelsAndClient(in Input, files map[string][]byte) error {
	src, err := oapi.ModelsAndClient(in.Spec, in.Package)
	if err != nil {
		return err
	}

	src = plainJSONNames(src).Replace(upstreamIDs(src, in.Operations))
	types, client, err := splitSource(src)
	if err != nil {
		return err
	}
	files["types.gen.go"], files["client.gen.go"] = types, client
	return nil
}

// vendorJSONBody matches the method suffix oapi-codegen gives a body of a JSON media type
// other than application/json, such as WithApplicationScimPlusJSONBody.
var vendorJSONBody = regexp.MustCompile(`With([A-Z][A-Za-z0-9]*)JSONBody\b`)

// plainJSONNames gives the typed-body methods of operations whose only JSON media type is a
// vendor one (application/scim+json) the plain names application/json bodies get: Create
// instead of CreateWithApplicationScimPlusJSONBody. JSONBodiesOnly leaves one JSON media
// type per operation, so the plain names are free.
func plainJSONNames(src string) *strings.Replacer {
	tags := map[string]bool{}
	for _, m := range vendorJSONBody.FindAllStringSubmatch(src, -1) {
		tags[m[1]] = true
	}

	var pairs []string
	for _, tag := range slices.Sorted(maps.Keys(tags)) {
		pairs = append(pairs, "With"+tag+"JSONBody", "", tag+"JSONRequestBody",
			"JSONRequestBody", tag+"JSONBody", "JSONBody")
	}
	return strings.NewReplacer(pairs...)
}

// upstreamIDs makes the method comments name each operation's published operationId, not
// the Go name the generator gave oapi-codegen in its place.
func upstreamIDs(src string, ops []rules.Operation) string {
	pairs := make([]string, 0, 2*len(ops))
	for _, op := range ops {
		pairs = append(pairs, "(the `"+op.GoName+"` operationId)",
			fmt.Sprintf("(operationId %q)", op.OperationID))
	}
	return strings.NewReplacer(pairs...).Replace(src)
}

func emitOperationTable(in Input, files map[string][]byte) error {
	src, err := OperationTable(in.Package, in.Operations)
	files["operations.gen.go"] = src
	return err
}

func emitPackageDoc(in Input, files map[string][]byte) error {
	src, err := PackageDoc(in.Package, in.Title, in.Source)
	files["doc.gen.go"] = src
	return err
}
