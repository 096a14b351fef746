package qa

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/corpus/benchcorpus"
)

// sharedData is ../shared/data from the repository root.
var sharedData = filepath.Join("..", "..", "shared", "data")

func articleFeatures(a corpus.Article) *docFeatures {
	return textFeatures(a.Sentences, false)
}

// TestReportsInNewsClusters checks sameReport on the wire copies found in
// news-clusters by hand (AP and Reuters stories run by several outlets)
// and on near misses that are not one report.
func TestReportsInNewsClusters(t *testing.T) {
	dir := filepath.Join(sharedData, "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("needs %s (the shared data): %v", dir, err)
	}
	files, _, err := corpus.ReadFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	byPrefix := map[string]corpus.Article{}
	for _, f := range files {
		if a, err := corpus.Parse(f); err == nil {
			byPrefix[a.ID[:8]] = a
		}
	}
	tests := []struct {
		a, b string
		want bool
		why  string
	}{
		{"2216ac16", "5ab7894a", true, "AP subway collision: washingtonpost.com, nytimes.com"},
		{"5ab7894a", "7cd30faf", true, "AP subway collision: nytimes.com, abcnews.go.com"},
		{"96107f45", "f0ca1c96", true, "AP electric bill: washingtonpost.com, dailymail.co.uk"},
		{"931861bb", "c8272c7b", true, "AP G League: the shorter version nytimes.com ran is all in washingtonpost.com's"},
		{"4468c60d", "fd87b38c", true, "Reuters Tamimi indictment: reuters.com, nytimes.com"},
		{"0a7e7848", "935d8e55", true, "NYT story cnbc.com ran: 'More from The New York Times'"},
		{"2ea0c85e", "4c06bb54", true, "AP Angola satellite: foxnews.com, timesofindia.indiatimes.com"},
		{"53554343", "74a581ab", false, "two AP versions of the Goldman Sachs story, rewritten between them (0.78)"},
		{"7cd30faf", "e5b73024", false, "dailymail.co.uk's own subway story around AP paragraphs (0.63)"},
		{"572f3fd2", "a989861f", false, "a press release, edited by ndtv.com (0.76) and published months apart"},
		{"12e3629a", "2e3edacb", false, "two dailymail.co.uk stories on the Tesla launch (0.69)"},
	}
	for _, tt := range tests {
		a, okA := byPrefix[tt.a]
		b, okB := byPrefix[tt.b]
		if !okA || !okB {
			t.Errorf("news-clusters lacks %s or %s", tt.a, tt.b)
			continue
		}
		if got := sameReport(articleFeatures(a), articleFeatures(b), a.Published, b.Published); got != tt.want {
			t.Errorf("sameReport(%s, %s) = %v, want %v: %s", tt.a, tt.b, got, tt.want, tt.why)
		}
	}
}

// TestBenchCopiesAreNotReports: the bench generator's later copies of an
// article change names and figures (and shift the date); they are other
// reports, however much text they share with the original.
func TestBenchCopiesAreNotReports(t *testing.T) {
	src, err := benchcorpus.Load(sharedData)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("needs %s (the shared data): %v", sharedData, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Two copies of every article: the original (c00) and one varied copy.
	m, err := src.Generate(context.Background(), dir, benchcorpus.Options{Sentences: 2 * src.Sentences(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	parse := func(name string) (corpus.Article, bool) {
		f := corpus.ReadFile(fsys, name)
		a, err := corpus.Parse(f)
		return a, err == nil
	}
	var pairs, textual, factual, ledeApart, folded int
	for i, name := range m.Files {
		// Every 4th article is enough to see the rule hold.
		if !strings.HasPrefix(name, "c01-") || i%4 != 0 {
			continue
		}
		orig := "c00-" + strings.TrimPrefix(name, "c01-")
		a, okA := parse(orig)
		b, okB := parse(name)
		if !okA || !okB {
			continue
		}
		fa, fb := articleFeatures(a), articleFeatures(b)
		pairs++
		lede := func(a corpus.Article) *docFeatures { return textFeatures(a.Sentences, true) }
		if factsDiffer(lede(a).sentences, lede(b).sentences) {
			ledeApart++
		}
		small, large := fa, fb
		if len(small.shingles) > len(large.shingles) {
			small, large = large, small
		}
		if len(small.shingles) >= minReportShingles &&
			float64(commonSorted(small.shingles, large.shingles)) >= minReportContainment*float64(len(small.shingles)) {
			textual++
			if !factsDiffer(fa.sentences, fb.sentences) {
				factual++
			}
		}
		if sameReport(fa, fb, a.Published, b.Published) {
			folded++
			if folded <= 5 {
				t.Errorf("bench copy %s is called the same report as %s", name, path.Base(orig))
			}
		}
	}
	if pairs < 100 {
		t.Fatalf("only %d copy pairs compared", pairs)
	}
	t.Logf("%d bench copy pairs: %d share at least %.0f%% of their text, %d of those with no name or figure changed, %d called one report; the ledes alone tell %d pairs apart",
		pairs, textual, 100*minReportContainment, factual, folded, ledeApart)
}
