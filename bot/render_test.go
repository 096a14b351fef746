package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	artAP = corpus.Article{ID: "000_ap", File: "000_ap.txt", Title: "Mexico's president rejects US troops",
		Outlet: "AP", URL: "https://example.com/ap", Published: "2025-03-02"}
	artLT = corpus.Article{ID: "004_lt", File: "004_lt.txt", Title: "Sheinbaum says no to US troops",
		Outlet: "Latin Times", URL: "https://example.com/lt_(2025)", Published: "2025-03-03"}
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, rerun with -update\ngot:\n%s", path, got)
	}
}

func replyJSON(t *testing.T, r Reply) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replyText is all the text of a reply, for substring checks.
func replyText(r Reply) string {
	parts := []string{r.Content}
	for _, e := range r.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// sentence returns a distinct sentence of about n characters.
func sentence(i, n int) string {
	s := fmt.Sprintf("Sentence %d says", i)
	for len(s) < n-1 {
		s += " more"
	}
	return s + "."
}

func hugeAnswer() qa.Answer {
	var sources []qa.SourceAnswer
	for i := range 40 {
		a := corpus.Article{ID: fmt.Sprintf("%03d_src", i), File: fmt.Sprintf("%03d_src.txt", i),
			Title: strings.Repeat("Long title words ", 30), Outlet: fmt.Sprintf("Outlet %d", i),
			URL: fmt.Sprintf("https://example.com/%d", i), Published: "2025-03-02"}
		var cited []qa.Cited
		for j := range 3 {
			cited = append(cited, qa.Cited{Text: sentence(i*10+j, 300), Paragraph: j + 1, Sentence: 1, AlsoIn: []string{"x"}})
		}
		sources = append(sources, qa.SourceAnswer{Source: a, Sentences: cited})
	}
	return qa.Answer{Question: strings.Repeat("What did everyone say about it? ", 20), Sources: sources}
}

func TestRenderAnswer(t *testing.T) {
	shared := "Sheinbaum said Mexico would not accept US troops on its soil."
	tests := []struct {
		name string
		ans  qa.Answer
		// want are substrings the rendering must hold, beyond the golden file.
		want []string
	}{
		{
			name: "two_sources",
			ans: qa.Answer{Question: "What did Sheinbaum say about US troops?", Sources: []qa.SourceAnswer{
				{Source: artAP, Sentences: []qa.Cited{
					{Text: shared, Paragraph: 2, Sentence: 1, AlsoIn: []string{artLT.ID}},
					{Text: "Hegseth said *all* options_were open to @everyone <@123>.", Paragraph: 4, Sentence: 2},
				}},
				{Source: artLT, Sentences: []qa.Cited{{Text: shared, Paragraph: 0, Sentence: 1, AlsoIn: []string{artAP.ID}}}},
			}},
			want: []string{"reported by both", "[Mexico's president rejects US troops](https://example.com/ap)", `\*all\*`, `\<@123\>`, "headline", "%282025%29"},
		},
		{
			name: "not_found",
			ans:  qa.Answer{Question: "Will it rain?", NotFound: true},
			want: []string{"The sources don't say."},
		},
		{
			name: "no_sources_not_flagged",
			ans:  qa.Answer{Question: "Anything?"},
			want: []string{"The sources don't say."},
		},
		{
			name: "three_sources_carry_it",
			ans: qa.Answer{Question: "Who?", Sources: []qa.SourceAnswer{
				{Source: corpus.Article{ID: "a", File: "a.txt"}, Sentences: []qa.Cited{{Text: "Same.", Paragraph: 1, Sentence: 1, AlsoIn: []string{"b", "c"}}}},
			}},
			want: []string{"reported by 3 sources", "— a.txt"},
		},
		{
			// One AP story three outlets ran is one field naming them all;
			// only a fourth source carrying the sentence is "reported by".
			name: "wire_report",
			ans: qa.Answer{Question: "How much was the bill?", Sources: []qa.SourceAnswer{
				{Source: corpus.Article{ID: "nyt", File: "nyt.json", Title: "Woman Stunned to Find Electric Bill", Outlet: "nytimes.com",
					URL: "https://www.nytimes.com/bill.html", Published: "2017-12-26"},
					CarriedBy: []corpus.Article{{ID: "wapo", File: "wapo.json", Outlet: "washingtonpost.com"}, {ID: "dm", File: "dm.json", Outlet: "dailymail.co.uk"}},
					Agency:    "AP",
					Sentences: []qa.Cited{
						{Text: "A Pennsylvania woman was stunned at the amount — more than $284 billion.", Paragraph: 1, Sentence: 1, AlsoIn: []string{"dm", "wapo"}},
						{Text: "The bill was corrected to $284.46.", Paragraph: 2, Sentence: 1, AlsoIn: []string{"dm", "npr", "wapo"}},
					}},
			}},
			want: []string{"AP, via nytimes.com, washingtonpost.com, dailymail.co.uk", "billion. — *¶1, sentence 1*\n", "reported by both"},
		},
		{
			name: "huge",
			ans:  hugeAnswer(),
			want: []string{"left out to fit Discord's size limit", "…"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := RenderAnswer(tt.ans)
			if err := CheckLimits(r); err != nil {
				t.Fatalf("breaks a Discord limit: %v", err)
			}
			got := replyJSON(t, r)
			text := replyText(r)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("rendering lacks %q:\n%s", w, text)
				}
			}
			golden(t, "answer_"+tt.name+".golden.json", got)
		})
	}
}

