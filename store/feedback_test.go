package store_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"storybot/corpus"
	"storybot/store"
)

func openFeedbackDB(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestFeedbackRecordsVotes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "storybot.db")
	db := openFeedbackDB(t, path)
	fsys := fstest.MapFS{"a.txt": article("Quake", "A strong earthquake shook Lima on Tuesday.")}
	if _, err := db.Reload(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	fb, err := db.Feedback(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	cited := []corpus.SentenceRef{{File: "a.txt", Paragraph: 1, Sentence: 1}}
	const alice = "112233445566778899"
	if err := fb.RecordVote(ctx, corpus.Vote{Answer: "k1", User: alice, Up: true, Question: "When did it shake?", Cited: cited}); err != nil {
		t.Fatal(err)
	}
	// Alice changes her mind: one vote, now down.
	if err := fb.RecordVote(ctx, corpus.Vote{Answer: "k1", User: alice, Up: false, Question: "When did it shake?", Cited: cited}); err != nil {
		t.Fatal(err)
	}
	// The corpus changes, then Bob votes on another answer.
	fsys["a.txt"] = article("Quake", "A strong earthquake shook Lima on Tuesday night.")
	if _, err := db.Reload(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	if err := fb.RecordVote(ctx, corpus.Vote{Answer: "k2", User: "998877", Up: true, Question: "Where?", Story: "quake"}); err != nil {
		t.Fatal(err)
	}
	if err := fb.RecordVote(ctx, corpus.Vote{Answer: "", User: alice, Up: true}); err == nil {
		t.Error("a vote without an answer key was recorded")
	}

	got, err := db.FeedbackEntries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d votes, want 2: %+v", len(got), got)
	}
	bob, al := got[0], got[1]
	if bob.Answer != "k2" || !bob.Up || bob.Story != "quake" || len(bob.Cited) != 0 {
		t.Errorf("newest vote = %+v, want Bob's 👍 on k2", bob)
	}
	if al.Answer != "k1" || al.Up || al.Question != "When did it shake?" || !reflect.DeepEqual(al.Cited, cited) {
		t.Errorf("Alice's vote = %+v, want her changed 👎 with the cited sentence", al)
	}
	if al.CorpusVersion == "" || al.CorpusVersion == bob.CorpusVersion {
		t.Errorf("corpus versions %q and %q: want set, and changed by the reload", al.CorpusVersion, bob.CorpusVersion)
	}
	if strings.Contains(al.UserHash, alice) || len(al.UserHash) != 32 || al.UserHash == bob.UserHash {
		t.Errorf("user hash %q: want 32 hex digits, not the id, one per user", al.UserHash)
	}
	if time.Since(al.At) > time.Minute {
		t.Errorf("vote time %v, want now", al.At)
	}

	// The salt is made once: reopened, the same user hashes the same; a
	// configured salt hashes differently.
	db.Close()
	db = openFeedbackDB(t, path)
	again, err := db.Feedback(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := again.RecordVote(ctx, corpus.Vote{Answer: "k1", User: alice, Up: true, Question: "When did it shake?"}); err != nil {
		t.Fatal(err)
	}
	salted, err := db.Feedback(ctx, "operator salt")
	if err != nil {
		t.Fatal(err)
	}
	if err := salted.RecordVote(ctx, corpus.Vote{Answer: "k1", User: alice, Up: true, Question: "When did it shake?"}); err != nil {
		t.Fatal(err)
	}
	got, err = db.FeedbackEntries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]int{}
	for _, e := range got {
		if e.Answer == "k1" {
			hashes[e.UserHash]++
		}
	}
	if len(got) != 3 || hashes[al.UserHash] != 1 || len(hashes) != 2 {
		t.Errorf("after reopening: %d votes, k1 hashes %v; want Alice's vote replaced under the stored salt and one more under the configured salt", len(got), hashes)
	}
}

func TestPurgeFeedback(t *testing.T) {
	ctx := context.Background()
	db := openFeedbackDB(t, filepath.Join(t.TempDir(), "storybot.db"))
	fb, err := db.Feedback(ctx, "salt")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"old", "recent"} {
		if err := fb.RecordVote(ctx, corpus.Vote{Answer: k, User: "1", Up: true, Question: k}); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := db.FeedbackEntries(ctx)
	for _, e := range entries {
		if e.Answer == "old" {
			if err := store.SetFeedbackTime(ctx, db, e.ID, time.Now().Add(-100*24*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err := db.PurgeFeedback(ctx, time.Now().Add(-90*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purge older than 90 days: %d deleted (%v), want 1", n, err)
	}
	entries, _ = db.FeedbackEntries(ctx)
	if len(entries) != 1 || entries[0].Answer != "recent" {
		t.Errorf("left %+v, want the recent vote", entries)
	}
}
