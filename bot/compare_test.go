package bot

import (
	"fmt"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

// span is the DifferenceValue for the first sub in text, cited from src at
// paragraph p, sentence s.
func span(t *testing.T, src string, p, s int, text, sub string) qa.DifferenceValue {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	return qa.DifferenceValue{Value: sub, Source: src, Paragraph: p, Sentence: s, Text: text, Start: i, End: i + len(sub)}
}

// TestRenderComparisonMarks: the spans on which sources differ are bold,
// what is around and inside them escaped, a quotation the splitter cut
// joined with its marks in place, and a line above says how they differ.
func TestRenderComparisonMarks(t *testing.T) {
	apText := "Officials said *at least* 7 people died in the_crash on Friday."
	ltOpen, ltClose := "She said: “Five died.", "Two more are <@&123> missing.”"
	c := qa.Comparison{Topic: "the death toll",
		Sources: []qa.SourceAnswer{
			{Source: artAP, Sentences: []qa.Cited{{Text: apText, Paragraph: 1, Sentence: 1}}},
			{Source: artLT, Sentences: []qa.Cited{{Text: ltOpen, Paragraph: 2, Sentence: 1}, {Text: ltClose, Paragraph: 2, Sentence: 2}}},
		},
	}
	c.Differences = []qa.Difference{
		{Kind: "number", Values: []qa.DifferenceValue{span(t, artAP.ID, 1, 1, apText, "*at least* 7"), span(t, artLT.ID, 2, 1, ltOpen, "Five")}},
		{Kind: "date", Values: []qa.DifferenceValue{span(t, artAP.ID, 1, 1, apText, "Friday"), span(t, artLT.ID, 2, 2, ltClose, "Two")}},
	}
	r := RenderComparison(c)
	if err := CheckLimits(r); err != nil {
		t.Fatal(err)
	}
	e := r.Embeds[0]
	for _, want := range []string{
		"> Officials said **\\*at least\\* 7** people died in the\\_crash on **Friday**.",
		"> She said: “**Five** died. **Two** more are \\<@&123\\> missing.” — *¶2, sentences 1–2*",
	} {
		if !strings.Contains(replyText(r), want) {
			t.Errorf("lacks %q:\n%s", want, replyText(r))
		}
	}
	// Worded as an answer's note: each value linked to its sentence.
	for _, want := range []string{"**Sources differ:** [\\*at least\\* 7](https://example.com/ap#:~:text=", ") (AP, 2 Mar) · [Five](", ") (Latin Times, 3 Mar)"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("description = %q, want it to hold %q", e.Description, want)
		}
	}
	if !strings.Contains(e.Description, "In **bold**") {
		t.Errorf("description does not say what bold means: %q", e.Description)
	}
	if e.Title != "Compare: the death toll" || e.Footer.Text != "2 reports, oldest first" {
		t.Errorf("title %q, footer %q", e.Title, e.Footer.Text)
	}
}

// TestRenderComparisonCases: nothing found is said plainly; agreeing
// reports are counted; no marks, no bold; a long comparison stays within
// every Discord limit, never leaving a bold span open.
func TestRenderComparisonCases(t *testing.T) {
	long := strings.Repeat("The toll rose again according to officials at the scene. ", 40) + "It reached 9."
	var many []qa.SourceAnswer
	var values []qa.DifferenceValue
	for i := range 30 {
		a := corpus.Article{ID: fmt.Sprintf("a%02d", i), Outlet: fmt.Sprintf("Outlet %d", i), Title: fmt.Sprintf("Report %d", i),
			URL: "https://example.com/" + fmt.Sprint(i)}
		// The mark sits past the room a field has, so the line is cut inside it.
		text := strings.Repeat("x", 800) + " at least 7 dead " + long
		many = append(many, qa.SourceAnswer{Source: a, Sentences: []qa.Cited{{Text: text, Paragraph: 1, Sentence: 1}, {Text: long, Paragraph: 2, Sentence: 1}}})
		values = append(values, span(t, a.ID, 1, 1, text, "at least 7 dead "+long[:200]))
	}
	tests := []struct {
		name string
		c    qa.Comparison
		want []string
		not  []string
	}{
		{"none", qa.Comparison{Topic: "the **weather**"}, []string{"No source mentions “the \\*\\*weather\\*\\*”."}, nil},
		{"agree", qa.Comparison{Topic: "toll", Agree: 2, Sources: []qa.SourceAnswer{
			{Source: artAP, Sentences: []qa.Cited{{Text: "Seven died.", Paragraph: 1, Sentence: 1}}},
			{Source: artLT, Sentences: []qa.Cited{{Text: "Seven died.", Paragraph: 1, Sentence: 1}}},
		}}, []string{"2 reports agree.", "> Seven died."}, []string{"**"}},
		{"huge", qa.Comparison{Topic: strings.Repeat("toll ", 100), Sources: many, Differences: []qa.Difference{{Kind: "number", Values: values}}},
			[]string{"more left out to fit Discord's size limit"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := RenderComparison(tt.c)
			if err := CheckLimits(r); err != nil {
				t.Fatal(err)
			}
			text := replyText(r)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("has %q:\n%s", w, text)
				}
			}
			for _, e := range r.Embeds {
				for _, f := range e.Fields {
					if n := strings.Count(f.Value, "**"); n%2 != 0 {
						t.Errorf("field %q leaves a bold span open:\n%s", f.Name, f.Value)
					}
				}
			}
		})
	}
}

// TestRenderComparisonPage: a page shows its reports and says which of
// how many they are.
func TestRenderComparisonPage(t *testing.T) {
	var sources []qa.SourceAnswer
	for i := range 7 {
		sources = append(sources, qa.SourceAnswer{Source: corpus.Article{ID: fmt.Sprint(i), Outlet: fmt.Sprintf("Outlet %d", i), Published: fmt.Sprintf("2025-11-%02d", i+1)},
			Sentences: []qa.Cited{{Text: fmt.Sprintf("Sentence of report %d.", i), Paragraph: 1, Sentence: 1}}})
	}
	r := renderComparison(qa.Comparison{Topic: "t", Sources: sources}, 5, comparePageSize)
	e := r.Embeds[0]
	if len(e.Fields) != 2 || e.Fields[0].Name != "Outlet 5" || e.Footer.Text != "reports 6–7 of 7, oldest first" {
		t.Errorf("page 2: %d fields, first %q, footer %q", len(e.Fields), e.Fields[0].Name, e.Footer.Text)
	}
	// Undated reports are in no particular order: the footer does not
	// claim one.
	for i := range sources {
		sources[i].Source.Published = ""
	}
	if f := RenderComparison(qa.Comparison{Topic: "t", Sources: sources}).Embeds[0].Footer.Text; f != "7 reports" {
		t.Errorf("undated footer %q, want \"7 reports\"", f)
	}
}
