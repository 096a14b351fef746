package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"storybot/corpus"
	"storybot/corpus/benchcorpus"
	"storybot/qa"
	"storybot/store"
)

// goldenQuestions are the seed story's golden questions; the bench corpus
// carries the seed story, so they are asked of it among a million sentences.
//
//go:embed qa/testdata/golden.json
var goldenQuestions []byte

// usersQuestions are the dev sets' questions, typed as Discord users type
// them (why, how many, misspelled, Spanish and French). They take steps
// the drawn bench questions rarely do (a deeper pool for why, whole
// articles read for a count), so ask is timed on them too.
//
//go:embed qa/testdata/devset.json
var devSetQuestions []byte

//go:embed qa/testdata/devset2.json
var heldOutQuestions []byte

// benchTargets are the targets on a 2-core machine at 1M sentences.
// A zero bound means "report only".
var benchTargets = []struct {
	key, label, unit string
	atLeast, atMost  float64
}{
	{"reload_sentences_per_s", "full reload", "sentences/s", 60000, 0},
	{"incremental_reload_ms", "one-file incremental reload", "ms", 0, 1000},
	{"noop_reload_ms", "reload with nothing changed", "ms", 0, 0},
	{"ask_p50_ms", "ask p50", "ms", 0, 2},
	{"ask_p99_ms", "ask p99", "ms", 0, 10},
	{"user_ask_p50_ms", "ask p50, users' questions", "ms", 0, 0},
	{"user_ask_p99_ms", "ask p99, users' questions", "ms", 0, 0},
	{"baseline_p50_ms", "baseline BM25 p50", "ms", 0, 0},
	{"baseline_p99_ms", "baseline BM25 p99", "ms", 0, 0},
	{"ask_vs_baseline_p50", "ask / baseline p50", "x", 0, 0},
	{"quote_p50_ms", "quote lookup p50", "ms", 0, 0},
	{"quote_p99_ms", "quote lookup p99", "ms", 0, 0},
	{"quote_max_ms", "quote lookup, slowest", "ms", 0, 0},
	{"startup_ms", "start-up to first answer", "ms", 0, 300},
	{"rss_mb", "RSS while serving", "MB", 0, 100},
	{"quote_topic_first_ms", "first topic quote lookup, fresh process", "ms", 0, 50},
	{"serve_rss_mb", "RSS after questions and topic quote lookups", "MB", 0, 100},
	{"http_qps", "answers/s over --http, closed loop", "/s", 0, 0},
	{"index_mb", "index on disk (postings)", "MB", 0, 60},
	{"db_mb", "database file", "MB", 0, 0},
	{"text_mb", "sentence text", "MB", 0, 0},
}

// benchResult is the --json output; the keys are a stable interface.
type benchResult struct {
	Sentences           int     `json:"sentences"`
	Files               int     `json:"files"`
	CorpusMB            float64 `json:"corpus_mb"`
	ReloadRuns          int     `json:"reload_runs"`
	ReloadSentencesPerS float64 `json:"reload_sentences_per_s"`
	IncrementalReloadMS float64 `json:"incremental_reload_ms"`
	NoopReloadMS        float64 `json:"noop_reload_ms"`
	Queries             int     `json:"queries"`
	AskP50MS            float64 `json:"ask_p50_ms"`
	AskP99MS            float64 `json:"ask_p99_ms"`
	BaselineP50MS       float64 `json:"baseline_p50_ms"`
	BaselineP99MS       float64 `json:"baseline_p99_ms"`
	AskVsBaselineP50    float64 `json:"ask_vs_baseline_p50"`
	// UserQueries are the dev sets' questions (usersQuestions), asked
	// after the others, warm; UserAskP50MS and UserAskP99MS time Ask on
	// them.
	UserQueries  int     `json:"user_queries"`
	UserAskP50MS float64 `json:"user_ask_p50_ms"`
	UserAskP99MS float64 `json:"user_ask_p99_ms"`
	QuoteLookups int     `json:"quote_lookups"`
	QuoteP50MS   float64 `json:"quote_p50_ms"`
	QuoteP99MS   float64 `json:"quote_p99_ms"`
	// QuoteMaxMS is the slowest lookup (from the stored groups and
	// quotation postings; nothing is built in memory first).
	QuoteMaxMS float64 `json:"quote_max_ms"`
	StartupMS  float64 `json:"startup_ms"`
	RSSMB      float64 `json:"rss_mb"`
	RSSPeakMB  float64 `json:"rss_peak_mb"`
	// QuoteTopicFirstMS is a fresh process's first quotation lookup with a
	// topic (after answering the questions), and ServeRSSMB its RSS after
	// the questions and topic lookups by the most quoted speakers.
	QuoteTopicFirstMS float64 `json:"quote_topic_first_ms"`
	ServeRSSMB        float64 `json:"serve_rss_mb"`
	// HTTPQPS is /ask answers per second from one `serve --http` process
	// (signed interactions, answer delivered to a stand-in Discord API),
	// with HTTPClients clients each waiting for its answer.
	HTTPQPS     float64 `json:"http_qps"`
	HTTPClients int     `json:"http_clients"`
	IndexMB     float64 `json:"index_mb"`
	DBMB        float64 `json:"db_mb"`
	TextMB      float64 `json:"text_mb"`
}