func TestRenderAnswerHugeKeepsCitations(t *testing.T) {
	ans := hugeAnswer()
	r := RenderAnswer(ans)
	e := r.Embeds[0]
	if len(e.Fields) == 0 || len(e.Fields) >= len(ans.Sources) {
		t.Fatalf("%d fields for %d sources; want some but not all", len(e.Fields), len(ans.Sources))
	}
	for i, f := range e.Fields {
		want := citationLine(ans.Sources[i].Source, false)
		if !strings.HasSuffix(f.Value, "\n"+want) {
			t.Errorf("field %d does not end with its whole citation %q:\n%s", i, want, f.Value)
		}
		// Every quoted line is a whole cited sentence or the "…" marker.
		for _, line := range strings.Split(strings.TrimSuffix(f.Value, "\n"+want), "\n") {
			if line == "> …" {
				continue
			}
			if !strings.HasPrefix(line, "> Sentence ") || !strings.Contains(line, " more. — *¶") {
				t.Errorf("field %d has a cut sentence line %q", i, line)
			}
		}
	}
	total := textLen(e.Title) + textLen(e.Footer.Text)
	for _, f := range e.Fields {
		total += textLen(f.Name) + textLen(f.Value)
	}
	if total > maxEmbedTotal {
		t.Errorf("embed total %d > %d", total, maxEmbedTotal)
	}
}

func TestRenderAnswerOneHugeSentence(t *testing.T) {
	long := strings.Repeat("word ", 3000) + "end."
	r := RenderAnswer(qa.Answer{Question: strings.Repeat("q", 5000), Sources: []qa.SourceAnswer{
		{Source: artAP, Sentences: []qa.Cited{{Text: long, Paragraph: 1, Sentence: 1}}},
	}})
	if err := CheckLimits(r); err != nil {
		t.Fatal(err)
	}
	v := r.Embeds[0].Fields[0].Value
	if !strings.Contains(v, "word…") || !strings.HasSuffix(v, citationLine(artAP, false)) {
		t.Errorf("a sentence too long alone should be cut at a word with \"…\" and keep its citation:\n%s", v)
	}
	if !strings.HasSuffix(r.Embeds[0].Title, "…") {
		t.Errorf("long question title not marked as cut: %q", r.Embeds[0].Title)
	}
}

func TestRenderNotFoundHugeQuestion(t *testing.T) {
	r := RenderAnswer(qa.Answer{Question: strings.Repeat("Why? ", 1000), NotFound: true})
	if err := CheckLimits(r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(r.Content, "\nThe sources don't say.") {
		t.Errorf("content = %q", r.Content)
	}
}

func TestRenderQuotes(t *testing.T) {
	hits := []qa.QuoteHit{
		{Quote: corpus.Quote{Text: "We will never accept it", Speaker: "Claudia Sheinbaum", Paragraph: 3, Sentence: 1}, Source: artAP},
		{Quote: corpus.Quote{Text: "Ready.", Speaker: "", Paragraph: 5, Sentence: 2}, Source: artLT},
	}
	for i := range 30 {
		hits = append(hits, qa.QuoteHit{Quote: corpus.Quote{Text: sentence(i, 900), Speaker: "Speaker", Paragraph: 1, Sentence: 1}, Source: artLT})
	}
	tests := []struct {
		name           string
		hits           []qa.QuoteHit
		speaker, topic string
	}{
		{"two", hits[:2], "", "troops"},
		{"none_by_speaker", nil, "Hegseth", ""},
		{"none_at_all", nil, "", ""},
		{"many", hits, "Speaker", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := RenderQuotes(tt.hits, tt.speaker, tt.topic)
			if err := CheckLimits(r); err != nil {
				t.Fatal(err)
			}
			golden(t, "quotes_"+tt.name+".golden.json", replyJSON(t, r))
		})
	}
}

