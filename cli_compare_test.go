package main

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
	"storybot/qa"
)

// riverton is the bus-crash story whose reports differ on the toll and
// the day (qa/testdata/compare).
var riverton = filepath.Join("qa", "testdata", "compare")

// TestCompareJSON: compare --json has exactly issue 16's keys, sources
// shaped as ask's answers (a wire report once, with carried_by and agency),
// oldest first, and empty lists rather than nulls.
func TestCompareJSON(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		topic string
		want  []string // source ids, in order
	}{
		{"the death toll", []string{"001_reuters", "003_ap", "002_bbc", "005_gazette"}},
		{"the weather", nil},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, nil, "--db", db, "--corpus", riverton, "compare", "--json", tt.topic)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, stdout)
			}
			var keys []string
			for k := range raw {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"agree", "differences", "runner_up", "sources", "story", "topic"}; !slices.Equal(keys, want) {
				t.Errorf("keys %v, want %v", keys, want)
			}
			for _, k := range []string{"sources", "differences"} {
				if string(raw[k]) == "null" {
					t.Errorf("%s is null, want []", k)
				}
			}
			var out compareJSON
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range out.Sources {
				ids = append(ids, s.Source.ID)
				if s.CarriedBy == nil || len(s.Sentences) == 0 {
					t.Errorf("%s: carried_by %v, %d sentences", s.Source.ID, s.CarriedBy, len(s.Sentences))
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("sources %v, want %v", ids, tt.want)
			}
			if out.Topic != tt.topic {
				t.Errorf("topic %q, want %q", out.Topic, tt.topic)
			}
			if len(out.Sources) > 1 && (len(out.Sources[1].CarriedBy) != 1 || out.Sources[1].Agency != "AP") {
				t.Errorf("the AP report: carried by %+v, agency %q; want the Valley Herald and AP", out.Sources[1].CarriedBy, out.Sources[1].Agency)
			}
		})
	}
}

