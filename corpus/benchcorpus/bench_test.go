package benchcorpus_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"storybot/corpus"
	"storybot/corpus/benchcorpus"
	"storybot/qa"
	"storybot/store"
)

// The million-sentence benchmarks. They share one generated corpus and one
// loaded database per test binary, built on first use:
//
//	go test -run '^$' -bench . -benchtime 1000x ./corpus/benchcorpus/
//
// STORYBOT_BENCH_SENTENCES sets the size (default 1,000,000); the shared
// data must be at ../shared/data from the repository root.

// fixture is the generated corpus and a database loaded with it.
type fixture struct {
	dir      string // holds corpus/ and the database
	manifest benchcorpus.Manifest
	dbPath   string
	queries  []string
	loadTook time.Duration
}

var (
	fixtureOnce sync.Once
	shared      *fixture
	fixtureErr  error
	fixtureSkip string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

func benchSentences(b *testing.B) int {
	if v := os.Getenv("STORYBOT_BENCH_SENTENCES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("STORYBOT_BENCH_SENTENCES=%q: want a positive number", v)
		}
		return n
	}
	return 1_000_000
}

func getFixture(b *testing.B) *fixture {
	b.Helper()
	n := benchSentences(b)
	fixtureOnce.Do(func() { shared, fixtureSkip, fixtureErr = newFixture(n) })
	if fixtureSkip != "" {
		b.Skip(fixtureSkip)
	}
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return shared
}

func newFixture(n int) (*fixture, string, error) {
	data := filepath.Join("..", "..", "..", "shared", "data")
	src, err := benchcorpus.Load(data)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("shared data not found at %s: %v", data, err), nil
	}
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "storybot-bench1m-")
	if err != nil {
		return nil, "", err
	}
	f := &fixture{dir: dir, dbPath: filepath.Join(dir, "bench.db")}
	f.manifest, err = src.Generate(context.Background(), filepath.Join(dir, "corpus"), benchcorpus.Options{Sentences: n, Seed: 1})
	if err != nil {
		return nil, "", err
	}
	db, err := store.Open(context.Background(), f.dbPath, nil)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	start := time.Now()
	if _, err := db.Reload(context.Background(), os.DirFS(f.corpusDir()), nil); err != nil {
		return nil, "", err
	}
	f.loadTook = time.Since(start)
	f.queries = benchcorpus.Queries(f.manifest.Sample, 1000, 1)
	return f, "", nil
}

func (f *fixture) corpusDir() string { return filepath.Join(f.dir, "corpus") }

// open opens the fixture's database with an engine over it.
func (f *fixture) open(b *testing.B) (*store.DB, *qa.Engine) {
	b.Helper()
	an := corpus.NewAnalyzer()
	db, err := store.Open(context.Background(), f.dbPath, nil, store.WithAnalyzer(an))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}
}

// BenchmarkReload1M is a full reload of the corpus into a new database.
func BenchmarkReload1M(b *testing.B) {
	f := getFixture(b)
	fsys := os.DirFS(f.corpusDir())
	ctx := context.Background()
	var sentences int
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("r%d.db", i))
		db, err := store.Open(ctx, path, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := db.Reload(ctx, fsys, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		sentences = rep.Sentences
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(sentences)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkReloadOneFile1M changes one article of the loaded corpus and
// reloads: the whole folder is listed and hashed, one file re-indexed.
func BenchmarkReloadOneFile1M(b *testing.B) {
	f := getFixture(b)
	db, _ := f.open(b)
	ctx := context.Background()
	full := filepath.Join(f.corpusDir(), filepath.FromSlash(f.manifest.ChangeFile))
	orig, err := os.ReadFile(full)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(full, orig, 0o644) })
	fsys := os.DirFS(f.corpusDir())
	for i := 0; b.Loop(); i++ {
		data := orig
		if i%2 == 0 {
			data = append(slices.Clip(orig), "A correction was added to this report.\n"...)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			b.Fatal(err)
		}
		rep, err := db.Reload(ctx, fsys, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Updated) != 1 {
			b.Fatalf("updated %v, want %s", rep.Updated, f.manifest.ChangeFile)
		}
	}
}

// benchQueries times fn over the query set, warm, reporting p50 and p99.
func benchQueries(b *testing.B, f *fixture, fn func(q string) error) {
	for _, q := range f.queries {
		if err := fn(q); err != nil {
			b.Fatal(err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if err := fn(f.queries[i%len(f.queries)]); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	pct := func(p int) float64 {
		return float64(times[min(len(times)-1, (len(times)*p+99)/100-1)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(99), "p99-ms")
}

func BenchmarkAsk1M(b *testing.B) {
	f := getFixture(b)
	_, e := f.open(b)
	ctx := context.Background()
	benchQueries(b, f, func(q string) error { _, err := e.Ask(ctx, q); return err })
}

func BenchmarkBaseline1M(b *testing.B) {
	f := getFixture(b)
	_, e := f.open(b)
	ctx := context.Background()
	benchQueries(b, f, func(q string) error { _, err := e.Baseline(ctx, q, 10); return err })
}

func BenchmarkQuotes1M(b *testing.B) {
	f := getFixture(b)
	_, e := f.open(b)
	ctx := context.Background()
	benchQueries(b, f, func(q string) error { _, err := e.Quotes(ctx, "", q, 10); return err })
}

// BenchmarkStartup1M is opening the loaded database and answering a first
// question, as a fresh process does (minus the process itself).
func BenchmarkStartup1M(b *testing.B) {
	f := getFixture(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		an := corpus.NewAnalyzer()
		db, err := store.Open(ctx, f.dbPath, nil, store.WithAnalyzer(an))
		if err != nil {
			b.Fatal(err)
		}
		e := &qa.Engine{Index: db, Analyzer: an}
		if _, err := e.Ask(ctx, f.queries[i%len(f.queries)]); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
