package eval_test

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/qa/eval"
	"storybot/store"
)

// sampleFS is the seed story plus the WikiQA sample's documents written as
// article files, one sentence a line: a small corpus with several
// articles, both languages' worth of clutter, and shared vocabulary.
func sampleFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(corpus.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(corpus.Default(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	qs, err := eval.ReadWikiQA(filepath.Join("testdata", "wikiqa-sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]string{}
	seen := map[string]bool{}
	for _, q := range qs {
		for _, c := range q.Candidates {
			if !seen[c.ID] {
				seen[c.ID] = true
				docs[q.DocumentID] = append(docs[q.DocumentID], c.Text)
			}
		}
	}
	for id, sents := range docs {
		m["wiki_"+id+".txt"] = &fstest.MapFile{Data: []byte(strings.Join(sents, "\n\n") + "\n")}
	}
	return m
}

func parseAll(t *testing.T, fsys fs.FS) []corpus.Article {
	t.Helper()
	files, _, err := corpus.ReadFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var arts []corpus.Article
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			t.Fatalf("parse %s: %v", f.Name, err)
		}
		arts = append(arts, a)
	}
	return arts
}

var questions = []string{
	"What did Sheinbaum say about US troops?",
	"Will Mexico accept American soldiers?",
	"sovereignty",
	"how tall is the eiffel tower",
	"who built the eiffel tower",
	`what is a "lattice"`,
	"Who won the World Cup?",
	"cartels OR NEAR( drug * trafficking",
	"🇲🇽 Trump",
	"",
}

// TestMemIndexMatchesStore holds the in-memory index to the SQLite store:
// same statistics, postings and sentences, hence the same rankings, so
// figures measured in memory are the bot's figures.
func TestMemIndexMatchesStore(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	fsys := sampleFS(t)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "eval.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Reload(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	arts := parseAll(t, fsys)
	mem := eval.NewMemIndex(an, arts)

	dbStats, _ := db.Stats(ctx)
	memStats, _ := mem.Stats(ctx)
	if dbStats != memStats {
		t.Fatalf("stats: store %+v, memory %+v", dbStats, memStats)
	}
	ids := make([]uint32, dbStats.Sentences+2)
	for i := range ids {
		ids[i] = uint32(i) // 0 and the one past the end do not exist
	}
	dbSents, err := db.Sentences(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	memSents, _ := mem.Sentences(ctx, ids)
	if !reflect.DeepEqual(dbSents, memSents) {
		t.Fatalf("sentences differ: store %d, memory %d", len(dbSents), len(memSents))
	}
	stems := map[string]bool{}
	for _, a := range arts {
		for _, s := range a.Sentences {
			for _, st := range an.Terms(s.Text, a.Language) {
				stems[st] = true
			}
		}
	}
	for st := range stems {
		dp, err := db.Postings(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		mp, _ := mem.Postings(ctx, st)
		if !reflect.DeepEqual(dp, mp) {
			t.Fatalf("postings of %q: store %v, memory %v", st, dp, mp)
		}
	}
	dbArts, _ := db.Articles(ctx)
	memArts, _ := mem.Articles(ctx)
	if len(dbArts) != len(memArts) {
		t.Fatalf("%d articles in the store, %d in memory", len(dbArts), len(memArts))
	}
	for i := range dbArts {
		if dbArts[i].ID != memArts[i].ID || dbArts[i].Language != memArts[i].Language {
			t.Errorf("article %d: store %s/%s, memory %s/%s", i, dbArts[i].ID, dbArts[i].Language, memArts[i].ID, memArts[i].Language)
		}
	}
	artIDs := []string{"no-such-article"}
	for i := len(dbArts) - 1; i >= 0; i-- {
		artIDs = append(artIDs, dbArts[i].ID)
	}
	dbByID, err := db.ArticlesByID(ctx, artIDs)
	if err != nil {
		t.Fatal(err)
	}
	memByID, _ := mem.ArticlesByID(ctx, artIDs)
	if len(dbByID) != len(dbArts) || len(memByID) != len(dbByID) {
		t.Fatalf("ArticlesByID: %d in the store, %d in memory, want %d", len(dbByID), len(memByID), len(dbArts))
	}
	for i := range dbByID {
		if dbByID[i].ID != memByID[i].ID || dbByID[i].ID != artIDs[i+1] {
			t.Errorf("ArticlesByID %d: store %s, memory %s, asked %s", i, dbByID[i].ID, memByID[i].ID, artIDs[i+1])
		}
	}

	onDisk := &qa.Engine{Index: db, Analyzer: an}
	inMem := &qa.Engine{Index: mem, Analyzer: an}
	for _, q := range questions {
		want, err := onDisk.Rank(ctx, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := inMem.Rank(ctx, q, 0)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Rank(%q) differs between store and memory:\nstore  %s\nmemory %s", q, brief(want), brief(got))
		}
		wantB, _ := onDisk.Baseline(ctx, q, 50)
		gotB, _ := inMem.Baseline(ctx, q, 50)
		if !reflect.DeepEqual(gotB, wantB) {
			t.Errorf("Baseline(%q) differs between store and memory", q)
		}
	}
}

func brief(rs []qa.Ranked) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "[%d %.4f %v] ", r.ID, r.Score, r.Relevant)
	}
	return b.String()
}

// TestRankAgreesWithAsk holds Rank, which evaluations read, to Ask, which
// users see: Ask cites nothing exactly when no sentence is Relevant, cites
// first the first Relevant sentence, and cites only Relevant sentences.
func TestRankAgreesWithAsk(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	mem := eval.NewMemIndex(an, parseAll(t, sampleFS(t)))
	for _, tuning := range []qa.Engine{{}, {Rerank: 3}, {MinCoverage: 0.9}, {Candidates: 5, MinCoverage: 0.2}} {
		eng := tuning
		eng.Index, eng.Analyzer = mem, an
		for _, q := range questions {
			ans, err := eng.Ask(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ranked, err := eng.Rank(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			relevant := map[string]bool{}
			var first *qa.Ranked
			for i, r := range ranked {
				if r.Relevant {
					relevant[r.ArticleID+"\x00"+r.Text] = true
					if first == nil {
						first = &ranked[i]
					}
				}
				if r.Relevant && !r.Reranked {
					t.Errorf("%q: relevant sentence %d was not re-ranked", q, r.ID)
				}
			}
			if ans.NotFound != (first == nil) {
				t.Errorf("tuning %+v, %q: Ask not found %v, Rank relevant %d", tuning, q, ans.NotFound, len(relevant))
				continue
			}
			if first != nil && (ans.Sources[0].Source.ID != first.ArticleID || ans.Sources[0].Sentences[0].Text != first.Text) {
				t.Errorf("tuning %+v, %q: Ask cites first %q, Rank's first relevant is %q", tuning, q, ans.Sources[0].Sentences[0].Text, first.Text)
			}
			for _, src := range ans.Sources {
				for _, c := range src.Sentences {
					if !relevant[src.Source.ID+"\x00"+c.Text] {
						t.Errorf("tuning %+v, %q: Ask cites %q, which Rank does not call relevant", tuning, q, c.Text)
					}
				}
			}
		}
	}
}

// TestRankWhereStaysInside checks the restriction evaluations use to rank
// one document of a shared index.
func TestRankWhereStaysInside(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	mem := eval.NewMemIndex(an, parseAll(t, sampleFS(t)))
	eng := &qa.Engine{Index: mem, Analyzer: an}
	ids := mem.ArticleSentences("wiki_D1")
	if len(ids) != 3 {
		t.Fatalf("wiki_D1 has sentences %v, want 3", ids)
	}
	keep := func(id uint32) bool { return id >= ids[0] && id <= ids[len(ids)-1] }
	for _, q := range questions {
		ranked, err := eng.RankWhere(ctx, q, 0, keep)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ranked {
			if r.ArticleID != "wiki_D1" {
				t.Errorf("%q: RankWhere returned %s sentence %d", q, r.ArticleID, r.ID)
			}
		}
		hits, _ := eng.BaselineWhere(ctx, q, 100, keep)
		for _, h := range hits {
			if h.ArticleID != "wiki_D1" {
				t.Errorf("%q: BaselineWhere returned %s sentence %d", q, h.ArticleID, h.ID)
			}
		}
		all, _ := eng.Baseline(ctx, q, 100)
		none, _ := eng.BaselineWhere(ctx, q, 100, nil)
		if !reflect.DeepEqual(all, none) {
			t.Errorf("%q: BaselineWhere with no filter differs from Baseline", q)
		}
	}
	if got, _ := eng.RankWhere(ctx, "eiffel tower", 0, keep); len(got) == 0 {
		t.Error(`"eiffel tower" finds nothing in the Eiffel document`)
	}
	if mem.ArticleSentences("no such article") != nil {
		t.Error("unknown article has sentences")
	}
}

// TestRunGolden scores a golden set built from the index's own answers,
// then one with a deliberately wrong expectation.
func TestRunGolden(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	arts := parseAll(t, sampleFS(t))
	mem := eval.NewMemIndex(an, arts)
	eng := &qa.Engine{Index: mem, Analyzer: an}
	fileOf := map[string]string{}
	for _, a := range arts {
		fileOf[a.ID] = a.File
	}
	var set []eval.GoldenQuestion
	for _, q := range questions[:6] {
		ans, err := eng.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		g := eval.GoldenQuestion{Question: q, NotFound: ans.NotFound, Expect: map[string]*string{}}
		cited := map[string]bool{}
		for _, src := range ans.Sources {
			text := src.Sentences[0].Text
			g.Expect[fileOf[src.Source.ID]] = &text
			cited[src.Source.ID] = true
		}
		for _, a := range arts {
			if !cited[a.ID] && !ans.NotFound {
				g.Expect[a.File] = nil
			}
		}
		set = append(set, g)
	}
	rep, err := eval.RunGolden(ctx, eng, set)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accuracy != 1 || len(rep.Misses) != 0 || rep.ExpectSentence == 0 || rep.ExpectSilent == 0 {
		t.Fatalf("bot against its own answers: %+v", rep)
	}
	wrong := "A sentence no article holds."
	for f := range set[0].Expect {
		set[0].Expect[f] = &wrong
		break
	}
	rep, err = eval.RunGolden(ctx, eng, set)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accuracy >= 1 || len(rep.Misses) != 1 || rep.Misses[0].Want != wrong {
		t.Errorf("one wrong expectation: accuracy %v, misses %+v", rep.Accuracy, rep.Misses)
	}
	if rep.Baseline.Top1 < 0 || rep.Baseline.Top1 > 1 {
		t.Errorf("baseline top1 %v", rep.Baseline.Top1)
	}
	set[0].Expect["missing.txt"] = nil
	if _, err := eval.RunGolden(ctx, eng, set); err == nil || !strings.Contains(err.Error(), "missing.txt is not in the corpus") {
		t.Errorf("unknown file: err = %v", err)
	}
}
