package qa_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// The -update flag rewrites testdata/golden.json from the current answers.
// Another test file may define it too, so it is defined only when absent
// and read by name.
var _ = func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files from current output")
	}
	return true
}()

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// goldenQuestions are what a Discord user would ask about the seed story.
// Each one's golden answer was read against both articles by hand; the
// notes say what the right answer is.
var goldenQuestions = []struct{ question, note string }{
	{"What did Sheinbaum say about sovereignty?", "both carry the same quotation, each marked as also in the other"},
	{"What did Pete Hegseth warn?", "only Latin Times mentions Hegseth"},
	{"Who won the World Cup?", "off topic: nothing cited"},
	{"Did Trump offer to send troops to Mexico?", "both open on the offer"},
	{"Did Mexico refuse the US army?", "both open on the rejected troop offer: army is troops, refuse is reject"},
	{"Why did Sheinbaum reject the US troops?", "both open on the rejection"},
	{"What did James Hewitt's statement say?", "both report the White House statement; Latin Times gives its words in the next sentence"},
	{"What does the Crisis Group say?", "only Latin Times cites the Crisis Group"},
	{"What's going on with tariffs?", "only Latin Times mentions tariffs"},
	{"What did the Wall Street Journal report?", "only the wire report mentions the WSJ article"},
	{"When were the cartels designated foreign terrorist organizations?", "February 19, in the wire report only"},
	{"What happened on February 19?", "the terrorist designation"},
	{"Are there more US troops at the border?", "the wire report's Northern Command sentence; Latin Times has only the troop offer"},
	{"What did Sheinbaum tell Trump?", "Latin Times quotes her 'No, President Trump'"},
	{"Is the US planning military action in Mexico without consent?", "the Crisis Group report, Latin Times only"},
	{"How is fentanyl trafficking monitored?", "surveillance flights, wire report only"},
	{"Who is James Hewitt?", "White House National Security Council spokesman, in both"},
	{"What did Sheinbaum write on X?", "the trade-balance post, Latin Times only"},
	{`"Sovereignty is not for sale"`, "a pasted quotation finds itself in both"},
	{"What did Trump order in January?", "the army's role at the border, wire report only"},
	{"Are Mexico and the US cooperating on immigration?", "months of cooperation on immigration and trade, wire report only"},
	{"What is the capital of Peru?", "off topic: nothing cited"},
	{"What is the best pizza in Chicago?", "off topic: nothing cited"},
	{"What did the Mexican president say about sovereignty?", "the Mexican president is Sheinbaum: the same quotation as asked by name, in both"},
	{"What did the US president propose?", "the US president is Trump: his troop offer, reported in the wire's opening and quoted by Latin Times"},
	{"What did Mexico's president tell Trump?", "Mexico's president is Sheinbaum: she rejected his offer; Latin Times opens on it"},
	{"What did the defense secretary warn?", "the defense secretary is Hegseth, in Latin Times only"},
}

// goldenEntry is one question's golden answer, in the golden-set format of
// qa/eval: per source file, the first sentence cited or null.
type goldenEntry struct {
	Question string             `json:"question"`
	Expect   map[string]*string `json:"expect,omitempty"`
	NotFound bool               `json:"not_found,omitempty"`
	Note     string             `json:"note,omitempty"`
}

type goldenFile struct {
	Questions []goldenEntry `json:"questions"`
}

// openSeedStore loads the seed story into a real SQLite file.
func openSeedStore(t testing.TB, an *corpus.Analyzer) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "story.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	report, err := db.Reload(ctx, os.DirFS(filepath.Join("..", "corpus", "articles")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Failed) > 0 || len(report.Added) != 2 {
		t.Fatalf("seed story loaded %v, failed %v", report.Added, report.Failed)
	}
	return db
}

