package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"storybot/store"
)

// makeReadOnly makes path (a file or folder) unwritable for this process:
// by its mode bits, or, for root, which ignores them, by the immutable
// attribute. It skips the test when neither is possible here.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		mode := os.FileMode(0o444)
		if info.IsDir() {
			mode = 0o555
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(path, info.Mode().Perm()) })
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("running as root, and chattr +i is not available to make %s read-only: %v %s", path, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
	if info.IsDir() {
		if f, err := os.Create(filepath.Join(path, "probe")); err == nil {
			f.Close()
			t.Skipf("chattr +i did not make %s read-only here", path)
		}
	}
}

// indexedDB builds a database of threeArticles at dir/name and closes it.
func indexedDB(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "storybot.db")
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Reload(context.Background(), threeArticles(), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// answers checks db reads the indexed corpus.
func answers(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	stats, err := db.Stats(ctx)
	if err != nil || stats.Articles != 3 {
		t.Fatalf("stats %+v, %v; want 3 articles", stats, err)
	}
	if _, err := db.Sync(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
	ps, err := db.Postings(ctx, "border")
	if err != nil || len(ps) == 0 {
		t.Fatalf("postings of border: %v, %v", ps, err)
	}
	sents, err := db.Sentences(ctx, []uint32{ps[0].Sentence})
	if err != nil || len(sents) != 1 {
		t.Fatalf("sentences: %v, %v", sents, err)
	}
	if _, err := db.Reload(ctx, threeArticles(), nil); err != nil {
		t.Fatalf("a reload that changes nothing failed on a read-only database: %v", err)
	}
	changed := threeArticles()
	changed["d.txt"] = article("New", "A new article about the border.")
	if _, err := db.Reload(ctx, changed, nil); err == nil {
		t.Fatal("a reload that changes the index succeeded on a read-only database")
	}
}

func TestOpenReadOnlyFile(t *testing.T) {
	dir := t.TempDir()
	path := indexedDB(t, dir)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	makeReadOnly(t, path)
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("open a read-only database: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Error("ReadOnly() = false for a file that cannot be written")
	}
	answers(t, db)
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the read-only file changed")
	}
}

func TestOpenReadOnlyFolder(t *testing.T) {
	dir := t.TempDir()
	path := indexedDB(t, dir)
	makeReadOnly(t, dir)
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("open a database in a read-only folder: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Error("ReadOnly() = false for a database in a folder that cannot be written")
	}
	answers(t, db)

	_, err = store.Open(context.Background(), filepath.Join(dir, "new.db"), nil)
	if err == nil || !strings.Contains(err.Error(), "folder you can write to") {
		t.Fatalf("a new database in a read-only folder: err %v, want one saying to choose a writable folder", err)
	}
}

func TestOpenRefusesForeignDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "app.db")
	other, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ExecContext(ctx, `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ana')`); err != nil {
		t.Fatal(err)
	}
	other.Close()
	tests := []struct {
		name    string
		version int
	}{
		{"no schema version", 0},
		{"a schema version of its own", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Set without turning WAL on, as the other program left it.
			other, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := other.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", tt.version)); err != nil {
				t.Fatal(err)
			}
			other.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, path, nil)
			if err == nil {
				db.Close()
				t.Fatal("opened another program's database")
			}
			if !errors.Is(err, store.ErrNotStorybot) || !strings.Contains(err.Error(), "users") {
				t.Errorf("err %v, want ErrNotStorybot naming its tables", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the other program's database was changed")
			}
		})
	}
}
