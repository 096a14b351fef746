package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"storybot/corpus"
	"storybot/store"
)

// bbcFS returns the BBC news files, at most limit of them (0 for all), as a
// MapFS, copied copies times under distinct story folders so the benchmark
// can reach a million sentences. It skips when the shared data is absent.
func bbcFS(b *testing.B, limit, copies int) fstest.MapFS {
	b.Helper()
	root := filepath.Join("..", "..", "shared", "data", "bbc")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("BBC data not found at %s (read-only shared data, see /work/shared/README.md): %v", root, err)
	}
	src := os.DirFS(root)
	var names []string
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".txt" && path.Dir(p) != "." {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(names)
	if limit > 0 && len(names) > limit {
		// Spread across topics rather than the first folder only.
		step := len(names) / limit
		var picked []string
		for i := 0; i < len(names) && len(picked) < limit; i += step {
			picked = append(picked, names[i])
		}
		names = picked
	}
	out := fstest.MapFS{}
	for _, n := range names {
		data, err := fs.ReadFile(src, n)
		if err != nil {
			b.Fatal(err)
		}
		for c := range copies {
			out[fmt.Sprintf("copy%03d/%s", c, n)] = &fstest.MapFile{Data: data}
		}
	}
	return out
}

// scale is how many copies of the BBC corpus the scale benchmarks load:
// STORE_BENCH_COPIES, default 1 (about 40k sentences); 25 reaches ~1M.
func scale(b *testing.B) int {
	if v := os.Getenv("STORE_BENCH_COPIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("STORE_BENCH_COPIES=%q: want a positive integer", v)
		}
		return n
	}
	return 1
}

// BenchmarkReload loads a few thousand BBC sentences into a fresh database.
func BenchmarkReload(b *testing.B) {
	fsys := bbcFS(b, 200, 1)
	ctx := context.Background()
	var sentences int
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("s%d.db", i)), benchLogger())
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
	b.ReportMetric(float64(sentences), "sentences")
}

// loadedDB returns a database loaded with copies of the whole BBC corpus.
func loadedDB(b *testing.B, copies int, opts ...store.Option) (*store.DB, fstest.MapFS, corpus.ReloadReport, time.Duration) {
	b.Helper()
	fsys := bbcFS(b, 0, copies)
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "s.db"), nil, opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	start := time.Now()
	rep, err := db.Reload(context.Background(), fsys, nil)
	if err != nil {
		b.Fatal(err)
	}
	return db, fsys, rep, time.Since(start)
}

// BenchmarkReloadScale is the full reload at STORE_BENCH_COPIES copies of the
// BBC corpus, and then a one-file incremental reload on top of it.
func BenchmarkReloadScale(b *testing.B) {
	copies := scale(b)
	b.Run("full", func(b *testing.B) {
		var sentences int
		for b.Loop() {
			_, _, rep, _ := loadedDB(b, copies)
			sentences = rep.Sentences
		}
		b.ReportMetric(float64(sentences)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
		b.ReportMetric(float64(sentences), "sentences")
	})
	b.Run("one-file", func(b *testing.B) {
		db, fsys, _, _ := loadedDB(b, copies)
		name := "copy000/politics/001.txt"
		orig := fsys[name].Data
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			data := orig
			if i%2 == 0 {
				data = append(slices.Clip(orig), []byte("\nA late correction was added to this report.\n")...)
			}
			fsys[name] = &fstest.MapFile{Data: data}
			rep, err := db.Reload(ctx, fsys, nil)
			if err != nil {
				b.Fatal(err)
			}
			if len(rep.Updated) != 1 {
				b.Fatalf("report %+v, want one update", rep)
			}
		}
	})
}

// BenchmarkPostings reads posting lists of common and rare stems from the
// whole BBC corpus, with the cache and without it.
func BenchmarkPostings(b *testing.B) {
	copies := scale(b)
	stems := []string{"said", "year", "govern", "market", "game", "film", "labour", "broadband", "chelsea", "zzzz"}
	for _, tc := range []struct {
		name string
		opts []store.Option
	}{
		{"cached", nil},
		{"uncached", []store.Option{store.WithPostingsCache(0)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db, _, _, _ := loadedDB(b, copies, tc.opts...)
			ctx := context.Background()
			var total int
			for _, s := range stems {
				ps, err := db.Postings(ctx, s)
				if err != nil {
					b.Fatal(err)
				}
				total += len(ps)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := db.Postings(ctx, stems[i%len(stems)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total)/float64(len(stems)), "postings/stem")
		})
	}
}

// BenchmarkOpen is start-up: opening a loaded database and reading Stats.
func BenchmarkOpen(b *testing.B) {
	db, _, _, _ := loadedDB(b, scale(b))
	path := store.Path(db)
	ctx := context.Background()
	for b.Loop() {
		db, err := store.Open(ctx, path, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Stats(ctx); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}

// TestReportScaleNumbers prints size and memory figures for a loaded
// database when STORE_BENCH_COPIES is set; it is a measurement, not a check.
func BenchmarkSize(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		db, _, rep, took := loadedDB(b, scale(b))
		sz, err := store.Sizes(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(rep.Sentences), "sentences")
		b.ReportMetric(took.Seconds(), "load-s")
		b.ReportMetric(float64(sz.Postings)/(1<<20), "postings-MB")
		b.ReportMetric(float64(sz.File)/(1<<20), "file-MB")
		b.ReportMetric(float64(sz.Text)/(1<<20), "text-MB")
		b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heapsys-MB")
	}
}

// benchLogger logs to stderr when STORE_BENCH_LOG is set, to see where a
// reload spends its time.
func benchLogger() *slog.Logger {
	if os.Getenv("STORE_BENCH_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