func TestGolden(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db := openSeedStore(t, an)
	engine := qa.NewEngine(db, db, an, nil)
	articles, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var got goldenFile
	for _, gq := range goldenQuestions {
		ans, err := engine.Ask(ctx, gq.question)
		if err != nil {
			t.Fatalf("%q: %v", gq.question, err)
		}
		entry := goldenEntry{Question: gq.question, NotFound: ans.NotFound, Note: gq.note}
		if !ans.NotFound {
			entry.Expect = make(map[string]*string)
			for _, a := range articles {
				entry.Expect[a.File] = nil
			}
			for _, s := range ans.Sources {
				text := s.Sentences[0].Text
				entry.Expect[s.Source.File] = &text
			}
		}
		got.Questions = append(got.Questions, entry)
	}

	path := filepath.Join("testdata", "golden.json")
	if updating() {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden answers (run go test ./qa -update to create them): %v", err)
	}
	var want goldenFile
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	wantBy := make(map[string]goldenEntry)
	for _, w := range want.Questions {
		wantBy[w.Question] = w
	}
	for _, g := range got.Questions {
		w, ok := wantBy[g.Question]
		if !ok {
			t.Errorf("%q has no golden answer; run go test ./qa -update and check it by hand", g.Question)
			continue
		}
		if g.NotFound != w.NotFound {
			t.Errorf("%q: NotFound = %v, golden %v", g.Question, g.NotFound, w.NotFound)
			continue
		}
		for file, wt := range w.Expect {
			gt := g.Expect[file]
			if (gt == nil) != (wt == nil) || (gt != nil && *gt != *wt) {
				t.Errorf("%q, %s:\n got  %s\n want %s", g.Question, file, show(gt), show(wt))
			}
		}
	}
}

func show(s *string) string {
	if s == nil {
		return "(not cited)"
	}
	return *s
}

// TestRequiredAnswers holds the answers the project is judged on, against
// a real store, whatever the golden file says.
func TestRequiredAnswers(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db := openSeedStore(t, an)
	engine := qa.NewEngine(db, db, an, nil)
	const afp, latinTimes = "000_156f60930e48d313", "004_c844147cb205b5ce"

	ans, err := engine.Ask(ctx, "What did Sheinbaum say about sovereignty?")
	if err != nil {
		t.Fatal(err)
	}
	cited := map[string]qa.Cited{}
	for _, s := range ans.Sources {
		cited[s.Source.ID] = s.Sentences[0]
	}
	for id, other := range map[string]string{afp: latinTimes, latinTimes: afp} {
		c, ok := cited[id]
		if !ok || !strings.Contains(c.Text, "Sovereignty is not for sale") {
			t.Errorf("sovereignty: %s cites %q, want the quotation", id, c.Text)
		}
		if !slices.Equal(c.AlsoIn, []string{other}) {
			t.Errorf("sovereignty: %s AlsoIn = %v, want [%s]", id, c.AlsoIn, other)
		}
	}

	ans, err = engine.Ask(ctx, "What did Pete Hegseth warn?")
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Sources) != 1 || ans.Sources[0].Source.ID != latinTimes ||
		!strings.Contains(ans.Sources[0].Sentences[0].Text, "Hegseth warned") {
		t.Errorf("Hegseth: got %+v, want only Latin Times's warning", ans.Sources)
	}

	ans, err = engine.Ask(ctx, "Who won the World Cup?")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.NotFound || len(ans.Sources) != 0 {
		t.Errorf("World Cup: NotFound %v with %d sources, want nothing cited", ans.NotFound, len(ans.Sources))
	}
}

// BenchmarkAskSQLite times Ask over the seed story in a real SQLite file,
// store reads included.
func BenchmarkAskSQLite(b *testing.B) {
	an := corpus.NewAnalyzer()
	db := openSeedStore(b, an)
	engine := qa.NewEngine(db, db, an, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := engine.Ask(ctx, goldenQuestions[i%len(goldenQuestions)].question); err != nil {
			b.Fatal(err)
		}
	}
}
