package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// ToJSON encodes a YAML node tree as JSON. kin-openapi reads JSON several times faster than
// YAML, and the tree is already parsed, so this saves a round trip through YAML text.
// Timestamps and binary scalars stay strings, as kin-openapi's own loader keeps them.
func ToJSON(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return fmt.Errorf("line %d: want one YAML document", n.Line)
		}
		return writeJSON(buf, n.Content[0])
	case yaml.AliasNode:
		return writeJSON(buf, n.Alias)
	case yaml.MappingNode:
		return writeObject(buf, n)
	case yaml.SequenceNode:
		return writeArray(buf, n)
	case yaml.ScalarNode:
		return writeScalar(buf, n)
	}
	return fmt.Errorf("line %d: unexpected YAML node kind %d", n.Line, n.Kind)
}

func writeObject(buf *bytes.Buffer, n *yaml.Node) error {
	buf.WriteByte('{')
	for i := 0; i+1 < len(n.Content); i += 2 {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, _ := json.Marshal(n.Content[i].Value)
		buf.Write(key)
		buf.WriteByte(':')
		if err := writeJSON(buf, n.Content[i+1]); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func writeArray(buf *bytes.Buffer, n *yaml.Node) error {
	buf.WriteByte('[')
	for i, c := range n.Content {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := writeJSON(buf, c); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}

func writeScalar(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		buf.WriteString("null")
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		buf.WriteString(strconv.FormatBool(b))
		return nil
	case "!!int", "!!float":
		return writeNumber(buf, n)
	}
	s, _ := json.Marshal(n.Value)
	buf.Write(s)
	return nil
}

func writeNumber(buf *bytes.Buffer, n *yaml.Node) error {
	if n.ShortTag() == "!!int" {
		var i int64
		if err := n.Decode(&i); err == nil {
			buf.WriteString(strconv.FormatInt(i, 10))
			return nil
		}
	}

	var f float64
	if err := n.Decode(&f); err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("line %d: %s has no JSON form", n.Line, n.Value)
	}
	buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	return nil
}
