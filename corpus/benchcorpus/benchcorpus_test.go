package benchcorpus

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"storybot/corpus"
)

// dataDir is the shared data folder as seen from this package.
var dataDir = filepath.Join("..", "..", "..", "shared", "data")

// loadSource loads the real articles once per test binary; it skips when the
// shared data is absent.
var loadSource = sync.OnceValues(func() (*Source, error) { return Load(dataDir) })

func source(t testing.TB) *Source {
	t.Helper()
	s, err := loadSource()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("shared data not found at %s (read-only, see /work/shared/README.md): %v", dataDir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoad(t *testing.T) {
	s := source(t)
	// 2,225 BBC articles and 383 news-clusters records, less the few that are
	// not English or have no headline.
	if n := s.Articles(); n < 2400 || n > 2608 {
		t.Errorf("%d source articles, want most of the 2,608", n)
	}
	if n := s.Sentences(); n < 40000 {
		t.Errorf("%d source sentences, want tens of thousands", n)
	}
	kinds := map[string]int{}
	for _, a := range s.articles {
		kinds[a.kind]++
		if a.title == "" || a.sentences == 0 || a.topic == "" {
			t.Fatalf("article %s/%s/%s has no title, sentences or topic", a.kind, a.topic, a.name)
		}
	}
	if kinds["bbc"] < 2000 || kinds["news"] < 300 {
		t.Errorf("articles by kind %v, want both sets", kinds)
	}
}

func TestLoadMissingFolder(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "absent"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of a missing folder: %v, want fs.ErrNotExist", err)
	}
}

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateDeterministic(t *testing.T) {
	s := source(t)
	opts := Options{Sentences: 4000, Seed: 7}
	dirA, dirB, dirC := t.TempDir(), t.TempDir(), t.TempDir()
	a, err := s.Generate(context.Background(), dirA, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Generate(context.Background(), dirB, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest != b.Digest || a.Sentences != b.Sentences || len(a.Files) != len(b.Files) {
		t.Fatalf("same seed, different corpora: %s/%d/%d vs %s/%d/%d",
			a.Digest, a.Sentences, len(a.Files), b.Digest, b.Sentences, len(b.Files))
	}
	treeA, treeB := readTree(t, dirA), readTree(t, dirB)
	if len(treeA) != len(a.Files) {
		t.Fatalf("%d files on disk, manifest lists %d", len(treeA), len(a.Files))
	}
	for name, data := range treeA {
		if string(treeB[name]) != string(data) {
			t.Fatalf("same seed, %s differs", name)
		}
	}
	if strings.Join(a.Sample, "\n") != strings.Join(b.Sample, "\n") {
		t.Error("same seed, different samples")
	}

	// Past the real copy (copy 0), the seed changes the text.
	big := Options{Sentences: s.Sentences() + 3000, Seed: 7}
	x, err := s.Generate(context.Background(), t.TempDir(), big)
	if err != nil {
		t.Fatal(err)
	}
	big.Seed = 8
	y, err := s.Generate(context.Background(), dirC, big)
	if err != nil {
		t.Fatal(err)
	}
	if x.Digest == y.Digest {
		t.Error("seeds 7 and 8 gave the same corpus")
	}
}

// TestGenerateSize checks the corpus has the sentences asked for, as the
// parser counts them, and that every file loads.
func TestGenerateSize(t *testing.T) {
	s := source(t)
	for _, n := range []int{1, 50, 3000} {
		dir := t.TempDir()
		m, err := s.Generate(context.Background(), dir, Options{Sentences: n, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if m.Sentences != n {
			t.Errorf("asked %d sentences, wrote %d", n, m.Sentences)
		}
		files, skipped, err := corpus.ReadFiles(os.DirFS(dir))
		if err != nil || len(skipped) > 0 {
			t.Fatalf("read back: %v, skipped %v", err, skipped)
		}
		parsed := 0
		for _, f := range files {
			a, err := corpus.Parse(f)
			if err != nil {
				t.Fatalf("generated %s does not parse: %v", f.Name, err)
			}
			parsed += len(a.Sentences)
		}
		// The splitter may join or split a few sentences differently once
		// they are written back; 2% is far beyond what it does.
		if diff := parsed - n; diff*50 > n || -diff*50 > n {
			if n > 1 {
				t.Errorf("asked %d sentences, the parser finds %d", n, parsed)
			}
		}
	}
}

// TestGenerateCopies checks copy 0 is the real text and later copies vary
// it without losing its shape.
func TestGenerateCopies(t *testing.T) {
	s := source(t)
	i := s.byTopic["bbc/business"][0]
	a := s.articles[i]
	name0, data0, texts0 := s.render(1, 0, i, 1<<30)
	name1, data1, texts1 := s.render(1, 1, i, 1<<30)
	if name0 == name1 {
		t.Fatalf("copies share the file name %s", name0)
	}
	if !strings.Contains(string(data0), a.paragraphs[0][0]) || texts0[0] != a.title {
		t.Errorf("copy 0 is not the real text:\n%s", data0)
	}
	if string(data0) == string(data1) {
		t.Error("copy 1 is identical to copy 0")
	}
	if d := len(texts1) - len(texts0); d*4 > len(texts0) || -d*4 > len(texts0) {
		t.Errorf("copy 1 has %d sentences, copy 0 %d: variation should keep the size", len(texts1), len(texts0))
	}
	// Limits cut the article short, headline first.
	_, _, cut := s.render(1, 1, i, 3)
	if len(cut) != 3 || cut[0] != texts1[0] {
		t.Errorf("cut to 3 sentences: %q", cut)
	}
}

func TestGenerateRefusesNonEmptyFolder(t *testing.T) {
	s := source(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Generate(context.Background(), dir, Options{Sentences: 10}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Generate into a non-empty folder: %v, want a 'not empty' error", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "keep.txt")); err != nil || string(b) != "mine" {
		t.Fatalf("the folder's file was touched: %q %v", b, err)
	}
	if _, err := s.Generate(context.Background(), t.TempDir(), Options{Sentences: 0}); err == nil {
		t.Fatal("Generate of 0 sentences succeeded")
	}
}

func TestQueries(t *testing.T) {
	sample := []string{
		"Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.",
		"The firm benefited from sales of high-speed internet connections.",
		"Too short.",
	}
	a, b := Queries(sample, 50, 3), Queries(sample, 50, 3)
	if len(a) != 50 || strings.Join(a, "|") != strings.Join(b, "|") {
		t.Fatalf("Queries not deterministic or not 50: %d %d", len(a), len(b))
	}
	if strings.Join(a, "|") == strings.Join(Queries(sample, 50, 4), "|") {
		t.Error("seeds 3 and 4 drew the same queries")
	}
	for _, q := range a {
		if strings.TrimSpace(q) == "" || strings.Contains(q, "Too short") {
			t.Errorf("bad query %q", q)
		}
	}
	if Queries(nil, 5, 1) != nil || Queries(sample, 0, 1) != nil {
		t.Error("queries from nothing")
	}
}

func TestInventedNamesDistinct(t *testing.T) {
	seen := make(map[string]int, nameSpace)
	for n := range nameSpace {
		name := inventedName(n)
		if prev, ok := seen[name]; ok {
			t.Fatalf("inventedName(%d) = inventedName(%d) = %q", n, prev, name)
		}
		seen[name] = n
	}
}

func TestShiftDate(t *testing.T) {
	tests := []struct {
		in   string
		c    int
		want string
	}{
		{"2017-09-15T00:00:00", 1, "2017-10-15T00:00:00"},
		{"2017-12-01", 1, "2018-01-01"},
		{"2017-09-15", 28, "2020-01-15"},
		{"", 3, ""},
		{"Sept 2017", 2, "Sept 2017"},
	}
	for _, tt := range tests {
		if got := shiftDate(tt.in, tt.c); got != tt.want {
			t.Errorf("shiftDate(%q, %d) = %q, want %q", tt.in, tt.c, got, tt.want)
		}
	}
}
