package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// The stress test re-runs the test binary as worker processes; these
// variables tell a worker where to work and until when.
const (
	stressWorkerEnv   = "STORYBOT_STRESS_WORKER" // the corpus folder
	stressDBEnv       = "STORYBOT_STRESS_DB"
	stressDeadlineEnv = "STORYBOT_STRESS_DEADLINE" // Unix milliseconds
)

// stressStories are the corpus's story folders; "" is its root.
var stressStories = []string{"", "alpha", "beta", "gamma"}

// stressWords is the vocabulary generated articles draw on: distinct
// stems, so questions made of them match a few sentences each.
var stressWords = strings.Fields(`harbor senate budget rocket garden winter market river bridge doctor
	teacher station factory island mountain village captain soldier farmer pilot
	engine border treaty vaccine election protest storm flood drought harvest
	airport museum library stadium hospital prison council mayor governor judge
	orchard tunnel railway canal glacier volcano desert forest meadow valley
	copper silver wheat cotton coffee sugar timber cattle salmon lobster
	ferry tanker convoy patrol summit tariff pension subsidy mortgage lawsuit`)

var stressNames = []string{"Maria Lopez", "John Carter", "Aiko Tanaka", "Omar Haddad", "Lena Novak"}

// stressArticle is a generated article: 2 to 4 paragraphs of sentences
// drawn from stressWords, some of them quotations.
func stressArticle(rng *rand.Rand, title string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "Title: %s\nOutlet: %s Times\nLanguage: en\n\n", title, title)
	for p := range 2 + rng.IntN(3) {
		if p > 0 {
			b.WriteString("\n")
		}
		for s := range 1 + rng.IntN(3) {
			if s > 0 {
				b.WriteString(" ")
			}
			words := make([]string, 5+rng.IntN(9))
			for i := range words {
				words[i] = stressWords[rng.IntN(len(stressWords))]
			}
			words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
			text := strings.Join(words, " ")
			if rng.IntN(4) == 0 {
				fmt.Fprintf(&b, "\"%s,\" said %s.", text, stressNames[rng.IntN(len(stressNames))])
			} else {
				b.WriteString(text + ".")
			}
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// stressCorpus is the corpus folder the test changes while workers reload it.
type stressCorpus struct {
	dir   string
	rng   *rand.Rand
	files []string // relative, slash-separated
	next  int
}

func (c *stressCorpus) write(name string) error {
	full := filepath.Join(c.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, stressArticle(c.rng, strings.TrimSuffix(filepath.Base(name), ".txt")), 0o644)
}

func (c *stressCorpus) add() error {
	story := stressStories[c.rng.IntN(len(stressStories))]
	name := fmt.Sprintf("n%04d.txt", c.next)
	if story != "" {
		name = story + "/" + name
	}
	c.next++
	c.files = append(c.files, name)
	return c.write(name)
}

// change adds, edits or deletes an article, or retitles a story; a story
// keeps at least two articles, so none empties.
func (c *stressCorpus) change() error {
	switch op := c.rng.IntN(10); {
	case op < 4:
		return c.add()
	case op < 8:
		return c.write(c.files[c.rng.IntN(len(c.files))])
	case op < 9:
		i := c.rng.IntN(len(c.files))
		story := corpus.StoryOf(c.files[i])
		n := 0
		for _, f := range c.files {
			if corpus.StoryOf(f) == story {
				n++
			}
		}
		if n <= 2 {
			return nil
		}
		name := c.files[i]
		c.files = slices.Delete(c.files, i, i+1)
		return os.Remove(filepath.Join(c.dir, filepath.FromSlash(name)))
	default:
		story := stressStories[1+c.rng.IntN(len(stressStories)-1)]
		title := fmt.Sprintf("Title: The %s story, take %d\n", story, c.rng.IntN(100))
		return os.WriteFile(filepath.Join(c.dir, story, corpus.StoryFile), []byte(title), 0o644)
	}
}

// stressWorker reloads the corpus folder in a loop, the ways the CLI and
// the bot do, and asks questions between reloads, until the deadline or
// until it is killed. Any error fails the test through the exit status.
func stressWorker() {
	ctx := context.Background()
	dir, path := os.Getenv(stressWorkerEnv), os.Getenv(stressDBEnv)
	var ms int64
	fmt.Sscan(os.Getenv(stressDeadlineEnv), &ms)
	deadline := time.UnixMilli(ms)
	fail := func(err error) {
		fmt.Fprintf(os.Stderr, "stress worker %d: %v\n", os.Getpid(), err)
		os.Exit(3)
	}
	db, err := store.Open(ctx, path, nil)
	if err != nil {
		fail(err)
	}
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	engine := &qa.Engine{Index: db, QuoteIndex: db}
	fsys := os.DirFS(dir)
	for time.Now().Before(deadline) {
		switch n := rng.IntN(10); {
		case n < 6:
			res, err := db.ReloadStories(ctx, fsys, nil)
			if err == nil {
				for _, r := range res {
					err = errors.Join(err, r.Err)
				}
			}
			if err != nil {
				fail(fmt.Errorf("reload stories: %w", err))
			}
		case n < 8:
			story := stressStories[rng.IntN(len(stressStories))]
			if _, err := db.ReloadStory(ctx, fsys, story, nil); err != nil {
				fail(fmt.Errorf("reload story %q: %w", story, err))
			}
		default:
			if _, err := db.Reload(ctx, fsys, nil); err != nil {
				fail(fmt.Errorf("reload: %w", err))
			}
		}
		for range 3 {
			q := stressWords[rng.IntN(len(stressWords))] + " " + stressWords[rng.IntN(len(stressWords))]
			if _, err := engine.Ask(ctx, q); err != nil {
				fail(fmt.Errorf("ask %q: %w", q, err))
			}
		}
	}
	if err := db.Close(); err != nil {
		fail(err)
	}
	os.Exit(0)
}

// TestStressReloadsAcrossProcesses runs several processes reloading one
// database while the corpus folder changes under them (additions, edits,
// deletions) and kills them at random; then the database must hold exact
// totals and answer as one built fresh from the final corpus does.
func TestStressReloadsAcrossProcesses(t *testing.T) {
	if os.Getenv(stressWorkerEnv) != "" {
		stressWorker()
		return
	}
	if testing.Short() {
		t.Skip("the stress test runs processes for seconds; skipped with -short")
	}
	const (
		rounds  = 3
		workers = 3
		period  = 3 * time.Second
	)
	var kills, commits, trials int
	for round := range rounds {
		k, c := stressRound(t, round, workers, period)
		kills += k
		commits += c
		trials++
	}
	t.Logf("%d trials, %d workers each, %d committed reloads, %d processes killed, 0 inconsistencies", trials, workers, commits, kills)
}

// stressRound is one trial; it returns how many workers it killed and how
// many reloads changed the index (the generation reached).
func stressRound(t *testing.T, round, workers int, period time.Duration) (kills, commits int) {
	ctx := context.Background()
	tmp := t.TempDir()
	path := filepath.Join(tmp, "stress.db")
	c := &stressCorpus{dir: filepath.Join(tmp, "corpus"), rng: rand.New(rand.NewPCG(uint64(round), 7))}
	for range 24 {
		if err := c.add(); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range stressStories[1:] {
		for corpus.StoryOf(c.files[len(c.files)-1]) != s {
			if err := c.add(); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The database exists before the workers start, as a bot's does.
	if db, err := store.Open(ctx, path, nil); err != nil {
		t.Fatal(err)
	} else if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(period)
	start := func() (*exec.Cmd, *strings.Builder) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStressReloadsAcrossProcesses$", "-test.count=1")
		cmd.Env = append(os.Environ(), stressWorkerEnv+"="+c.dir, stressDBEnv+"="+path,
			fmt.Sprintf("%s=%d", stressDeadlineEnv, deadline.UnixMilli()))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &stderr
	}
	type worker struct {
		cmd    *exec.Cmd
		stderr *strings.Builder
		done   chan error
	}
	launch := func() *worker {
		cmd, stderr := start()
		w := &worker{cmd: cmd, stderr: stderr, done: make(chan error, 1)}
		go func() { w.done <- cmd.Wait() }()
		return w
	}
	// finished reports a worker's end: a kill or a clean exit is fine,
	// anything else is a failure the worker printed.
	finished := func(w *worker, err error) {
		var exit *exec.ExitError
		if err == nil || errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
			return
		}
		t.Errorf("worker %d: %v\n%s", w.cmd.Process.Pid, err, w.stderr)
	}
	pool := make([]*worker, workers)
	for i := range pool {
		pool[i] = launch()
	}
	rng := rand.New(rand.NewPCG(uint64(round), 11))
	nextKill := time.Now().Add(time.Duration(100+rng.IntN(300)) * time.Millisecond)
	for time.Now().Before(deadline) {
		if err := c.change(); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(nextKill) {
			i := rng.IntN(len(pool))
			w := pool[i]
			if err := w.cmd.Process.Signal(syscall.SIGKILL); err == nil {
				kills++
			}
			finished(w, <-w.done)
			pool[i] = launch()
			nextKill = time.Now().Add(time.Duration(100+rng.IntN(300)) * time.Millisecond)
		}
		time.Sleep(time.Duration(5+rng.IntN(20)) * time.Millisecond)
	}
	for _, w := range pool {
		select {
		case err := <-w.done:
			finished(w, err)
		case <-time.After(20 * time.Second):
			w.cmd.Process.Signal(syscall.SIGKILL)
			t.Errorf("worker %d did not finish after the deadline\n%s", w.cmd.Process.Pid, w.stderr)
			<-w.done
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// Whatever the kills interrupted, the totals are those of the rows.
	db := openDB(t, path)
	checkTotals(t, db)
	// One more reload of the final corpus, as the next `storybot reload`
	// would run, must give what a fresh database built from it holds.
	fsys := os.DirFS(c.dir)
	if _, err := db.ReloadStories(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	checkTotals(t, db)
	fresh := openDB(t, filepath.Join(tmp, "fresh.db"))
	if _, err := fresh.ReloadStories(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	compareIndexes(t, openDB(t, path), fresh)
	g, err := db.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return kills, int(g)
}

// position is where a sentence stands in the corpus, whatever its id.
type position struct {
	file                string
	paragraph, sentence int
}

// positions maps every sentence id of db to its position.
func positions(t *testing.T, db *store.DB) map[uint32]position {
	t.Helper()
	ctx := context.Background()
	next, err := store.NextSentence(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]uint32, 0, next)
	for id := range next {
		ids = append(ids, id)
	}
	sents, err := db.Sentences(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	arts, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	file := map[string]string{}
	for _, a := range arts {
		file[a.ID] = a.File
	}
	out := make(map[uint32]position, len(sents))
	for _, s := range sents {
		out[s.ID] = position{file[s.ArticleID], s.Paragraph, s.Index}
	}
	return out
}

// compareIndexes fails unless got answers as want does: the same stats,
// articles, quotations, speaker groups, stories, posting lists by sentence
// position, and BM25 hits by position with scores equal within 1e-9
// relative.
func compareIndexes(t *testing.T, got, want *store.DB) {
	t.Helper()
	ctx := context.Background()
	gs, err := got.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := want.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if gs.Articles != ws.Articles || gs.Sentences != ws.Sentences || !closeEnough(gs.AvgLen, ws.AvgLen) {
		t.Errorf("stats %+v, fresh %+v", gs, ws)
	}
	same := func(what string, read func(*store.DB) (any, error)) {
		t.Helper()
		g, err := read(got)
		if err != nil {
			t.Fatal(err)
		}
		w, err := read(want)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s differ from a fresh load:\n got %+v\nwant %+v", what, g, w)
		}
	}
	same("articles", func(db *store.DB) (any, error) {
		arts, err := db.Articles(ctx)
		for i := range arts {
			arts[i].FirstSentence = 0
		}
		return arts, err
	})
	same("quotations", func(db *store.DB) (any, error) { return db.Quotes(ctx) })
	same("speaker groups", func(db *store.DB) (any, error) { return db.SpeakerGroups(ctx) })
	same("stories", func(db *store.DB) (any, error) { return db.Stories(ctx) })
	same("stems", func(db *store.DB) (any, error) { return store.Stems(ctx, db) })

	gp, wp := positions(t, got), positions(t, want)
	stems, err := store.Stems(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	type placed struct {
		at      position
		tf, len uint16
	}
	byPosition := func(db *store.DB, pos map[uint32]position, stem string) []placed {
		ps, err := db.Postings(ctx, stem)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]placed, len(ps))
		for i, p := range ps {
			out[i] = placed{pos[p.Sentence], p.TF, p.Len}
		}
		slices.SortFunc(out, func(a, b placed) int { return strings.Compare(fmt.Sprint(a.at), fmt.Sprint(b.at)) })
		return out
	}
	for _, stem := range stems {
		if g, w := byPosition(got, gp, stem), byPosition(want, wp, stem); !slices.Equal(g, w) {
			t.Errorf("postings of %q by position:\n got %v\nwant %v", stem, g, w)
		}
	}

	// Every hit of a question, not a top k: a cut-off would break ties by
	// sentence id, which differs between the two.
	ge, we := &qa.Engine{Index: got}, &qa.Engine{Index: want}
	for i := range 40 {
		q := stressWords[i%len(stressWords)] + " " + stressWords[(i*7+3)%len(stressWords)]
		if i%5 == 0 {
			q += " " + stressWords[(i*13+1)%len(stressWords)]
		}
		hits := func(e *qa.Engine, pos map[uint32]position) map[position]float64 {
			hs, err := e.Baseline(ctx, q, math.MaxInt32)
			if err != nil {
				t.Fatal(err)
			}
			out := make(map[position]float64, len(hs))
			for _, h := range hs {
				out[pos[h.ID]] = h.Score
			}
			return out
		}
		g, w := hits(ge, gp), hits(we, wp)
		if len(g) != len(w) || len(w) == 0 {
			t.Errorf("%q: %d hits, fresh %d", q, len(g), len(w))
		}
		for p, ws := range w {
			if gs, ok := g[p]; !ok || !closeEnough(gs, ws) {
				t.Errorf("%q: %v scores %v (found %v), fresh %v", q, p, gs, ok, ws)
			}
		}
	}
}

func closeEnough(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}
