package corpus_test

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"storybot/corpus"
)

func TestFingerprint(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"a.txt":           {Data: []byte("one"), ModTime: t0},
			"river/b.txt":     {Data: []byte("two"), ModTime: t0},
			"river/story.txt": {Data: []byte("Title: River"), ModTime: t0},
			"trade/c.json":    {Data: []byte("{}"), ModTime: t0},
			".git/config":     {Data: []byte("x"), ModTime: t0},
		}
	}
	want, err := corpus.Fingerprint(base())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 {
		t.Fatalf("stories %v, want the root, river and trade", want)
	}
	tests := []struct {
		name    string
		change  func(fstest.MapFS)
		changed []string // stories whose digest must change; the rest must not
	}{
		{"nothing", func(fstest.MapFS) {}, nil},
		{"hidden file", func(f fstest.MapFS) { f["river/.b.txt.swp"] = &fstest.MapFile{Data: []byte("x")} }, nil},
		{"edited, same size, new time", func(f fstest.MapFS) {
			f["river/b.txt"] = &fstest.MapFile{Data: []byte("owt"), ModTime: t0.Add(time.Second)}
		}, []string{"river"}},
		{"grown, same time", func(f fstest.MapFS) { f["a.txt"] = &fstest.MapFile{Data: []byte("one!"), ModTime: t0} }, []string{""}},
		{"story title", func(f fstest.MapFS) {
			f["river/story.txt"] = &fstest.MapFile{Data: []byte("Title: Rivers"), ModTime: t0}
		}, []string{"river"}},
		{"renamed", func(f fstest.MapFS) { f["trade/d.json"] = f["trade/c.json"]; delete(f, "trade/c.json") }, []string{"trade"}},
		{"added", func(f fstest.MapFS) { f["river/e.md"] = &fstest.MapFile{Data: []byte("x"), ModTime: t0} }, []string{"river"}},
		{"story removed", func(f fstest.MapFS) { delete(f, "trade/c.json") }, []string{"trade"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := base()
			tt.change(fsys)
			got, err := corpus.Fingerprint(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var changed []string
			for _, s := range []string{"", "river", "trade"} {
				if got[s] != want[s] {
					changed = append(changed, s)
				}
			}
			if len(changed) != len(tt.changed) {
				t.Fatalf("changed stories %q, want %q", changed, tt.changed)
			}
			for i := range changed {
				if changed[i] != tt.changed[i] {
					t.Fatalf("changed stories %q, want %q", changed, tt.changed)
				}
			}
		})
	}
}

func TestFingerprintDirIsFingerprint(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.txt", "b/c.txt", "b/d/e.md", "b/.hidden", ".git/x", "f/story.txt", "g.json"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.txt", filepath.Join(dir, "b", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	want, err := corpus.Fingerprint(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	got, err := corpus.FingerprintDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) || len(got) != 3 {
		t.Errorf("FingerprintDir %v, Fingerprint %v; want the same three stories", got, want)
	}
	if _, err := corpus.FingerprintDir(filepath.Join(dir, "absent")); err == nil {
		t.Error("no error for a folder that does not exist")
	}
}
