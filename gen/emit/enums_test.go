package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

// enumTestSpec holds one enum of each kind the emitter must tell apart.
const enumTestSpec = `{"components": {"schemas": {
	"Phase": {"type": "integer", "enum": [1, 5, 9],
		"x-enum-varnames": ["Waiting", "Busy", "Done"], "x-dbtcloud-terminal": [9]},
	"Colour": {"type": "string", "enum": ["red"], "x-enum-varnames": ["Red"]},
	"Anonymous": {"type": "integer", "enum": [1, 2]},
	"Hashed": {"type": ["integer"], "enum": [0, 1], "x-enum-varnames": ["Off", "On"],
		"x-go-name": "Switch"}
}}}`

const enumTestTypes = `package p

type Phase int64
type Colour string
type Anonymous int64
type Switch int64
`

// methodsOf parses src and returns "Receiver.Method" for every method it declares.
func methodsOf(t *testing.T, src []byte) []string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "enums.gen.go", src, 0)
	if err != nil {
		t.Fatalf("generated enum helpers do not parse: %v\n%s", err, src)
	}

	var out []string
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if ok && fn.Recv != nil {
			recv := fn.Recv.List[0].Type.(*ast.Ident).Name
			out = append(out, recv+"."+fn.Name.Name)
		}
	}
	slices.Sort(out)
	return out
}

func TestEnumHelpersCoverNamedIntegerEnumsOnly(t *testing.T) {
	src, err := EnumHelpers("p", []byte(enumTestSpec), []byte(enumTestTypes))
	if err != nil {
		t.Fatal(err)
	}

	got := methodsOf(t, src)
	want := []string{"Phase.IsTerminal", "Phase.String", "Switch.String"}
	if !slices.Equal(got, want) {
		t.Errorf("methods = %v, want %v", got, want)
	}
	for _, text := range []string{`return "Busy"`, `case 9:`, `"Switch(" +`} {
		if !strings.Contains(string(src), text) {
			t.Errorf("generated helpers lack %s:\n%s", text, src)
		}
	}
}

func TestEnumHelpersRejectUnknownTerminalValue(t *testing.T) {
	spec := strings.Replace(enumTestSpec, `"x-dbtcloud-terminal": [9]`,
		`"x-dbtcloud-terminal": [7]`, 1)

	_, err := EnumHelpers("p", []byte(spec), []byte(enumTestTypes))
	if err == nil || !strings.Contains(err.Error(), "components/schemas/Phase") {
		t.Fatalf("err = %v, want one naming components/schemas/Phase", err)
	}
}

func TestEnumHelpersRejectMissingGoType(t *testing.T) {
	types := strings.Replace(enumTestTypes, "type Switch int64", "type Toggle int64", 1)

	_, err := EnumHelpers("p", []byte(enumTestSpec), []byte(types))
	if err == nil || !strings.Contains(err.Error(), "no type Switch") {
		t.Fatalf("err = %v, want one saying the models declare no type Switch", err)
	}
}

func TestEnumHelpersWithoutEnumsWriteNothing(t *testing.T) {
	src, err := EnumHelpers("p", []byte(`{"components": {"schemas": {}}}`), nil)
	if err != nil || src != nil {
		t.Fatalf("EnumHelpers = %q, %v; want no file and no error", src, err)
	}
}

func TestJoinNames(t *testing.T) {
	cases := map[string][]string{
		"":          nil,
		"A":         {"A"},
		"A or B":    {"A", "B"},
		"A, B or C": {"A", "B", "C"},
	}
	for want, names := range cases {
		if got := joinNames(names); got != want {
			t.Errorf("joinNames(%q) = %q, want %q", names, got, want)
		}
	}
}
