package qa

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/store"
)

// compareEngine indexes the Riverton bus crash (testdata/compare): five
// reports that differ on the toll and the day, one of them an AP story two
// outlets ran, and a sixth article on detours.
func compareEngine(t *testing.T) *Engine {
	t.Helper()
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "compare.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if rep, err := db.Reload(ctx, os.DirFS(filepath.Join("testdata", "compare")), nil); err != nil || len(rep.Added) != 6 {
		t.Fatalf("reload: added %v, failed %v, err %v", rep.Added, rep.Failed, err)
	}
	return NewEngine(db, db, an, nil)
}

// sourceIDs are a comparison's reports, each as its article id and then
// its carriers' after a "+".
func sourceIDs(c Comparison) []string {
	var out []string
	for _, s := range c.Sources {
		id := s.Source.ID
		for _, a := range s.CarriedBy {
			id += "+" + a.ID
		}
		out = append(out, id)
	}
	return out
}

func TestCompareOverSQLite(t *testing.T) {
	e := compareEngine(t)
	tests := []struct {
		topic string
		// want are the reports shown, in order.
		want []string
		// every cited sentence holds one of these, lowercased.
		words []string
	}{
		{"the death toll", []string{"001_reuters", "003_ap+004_herald", "002_bbc", "005_gazette"}, []string{"toll"}},
		{"How many people died?", []string{"001_reuters", "002_bbc"}, []string{"killed", "died"}},
		{"Kowalski", []string{"001_reuters", "002_bbc", "003_ap+004_herald"}, []string{"kowalski"}},
		// Every report mentions the bridge; the detours article, newest,
		// comes last.
		{"the Mill Creek bridge", []string{"001_reuters", "002_bbc", "003_ap+004_herald", "005_gazette", "006_detours"}, []string{"bridge"}},
		// Not in any source: said plainly, nothing shown.
		{"the weather", nil, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			c, err := e.Compare(context.Background(), tt.topic)
			if err != nil {
				t.Fatal(err)
			}
			if c.Topic != tt.topic {
				t.Errorf("Topic = %q, want %q", c.Topic, tt.topic)
			}
			if got := sourceIDs(c); !slices.Equal(got, tt.want) {
				t.Fatalf("reports = %v, want %v", got, tt.want)
			}
			for i, s := range c.Sources {
				if n := len(s.Sentences); n < 1 || n > maxPerSource {
					t.Errorf("%s cites %d sentences, want 1 to %d", s.Source.ID, n, maxPerSource)
				}
				if i > 0 && c.Sources[i-1].Source.Published > s.Source.Published {
					t.Errorf("%s (%s) after %s (%s): not oldest first", s.Source.ID, s.Source.Published,
						c.Sources[i-1].Source.ID, c.Sources[i-1].Source.Published)
				}
				for _, cited := range s.Sentences {
					if !slices.ContainsFunc(tt.words, func(w string) bool { return strings.Contains(strings.ToLower(cited.Text), w) }) {
						t.Errorf("%s: %q mentions none of %v", s.Source.ID, cited.Text, tt.words)
					}
				}
				if len(s.CarriedBy) > 0 && s.Agency != "AP" {
					t.Errorf("%s carried by others credits %q, want AP", s.Source.ID, s.Agency)
				}
			}
		})
	}
}

