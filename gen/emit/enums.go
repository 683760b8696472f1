package emit

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/dbtcloud-go/dbtcloud/gen/oapi"
)

// ExtTerminal lists, on an integer enum schema, the values that are final states. The enum's
// Go type then gets an IsTerminal method.
const ExtTerminal = "x-dbtcloud-terminal"

// enumsFile is the file the enum helpers are written to.
const enumsFile = "enums.gen.go"

// enumSchema is the part of a component schema the enum helpers are made from.
type enumSchema struct {
	Type     json.RawMessage   `json:"type"`
	Enum     []json.RawMessage `json:"enum"`
	VarNames []string          `json:"x-enum-varnames"`
	GoName   string            `json:"x-go-name"`
	Terminal []json.Number     `json:"x-dbtcloud-terminal"`
}

// intEnum is one named integer enum: its Go type, its values with their names, and the
// values that are final states.
type intEnum struct {
	schema   string
	goType   string
	values   []int64
	names    []string
	terminal []int64
}

// EnumHelpers renders enums.gen.go: a String method for every integer enum whose values all
// have names, and an IsTerminal method for those that list their final states in
// x-dbtcloud-terminal. types is the models source, used to check that each Go type exists.
// It returns nil when the spec has no such enum.
func EnumHelpers(pkg string, spec, types []byte) ([]byte, error) {
	enums, err := intEnums(spec)
	if err != nil || len(enums) == 0 {
		return nil, err
	}

	declared, err := declaredTypes(types)
	if err != nil {
		return nil, err
	}

	f := newFile(pkg)
	for _, e := range enums {
		if !declared[e.goType] {
			return nil, fmt.Errorf("components/schemas/%s: the models declare no type %s "+
				"for this enum; check its x-go-name", e.schema, e.goType)
		}
		enumString(f, e)
		if len(e.terminal) > 0 {
			enumTerminal(f, e)
		}
	}
	return renderJen(f)
}

// intEnums returns the named integer enums among the component schemas of spec, sorted by
// schema name.
func intEnums(spec []byte) ([]intEnum, error) {
	var doc struct {
		Components struct {
			Schemas map[string]enumSchema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("read enums from prepared spec: %w", err)
	}

	var enums []intEnum
	for _, name := range sortedNames(doc.Components.Schemas) {
		s := doc.Components.Schemas[name]
		if !s.isNamedInteger() {
			continue
		}
		e, err := s.intEnum(name)
		if err != nil {
			return nil, fmt.Errorf("components/schemas/%s: %w", name, err)
		}
		enums = append(enums, e)
	}
	return enums, nil
}

// isNamedInteger reports whether s is an integer enum with a name for every value.
func (s enumSchema) isNamedInteger() bool {
	var one string
	var many []string
	isInt := json.Unmarshal(s.Type, &one) == nil && one == "integer" ||
		json.Unmarshal(s.Type, &many) == nil && slices.Equal(many, []string{"integer"})
	return isInt && len(s.Enum) > 0 && len(s.VarNames) == len(s.Enum)
}

func (s enumSchema) intEnum(name string) (intEnum, error) {
	e := intEnum{schema: name, goType: s.GoName, names: s.VarNames}
	if e.goType == "" {
		e.goType = oapi.TypeName(name)
	}

	for _, v := range s.Enum {
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return e, fmt.Errorf("enum value %s is not an integer", v)
		}
		e.values = append(e.values, n)
	}
	for _, v := range s.Terminal {
		n, err := v.Int64()
		if err != nil || !slices.Contains(e.values, n) {
			return e, fmt.Errorf("%s value %s is not one of the enum's values; fix the overlay "+
				"that sets it", ExtTerminal, v)
		}
		e.terminal = append(e.terminal, n)
	}
	return e, nil
}

// declaredTypes returns the names of the types declared at the top level of src.
func declaredTypes(src []byte) (map[string]bool, error) {
	file, err := parser.ParseFile(token.NewFileSet(), "types.gen.go", src,
		parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse models to find enum types: %w", err)
	}

	names := map[string]bool{}
	for _, d := range file.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE {
			continue
		}
		for _, spec := range gen.Specs {
			names[spec.(*ast.TypeSpec).Name.Name] = true
		}
	}
	return names, nil
}

// enumString adds the String method of e: the value's name, or the type and number for a
// value the client does not know.
func enumString(f *jen.File, e intEnum) {
	cases := make([]jen.Code, 0, len(e.values)+1)
	for i, v := range e.values {
		cases = append(cases, jen.Case(jen.Lit(int(v))).Block(jen.Return(jen.Lit(e.names[i]))))
	}
	unknown := jen.Lit(e.goType+"(").Op("+").
		Qual("strconv", "FormatInt").Call(jen.Id("int64").Call(jen.Id("e")), jen.Lit(10)).
		Op("+").Lit(")")
	cases = append(cases, jen.Default().Block(jen.Return(unknown)))

	f.Commentf("String returns the name of e, such as %q,", e.names[0])
	f.Commentf("or %s(n) for a value n this client does not know.", e.goType)
	f.Func().Params(jen.Id("e").Id(e.goType)).Id("String").Params().String().Block(
		jen.Switch(jen.Id("e")).Block(cases...),
	)
}

// enumTerminal adds the IsTerminal method of e, true for the values listed in x-dbtcloud-terminal.
func enumTerminal(f *jen.File, e intEnum) {
	values := make([]jen.Code, len(e.terminal))
	names := make([]string, len(e.terminal))
	for i, v := range e.terminal {
		values[i] = jen.Lit(int(v))
		names[i] = e.names[slices.Index(e.values, v)]
	}

	f.Comment("IsTerminal reports whether e is a final state, one that does not change any more:")
	f.Commentf("%s. A value this client does not know is not final.", joinNames(names))
	f.Func().Params(jen.Id("e").Id(e.goType)).Id("IsTerminal").Params().Bool().Block(
		jen.Switch(jen.Id("e")).Block(
			jen.Case(values...).Block(jen.Return(jen.True())),
			jen.Default().Block(jen.Return(jen.False())),
		),
	)
}

// joinNames joins names as English prose: "a", "a or b", "a, b or c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

func sortedNames(m map[string]enumSchema) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func emitEnums(in Input, files map[string][]byte) error {
	src, err := EnumHelpers(in.Package, in.Spec, files["types.gen.go"])
	if src != nil {
		files[enumsFile] = src
	}
	return err
}
