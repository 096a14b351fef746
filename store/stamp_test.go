package store_test

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// openCounter is an fs.FS that counts the files opened for reading.
type openCounter struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (c *openCounter) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil {
		if info, serr := f.Stat(); serr == nil && !info.IsDir() {
			c.mu.Lock()
			c.opened = append(c.opened, name)
			c.mu.Unlock()
		}
	}
	return f, err
}

func (c *openCounter) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }

func (c *openCounter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.opened
	c.opened = nil
	return out
}

// TestReloadReadsOnlyFilesWhoseStampChanged: a reload reads a file only
// when its size or modification time differ from what was stored, and a
// file touched but not changed is stored with its new time and not read
// again.
func TestReloadReadsOnlyFilesWhoseStampChanged(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	hourAgo := time.Now().Add(-time.Hour)
	write := func(name, body string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(corpusDir, name)
		if err := os.WriteFile(p, []byte("Title: "+name+"\nLanguage: en\n\n"+body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "The river rose overnight. Farmers moved their cattle to the hills.", hourAgo)
	write("b.txt", "The council met on Monday. It approved the new bridge.", hourAgo)
	write("c.txt", "Schools stayed closed. Teachers planned lessons online.", hourAgo)

	dbDir := filepath.Join(dir, "db")
	db := openDB(t, filepath.Join(dbDir, "s.db"))
	files := &openCounter{FS: os.DirFS(corpusDir)}
	if rep := reload(t, db, files); len(rep.Added) != 3 {
		t.Fatalf("first reload %+v, want 3 added", rep)
	}
	if got := files.take(); len(got) != 3 {
		t.Fatalf("first reload read %v, want every file", got)
	}

	rep := reload(t, db, files)
	if got := files.take(); len(got) != 0 || rep.Unchanged != 3 {
		t.Fatalf("nothing changed: read %v, report %+v; want no file read, 3 unchanged", got, rep)
	}

	// Touched, same bytes: read once, unchanged, and its new time kept.
	write("b.txt", "The council met on Monday. It approved the new bridge.", hourAgo.Add(time.Minute))
	rep = reload(t, db, files)
	if got := files.take(); len(got) != 1 || got[0] != "b.txt" || rep.Unchanged != 3 || db.Version() != 1 {
		t.Fatalf("touched b.txt: read %v, report %+v, version %d; want b.txt read, 3 unchanged, version 1", got, rep, db.Version())
	}
	before := snapshotFiles(t, dbDir)
	rep = reload(t, db, files)
	if got := files.take(); len(got) != 0 || rep.Unchanged != 3 {
		t.Fatalf("after the touch was stored: read %v, report %+v; want nothing read", got, rep)
	}
	if after := snapshotFiles(t, dbDir); !maps.Equal(before, after) {
		t.Errorf("a reload with nothing changed wrote to the database")
	}

	// Same size, new bytes, new time: read and reloaded.
	write("c.txt", "Schools stayed closed. Teachers planned lessons offline", hourAgo.Add(2*time.Minute))
	rep = reload(t, db, files)
	if got := files.take(); len(got) != 1 || len(rep.Updated) != 1 || rep.Updated[0] != "c.txt" {
		t.Fatalf("changed c.txt: read %v, report %+v; want c.txt read and updated", got, rep)
	}
	if got := articleSentences(t, db, "c"); len(got) == 0 || got[len(got)-1] != "Teachers planned lessons offline" {
		t.Errorf("c after the change: %q", got)
	}

	// Written just now: its time is not trusted yet, so it is read (but
	// not rewritten) on the next reload too.
	write("d.txt", "A new report arrived. It named the bridge builder.", time.Now())
	if rep := reload(t, db, files); len(rep.Added) != 1 {
		t.Fatalf("new d.txt: report %+v", rep)
	}
	files.take()
	before = snapshotFiles(t, dbDir)
	rep = reload(t, db, files)
	if got := files.take(); len(got) != 1 || got[0] != "d.txt" || rep.Unchanged != 4 {
		t.Fatalf("fresh d.txt: read %v, report %+v; want only d.txt read again", got, rep)
	}
	if after := snapshotFiles(t, dbDir); !maps.Equal(before, after) {
		t.Errorf("re-reading a fresh file wrote to the database")
	}
}