// probeResult is what a --serve-probe process reports.
type probeResult struct {
	StartupMS float64 `json:"startup_ms"`
	RSSMB     float64 `json:"rss_mb"`
	PeakMB    float64 `json:"rss_peak_mb"`
	Answered  int     `json:"answered"`
	// After the questions, topic quotation lookups.
	QuoteTopicFirstMS float64 `json:"quote_topic_first_ms"`
	QuoteLookups      int     `json:"quote_lookups"`
	ServeRSSMB        float64 `json:"serve_rss_mb"`
}

// baselineK is how many hits the plain BM25 baseline returns: a results
// page.
const baselineK = 10

func cmdBench(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("bench", "bench [--sentences N] [--json] [--generate DIR] [flags]")
	sentences := fs.Int("sentences", 1_000_000, "size of the generated corpus in `sentences`")
	asJSON := fs.Bool("json", false, "print the measurements as JSON")
	seed := fs.Uint64("seed", 1, "variation `seed` of the generated corpus; the same seed gives the same bytes")
	dataDir := fs.String("data", filepath.Join("..", "shared", "data"), "shared data `folder` holding bbc/ and news-clusters/")
	generate := fs.String("generate", "", "only write the corpus into `DIR` (new or empty) and exit")
	work := fs.String("work", "", "keep the corpus and databases in `DIR` (default: a temporary folder, removed)")
	runs := fs.Int("runs", 3, "full reloads to time; the median counts")
	queries := fs.Int("queries", 1000, "questions drawn from the corpus, asked after the golden ones")
	quoteBudget := fs.Duration("quote-budget", 30*time.Second, "stop timing quote lookups after this long (at least one is timed)")
	probes := fs.Int("probes", 3, "fresh serving processes to measure start-up and RSS in; the median counts")
	httpFor := fs.Duration("http-load", 10*time.Second, "how long to load a `serve --http` process with signed /ask interactions (0 skips)")
	httpClients := fs.Int("http-clients", 8, "closed-loop clients of the --http-load")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of each timed phase to `PREFIX`.PHASE.pprof")
	probe := fs.Bool("serve-probe", false, "internal: open --db, answer the questions on stdin, report start-up and RSS as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bench takes no arguments")
	}
	if *probe {
		return serveProbe(ctx, a)
	}
	if *sentences < 1 {
		return usagef("--sentences must be at least 1")
	}
	if *runs < 1 || *queries < 1 || *probes < 1 {
		return usagef("--runs, --queries and --probes must be at least 1")
	}

	say := func(format string, args ...any) { fmt.Fprintf(a.Stderr, "bench: "+format+"\n", args...) }
	src, err := benchcorpus.Load(*dataDir)
	if err != nil {
		return fmt.Errorf("%w; run from the repository root or give --data", err)
	}
	if *generate != "" {
		say("writing %d sentences into %s", *sentences, *generate)
		m, err := src.Generate(ctx, *generate, benchcorpus.Options{Sentences: *sentences, Seed: *seed})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "wrote %d files, %d sentences, %.1f MB into %s (digest %s)\n",
			len(m.Files), m.Sentences, float64(m.Bytes)/1e6, *generate, m.Digest)
		return nil
	}

	dir := *work
	if dir == "" {
		dir, err = os.MkdirTemp("", "storybot-bench-")
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.RemoveAll(corpusDir); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	say("generating %d sentences from %d real articles", *sentences, src.Articles())
	m, err := src.Generate(ctx, corpusDir, benchcorpus.Options{Sentences: *sentences, Seed: *seed})
	if err != nil {
		return err
	}
	b := &bench{a: a, say: say, dir: dir, corpusDir: corpusDir, manifest: m, profile: *cpuprofile}
	res := benchResult{Files: len(m.Files), CorpusMB: round(float64(m.Bytes)/1e6, 1), ReloadRuns: *runs}

	dbPath, err := b.fullReloads(ctx, *runs, &res)
	if err != nil {
		return err
	}
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, dbPath, a.Logger, store.WithAnalyzer(an))
	if err != nil {
		return fmt.Errorf("bench: open %s: %w", dbPath, err)
	}
	defer db.Close()
	if err := b.reloads(ctx, db, &res); err != nil {
		return err
	}
	qs, err := benchQueries(m.Sample, *queries, *seed)
	if err != nil {
		return err
	}
	engine := &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an, Logger: a.Logger}
	if err := b.questions(ctx, engine, qs, &res); err != nil {
		return err
	}
	if err := b.usersQuestions(ctx, engine, &res); err != nil {
		return err
	}
	if err := b.quotes(ctx, engine, db, qs, *quoteBudget, &res); err != nil {
		return err
	}
	if err := b.sizes(ctx, db, an, &res); err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := b.probes(ctx, dbPath, qs, *probes, &res); err != nil {
		return err
	}
	if *httpFor > 0 {
		if err := b.httpLoad(ctx, dbPath, qs, max(*httpClients, 1), *httpFor, &res); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(a.Stdout, res)
	}
	_, err = io.WriteString(a.Stdout, formatBench(res))
	return err
}

