package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// speakerCorpus quotes the same people under fuller and shorter names
// across articles, so the groups span articles.
func speakerCorpus() fstest.MapFS {
	return fstest.MapFS{
		"a.txt": article("Troops", "\"We will not accept troops,\" President Claudia Sheinbaum said on Monday. "+
			"\"Sovereignty is not for sale,\" Sheinbaum added.\n"+
			"\"The talks went well,\" said Marco Rubio, the US secretary of state."),
		"b.txt": article("Border", "\"Mexico is a free country,\" Sheinbaum told reporters.\n"+
			"\"We are working together,\" White House spokesman James Hewitt said. "+
			"\"Nothing was agreed,\" police said."),
		"c.txt": article("Trade", "\"Tariffs will rise,\" Rubio said.\n\"We disagree,\" Sheinbaum said."),
	}
}

// referenceQuotes is what qa derives from DB.Quotes: the quotations of the
// groups speaker matches, in reading order, with canonical names.
func referenceQuotes(t *testing.T, db *store.DB, speaker string) ([]corpus.SpeakerAliases, []corpus.Quote) {
	t.Helper()
	all, err := db.Quotes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	groups := corpus.Speakers(all)
	m := corpus.NewSpeakerMatcher(groups)
	canonical := map[string]string{}
	matched := map[string]bool{}
	for _, g := range m.Match(speaker) {
		for _, n := range groups[g].Names {
			matched[n] = true
		}
	}
	for _, g := range groups {
		for _, n := range g.Names {
			canonical[n] = g.Name
		}
	}
	var out []corpus.Quote
	for _, q := range all {
		if q.Speaker != "" && matched[q.Speaker] {
			q.Speaker = canonical[q.Speaker]
			out = append(out, q)
		}
	}
	return groups, out
}

func checkSpeakers(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, speaker := range []string{"Sheinbaum", "claudia", "sHEIN", "rubio", "Marco Rubio", "white house", "police", "nobody", " ", "Hewitt", "\xff"} {
		groups, want := referenceQuotes(t, db, speaker)
		got, err := db.SpeakerGroups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, groups) {
			t.Fatalf("SpeakerGroups = %+v\nwant %+v", got, groups)
		}
		gotQuotes, err := db.QuotesBySpeaker(ctx, speaker, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(gotQuotes) != len(want) || (len(want) > 0 && !reflect.DeepEqual(gotQuotes, want)) {
			t.Errorf("QuotesBySpeaker(%q) = %+v\nwant %+v", speaker, gotQuotes, want)
		}
		limited, err := db.QuotesBySpeaker(ctx, speaker, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) > 0 && (len(limited) != 1 || !reflect.DeepEqual(limited[0], want[0])) {
			t.Errorf("QuotesBySpeaker(%q, 1) = %+v, want %+v", speaker, limited, want[:1])
		}
	}
}

func TestSpeakersStoredMatchGrouping(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db := openDB(t, path)
	fsys := speakerCorpus()
	reload(t, db, fsys)
	all, err := db.Quotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 6 {
		t.Fatalf("only %d quotations found in the test corpus: %+v", len(all), all)
	}
	checkSpeakers(t, db)
	groups, err := db.SpeakerGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) == 0 || !reflect.DeepEqual(groups[0].Names, []string{"Claudia Sheinbaum", "Sheinbaum"}) {
		t.Errorf("groups %+v: want Sheinbaum grouped with Claudia Sheinbaum first", groups)
	}
	checkEngineSpeakers(t, db)

	// A reload that changes the quotations makes the stored groups stale.
	delete(fsys, "c.txt")
	reload(t, db, fsys)
	checkSpeakers(t, db)
	fsys["d.txt"] = article("More", "\"We will see,\" Claudia Sheinbaum Pardo said.")
	reload(t, db, fsys)
	checkSpeakers(t, db)

	// A fresh process reads what the last one stored.
	reopened := openDB(t, path)
	checkSpeakers(t, reopened)
	checkEngineSpeakers(t, reopened)
}