func TestRenderSources(t *testing.T) {
	var many []corpus.Article
	for i := range 40 {
		many = append(many, corpus.Article{ID: fmt.Sprint(i), File: fmt.Sprintf("%03d.txt", i), Title: strings.Repeat("T", 300), Outlet: "O"})
	}
	tests := []struct {
		name string
		arts []corpus.Article
	}{
		{"two", []corpus.Article{artAP, artLT}},
		{"none", nil},
		{"many", many},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := RenderSources(tt.arts)
			if err := CheckLimits(r); err != nil {
				t.Fatal(err)
			}
			golden(t, "sources_"+tt.name+".golden.json", replyJSON(t, r))
		})
	}
}

func TestRenderReload(t *testing.T) {
	big := corpus.ReloadReport{Sentences: 9}
	for i := range 300 {
		big.Added = append(big.Added, fmt.Sprintf("%04d_article.txt", i))
	}
	tests := []struct {
		name string
		r    corpus.ReloadReport
	}{
		{"mixed", corpus.ReloadReport{Added: []string{"a.txt"}, Updated: []string{"b.txt"}, Removed: []string{"c`d.txt"}, Unchanged: 4,
			Failed: []corpus.FileProblem{{File: "e.txt", Reason: "empty file: add a title line and text"}}, Sentences: 100}},
		{"many", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := RenderReload(tt.r)
			if err := CheckLimits(r); err != nil {
				t.Fatal(err)
			}
			golden(t, "reload_"+tt.name+".golden.json", replyJSON(t, r))
		})
	}
}

func TestTrimText(t *testing.T) {
	tests := []struct {
		text string
		max  int
		want string
	}{
		{"Short.", 10, "Short."},
		{"One. Two. Three.", 12, "One. Two. …"},
		{"One. Two. Three.", 16, "One. Two. Three."},
		{"One! “Two?” Three.", 14, "One! “Two?” …"},
		{"Averyveryverylongword and more", 10, "Averyvery…"},
		{"alpha beta gamma delta", 13, "alpha beta…"},
		{"😀😀😀😀", 5, "😀😀…"},
		{"anything", 1, ""},
	}
	for _, tt := range tests {
		got := trimText(tt.text, tt.max)
		if got != tt.want {
			t.Errorf("trimText(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
		}
		if textLen(got) > tt.max {
			t.Errorf("trimText(%q, %d) is %d long", tt.text, tt.max, textLen(got))
		}
	}
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences(`He said "no." Then left! Really? Yes… ok 3.5 times`)
	want := []string{`He said "no."`, "Then left!", "Really?", "Yes…", "ok 3.5 times"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitSentences = %q, want %q", got, want)
	}
}

func TestCheckLimits(t *testing.T) {
	ok := Reply{Content: "hi"}
	if err := CheckLimits(ok); err != nil {
		t.Errorf("CheckLimits(ok) = %v", err)
	}
	bad := []Reply{
		{},
		{Content: strings.Repeat("a", 2001)},
		RenderSources([]corpus.Article{artAP}),
	}
	bad[2].Embeds[0].Title = strings.Repeat("t", 257)
	for i, r := range bad {
		if CheckLimits(r) == nil {
			t.Errorf("bad reply %d passed", i)
		}
	}
}

// FuzzRenderAnswer renders arbitrary text and checks every limit holds and
// the citation survives.
func FuzzRenderAnswer(f *testing.F) {
	f.Add("What did Sheinbaum say?", "She said no. Twice!", "Title", 3)
	f.Add(strings.Repeat("?", 300), strings.Repeat("é😀 ", 900), strings.Repeat("[x]", 200), 30)
	f.Fuzz(func(t *testing.T, question, text, title string, n int) {
		n = max(1, min(n, 40))
		var sources []qa.SourceAnswer
		for i := range n {
			a := corpus.Article{ID: fmt.Sprint(i), File: fmt.Sprint(i, ".txt"), Title: title, Outlet: title, URL: "https://e.com/" + title}
			sources = append(sources, qa.SourceAnswer{Source: a, Sentences: []qa.Cited{{Text: text, Paragraph: i, Sentence: 1}, {Text: text + text, Paragraph: i, Sentence: 2}}})
		}
		r := RenderAnswer(qa.Answer{Question: question, Sources: sources})
		if err := CheckLimits(r); err != nil {
			t.Fatalf("limits: %v", err)
		}
		if len(r.Embeds) == 1 {
			for i, fl := range r.Embeds[0].Fields {
				if !strings.HasSuffix(fl.Value, citationLine(sources[i].Source, false)) {
					t.Fatalf("field %d lost its citation", i)
				}
			}
		}
	})
}
