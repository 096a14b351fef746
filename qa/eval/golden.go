package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// GoldenQuestion is one question of the project's own golden set, written
// for a story's corpus folder:
//
//	{"questions": [
//	  {"question": "What did Sheinbaum say about US troops?",
//	   "expect": {"000_156f60930e48d313.txt": "first sentence the bot should cite, verbatim",
//	              "004_c844147cb205b5ce.txt": null}},
//	  {"question": "What is the capital of Peru?", "not_found": true}
//	]}
//
// Expect maps a source's file name (as in the corpus folder) to the
// sentence the bot should cite first for that source, or null when that
// source should not be cited at all. Sources left out are not scored.
// NotFound says the bot should answer that the sources don't say; it
// implies null for every source.
type GoldenQuestion struct {
	Question string             `json:"question"`
	Expect   map[string]*string `json:"expect,omitempty"`
	NotFound bool               `json:"not_found,omitempty"`
	// Note says why the expectation holds, for whoever edits the set.
	Note string `json:"note,omitempty"`
}

// ReadGolden loads a golden question set.
func ReadGolden(path string) ([]GoldenQuestion, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open golden set: %w", err)
	}
	qs, err := ParseGolden(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return qs, nil
}

// ParseGolden reads a golden set: an object with a "questions" array, or
// the bare array. Unknown fields are an error, so a misspelt "expect" is
// caught rather than silently scoring nothing; so are empty questions and
// questions that expect nothing at all.
func ParseGolden(r io.Reader) ([]GoldenQuestion, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	var qs []GoldenQuestion
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if len(b) > 0 && b[0] == '[' {
		err = dec.Decode(&qs)
	} else {
		var doc struct {
			Questions []GoldenQuestion `json:"questions"`
		}
		err = dec.Decode(&doc)
		qs = doc.Questions
	}
	if err != nil {
		return nil, fmt.Errorf("decode golden json: %w", err)
	}
	if len(qs) == 0 {
		return nil, errors.New(`no questions: want {"questions": [{"question", "expect": {file: sentence or null}}]}`)
	}
	for i, q := range qs {
		if strings.TrimSpace(q.Question) == "" {
			return nil, fmt.Errorf("question %d: empty question text", i+1)
		}
		if !q.NotFound && len(q.Expect) == 0 {
			return nil, fmt.Errorf("question %d (%q): give \"expect\" per source file or \"not_found\": true", i+1, q.Question)
		}
		if q.NotFound {
			for file, s := range q.Expect {
				if s != nil {
					return nil, fmt.Errorf("question %d (%q): not_found but expects a sentence from %s", i+1, q.Question, file)
				}
			}
		}
	}
	return qs, nil
}

// SameSentence compares a cited sentence with an expected one, ignoring
// differences in white space, since the golden file is edited by hand.
func SameSentence(got, want string) bool {
	return strings.Join(strings.Fields(got), " ") == strings.Join(strings.Fields(want), " ")
}
