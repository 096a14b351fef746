package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// bbcSentences returns the sentences of the BBC News dataset, split and
// cleaned the way articles are.
func bbcSentences(b *testing.B) []string {
	dir := filepath.Join("..", "..", "shared", "data", "bbc")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("BBC dataset not found at %s: %v", dir, err)
	}
	files, _, err := ReadFiles(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, f := range files {
		a, err := Parse(f)
		if err != nil {
			continue
		}
		for _, s := range a.Sentences {
			out = append(out, s.Text)
		}
	}
	if len(out) == 0 {
		b.Skip("no BBC sentences")
	}
	return out
}

// BenchmarkTerms measures indexing-side analysis: sentences/s per core.
func BenchmarkTerms(b *testing.B) {
	sents := bbcSentences(b)
	a := NewAnalyzer()
	for _, s := range sents { // warm the stem cache, as a reload does quickly
		a.Terms(s, "en")
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		a.Terms(sents[i%len(sents)], "en")
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	// On a shared machine wall time includes waiting for a core; CPU time
	// (including GC) is what the target per core is about.
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "sentences/cpu-s")
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTermsParallel is BenchmarkTerms on all cores sharing one Analyzer.
func BenchmarkTermsParallel(b *testing.B) {
	sents := bbcSentences(b)
	a := NewAnalyzer()
	for _, s := range sents {
		a.Terms(s, "en")
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		var buf []string
		i := 0
		for pb.Next() {
			buf = a.AppendTerms(buf[:0], sents[i%len(sents)], "en")
			i++
		}
	})
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/float64(runtime.GOMAXPROCS(0)), "sentences/s/core")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "sentences/cpu-s")
}

// BenchmarkParse measures reading articles into sentences (without terms).
func BenchmarkParse(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "data", "bbc")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("BBC dataset not found at %s: %v", dir, err)
	}
	files, _, err := ReadFiles(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	sentences := 0
	for i := 0; i < b.N; i++ {
		a, err := Parse(files[i%len(files)])
		if err == nil {
			sentences += len(a.Sentences)
		}
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}
