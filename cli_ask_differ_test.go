package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

// TestAskJSONDifferences: ask --json carries "differences" (an empty
// array, never null, when nothing is comparable) and "agree", in the
// shape issue 16 spells out.
func TestAskJSONDifferences(t *testing.T) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, newAskJSON(qa.Answer{Question: "q", NotFound: true})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"differences": []`) || !strings.Contains(buf.String(), `"agree": 0`) {
		t.Errorf("nothing comparable:\n%s", buf.String())
	}

	ans := qa.Answer{Question: "How many died?", Agree: 0,
		Sources: []qa.SourceAnswer{{Source: corpus.Article{ID: "r"}}, {Source: corpus.Article{ID: "b"}}},
		Differences: []qa.Difference{{Kind: "number", Updated: true, Values: []qa.DifferenceValue{
			{Value: "5", Source: "r", Paragraph: 1, Sentence: 2, Text: "5 died.", Start: 0, End: 1, Normal: "5"},
			{Value: "at least 7", Source: "b", Paragraph: 3, Sentence: 1, Text: "Now at least 7 died.", Start: 4, End: 14, Normal: ">=7"},
		}}}}
	buf.Reset()
	if err := writeJSON(&buf, newAskJSON(ans)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Differences []struct {
			Kind   string `json:"kind"`
			Values []struct {
				Value    string `json:"value"`
				Source   string `json:"source"`
				Sentence struct {
					Paragraph int    `json:"paragraph"`
					Sentence  int    `json:"sentence"`
					Text      string `json:"text"`
				} `json:"sentence"`
			} `json:"values"`
			Updated bool `json:"updated"`
		} `json:"differences"`
		Agree *int `json:"agree"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Differences) != 1 || got.Agree == nil || *got.Agree != 0 {
		t.Fatalf("got %s", buf.String())
	}
	d := got.Differences[0]
	if d.Kind != "number" || !d.Updated || len(d.Values) != 2 || d.Values[1].Value != "at least 7" || d.Values[1].Source != "b" ||
		d.Values[1].Sentence.Paragraph != 3 || d.Values[1].Sentence.Sentence != 1 || d.Values[1].Sentence.Text != "Now at least 7 died." {
		t.Errorf("got %s", buf.String())
	}
	// Exactly the fields the issue names, no more.
	var raw struct {
		Differences []map[string]json.RawMessage `json:"differences"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	var vals []map[string]json.RawMessage
	if err := json.Unmarshal(raw.Differences[0]["values"], &vals); err != nil {
		t.Fatal(err)
	}
	if len(raw.Differences[0]) != 3 || len(vals[0]) != 3 {
		t.Errorf("difference fields %d, value fields %d: %s", len(raw.Differences[0]), len(vals[0]), buf.String())
	}
}
