package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExtractQuotes measures quotation extraction, which runs on every
// article during a reload, over the 383 news-clusters articles (real
// quotation density) in sentences/s.
func BenchmarkExtractQuotes(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("news-clusters dataset not found at %s: %v", dir, err)
	}
	files, _, err := ReadFiles(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	var articles []Article
	for _, f := range files {
		if a, err := Parse(f); err == nil {
			articles = append(articles, a)
		}
	}
	if len(articles) == 0 {
		b.Skip("no news-clusters articles parsed")
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	sentences := 0
	for i := 0; i < b.N; i++ {
		a := articles[i%len(articles)]
		ExtractQuotes(a)
		sentences += len(a.Sentences)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
	// The machine may be shared: CPU time (GC included) is the fairer
	// figure for comparing versions.
	b.ReportMetric(float64(sentences)/cpu.Seconds(), "sentences/cpu-s")
}
