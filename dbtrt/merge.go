package dbtrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// JSONMerge merges patch into doc, much as a JSON merge patch (RFC 7386) does, and returns
// the result.
//
// An object patch merges into the document member by member and recursively: an object
// member merges into the member of the same name, and any other member replaces it. Unlike
// RFC 7386, a null member sets the key to null rather than removing it: the generated union
// types merge encoded Go values, whose explicit nulls are data. A patch that is not an
// object, arrays included, replaces the whole document. An empty or nil doc counts as no
// document, and an empty or nil patch leaves doc as it is, so that two empty arguments
// give {}.
//
// The result is compact JSON with object keys sorted, numbers written exactly as the input
// wrote them, and <, > and & escaped as encoding/json does. An argument that is not a single
// JSON value is an error that names it. The generated union types call JSONMerge to add
// discriminator values and to merge variants.
func JSONMerge(doc, patch []byte) ([]byte, error) {
	target, err := decodeMergeArg("doc", doc)
	if err != nil {
		return nil, err
	}

	if len(patch) == 0 {
		return encodeMerged(orEmptyObject(target, doc))
	}

	change, err := decodeMergeArg("patch", patch)
	if err != nil {
		return nil, err
	}

	return encodeMerged(mergePatch(target, change))
}

// decodeMergeArg decodes data, the JSONMerge argument called name, keeping numbers as
// written; empty data decodes to nil, as JSON null does.
func decodeMergeArg(name string, data []byte) (any, error) {
	if len(data) == 0 {
		return nil, nil
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()

	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("dbtrt: JSON merge: %s is not valid JSON, "+
			"pass one JSON value or nil: %w", name, err)
	}

	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("dbtrt: JSON merge: %s has more data after its JSON value at "+
			"offset %d, pass one JSON value or nil", name, dec.InputOffset())
	}

	return v, nil
}

// orEmptyObject returns target, or an empty object when raw, the text target came from, is
// empty.
func orEmptyObject(target any, raw []byte) any {
	if len(raw) == 0 {
		return map[string]any{}
	}

	return target
}

// mergePatch applies the decoded patch to the decoded target, which it may change in place,
// and returns the result.
func mergePatch(target, patch any) any {
	members, ok := patch.(map[string]any)
	if !ok {
		return patch
	}

	obj, ok := target.(map[string]any)
	if !ok {
		obj = make(map[string]any, len(members))
	}

	for name, value := range members {
		obj[name] = mergePatch(obj[name], value)
	}

	return obj
}

// encodeMerged encodes the merged value v as compact JSON.
func encodeMerged(v any) ([]byte, error) {
	out, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("dbtrt: JSON merge: encode the merged document: %w", err)
	}

	return out, nil
}
