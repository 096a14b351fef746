package bot

import (
	"fmt"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

func TestSentenceLink(t *testing.T) {
	tests := []struct {
		name, url, sentence, want string
	}{
		{"short sentence whole", "https://example.com/a", "Five people died.", "https://example.com/a#:~:text=Five%20people%20died."},
		{"long sentence by its ends", "https://example.com/a", "At least seven people died when a ferry capsized on Lake Kivu on Thursday.",
			"https://example.com/a#:~:text=At%20least%20seven%20people,Lake%20Kivu%20on%20Thursday."},
		{"syntax characters escaped", "https://example.com/a", "Toll: 5-7, AP & AFP say.", "https://example.com/a#:~:text=Toll:%205%2D7%2C%20AP%20%26%20AFP%20say."},
		{"an existing fragment replaced", "https://example.com/a#comments", "Five died.", "https://example.com/a#:~:text=Five%20died."},
		{"brackets cannot end the link", "https://example.com/a_(2025)", "Five died.", "https://example.com/a_%282025%29#:~:text=Five%20died."},
		{"no URL, no link", "", "Five died.", ""},
		{"too long for a fragment", "https://example.com/" + strings.Repeat("a", 380), "Five people died in the fire on Thursday night in the city.", "https://example.com/" + strings.Repeat("a", 380)},
	}
	for _, tt := range tests {
		if got := sentenceLink(tt.url, tt.sentence); got != tt.want {
			t.Errorf("%s: sentenceLink = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRenderAnswerDifferences: the note sits in the description, above the
// citations, each value linked to its sentence; many notes and values stay
// within Discord's limits and leave the sources their room.
func TestRenderAnswerDifferences(t *testing.T) {
	older := corpus.Article{ID: "r", Outlet: "Reuters", URL: "https://example.com/r", Published: "2025-11-09"}
	newer := corpus.Article{ID: "b", Outlet: "BBC", URL: "https://example.com/b", Published: "2025-11-10"}
	ans := qa.Answer{Question: "How many people died?", Sources: []qa.SourceAnswer{
		{Source: newer, Sentences: []qa.Cited{{Text: "At least 7 people died.", Paragraph: 1, Sentence: 1}}},
		{Source: older, Sentences: []qa.Cited{{Text: "Five [sic] people died.", Paragraph: 1, Sentence: 1}}},
	}, Differences: []qa.Difference{{Kind: "number", Values: []qa.DifferenceValue{
		{Value: "Five [sic]", Source: "r", Paragraph: 1, Sentence: 1, Text: "Five [sic] people died."},
		{Value: "At least 7", Source: "b", Paragraph: 1, Sentence: 1, Text: "At least 7 people died."},
	}}}}
	r := RenderAnswer(ans)
	if err := CheckLimits(r); err != nil {
		t.Fatal(err)
	}
	want := "**Sources differ:** [Five \\[sic\\]](https://example.com/r#:~:text=Five%20%5Bsic%5D%20people%20died.) (Reuters, 9 Nov) · " +
		"[At least 7](https://example.com/b#:~:text=At%20least%207%20people%20died.) (BBC, 10 Nov)"
	if got := r.Embeds[0].Description; got != want {
		t.Errorf("description:\n got %s\nwant %s", got, want)
	}

	// Many sources, each differing: notes are capped, sources still shown.
	var many qa.Answer
	many.Question = "How many people died?"
	for i := range 30 {
		a := corpus.Article{ID: fmt.Sprint(i), Outlet: fmt.Sprintf("Outlet %d", i), URL: "https://example.com/" + strings.Repeat("x", 300), Published: "2025-11-09"}
		text := strings.Repeat("Many words here. ", 60) + fmt.Sprintf("%d people died.", i+1)
		many.Sources = append(many.Sources, qa.SourceAnswer{Source: a, Sentences: []qa.Cited{{Text: text, Paragraph: 1, Sentence: 1}}})
	}
	for range 5 {
		d := qa.Difference{Kind: "number"}
		for i := range 30 {
			d.Values = append(d.Values, qa.DifferenceValue{Value: fmt.Sprint(i + 1), Source: fmt.Sprint(i), Text: many.Sources[i].Sentences[0].Text})
		}
		many.Differences = append(many.Differences, d)
	}
	r = RenderAnswer(many)
	if err := CheckLimits(r); err != nil {
		t.Fatal(err)
	}
	desc := r.Embeds[0].Description
	// Links that would not fit give way to plain values.
	if textLen(desc) > maxNoteText || !strings.HasPrefix(desc, "**Sources differ:** 1 (Outlet 0, 9 Nov) · ") || !strings.Contains(desc, " · 24 more · 30 (Outlet 29, 9 Nov)") {
		t.Errorf("description of %d: %s", textLen(desc), desc)
	}
	if len(r.Embeds[0].Fields) < 3 {
		t.Errorf("the notes crowded out the sources: %d fields", len(r.Embeds[0].Fields))
	}
}
