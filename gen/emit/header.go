package emit

import "github.com/dbtcloud-go/dbtcloud/gen/oapi"

// Header is the first line of every generated file.
const Header = oapi.Header

// RuntimeImport is the import path of the hand-written runtime package generated code uses.
const RuntimeImport = oapi.RuntimeImport