// bench carries one run's folders and reporting.
type bench struct {
	a         *app
	say       func(string, ...any)
	dir       string
	corpusDir string
	manifest  benchcorpus.Manifest
	profile   string
}

// phase runs fn, under the CPU profiler when --cpuprofile is set.
func (b *bench) phase(name string, fn func() error) error {
	if b.profile == "" {
		return fn()
	}
	f, err := os.Create(b.profile + "." + name + ".pprof")
	if err != nil {
		return fmt.Errorf("bench: cpu profile: %w", err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return fmt.Errorf("bench: cpu profile: %w", err)
	}
	err = fn()
	pprof.StopCPUProfile()
	return err
}

// reloader returns an app that reloads the bench corpus into the database
// at path (or db, when not nil) exactly as `storybot reload` does.
func (b *bench) reloader(path string, db *store.DB) *app {
	return &app{Stdin: b.a.Stdin, Stdout: io.Discard, Stderr: b.a.Stderr, Getenv: b.a.Getenv, Logger: b.a.Logger,
		CorpusDir: b.corpusDir, DBPath: path, DB: db}
}

// fullReloads loads the corpus into runs fresh databases, as `storybot
// reload` does from opening the database to its commit, and keeps the last
// one for the other measurements.
func (b *bench) fullReloads(ctx context.Context, runs int, res *benchResult) (string, error) {
	var rates []float64
	var path string
	err := b.phase("reload", func() error {
		for r := range runs {
			if path != "" {
				removeDB(path)
			}
			path = filepath.Join(b.dir, fmt.Sprintf("bench%d.db", r))
			removeDB(path)
			runtime.GC() // the previous run's garbage is not this run's cost
			ra := b.reloader(path, nil)
			start := time.Now()
			rep, err := ra.reload(ctx, newProgress(b.a.Stderr, fmt.Sprintf("bench: full reload %d/%d", r+1, runs)))
			took := time.Since(start)
			if ra.DB != nil {
				if cerr := ra.DB.Close(); err == nil && cerr != nil {
					err = cerr
				}
			}
			if err != nil {
				return fmt.Errorf("bench: full reload: %w", err)
			}
			if len(rep.Failed) > 0 {
				return fmt.Errorf("bench: full reload: %d generated files failed, first %s: %s", len(rep.Failed), rep.Failed[0].File, rep.Failed[0].Reason)
			}
			res.Sentences = rep.Sentences
			rates = append(rates, float64(rep.Sentences)/took.Seconds())
			b.say("full reload %d/%d: %d sentences in %s (%.0f sentences/s)", r+1, runs, rep.Sentences, took.Round(time.Millisecond), rates[len(rates)-1])
		}
		return nil
	})
	res.ReloadSentencesPerS = round(median(rates), 0)
	return path, err
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// reloads times a reload that finds nothing changed (what every CLI command
// pays before answering) and a reload of one changed file.
func (b *bench) reloads(ctx context.Context, db *store.DB, res *benchResult) error {
	ra := b.reloader("", db)
	var noop []float64
	for range 3 {
		start := time.Now()
		rep, err := ra.reload(ctx, nil)
		if err != nil {
			return fmt.Errorf("bench: unchanged reload: %w", err)
		}
		if len(rep.Added)+len(rep.Updated)+len(rep.Removed) > 0 {
			return fmt.Errorf("bench: unchanged reload changed %d files", len(rep.Added)+len(rep.Updated)+len(rep.Removed))
		}
		noop = append(noop, ms(time.Since(start)))
	}
	res.NoopReloadMS = round(median(noop), 1)

	name := b.manifest.ChangeFile
	if name == "" {
		name = b.manifest.Files[len(b.manifest.Files)-1]
	}
	full := filepath.Join(b.corpusDir, filepath.FromSlash(name))
	orig, err := os.ReadFile(full)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer os.WriteFile(full, orig, 0o644)
	var times []float64
	err = b.phase("incremental", func() error {
		for i := range 7 {
			data := orig
			if i%2 == 0 {
				data = append(slices.Clip(orig), fmt.Sprintf("A correction was added to this report, revision %d.\n", i)...)
			}
			if err := os.WriteFile(full, data, 0o644); err != nil {
				return fmt.Errorf("bench: %w", err)
			}
			start := time.Now()
			rep, err := ra.reload(ctx, nil)
			if err != nil {
				return fmt.Errorf("bench: incremental reload: %w", err)
			}
			times = append(times, ms(time.Since(start)))
			if len(rep.Updated) != 1 {
				return fmt.Errorf("bench: incremental reload of %s updated %d files, want 1", name, len(rep.Updated))
			}
		}
		return nil
	})
	res.IncrementalReloadMS = round(median(times), 1)
	b.say("reload with nothing changed %.0f ms; one changed file %.0f ms", res.NoopReloadMS, res.IncrementalReloadMS)
	return err
}

// benchQueries is the fixed query set: the golden questions, then n drawn
// from the corpus.
func benchQueries(sample []string, n int, seed uint64) ([]string, error) {
	var golden struct {
		Questions []struct {
			Question string `json:"question"`
		} `json:"questions"`
	}
	if err := json.Unmarshal(goldenQuestions, &golden); err != nil {
		return nil, fmt.Errorf("bench: golden questions: %w", err)
	}
	var qs []string
	for _, q := range golden.Questions {
		qs = append(qs, q.Question)
	}
	return append(qs, benchcorpus.Queries(sample, n, seed)...), nil
}

// questions times Ask and the plain BM25 baseline, warm: every question is
// asked once untimed, then once timed by each.
func (b *bench) questions(ctx context.Context, e *qa.Engine, qs []string, res *benchResult) error {
	for _, q := range qs {
		if _, err := e.Ask(ctx, q); err != nil {
			return fmt.Errorf("bench: ask %q: %w", q, err)
		}
		if _, err := e.Baseline(ctx, q, baselineK); err != nil {
			return fmt.Errorf("bench: baseline %q: %w", q, err)
		}
	}
	var ask, base []float64
	err := b.phase("ask", func() error {
		for _, q := range qs {
			start := time.Now()
			if _, err := e.Ask(ctx, q); err != nil {
				return fmt.Errorf("bench: ask %q: %w", q, err)
			}
			ask = append(ask, ms(time.Since(start)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = b.phase("baseline", func() error {
		for _, q := range qs {
			start := time.Now()
			if _, err := e.Baseline(ctx, q, baselineK); err != nil {
				return fmt.Errorf("bench: baseline %q: %w", q, err)
			}
			base = append(base, ms(time.Since(start)))
		}
		return nil
	})
	res.Queries = len(qs)
	res.AskP50MS, res.AskP99MS = round(percentile(ask, 50), 3), round(percentile(ask, 99), 3)
	res.BaselineP50MS, res.BaselineP99MS = round(percentile(base, 50), 3), round(percentile(base, 99), 3)
	if res.BaselineP50MS > 0 {
		res.AskVsBaselineP50 = round(percentile(ask, 50)/percentile(base, 50), 2)
	}
	b.say("%d questions: ask p50 %.2f ms p99 %.2f ms; baseline p50 %.2f ms p99 %.2f ms",
		len(qs), res.AskP50MS, res.AskP99MS, res.BaselineP50MS, res.BaselineP99MS)
	return err
}

// usersQuestions times Ask, warm, on the dev sets' questions.
func (b *bench) usersQuestions(ctx context.Context, e *qa.Engine, res *benchResult) error {
	var qs []string
	for _, raw := range [][]byte{devSetQuestions, heldOutQuestions} {
		var set struct {
			Questions []struct {
				Question string `json:"question"`
			} `json:"questions"`
		}
		if err := json.Unmarshal(raw, &set); err != nil {
			return fmt.Errorf("bench: users' questions: %w", err)
		}
		for _, q := range set.Questions {
			qs = append(qs, q.Question)
		}
	}
	for _, q := range qs {
		if _, err := e.Ask(ctx, q); err != nil {
			return fmt.Errorf("bench: ask %q: %w", q, err)
		}
	}
	var ask []float64
	err := b.phase("users", func() error {
		for _, q := range qs {
			start := time.Now()
			if _, err := e.Ask(ctx, q); err != nil {
				return fmt.Errorf("bench: ask %q: %w", q, err)
			}
			ask = append(ask, ms(time.Since(start)))
		}
		return nil
	})
	res.UserQueries = len(qs)
	res.UserAskP50MS, res.UserAskP99MS = round(percentile(ask, 50), 3), round(percentile(ask, 99), 3)
	b.say("%d users' questions: ask p50 %.2f ms p99 %.2f ms", len(qs), res.UserAskP50MS, res.UserAskP99MS)
	return err
}

// quotes times quotation lookups: the most quoted speakers, with and
// without a topic drawn from the questions, until budget runs out (at least
// one lookup). Speaker names come straight from the stored quotations, not
// Engine.Speakers, so listing them is not what gets timed.
func (b *bench) quotes(ctx context.Context, e *qa.Engine, db *store.DB, qs []string, budget time.Duration, res *benchResult) error {
	stored, err := db.Quotes(ctx)
	if err != nil {
		return fmt.Errorf("bench: quotes: %w", err)
	}
	counts := map[string]int{}
	for _, q := range stored {
		if q.Speaker != "" {
			counts[q.Speaker]++
		}
	}
	speakers := sortedKeys(counts)
	slices.SortStableFunc(speakers, func(x, y string) int { return counts[y] - counts[x] })
	names := append([]string{""}, speakers[:min(len(speakers), 50)]...)
	var times []float64
	err = b.phase("quote", func() error {
		deadline := time.Now().Add(budget)
		for i := 0; i < len(qs) && (i == 0 || time.Now().Before(deadline)); i++ {
			speaker, topic := names[i%len(names)], ""
			if i%3 != 0 {
				topic = qs[i]
			}
			start := time.Now()
			if _, err := e.Quotes(ctx, speaker, topic, 10); err != nil {
				return fmt.Errorf("bench: quotes by %q on %q: %w", speaker, topic, err)
			}
			times = append(times, ms(time.Since(start)))
		}
		return nil
	})
	res.QuoteLookups = len(times)
	res.QuoteP50MS, res.QuoteP99MS = round(percentile(times, 50), 3), round(percentile(times, 99), 3)
	res.QuoteMaxMS = round(percentile(times, 100), 3)
	b.say("%d quote lookups over %d quotations by %d speakers: p50 %.2f ms p99 %.2f ms max %.0f ms",
		len(times), len(stored), len(speakers), res.QuoteP50MS, res.QuoteP99MS, res.QuoteMaxMS)
	return err
}

// sizes measures the index without SQL: the posting lists of every stem in
// the corpus are read back and re-encoded, so index_mb is the bytes of the
// stored lists plus their stem keys (twice: the table and its UNIQUE index)
// and a fixed per-row cost, without SQLite's free page space. db_mb is the
// whole file after a checkpoint (Close), text_mb the sentences' UTF-8 bytes.
func (b *bench) sizes(ctx context.Context, db *store.DB, an *corpus.Analyzer, res *benchResult) error {
	articles, err := db.Articles(ctx)
	if err != nil {
		return fmt.Errorf("bench: sizes: %w", err)
	}
	stems := map[string]bool{}
	var text int64
	var buf []string
	for _, art := range articles {
		full, err := db.Article(ctx, art.ID)
		if err != nil {
			return fmt.Errorf("bench: sizes: %w", err)
		}
		for _, s := range full.Sentences {
			text += int64(len(s.Text))
			buf = an.AppendTerms(buf[:0], s.Text, full.Language)
			for _, t := range buf {
				stems[t] = true
			}
		}
	}
	// A row: stem twice, the blob, and about 12 bytes of ids, df, last id
	// and record headers.
	const rowCost = 12
	var index int64
	for stem := range stems {
		ps, err := db.Postings(ctx, stem)
		if err != nil {
			return fmt.Errorf("bench: sizes: %w", err)
		}
		if len(ps) > 0 {
			index += int64(len(corpus.EncodePostings(ps))) + 2*int64(len(stem)) + rowCost
		}
	}
	res.IndexMB = round(float64(index)/1e6, 1)
	res.TextMB = round(float64(text)/1e6, 1)
	b.say("index %.1f MB over %d stems; sentence text %.1f MB", res.IndexMB, len(stems), res.TextMB)
	return nil
}

// probes measures start-up and memory in n fresh processes, so the
// generator's and the reload's memory is not counted; medians.
func (b *bench) probes(ctx context.Context, dbPath string, qs []string, n int, res *benchResult) error {
	if info, err := os.Stat(dbPath); err == nil {
		res.DBMB = round(float64(info.Size())/1e6, 1)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find own executable for the serving probe: %w", err)
	}
	input, err := json.Marshal(qs)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	var startup, rss, peak, first, serve []float64
	for range n {
		cmd := exec.CommandContext(ctx, exe, "bench", "--serve-probe", "--db", dbPath)
		cmd.Stdin = strings.NewReader(string(input))
		cmd.Stderr = b.a.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("bench: serving probe: %w", err)
		}
		var p probeResult
		if err := json.Unmarshal(out, &p); err != nil {
			return fmt.Errorf("bench: serving probe said %q: %w", out, err)
		}
		startup, rss, peak = append(startup, p.StartupMS), append(rss, p.RSSMB), append(peak, p.PeakMB)
		first, serve = append(first, p.QuoteTopicFirstMS), append(serve, p.ServeRSSMB)
	}
	res.QuoteTopicFirstMS, res.ServeRSSMB = round(median(first), 3), round(median(serve), 1)
	res.StartupMS = round(median(startup), 1)
	res.RSSMB, res.RSSPeakMB = round(median(rss), 1), round(median(peak), 1)
	b.say("fresh process: start-up %.0f ms, RSS %.0f MB (peak %.0f MB); first topic quote lookup %.1f ms, RSS after quote lookups %.0f MB",
		res.StartupMS, res.RSSMB, res.RSSPeakMB, res.QuoteTopicFirstMS, res.ServeRSSMB)
	return nil
}

// serveProbe is the fresh process: it opens the database, answers the first
// question (start-up ends there), answers the rest, collects garbage and
// reports its resident memory.
func serveProbe(ctx context.Context, a *app) error {
	var qs []string
	if err := json.NewDecoder(a.Stdin).Decode(&qs); err != nil {
		return fmt.Errorf("serve probe: read questions from stdin: %w", err)
	}
	if len(qs) == 0 {
		return usagef("serve probe: no questions on stdin")
	}
	path, err := a.dbPath()
	if err != nil {
		return err
	}
	start := time.Now()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, path, a.Logger, store.WithAnalyzer(an))
	if err != nil {
		return fmt.Errorf("serve probe: open %s: %w", path, err)
	}
	defer db.Close()
	e := &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an, Logger: a.Logger}
	if _, err := e.Ask(ctx, qs[0]); err != nil {
		return fmt.Errorf("serve probe: ask: %w", err)
	}
	startup := time.Since(start)
	for _, q := range qs[1:] {
		if _, err := e.Ask(ctx, q); err != nil {
			return fmt.Errorf("serve probe: ask: %w", err)
		}
	}
	runtime.GC()
	rss, peak, err := residentMemory()
	if err != nil {
		return fmt.Errorf("serve probe: %w", err)
	}
	res := probeResult{StartupMS: round(ms(startup), 1), RSSMB: round(rss, 1), PeakMB: round(peak, 1), Answered: len(qs)}

	// Then quotations on the questions' topics: by anyone first (the
	// whole collection, the costliest), then by the most quoted speakers.
	speakers, err := e.Speakers(ctx)
	if err != nil {
		return fmt.Errorf("serve probe: speakers: %w", err)
	}
	names := []string{""}
	for _, s := range speakers[:min(len(speakers), 20)] {
		names = append(names, s.Name)
	}
	for i, q := range qs[:min(len(qs), 300)] {
		start := time.Now()
		if _, err := e.Quotes(ctx, names[i%len(names)], q, 10); err != nil {
			return fmt.Errorf("serve probe: quotes on %q: %w", q, err)
		}
		if i == 0 {
			res.QuoteTopicFirstMS = round(ms(time.Since(start)), 3)
		}
		res.QuoteLookups++
	}
	runtime.GC()
	if rss, _, err = residentMemory(); err != nil {
		return fmt.Errorf("serve probe: %w", err)
	}
	res.ServeRSSMB = round(rss, 1)
	return json.NewEncoder(a.Stdout).Encode(res)
}

// residentMemory reads VmRSS and VmHWM from /proc/self/status, in MB.
func residentMemory() (rss, peak float64, err error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0, fmt.Errorf("read resident memory (Linux only): %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 64)
		if err != nil {
			return 0, 0, fmt.Errorf("parse %s %q: %w", key, val, err)
		}
		if key == "VmRSS" {
			rss = kb * 1024 / 1e6
		} else {
			peak = kb * 1024 / 1e6
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	return rss, peak, nil
}

// formatBench renders the measurements against the targets.
func formatBench(r benchResult) string {
	raw, _ := json.Marshal(r) // plain numbers: cannot fail
	var values map[string]float64
	_ = json.Unmarshal(raw, &values)
	var b strings.Builder
	fmt.Fprintf(&b, "%d sentences in %d files (%.0f MB); %d reloads, %d questions, %d quote lookups; medians\n\n",
		r.Sentences, r.Files, r.CorpusMB, r.ReloadRuns, r.Queries, r.QuoteLookups)
	for _, t := range benchTargets {
		v := values[t.key]
		target, verdict := "", ""
		switch {
		case t.atLeast > 0:
			target = fmt.Sprintf("≥ %g", t.atLeast)
			verdict = passFail(v >= t.atLeast)
		case t.atMost > 0:
			target = fmt.Sprintf("≤ %g", t.atMost)
			verdict = passFail(v <= t.atMost)
		}
		fmt.Fprintf(&b, "%-30s %12s %-12s %-10s %s\n", t.label, strconv.FormatFloat(v, 'f', -1, 64), t.unit, target, verdict)
	}
	return b.String()
}

func passFail(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(xs []float64) float64 { return percentile(xs, 50) }

// percentile is the nearest-rank percentile of xs; 0 for none.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