// TestQuoteIndexUpgrade: a database whose quotations predate their stored
// posting lists answers topics in memory until a reload indexes them, even
// one that changes no file.
func TestQuoteIndexUpgrade(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "u.db"))
	fsys := speakerCorpus()
	reload(t, db, fsys)
	if _, ok, err := db.QuoteTerms(ctx, "", []string{"troop"}); err != nil || !ok {
		t.Fatalf("QuoteTerms after a reload: ok %v, err %v; want the stored lists", ok, err)
	}
	if err := store.ForgetQuoteIndex(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.QuoteTerms(ctx, "", []string{"troop"}); err != nil || ok {
		t.Fatalf("QuoteTerms without stored lists: ok %v, err %v; want not ok", ok, err)
	}
	checkEngineSpeakers(t, db)
	reload(t, db, fsys)
	stats, ok, err := db.QuoteTerms(ctx, "sheinbaum", []string{"troop", "sovereignti"})
	if err != nil || !ok {
		t.Fatalf("QuoteTerms after the upgrade reload: ok %v, err %v", ok, err)
	}
	if stats.N != 4 || len(stats.Postings[0]) != 1 || len(stats.Postings[1]) != 1 {
		t.Errorf("QuoteTerms(sheinbaum) = %+v, want 4 quotations, one with each term", stats)
	}
	checkEngineSpeakers(t, db)
	checkSpeakers(t, db)
}

// quotesOnly hides everything of a DB but qa.QuoteIndex, so an Engine
// over it groups the quotations itself.
type quotesOnly struct{ qa.QuoteIndex }

// checkEngineSpeakers compares an Engine answering from the stored groups
// with one grouping every quotation itself.
func checkEngineSpeakers(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	stored := &qa.Engine{Index: db, QuoteIndex: db}
	grouped := &qa.Engine{Index: db, QuoteIndex: quotesOnly{db}}
	for _, speaker := range []string{"", "Sheinbaum", "rub", "White House", "nobody", "police"} {
		for _, topic := range []string{"", "troops", "we will", "sovereignty sale mexico free", "tariffs agreed", "xyzzy", "the"} {
			for _, limit := range []int{0, 1, 2} {
				// A fresh Engine each time: one holding quotation state
				// would answer from it, not from the stored lists.
				stored := &qa.Engine{Index: db, QuoteIndex: db}
				got, err := stored.Quotes(ctx, speaker, topic, limit)
				if err != nil {
					t.Fatal(err)
				}
				want, err := grouped.Quotes(ctx, speaker, topic, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
					t.Errorf("Quotes(%q, %q, limit %d) from the stored index = %+v\nwant %+v", speaker, topic, limit, got, want)
				}
			}
		}
	}
	got, err := stored.Speakers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := grouped.Speakers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Speakers from stored groups = %+v\nwant %+v", got, want)
	}
}

// TestStoredQuotesManyTies: a topic word every quotation shares the same
// way scores them all alike, so the stored ranking's cut falls among ties,
// which must go in reading order (file, paragraph, sentence) even where
// the quotations' keys do not: the files sorting first are loaded last.
func TestStoredQuotesManyTies(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "t.db"))
	fsys := fstest.MapFS{}
	quote := func(i int) string {
		return fmt.Sprintf("\"Tariffs will rise,\" Rubio said.\n\"Tariffs hurt farmers in county %d,\" Sheinbaum said.", i)
	}
	for i := 30; i < 60; i++ {
		fsys[fmt.Sprintf("%02d.txt", i)] = article(fmt.Sprintf("Trade %d", i), quote(i))
	}
	reload(t, db, fsys)
	for i := range 30 {
		fsys[fmt.Sprintf("%02d.txt", i)] = article(fmt.Sprintf("Trade %d", i), quote(i))
	}
	reload(t, db, fsys)
	grouped := &qa.Engine{Index: db, QuoteIndex: quotesOnly{db}}
	tests := []struct {
		speaker, topic string
		limit          int
	}{
		{"", "tariffs", 1},
		{"", "tariffs", 10},
		{"", "tariffs", 0},
		{"", "tariffs rise", 5},
		{"", "farmers", 7},
		{"", "", 5},
		{"", "", 0},
		{"rubio", "tariffs", 3},
		{"sheinbaum", "tariffs county", 4},
	}
	for _, tt := range tests {
		// A fresh Engine each time, so it answers from the stored lists.
		stored := &qa.Engine{Index: db, QuoteIndex: db}
		got, err := stored.Quotes(ctx, tt.speaker, tt.topic, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		want, err := grouped.Quotes(ctx, tt.speaker, tt.topic, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if n := min(tt.limit, 1); len(want) < n || len(got) == 0 {
			t.Fatalf("Quotes(%q, %q, limit %d): %d hits from the stored index, %d in memory; want some", tt.speaker, tt.topic, tt.limit, len(got), len(want))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Quotes(%q, %q, limit %d) from the stored index = %+v\nwant %+v", tt.speaker, tt.topic, tt.limit, got, want)
		}
		if tt.topic == "tariffs" && got[0].Source.File != "00.txt" {
			t.Errorf("Quotes(%q, tariffs, limit %d) starts in %s, want 00.txt, first in reading order though loaded last", tt.speaker, tt.limit, got[0].Source.File)
		}
	}
}
