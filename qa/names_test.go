package qa_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// TestNames asks a small story in SQLite for names by their kind: a
// question word the sources write as two words ("airline" for "Delta Air
// Lines") and the proper name a "what/which NOUN" question wants beside
// that noun.
func TestNames(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db := namesStore(t, an)
	tests := []struct {
		question string
		want     []string // the first sentence cited of each source cited, in any order
	}{
		// "airline" is "Air Lines" side by side, not the two words
		// apart ("The air was cold and a line...").
		{"what airline", []string{"A small bird flew into the cockpit of a Delta Air Lines jet on Saturday."}},
		// The name beside the noun, before it or in apposition.
		{"which tunnel", []string{"The trains collided in the 53rd Street tunnel that carries trains to Queens."}},
		{"what was the ship called", []string{"The ship, the Swiss Crystal, hit a pillar of the bridge."}},
		{"whats the name of the ship", []string{"The ship, the Swiss Crystal, hit a pillar of the bridge."}},
		// An acronym the articles spell out.
		{"what did the MTA say happened", []string{"The Metropolitan Transportation Authority says the trains bumped into each other."}},
		// Not a name question: the words decide.
		{"how many people did the ship carry", []string{"The ship carried 129 people."}},
	}
	for _, tt := range tests {
		e := qa.NewEngine(db, db, an, nil)
		ans, err := e.Ask(ctx, tt.question)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range ans.Sources {
			got = append(got, s.Sentences[0].Text)
		}
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: first cited %q, want %q", tt.question, strings.Join(got, " | "), strings.Join(want, " | "))
		}
	}
}

// namesStore is a small story in SQLite whose sources name things by
// their kind, by compound words and by acronyms.
func namesStore(t testing.TB, an *corpus.Analyzer) *store.DB {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "names.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	art := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("Title: " + title + "\nOutlet: " + title + " News\nLanguage: en\n\n" + body + "\n")}
	}
	if _, err := db.Reload(ctx, fstest.MapFS{
		"a.txt": art("Bird", "A small bird flew into the cockpit of a Delta Air Lines jet on Saturday.\nThe bird was caught after the plane landed in Detroit."),
		"b.txt": art("Cold", "The air was cold and a line of passengers waited at the gate.\nNobody was hurt."),
		"c.txt": art("Subway", "Firefighters went into the tunnel early on Wednesday morning and carried one injured worker out.\nThe trains collided in the 53rd Street tunnel that carries trains to Queens."),
		"e.txt": art("Trains", "The Metropolitan Transportation Authority says the trains bumped into each other.\nThe agency says one MTA worker was treated for minor injuries."),
		"d.txt": art("Rhine", "The ship carried 129 people.\nThe ship, the Swiss Crystal, hit a pillar of the bridge."),
	}, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

// BenchmarkAskNames times Ask on the small story for questions using
// each step of names.go, against the same questions without it
// (lowercase "mta" is not taken for an acronym).
func BenchmarkAskNames(b *testing.B) {
	an := corpus.NewAnalyzer()
	db := namesStore(b, an)
	e := qa.NewEngine(db, db, an, nil)
	ctx := context.Background()
	for _, q := range []string{"what did the MTA say happened", "what did the mta say happened", "what airline", "which tunnel"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Ask(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
