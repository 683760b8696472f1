package dbtcloudtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

// status is the status object of dbt Cloud's response envelope.
type status struct {
	Code             int    `json:"code"`
	IsSuccess        bool   `json:"is_success"`
	UserMessage      string `json:"user_message"`
	DeveloperMessage string `json:"developer_message"`
}

// reply is a response the handlers hand back before faults and recording see it. Its body
// is either body or, for artifacts too large to hold, size bytes read from stream.
type reply struct {
	code   int
	header http.Header
	body   []byte
	stream io.Reader
	size   int64
}

// jsonReply encodes v as the body of a JSON response with the given status code.
func jsonReply(code int, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		return errorReply(http.StatusInternalServerError, "The fake could not encode its answer.",
			"dbtcloudtest: encode response: "+err.Error())
	}

	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return reply{code: code, header: h, body: body}
}

// errorReply answers with dbt Cloud's error envelope: a status object and null data.
func errorReply(code int, user, developer string) reply {
	return jsonReply(code, map[string]any{
		"status": status{Code: code, UserMessage: user, DeveloperMessage: developer},
		"data":   nil,
	})
}

// successStatus is the status object of a successful response.
func successStatus(code int) map[string]any {
	return map[string]any{"code": float64(code), "is_success": true,
		"user_message": "Success!", "developer_message": ""}
}

func readCloser(b []byte) io.ReadCloser {
	return io.NopCloser(bytes.NewReader(b))
}
