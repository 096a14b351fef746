package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// realEngine indexes the articles in fsys in a real SQLite store and
// returns the real engine over it.
func realEngine(t *testing.T, fsys fs.FS) *qa.Engine {
	t.Helper()
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "storybot.db"), slog.New(slog.DiscardHandler), store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Reload(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	return &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}
}

// realAnswer answers question from the articles in fsys through a real
// SQLite store and the real engine.
func realAnswer(t *testing.T, fsys fs.FS, question string) qa.Answer {
	t.Helper()
	ans, err := realEngine(t, fsys).Ask(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	return ans
}

// discordBody is the message the bot posts for an answer, as Discord
// receives it.
func discordBody(t *testing.T, r bot.Reply) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	body := map[string]any{"allowed_mentions": map[string]any{"parse": []string{}}}
	if r.Content != "" {
		body["content"] = r.Content
	}
	if len(r.Embeds) > 0 {
		body["embeds"] = r.Embeds
	}
	if err := enc.Encode(body); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func goldenFile(t *testing.T, name string, got []byte) {
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
		t.Fatalf("%v (run go test . -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, rerun with -update\ngot:\n%s", path, got)
	}
}

// fileNames returns the ways out could name an article by its file: the
// file name, and for a file named by a hash, the hash.
func fileNames(a corpus.Article) []string {
	names := []string{a.File}
	names = append(names, hashPart.FindAllString(a.ID, -1)...)
	return names
}

var hashPart = regexp.MustCompile(`[0-9a-f]{12,}`)

// namedByFile returns the file names out uses for articles of ans that
// have a title or an outlet, which should be named by those instead.
func namedByFile(ans qa.Answer, out string) []string {
	var bad []string
	for _, src := range ans.Sources {
		for _, a := range append([]corpus.Article{src.Source}, src.CarriedBy...) {
			if a.Title == "" && a.Outlet == "" {
				continue
			}
			for _, n := range fileNames(a) {
				if n != "" && strings.Contains(out, n) {
					bad = append(bad, n)
				}
			}
		}
	}
	return bad
}

// fieldsText is the text of an answer's embed fields.
func fieldsText(r bot.Reply) string {
	var b strings.Builder
	for _, e := range r.Embeds {
		for _, f := range e.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
	}
	return strings.ReplaceAll(b.String(), "\\_", "_")
}

// TestNoFileNameWhenTitleOrOutlet: an article with a title or an outlet
// is never named by its file (a hash like 000_156f60930e48d313.txt) in
// either medium, with or without a link, as a source, a carrier or in
// "also reported by".
func TestNoFileNameWhenTitleOrOutlet(t *testing.T) {
	titled := corpus.Article{ID: "007_0123456789abcdef", File: "007_0123456789abcdef.txt", Title: "Boy found safe after three days", Published: "2025-05-03"}
	outlet := corpus.Article{ID: "008_fedcba9876543210", File: "008_fedcba9876543210.txt", Outlet: "Latin Times"}
	linked := corpus.Article{ID: "009_00112233445566aa", File: "009_00112233445566aa.json", Outlet: "AP", Title: "Boy found", URL: "https://example.com/boy"}
	carrier := corpus.Article{ID: "010_aabbccddeeff0011", File: "010_aabbccddeeff0011.json", Outlet: "nytimes.com"}
	ans := qa.Answer{Question: "Was the boy found?", Sources: []qa.SourceAnswer{
		{Source: titled, Sentences: []qa.Cited{{Text: "He was found.", Paragraph: 1, Sentence: 1, AlsoIn: []string{outlet.ID, linked.ID}}}},
		{Source: outlet, Sentences: []qa.Cited{{Text: "He was found.", Paragraph: 2, Sentence: 1, AlsoIn: []string{titled.ID}}}},
		{Source: linked, CarriedBy: []corpus.Article{carrier}, Agency: "AP",
			Sentences: []qa.Cited{{Text: "He was found.", Paragraph: 0, Sentence: 1, AlsoIn: []string{titled.ID, carrier.ID}}}},
	}}
	for medium, out := range map[string]string{"terminal": formatAnswer(ans), "discord": fieldsText(bot.RenderAnswer(ans))} {
		if bad := namedByFile(ans, out); len(bad) > 0 {
			t.Errorf("%s names articles by file %v:\n%s", medium, bad, out)
		}
		for _, want := range []string{"Boy found safe after three days", "Latin Times", "3 May 2025"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", medium, want, out)
			}
		}
	}
}