// TestRouterCompare: a topic goes to the story it fits, as a question
// does; a named story compares from that story alone, saying plainly when
// it has nothing on the topic; an unknown one is ErrUnknownStory.
func TestRouterCompare(t *testing.T) {
	fsys := threeStories(t)
	entries, err := os.ReadDir(filepath.Join("testdata", "compare"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "compare", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys["riverton/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	r, _ := newRouter(t, fsys, "compare")
	ctx := context.Background()

	c, err := r.Compare(ctx, "the death toll")
	if err != nil {
		t.Fatal(err)
	}
	if c.Story != "riverton" || len(c.Sources) != 4 {
		t.Errorf("Compare: story %q with reports %v, want riverton with 4", c.Story, sourceIDs(c))
	}
	c, err = r.CompareStory(ctx, "seed", "the death toll")
	if err != nil {
		t.Fatal(err)
	}
	if c.Story != "seed" || len(c.Sources) != 0 {
		t.Errorf("CompareStory(seed): story %q with reports %v, want seed with none", c.Story, sourceIDs(c))
	}
	c, err = r.CompareStory(ctx, "quake", "Lima")
	if err != nil {
		t.Fatal(err)
	}
	if c.Story != "quake" || len(c.Sources) != 2 {
		t.Errorf("CompareStory(quake): story %q with reports %v, want quake with 2", c.Story, sourceIDs(c))
	}
	if _, err := r.CompareStory(ctx, "no such story", "Lima"); !errors.Is(err, ErrUnknownStory) {
		t.Errorf("CompareStory(unknown) = %v, want ErrUnknownStory", err)
	}
	if c, err := r.Compare(ctx, "zzyzx qqq"); err != nil || len(c.Sources) != 0 {
		t.Errorf("Compare(nonsense) = %v, %v; want nothing shown", sourceIDs(c), err)
	}
}

func TestMarkedPassages(t *testing.T) {
	open := "She said: “Five are dead."
	closing := "Two more are missing.”"
	src := SourceAnswer{
		Source:    corpus.Article{ID: "ap"},
		CarriedBy: []corpus.Article{{ID: "herald"}},
		Sentences: []Cited{
			{Text: "The toll rose to seven on Sunday.", Paragraph: 1, Sentence: 1},
			{Text: open, Paragraph: 2, Sentence: 1},
			{Text: closing, Paragraph: 2, Sentence: 2},
			{Text: "Café owners counted 12 guests.", Paragraph: 3, Sentence: 1},
		},
	}
	val := func(source string, p, s int, text, span string) DifferenceValue {
		i := strings.Index(text, strings.TrimSpace(span))
		if i < 0 {
			t.Fatalf("%q not in %q", span, text)
		}
		// span may carry spaces around it, which marks leave out.
		i -= strings.Index(span, strings.TrimSpace(span))
		return DifferenceValue{Value: strings.TrimSpace(span), Source: source, Paragraph: p, Sentence: s, Text: text, Start: i, End: i + len(span)}
	}
	tests := []struct {
		name   string
		values []DifferenceValue
		// want is each passage with its marks in [[ ]].
		want []string
	}{
		{"none", nil, []string{"The toll rose to seven on Sunday.", open + " " + closing, "Café owners counted 12 guests."}},
		{
			"spans of the source and its carrier; spaces trimmed",
			[]DifferenceValue{
				val("ap", 1, 1, src.Sentences[0].Text, "seven"),
				val("herald", 1, 1, src.Sentences[0].Text, " Sunday"),
				val("ap", 3, 1, src.Sentences[3].Text, "12 "),
			},
			[]string{"The toll rose to [[seven]] on [[Sunday]].", open + " " + closing, "Café owners counted [[12]] guests."},
		},
		{
			// Offsets in the second sentence of a joined quotation move
			// by the first sentence and the space.
			"joined quotation",
			[]DifferenceValue{val("ap", 2, 1, open, "Five"), val("ap", 2, 2, closing, "Two")},
			[]string{"The toll rose to seven on Sunday.", "She said: “[[Five]] are dead. [[Two]] more are missing.”", "Café owners counted 12 guests."},
		},
		{
			// The carrier prints the sentence in another paragraph.
			"carrier's position",
			[]DifferenceValue{val("herald", 5, 2, src.Sentences[0].Text, "seven")},
			[]string{"The toll rose to [[seven]] on Sunday.", open + " " + closing, "Café owners counted 12 guests."},
		},
		{
			"overlapping spans merge",
			[]DifferenceValue{val("ap", 1, 1, src.Sentences[0].Text, "rose to seven"), val("ap", 1, 1, src.Sentences[0].Text, "seven on Sunday")},
			[]string{"The toll [[rose to seven on Sunday]].", open + " " + closing, "Café owners counted 12 guests."},
		},
		{
			"other sources, other sentences, stale text and bad offsets mark nothing",
			[]DifferenceValue{
				val("bbc", 1, 1, src.Sentences[0].Text, "seven"),
				val("ap", 9, 1, "Nine were hurt.", "Nine"),
				val("ap", 1, 1, "The toll rose to eight on Sunday.", "eight"),
				{Source: "ap", Paragraph: 1, Sentence: 1, Text: src.Sentences[0].Text, Start: 20, End: 200},
				{Source: "ap", Paragraph: 1, Sentence: 1, Text: src.Sentences[0].Text, Start: 5, End: 5},
				// Inside the é of Café: not a rune boundary.
				{Source: "ap", Paragraph: 3, Sentence: 1, Text: src.Sentences[3].Text, Start: 4, End: 8},
			},
			[]string{"The toll rose to seven on Sunday.", open + " " + closing, "Café owners counted 12 guests."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MarkedPassages(src, []Difference{{Kind: "number", Values: tt.values}})
			var texts []string
			for _, p := range got {
				texts = append(texts, WithMarks(p.Text, p.Marks, "[[", "]]", nil))
			}
			if !slices.Equal(texts, tt.want) {
				t.Errorf("got  %q\nwant %q", texts, tt.want)
			}
		})
	}
}

func TestWithMarksEscapes(t *testing.T) {
	upper := func(s string) string { return strings.ToUpper(s) }
	text := "at least 7 *dead* in 2025"
	got := WithMarks(text, []Mark{{0, 10}, {21, 25}, {22, 23}}, "<", ">", upper)
	// The overlapping third mark is skipped rather than nested.
	if want := "<AT LEAST 7> *DEAD* IN <2025>"; got != want {
		t.Errorf("WithMarks = %q, want %q", got, want)
	}
}

func TestComparisonDifferenceNotes(t *testing.T) {
	reuters := SourceAnswer{Source: corpus.Article{ID: "r", Outlet: "Reuters", Published: "2025-11-09"}}
	ap := SourceAnswer{Source: corpus.Article{ID: "ap", Outlet: "AP", Published: "2025-11-10"},
		CarriedBy: []corpus.Article{{ID: "h", Outlet: "Valley Herald", Published: "2025-11-10"}}, Agency: "AP"}
	bbc := SourceAnswer{Source: corpus.Article{ID: "b", Outlet: "BBC", Published: "2025-11-10"}}
	sources := []SourceAnswer{reuters, ap, bbc}
	tests := []struct {
		d    Difference
		want string
	}{
		{Difference{Kind: "number", Values: []DifferenceValue{{Value: "five", Source: "r"}, {Value: "at least\n7", Source: "b"}}},
			"Sources differ: five (Reuters, 9 Nov) · at least 7 (BBC, 10 Nov)"},
		{Difference{Kind: "number", Updated: true, Values: []DifferenceValue{{Value: "5", Source: "r"}, {Value: "7", Source: "h"}}},
			"Updated: 5 (Reuters, 9 Nov) · 7 (AP, 10 Nov)"},
	}
	for _, tt := range tests {
		c := Comparison{Sources: sources, Differences: []Difference{tt.d}}
		notes := DifferenceNotes(c.Answer())
		if len(notes) != 1 || notes[0].String() != tt.want {
			t.Errorf("DifferenceNotes = %q, want %q", notes, tt.want)
		}
	}
	if got := AgreeNote(Comparison{Sources: sources, Agree: 3}); got != "3 reports agree." {
		t.Errorf("AgreeNote = %q", got)
	}
	if got := AgreeNote(Comparison{Sources: sources, Agree: 3, Differences: []Difference{{}}}); got != "" {
		t.Errorf("AgreeNote with differences = %q, want none", got)
	}
}

// BenchmarkCompareNewsClusters times Compare, warm, over news-clusters in
// SQLite (383 articles as one flat story), beside Ask on the same topics.
func BenchmarkCompareNewsClusters(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("needs %s (the shared data): %v", dir, err)
	}
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "nc.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Reload(ctx, os.DirFS(dir), nil); err != nil {
		b.Fatal(err)
	}
	topics := []string{"the death toll", "the electric bill", "How many workers were injured?", "Ahed Tamimi", "the cockpit"}
	e := NewEngine(db, db, an, nil)
	b.Run("compare", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := e.Compare(ctx, topics[i%len(topics)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ask", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := e.Ask(ctx, topics[i%len(topics)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzMarkedPassages: whatever offsets a difference carries, marking never
// panics, marks stay in order inside the passage on rune boundaries, and
// removing the markers gives the passage back.
func FuzzMarkedPassages(f *testing.F) {
	f.Add("The toll rose to seven on Sunday.", "She said: “Five", 17, 22)
	f.Add("Café owners counted 12 guests.", "", 4, 8)
	f.Add("a", "b", -1, 100)
	f.Fuzz(func(t *testing.T, first, second string, start, end int) {
		src := SourceAnswer{Source: corpus.Article{ID: "s"}, Sentences: []Cited{
			{Text: first, Paragraph: 1, Sentence: 1}, {Text: second, Paragraph: 1, Sentence: 2}}}
		diffs := []Difference{{Kind: "number", Values: []DifferenceValue{
			{Source: "s", Paragraph: 1, Sentence: 1, Text: first, Start: start, End: end},
			{Source: "s", Paragraph: 1, Sentence: 2, Text: second, Start: start, End: end},
		}}}
		for _, p := range MarkedPassages(src, diffs) {
			at := 0
			for _, m := range p.Marks {
				if m.Start < at || m.End <= m.Start || m.End > len(p.Text) || !boundary(p.Text, m.Start) || !boundary(p.Text, m.End) {
					t.Fatalf("bad mark %+v in %q (marks %+v)", m, p.Text, p.Marks)
				}
				at = m.End
			}
			marked := WithMarks(p.Text, p.Marks, "\x00", "\x01", nil)
			if strings.NewReplacer("\x00", "", "\x01", "").Replace(marked) != strings.NewReplacer("\x00", "", "\x01", "").Replace(p.Text) {
				t.Fatalf("marking changed the text: %q -> %q", p.Text, marked)
			}
		}
	})
}
