package corpus

import (
	"testing"
	"testing/fstest"
	"time"
)

func TestListFilesLikeReadFilesWithoutReading(t *testing.T) {
	when := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"a.txt":           {Data: []byte("Title: A\n\nOne sentence here."), ModTime: when},
		"story/b.json":    {Data: []byte(`{"title": "B"}`), ModTime: when.Add(time.Hour)},
		"story/story.txt": {Data: []byte("Title: S\n")},
		"notes.pdf":       {Data: []byte("%PDF")},
		".hidden.txt":     {Data: []byte("x")},
	}
	listed, lskipped, err := ListFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	read, rskipped, err := ReadFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 2 || len(read) != 2 || len(lskipped) != len(rskipped) || len(lskipped) != 2 {
		t.Fatalf("listed %+v skipped %v; read %d skipped %v", listed, lskipped, len(read), rskipped)
	}
	for i, f := range listed {
		r := read[i]
		if f.Name != r.Name || f.Story != r.Story || f.Size != int64(len(r.Data)) || !f.ModTime.Equal(r.ModTime) {
			t.Errorf("listed %+v, read %s/%s size %d time %v", f, r.Name, r.Story, len(r.Data), r.ModTime)
		}
		if f.Data != nil || f.Hash != "" {
			t.Errorf("ListFiles read %s", f.Name)
		}
		if got := ReadFile(fsys, f.Name); got.Hash != r.Hash || string(got.Data) != string(r.Data) {
			t.Errorf("ReadFile(%s) differs from ReadFiles", f.Name)
		}
	}
	if !listed[0].ModTime.Equal(when) || listed[1].Story != "story" {
		t.Errorf("listed %+v", listed)
	}
}