// TestRenderedCitationsGolden renders real answers, from the seed story and
// from one AP story three outlets ran (qa/testdata/wire), in both media:
// the Discord message as posted (within Discord's limits and, where the
// spec is at ../shared, valid against it) and the terminal text. A file
// name never stands for an article that has a title or an outlet.
func TestRenderedCitationsGolden(t *testing.T) {
	var spec *discordtest.Spec
	specPath := filepath.Join("..", "shared", "discord", "openapi.json")
	if _, err := os.Stat(specPath); err == nil {
		if spec, err = discordtest.LoadSpec(specPath); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Logf("Discord OpenAPI spec not found at %s: the message bodies are NOT validated against it", specPath)
	}
	tests := []struct {
		name     string
		fsys     fs.FS
		question string
		// want are substrings the terminal text must hold.
		want []string
	}{
		{
			name: "seed", fsys: corpus.Default(), question: "What did Sheinbaum say about sovereignty?",
			want: []string{"She added: “Sovereignty is not for sale. Sovereignty is loved and defended.”\n    (paragraph 4, sentences 1–2)"},
		},
		{
			name: "wire", fsys: os.DirFS(filepath.Join("qa", "testdata", "wire")), question: "How much was the electric bill?",
			want: []string{"AP, via dailymail.co.uk, nytimes.com, washingtonpost.com\n", "  nytimes.com · 26 Dec 2017 · “",
				"\n  https://www.nytimes.com/aponline/2017/12/26/us/ap-us-billion-dollar-electric-bill.html\n"},
		},
		// Three short reports of one ferry accident (qa/testdata/differ)
		// that differ on the toll, as it rose, and on the day.
		{
			name: "differ_toll", fsys: os.DirFS(filepath.Join("qa", "testdata", "differ")), question: "How many people died when the ferry capsized?",
			want: []string{"Updated: Five (theguardian.com, 7 Mar, and 1 more) · At least seven (bbc.co.uk, 8 Mar)\n\n"},
		},
		{
			name: "differ_date", fsys: os.DirFS(filepath.Join("qa", "testdata", "differ")), question: "When did the ferry capsize?",
			want: []string{"Sources differ: on Wednesday, 5 Mar (theguardian.com, 7 Mar) · on Thursday, 6 Mar (bbc.co.uk, 8 Mar, and 1 more)\n\n"},
		},
		{
			name: "differ_agree", fsys: os.DirFS(filepath.Join("qa", "testdata", "differ")), question: "How many survivors were pulled from the water?",
			want: []string{"2 sources agree: 12\n\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := realAnswer(t, tt.fsys, tt.question)
			if ans.NotFound {
				t.Fatalf("%q not answered", tt.question)
			}
			r := bot.RenderAnswer(ans)
			if err := bot.CheckLimits(r); err != nil {
				t.Fatalf("breaks a Discord limit: %v", err)
			}
			body := discordBody(t, r)
			if spec != nil {
				if err := spec.Validate("POST", "/channels/1/messages", body); err != nil {
					t.Errorf("message body is not valid for Discord: %v\n%s", err, body)
				}
			}
			text := formatAnswer(ans)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("terminal text lacks %q:\n%s", w, text)
				}
			}
			for medium, out := range map[string]string{"terminal": text, "discord": fieldsText(r)} {
				if bad := namedByFile(ans, out); len(bad) > 0 {
					t.Errorf("%s names articles that have a title or outlet by file %v:\n%s", medium, bad, out)
				}
			}
			goldenFile(t, "answer_"+tt.name+".discord.golden.json", body)
			goldenFile(t, "answer_"+tt.name+".terminal.golden.txt", []byte(text))
		})
	}
}

