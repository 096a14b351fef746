package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
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
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "s.db"), benchLogger(), opts...)
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

// BenchmarkPostings reads posting lists of common and rare stems from the
// whole BBC corpus, with the cache and without it.
func BenchmarkPostings(b *testing.B) {
	stems := []string{"said", "year", "govern", "market", "game", "film", "labour", "broadband", "chelsea", "zzzz"}
	for _, tc := range []struct {
		name string
		opts []store.Option
	}{
		{"cached", nil},
		{"uncached", []store.Option{store.WithPostingsCache(0)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db, _, _, _ := loadedDB(b, 1, tc.opts...)
			ctx := context.Background()
			var total int
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				ps, err := db.Postings(ctx, stems[i%len(stems)])
				if err != nil {
					b.Fatal(err)
				}
				total += len(ps)
			}
			b.ReportMetric(float64(total)/float64(b.N), "postings/op")
		})
	}
}

// BenchmarkScale loads STORE_BENCH_COPIES copies of the BBC corpus once
// (25 copies is about a million sentences), logs the load's figures, then
// measures the operations a running bot does on that index.
func BenchmarkScale(b *testing.B) {
	copies := scale(b)
	ctx := context.Background()
	db, fsys, rep, took := loadedDB(b, copies)
	sz, err := store.Sizes(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("full reload: %d sentences in %v = %.0f sentences/s; file %.1f MB, sentence text %.1f MB, posting blobs %.1f MB; peak RSS %s",
		rep.Sentences, took.Round(time.Millisecond), float64(rep.Sentences)/took.Seconds(),
		mb(sz.File), mb(sz.Text), mb(sz.Postings), procStatus("VmHWM"))
	path := store.Path(db)

	stems := []string{"said", "year", "govern", "market", "game", "film", "labour", "broadband", "chelsea", "zzzz"}
	b.Run("postings-cached", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := db.Postings(ctx, stems[i%len(stems)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("postings-uncached", func(b *testing.B) {
		cold, err := store.Open(ctx, path, nil, store.WithPostingsCache(0))
		if err != nil {
			b.Fatal(err)
		}
		defer cold.Close()
		var total int
		for i := 0; b.Loop(); i++ {
			ps, err := cold.Postings(ctx, stems[i%len(stems)])
			if err != nil {
				b.Fatal(err)
			}
			total += len(ps)
		}
		b.ReportMetric(float64(total)/float64(b.N), "postings/op")
	})
	b.Run("sentences-10", func(b *testing.B) {
		ps, err := db.Postings(ctx, "broadband")
		if err != nil || len(ps) < 10 {
			b.Fatalf("broadband postings: %d, %v", len(ps), err)
		}
		ids := make([]uint32, 10)
		for i := range ids {
			ids[i] = ps[i*len(ps)/10].Sentence
		}
		for b.Loop() {
			if s, err := db.Sentences(ctx, ids); err != nil || len(s) != 10 {
				b.Fatalf("sentences: %d, %v", len(s), err)
			}
		}
	})
	b.Run("reload-one-file", func(b *testing.B) {
		name := "copy000/politics/001.txt"
		orig := fsys[name].Data
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
	b.Run("reload-unchanged", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Reload(ctx, fsys, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open", func(b *testing.B) {
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
	})
	b.Logf("peak RSS after serving %s", procStatus("VmHWM"))
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// procStatus returns a field of /proc/self/status, "?" where there is none.
func procStatus(field string) string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// benchLogger logs to stderr when STORE_BENCH_LOG is set, to see where a
// reload spends its time.
func benchLogger() *slog.Logger {
	if os.Getenv("STORE_BENCH_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