// TestDifferencesJSON: a difference has issue 16's shape: kind, values
// with value, source and the sentence they come from, and updated.
func TestDifferencesJSON(t *testing.T) {
	d := qa.Difference{Kind: "number", Updated: true, Values: []qa.DifferenceValue{
		{Value: "5", Source: "001_reuters", Paragraph: 3, Sentence: 1, Text: "Police put the death toll at 5.", Start: 29, End: 30}}}
	got, err := json.Marshal(newDifferencesJSON([]qa.Difference{d}))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"kind":"number","values":[{"value":"5","source":"001_reuters","sentence":{"paragraph":3,"sentence":1,"text":"Police put the death toll at 5."}}],"updated":true}]`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, _ := json.Marshal(newDifferencesJSON(nil)); string(got) != "[]" {
		t.Errorf("no differences: %s, want []", got)
	}
}

func TestCompareUsage(t *testing.T) {
	db := tempDB(t)
	for _, args := range [][]string{{"compare"}, {"compare", "--json", "  "}, {"compare", "--nope", "x"}} {
		if _, stderr, code := runCLI(t, nil, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	_, stderr, code := runCLI(t, nil, "--db", db, "--corpus", riverton, "compare", "--story", "nope", "toll")
	if code != 1 || !strings.Contains(stderr, "is not loaded") {
		t.Errorf("unknown story: exit %d\n%s", code, stderr)
	}
}

// realComparison compares topic over the articles in fsys through a real
// SQLite store and the real engine.
func realComparison(t *testing.T, fsys fs.FS, topic string) qa.Comparison {
	t.Helper()
	c, err := realEngine(t, fsys).Compare(context.Background(), topic)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// markFigures stands in for the difference finder: it marks, in each
// report's first sentence, the first of figures it holds, as one
// difference of kind number.
func markFigures(t *testing.T, c qa.Comparison, figures ...string) qa.Comparison {
	t.Helper()
	d := qa.Difference{Kind: "number"}
	for _, s := range c.Sources {
		text := s.Sentences[0].Text
		for _, f := range figures {
			if i := strings.Index(text, f); i >= 0 {
				d.Values = append(d.Values, qa.DifferenceValue{Value: f, Source: s.Source.ID, Paragraph: s.Sentences[0].Paragraph,
					Sentence: s.Sentences[0].Sentence, Text: text, Start: i, End: i + len(f)})
				break
			}
		}
	}
	if len(d.Values) < 2 {
		t.Fatalf("found %d of %v in the first sentences", len(d.Values), figures)
	}
	c.Differences = []qa.Difference{d}
	return c
}

// TestCompareRenderedGolden renders real comparisons, of the Riverton bus
// crash and of the seed story, in both media: the Discord message as
// posted (within Discord's limits and, where the spec is at ../shared,
// valid against it) and the terminal text. "riverton_marked" adds a
// difference built by hand over the real sentences, so the marks are
// golden whatever the difference finder finds.
func TestCompareRenderedGolden(t *testing.T) {
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
		name  string
		fsys  fs.FS
		topic string
		mark  []string
		// want are substrings of the terminal text and of the Discord
		// fields' text.
		terminal, discord []string
	}{
		{name: "riverton", fsys: os.DirFS(riverton), topic: "the death toll",
			terminal: []string{"Topic: the death toll · 4 reports, oldest first\n", "AP, via Valley Herald\n"},
			discord:  []string{"AP, via Valley Herald"}},
		{name: "riverton_marked", fsys: os.DirFS(riverton), topic: "the death toll", mark: []string{"five", "seven", "eight"},
			terminal: []string{"Sources differ: five (Reuters, 9 Nov) · seven (BBC, 10 Nov, and 1 more) · eight (Riverton Gazette, 11 Nov)\n",
				"Police put the death toll at [[five]] on Saturday evening", "rose to [[seven]] on Sunday"},
			discord: []string{"toll at **five** on Saturday", "has risen to **eight** after"}},
		{name: "seed", fsys: corpus.Default(), topic: "US troops",
			// Neither seed article is dated: no "oldest first".
			terminal: []string{"Topic: US troops · 2 reports\n"}},
		{name: "none", fsys: os.DirFS(riverton), topic: "the weather",
			terminal: []string{"No source mentions “the weather”.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := realComparison(t, tt.fsys, tt.topic)
			if len(tt.mark) > 0 {
				c = markFigures(t, c, tt.mark...)
			}
			r := bot.RenderComparison(c)
			if err := bot.CheckLimits(r); err != nil {
				t.Fatalf("breaks a Discord limit: %v", err)
			}
			body := discordBody(t, r)
			if spec != nil {
				if err := spec.Validate("POST", "/channels/1/messages", body); err != nil {
					t.Errorf("message body is not valid for Discord: %v\n%s", err, body)
				}
			}
			text := formatComparison(c)
			for _, w := range tt.terminal {
				if !strings.Contains(text, w) {
					t.Errorf("terminal text lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "\x1b") {
				t.Errorf("terminal text has escape sequences:\n%q", text)
			}
			for _, w := range tt.discord {
				if !strings.Contains(fieldsText(r), w) {
					t.Errorf("Discord fields lack %q:\n%s", w, fieldsText(r))
				}
			}
			ans := qa.Answer{Sources: c.Sources}
			for medium, out := range map[string]string{"terminal": text, "discord": fieldsText(r)} {
				if bad := namedByFile(ans, out); len(bad) > 0 {
					t.Errorf("%s names articles that have a title or outlet by file %v:\n%s", medium, bad, out)
				}
			}
			goldenFile(t, "compare_"+tt.name+".discord.golden.json", body)
			goldenFile(t, "compare_"+tt.name+".terminal.golden.txt", []byte(text))
		})
	}
}

// TestChatCompares: chat's /compare prints what compare prints, within the
// story chosen with /story.
func TestChatCompares(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir(riverton)
	if err != nil {
		t.Fatal(err)
	}
	for _, story := range []string{"riverton", "quake"} {
		if err := os.MkdirAll(filepath.Join(dir, story), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(riverton, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "riverton", e.Name()), string(data))
	}
	writeFile(t, filepath.Join(dir, "quake", "a.txt"), "Title: Quake\nOutlet: Andes Wire\n\nA strong earthquake shook Lima on Tuesday.\n")
	input := "/compare\n/compare the death toll\n/story quake\n/compare the death toll\n"
	stdout, stderr, code := runCLIWithInput(t, input, "--db", tempDB(t), "--corpus", dir, "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Name a topic, e.g. /compare the death toll\n", "Story: riverton\n\nTopic: the death toll · 4 reports, oldest first\n",
		"Asking about quake from now on.\n", "Story: quake\n\nNo source mentions “the death toll”.\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, stdout)
		}
	}
}

func runCLIWithInput(t *testing.T, input string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr strings.Builder
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(input), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}