// TestRenderingShowsTime: both media show each source's date, and for a
// question about an outcome or the present put the newest report first
// (the answer itself, and so ask --json, stays best first).
func TestRenderingShowsTime(t *testing.T) {
	hope := corpus.Article{ID: "hope", Outlet: "dailymail.co.uk", Title: "Crowds pray for missing boy", Published: "2025-05-01"}
	dead := corpus.Article{ID: "dead", Outlet: "dailymail.co.uk", Title: "Missing boy found dead", Published: "2025-05-03T09:00:00Z"}
	sources := []qa.SourceAnswer{
		{Source: hope, Sentences: []qa.Cited{{Text: "A bystander said she hoped he was alive.", Paragraph: 2, Sentence: 1, AlsoIn: []string{"dead"}}}},
		{Source: dead, Sentences: []qa.Cited{{Text: "The boy was found dead on Saturday.", Paragraph: 1, Sentence: 1}}},
	}
	tests := []struct {
		question    string
		first, then string
	}{
		{"Is the boy alive?", "found dead", "hoped he was alive"},
		{"What did the bystander say?", "hoped he was alive", "found dead"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans := qa.Answer{Question: tt.question, Sources: sources}
			for medium, out := range map[string]string{"terminal": formatAnswer(ans), "discord": fieldsText(bot.RenderAnswer(ans))} {
				i, j := strings.Index(out, tt.first), strings.Index(out, tt.then)
				if i < 0 || j < 0 || i > j {
					t.Errorf("%s: want %q before %q:\n%s", medium, tt.first, tt.then, out)
				}
				for _, date := range []string{"1 May 2025", "3 May 2025"} {
					if !strings.Contains(out, date) {
						t.Errorf("%s lacks the date %s:\n%s", medium, date, out)
					}
				}
				// Two articles of one outlet: "also reported by" names the
				// other one by its title, never the outlet under its own name.
				if medium == "terminal" && !strings.Contains(out, "also reported by dailymail.co.uk, “Missing boy found dead”") {
					t.Errorf("terminal does not tell the two dailymail.co.uk articles apart:\n%s", out)
				}
			}
			if ans.Sources[0].Source.ID != "hope" {
				t.Fatal("rendering reordered the answer")
			}
		})
	}
}

// TestFormatQuotesNamesSources: a quotation's source reads as outlet (or
// title) and short date; an article with neither is "Untitled article".
func TestFormatQuotesNamesSources(t *testing.T) {
	tests := []struct {
		src  corpus.Article
		want string
	}{
		{corpus.Article{ID: "lt", File: "004_c844147cb205b5ce.txt", Outlet: "Latin Times", Published: "2025-05-03"}, "    — Latin Times, 3 May 2025, paragraph 3, sentence 1\n"},
		{corpus.Article{ID: "t", File: "007_0123456789abcdef.txt", Title: "Boy found"}, "    — Boy found, paragraph 3, sentence 1\n"},
		{corpus.Article{ID: "u", File: "000_156f60930e48d313.txt"}, "    — Untitled article (000_156f60930e48d313.txt), paragraph 3, sentence 1\n"},
	}
	for _, tt := range tests {
		hit := qa.QuoteHit{Quote: corpus.Quote{Text: "Sovereignty is not for sale", Speaker: "Claudia Sheinbaum", Paragraph: 3, Sentence: 1}, Source: tt.src}
		if got := formatQuotes([]qa.QuoteHit{hit}, "", ""); !strings.HasSuffix(got, tt.want) {
			t.Errorf("formatQuotes = %q, want it to end %q", got, tt.want)
		}
	}
}
