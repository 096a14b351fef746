package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"storybot/corpus"
)

// ErrEmptyReload is returned (wrapped) when a reload would leave an indexed
// corpus with no article at all: far more often a wrong or unmounted folder
// than a wish to empty the index.
var ErrEmptyReload = errors.New("reload would remove every article")

// Reload brings the index in line with the article files in fsys, in one
// transaction: readers keep getting the previous corpus until it commits,
// and an error leaves the previous corpus as it was.
//
// Only new and changed files (by content hash) are parsed and analysed;
// files no longer in fsys are removed; a reload that changes nothing writes
// nothing. A file that cannot be loaded (unreadable, too large, binary, not
// UTF-8, broken JSON, no sentences, an article id another file already has)
// is reported in Failed and the others load regardless. If that file was
// indexed before, its previous version stays indexed: a bad edit never loses
// a source. Files that are not articles come back in Skipped and, should one
// have been indexed before, it is kept too, since it has not gone.
//
// progress, if not nil, is called from Reload's goroutine as files are
// handled. Reload returns an error wrapping ErrEmptyReload rather than empty
// a non-empty index, and an error when fsys cannot be listed, ctx ends or the
// database fails; the report is then only what was learned before the error.
func (db *DB) Reload(ctx context.Context, fsys fs.FS, progress func(done, total int)) (corpus.ReloadReport, error) {
	return db.reload(ctx, fsys, nil, progress)
}

// reload is Reload limited to the files of one story when scope is not nil
// (see ReloadStory): other stories' articles are neither read nor removed.
func (db *DB) reload(ctx context.Context, fsys fs.FS, scope *storyScope, progress func(done, total int)) (corpus.ReloadReport, error) {
	db.reloadMu.Lock()
	defer db.reloadMu.Unlock()
	start := time.Now()
	if progress == nil {
		progress = func(int, int) {}
	}
	var report corpus.ReloadReport

	files, skipped, err := scope.listFiles(fsys)
	if err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}
	report.Skipped = skipped
	stored, err := db.storedArticles(ctx, scope)
	if err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}

	// A file whose size and time match what was stored is unchanged without
	// being read. One whose time moved but whose bytes did not is unchanged
	// too, and its new time is stored so it is not hashed again.
	present := make(map[string]bool, len(files)+len(skipped))
	var (
		work    []corpus.File // to parse; Data is read by the analysis workers when nil
		restamp []fileStamp
	)
	trustedBefore := start.Add(-racyWindow)
	for _, f := range files {
		present[f.Name] = true
		old, ok := stored[f.Name]
		if !ok {
			work = append(work, f)
			continue
		}
		if old.stamp.matches(f) {
			report.Unchanged++
			continue
		}
		if f.Data == nil && f.ReadErr == nil {
			// A .jsonl file's records come listed with their lines.
			f = corpus.ReadFile(fsys, f.Name)
		}
		if f.ReadErr == nil && old.hash == f.Hash {
			report.Unchanged++
			if st := stampOf(f, trustedBefore); st != old.stamp {
				restamp = append(restamp, fileStamp{seq: old.seq, size: st.size, mtime: st.mtime})
			}
			continue
		}
		work = append(work, f)
	}
	for _, p := range skipped {
		present[p.File] = true
	}
	// A .jsonl file with a broken line (or broken whole) keeps every record
	// it had: the record a broken line held cannot be told, and a bad edit
	// never loses a source.
	broken := make(map[string]bool)
	for _, f := range files {
		if c, ok := corpus.RecordContainer(f.Name); ok && f.ReadErr != nil {
			broken[c] = true
		}
	}
	var gone []storedArticle
	for name, old := range stored {
		if c, ok := corpus.RecordContainer(name); ok && broken[c] {
			continue
		}
		if !present[name] && scope.holds(name) {
			gone = append(gone, old)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].file < gone[j].file })
	total := len(files)
	// The texts of unchanged files are not needed: let them go.
	files = nil

	progress(report.Unchanged, total)
	if len(work) == 0 && len(gone) == 0 {
		if err := db.restamp(ctx, restamp); err != nil {
			return report, fmt.Errorf("reload: %w", err)
		}
		stats, err := db.Stats(ctx)
		if err != nil {
			return report, fmt.Errorf("reload: %w", err)
		}
		report.Sentences = stats.Sentences
		db.logger.Info("reload: nothing changed", "unchanged", report.Unchanged, "skipped", len(skipped))
		return report, nil
	}

	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return report, fmt.Errorf("reload: begin: %w", err)
	}
	defer tx.Rollback()
	l, err := newLoader(ctx, tx, db.analyzer)
	if err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}
	defer l.close()
	before := l.counters

	// Which file holds an article id, among the scope's articles; other
	// stories' ids are looked up as needed, since a story's reload does not
	// read every article.
	owner := make(map[string]string, len(stored)) // article id → file
	for _, old := range stored {
		owner[old.id] = old.file
	}
	ownerOf := func(id string) (string, bool, error) {
		if f, ok := owner[id]; ok || scope == nil {
			return f, ok, nil
		}
		var f string
		err := tx.QueryRowContext(ctx, `SELECT file FROM articles WHERE id = ?`, id).Scan(&f)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return "", false, nil
		case err != nil:
			return "", false, fmt.Errorf("look up article id %q: %w", id, err)
		}
		return f, true, nil
	}
	for _, old := range gone {
		if err := l.remove(old); err != nil {
			return report, fmt.Errorf("reload: remove %s: %w", old.file, err)
		}
		delete(owner, old.id)
		report.Removed = append(report.Removed, old.file)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := l.restamp(restamp); err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}
	done := report.Unchanged
	for r := range analyseAll(ctx, db.analyzer, fsys, work) {
		done++
		if r.err != nil {
			report.Failed = append(report.Failed, corpus.FileProblem{File: r.file.Name, Reason: r.err.Error()})
			db.logger.Warn("reload: file not loaded", "file", r.file.Name, "reason", r.err.Error())
			progress(done, total)
			continue
		}
		other, taken, err := ownerOf(r.article.ID)
		if err != nil {
			return report, fmt.Errorf("reload: %w", err)
		}
		if taken && other != r.file.Name {
			reason := fmt.Sprintf("article id %q is already used by %s: rename one of the two files", r.article.ID, other)
			report.Failed = append(report.Failed, corpus.FileProblem{File: r.file.Name, Reason: reason})
			db.logger.Warn("reload: file not loaded", "file", r.file.Name, "reason", reason)
			progress(done, total)
			continue
		}
		if old, ok := stored[r.file.Name]; ok {
			if err := l.remove(old); err != nil {
				return report, fmt.Errorf("reload: replace %s: %w", old.file, err)
			}
			delete(owner, old.id)
			report.Updated = append(report.Updated, r.file.Name)
		} else {
			report.Added = append(report.Added, r.file.Name)
		}
		if err := l.insert(r, stampOf(r.file, trustedBefore)); err != nil {
			return report, fmt.Errorf("reload: add %s: %w", r.file.Name, err)
		}
		owner[r.article.ID] = r.file.Name
		progress(done, total)
	}
	if err := ctx.Err(); err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}

	if len(report.Added)+len(report.Updated)+len(report.Removed) == 0 {
		// Every changed file failed: the old versions stand, nothing to write.
		report.Sentences = int(before.sentences)
		db.logger.Warn("reload: no file loaded", "failed", len(report.Failed))
		return report, nil
	}
	if l.counters.articles == 0 && before.articles > 0 {
		return report, fmt.Errorf("reload: %d indexed articles, none loadable in the corpus folder (%d failed, %d skipped): check the folder, or delete the database to start empty: %w",
			before.articles, len(report.Failed), len(report.Skipped), ErrEmptyReload)
	}
	loaded := time.Now()
	if err := l.writePostings(); err != nil {
		return report, fmt.Errorf("reload: postings: %w", err)
	}
	if err := l.counters.save(ctx, tx); err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}
	if db.beforeCommit != nil {
		db.beforeCommit()
	}
	written := time.Now()
	if err := tx.Commit(); err != nil {
		return report, fmt.Errorf("reload: commit: %w", err)
	}
	committed := time.Now()

	stats := l.counters.stats()
	db.mu.Lock()
	db.gen++
	db.stats = &stats
	db.cache.clear()
	db.mu.Unlock()

	report.Sentences = stats.Sentences
	db.logger.Info("reloaded",
		"added", len(report.Added), "updated", len(report.Updated), "removed", len(report.Removed),
		"unchanged", report.Unchanged, "failed", len(report.Failed), "skipped", len(report.Skipped),
		"sentences", stats.Sentences, "stems", len(l.touched),
		"load", loaded.Sub(start), "postings", written.Sub(loaded), "commit", committed.Sub(written))
	return report, nil
}

// storedArticle is what a reload needs to know of an indexed article.
type storedArticle struct {
	seq, first, count, terms int64
	id, file, hash, language string
	stamp                    stamp
}

// stamp is a file's size and modification time as stored: size -1 or
// mtime 0 when unknown or not to be trusted.
type stamp struct{ size, mtime int64 }

// racyWindow: a file modified this close before a reload started may be
// modified again within the same clock tick without its time changing, so
// its time is not stored (as git treats "racily clean" entries).
const racyWindow = 2 * time.Second

// stampOf is the stamp to store for f, read during a reload that started
// at trustedBefore+racyWindow.
func stampOf(f corpus.File, trustedBefore time.Time) stamp {
	if f.ModTime.IsZero() || !f.ModTime.Before(trustedBefore) || f.ReadErr != nil {
		return stamp{size: -1}
	}
	return stamp{size: f.Size, mtime: f.ModTime.UnixNano()}
}

// matches reports whether f, as listed, is the file the stamp was taken
// of, by size and time.
func (s stamp) matches(f corpus.File) bool {
	return s.size >= 0 && s.mtime != 0 && !f.ModTime.IsZero() && f.Size == s.size && f.ModTime.UnixNano() == s.mtime
}

// fileStamp is a new stamp for an indexed article whose file did not change.
type fileStamp struct{ seq, size, mtime int64 }

// restamp stores new stamps outside a reload's transaction, when nothing
// else changed. It does not change the corpus, so caches stay.
func (db *DB) restamp(ctx context.Context, stamps []fileStamp) error {
	if len(stamps) == 0 {
		return nil
	}
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store file times: %w", err)
	}
	defer tx.Rollback()
	if err := restampTx(ctx, tx, stamps); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store file times: %w", err)
	}
	return nil
}

func restampTx(ctx context.Context, tx *sql.Tx, stamps []fileStamp) error {
	if len(stamps) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `UPDATE articles SET size = ?, mtime = ? WHERE seq = ?`)
	if err != nil {
		return fmt.Errorf("store file times: %w", err)
	}
	defer st.Close()
	for _, s := range stamps {
		if _, err := st.ExecContext(ctx, s.size, s.mtime, s.seq); err != nil {
			return fmt.Errorf("store file times: %w", err)
		}
	}
	return nil
}

// storedArticles returns the indexed articles of the scope (all when nil)
// by file.
func (db *DB) storedArticles(ctx context.Context, scope *storyScope) (map[string]storedArticle, error) {
	const columns = `SELECT seq, id, file, hash, language, first_sentence, sentence_count, term_count, size, mtime FROM articles`
	var (
		rows *sql.Rows
		err  error
	)
	if scope == nil {
		rows, err = db.ro.QueryContext(ctx, columns)
	} else {
		// A story's articles by the story index, not every article: a
		// reload of every story goes story by story.
		rows, err = db.ro.QueryContext(ctx, columns+` WHERE story = ?`, scope.name)
	}
	if err != nil {
		return nil, fmt.Errorf("read indexed articles: %w", err)
	}
	defer rows.Close()
	out := make(map[string]storedArticle)
	for rows.Next() {
		var a storedArticle
		if err := rows.Scan(&a.seq, &a.id, &a.file, &a.hash, &a.language, &a.first, &a.count, &a.terms, &a.stamp.size, &a.stamp.mtime); err != nil {
			return nil, fmt.Errorf("read indexed articles: %w", err)
		}
		out[a.file] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read indexed articles: %w", err)
	}
	return out, nil
}

// counters mirrors the counters table.
type counters struct {
	nextSentence, articles, sentences, terms int64
}

func (c *counters) load(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) error {
	err := q.QueryRowContext(ctx, `SELECT next_sentence, articles, sentences, terms FROM counters`).
		Scan(&c.nextSentence, &c.articles, &c.sentences, &c.terms)
	if err != nil {
		return fmt.Errorf("read counters: %w", err)
	}
	return nil
}

func (c counters) save(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE counters SET next_sentence = ?, articles = ?, sentences = ?, terms = ?`,
		c.nextSentence, c.articles, c.sentences, c.terms)
	if err != nil {
		return fmt.Errorf("write counters: %w", err)
	}
	return nil
}

func (c counters) stats() corpus.IndexStats {
	s := corpus.IndexStats{Articles: int(c.articles), Sentences: int(c.sentences)}
	if c.sentences > 0 {
		s.AvgLen = float64(c.terms) / float64(c.sentences)
	}
	return s
}

// analysed is one file parsed and analysed, ready to insert.
type analysed struct {
	file    corpus.File
	article corpus.Article
	quotes  []corpus.Quote
	// terms[i] are sentence i's distinct stems with their counts, and
	// lengths[i] its length in terms.
	terms   [][]termCount
	lengths []uint16
	err     error
}

type termCount struct {
	stem string
	tf   uint16
}

// analyseAll reads (when not read yet), parses and analyses files on every
// core and yields the results in files' order, holding only a bounded window
// of them in memory.
func analyseAll(ctx context.Context, an *corpus.Analyzer, fsys fs.FS, files []corpus.File) func(yield func(analysed) bool) {
	return func(yield func(analysed) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		workers := runtime.GOMAXPROCS(0)
		window := make(chan struct{}, 4*workers)
		results := make([]chan analysed, len(files))
		for i := range results {
			results[i] = make(chan analysed, 1)
		}
		jobs := make(chan int)
		for range workers {
			go func() {
				for i := range jobs {
					f := files[i]
					files[i] = corpus.File{} // the result carries it; drop the bytes here
					if f.Data == nil && f.ReadErr == nil {
						f = corpus.ReadFile(fsys, f.Name)
					}
					results[i] <- analyse(an, f)
				}
			}()
		}
		go func() {
			defer close(jobs)
			for i := range files {
				select {
				case window <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- i:
				case <-ctx.Done():
					return
				}
			}
		}()
		for i := range files {
			var r analysed
			select {
			case r = <-results[i]:
			case <-ctx.Done():
				return
			}
			<-window
			if !yield(r) {
				return
			}
		}
	}
}

// analyse parses f, finds its quotations and analyses its sentences. A
// parser panic is a bug, but it must cost one file, not the reload.
func analyse(an *corpus.Analyzer, f corpus.File) (r analysed) {
	r.file = f
	defer func() {
		if p := recover(); p != nil {
			r = analysed{file: f, err: fmt.Errorf("parser crashed on this file (a storybot bug, please report it): %v", p)}
		}
	}()
	a, err := corpus.Parse(f)
	if err != nil {
		r.err = err
		return r
	}
	switch {
	case a.ID == "":
		r.err = errors.New("no article id: rename the file")
		return r
	case len(a.Sentences) == 0:
		r.err = errors.New("no sentences to index: the file has no article text")
		return r
	}
	r.article = a
	r.quotes = corpus.ExtractQuotes(a)
	r.terms = make([][]termCount, len(a.Sentences))
	r.lengths = make([]uint16, len(a.Sentences))
	// One backing array for the whole article's terms: far fewer allocations
	// than a slice per sentence.
	var all []termCount
	var buf []string
	for i, s := range a.Sentences {
		buf = an.AppendTerms(buf[:0], s.Text, a.Language)
		r.lengths[i] = uint16(min(len(buf), math.MaxUint16))
		slices.Sort(buf)
		start := len(all)
		for j := 0; j < len(buf); {
			k := j + 1
			for k < len(buf) && buf[k] == buf[j] {
				k++
			}
			all = append(all, termCount{stem: buf[j], tf: uint16(min(k-j, math.MaxUint16))})
			j = k
		}
		r.terms[i] = all[start:len(all):len(all)]
	}
	// Re-slice: append may have moved all while filling it.
	off := 0
	for i, t := range r.terms {
		r.terms[i] = all[off : off+len(t) : off+len(t)]
		off += len(t)
	}
	return r
}

// loader applies one reload's changes inside its transaction. Posting lists
// are gathered in memory and written once per touched stem at the end.
type loader struct {
	ctx      context.Context
	tx       *sql.Tx
	analyzer *corpus.Analyzer
	counters counters
	// hadPostings is false when the index started empty, so there are no
	// stored lists to look up.
	hadPostings bool

	removed []idRange               // sentence ids no longer in the index
	stale   map[string]bool         // stems whose stored list holds removed ids
	fresh   map[string]*listBuilder // new postings by stem
	touched []string                // stems written, sorted, set by writePostings

	insertArticle, insertSentences, insertSentence, insertQuote *sql.Stmt

	// pending sentence rows, flattened, inserted sentenceBatch at a time:
	// one statement per sentence costs more in driver overhead than SQLite
	// spends storing it.
	pending []any
}

const (
	sentenceBatch = 64
	sentenceCols  = 6
)

type idRange struct{ lo, hi int64 } // [lo, hi)

func newLoader(ctx context.Context, tx *sql.Tx, an *corpus.Analyzer) (*loader, error) {
	l := &loader{ctx: ctx, tx: tx, analyzer: an, stale: make(map[string]bool), fresh: make(map[string]*listBuilder)}
	if err := l.counters.load(ctx, tx); err != nil {
		return nil, err
	}
	l.hadPostings = l.counters.sentences > 0
	var err error
	prepare := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	l.insertArticle = prepare(`INSERT INTO articles
		(id, file, story, title, outlet, url, published, language, authors, hash, first_sentence, sentence_count, term_count, size, mtime)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	l.insertSentence = prepare(`INSERT INTO sentences (id, article, paragraph, idx, length, text) VALUES (?, ?, ?, ?, ?, ?)`)
	l.insertSentences = prepare(`INSERT INTO sentences (id, article, paragraph, idx, length, text) VALUES (?, ?, ?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?, ?, ?)`, sentenceBatch-1))
	l.pending = make([]any, 0, sentenceBatch*sentenceCols)
	l.insertQuote = prepare(`INSERT INTO quotes (article, paragraph, sentence, speaker, attribution, text) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		l.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return l, nil
}

func (l *loader) close() {
	for _, st := range []*sql.Stmt{l.insertArticle, l.insertSentences, l.insertSentence, l.insertQuote} {
		if st != nil {
			st.Close()
		}
	}
}

// restamp stores new stamps of unchanged files within the reload.
func (l *loader) restamp(stamps []fileStamp) error { return restampTx(l.ctx, l.tx, stamps) }

// remove deletes an indexed article and marks its stems' lists for rewriting.
func (l *loader) remove(old storedArticle) error {
	// Which lists hold the article's sentences: analyse the stored text again
	// (milliseconds for an article) rather than keep every article's stems.
	rows, err := l.tx.QueryContext(l.ctx, `SELECT text FROM sentences WHERE id >= ? AND id < ?`, old.first, old.first+old.count)
	if err != nil {
		return fmt.Errorf("read sentences: %w", err)
	}
	var terms []string
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			rows.Close()
			return fmt.Errorf("read sentences: %w", err)
		}
		terms = l.analyzer.AppendTerms(terms[:0], text, old.language)
		for _, t := range terms {
			l.stale[t] = true
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read sentences: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read sentences: %w", err)
	}
	if _, err := l.tx.ExecContext(l.ctx, `DELETE FROM sentences WHERE id >= ? AND id < ?`, old.first, old.first+old.count); err != nil {
		return fmt.Errorf("delete sentences: %w", err)
	}
	// Quotes go by cascade.
	if _, err := l.tx.ExecContext(l.ctx, `DELETE FROM articles WHERE seq = ?`, old.seq); err != nil {
		return fmt.Errorf("delete article: %w", err)
	}
	l.removed = append(l.removed, idRange{old.first, old.first + old.count})
	l.counters.articles--
	l.counters.sentences -= old.count
	l.counters.terms -= old.terms
	return nil
}

func (l *loader) insert(r analysed, st stamp) error {
	a := r.article
	n := int64(len(a.Sentences))
	first := l.counters.nextSentence
	if first+n-1 > math.MaxUint32 {
		return errors.New("sentence ids exhausted: delete the database file and reload to renumber")
	}
	var terms int64
	for _, ln := range r.lengths {
		terms += int64(ln)
	}
	authors, err := json.Marshal(nonNil(a.Authors))
	if err != nil {
		return fmt.Errorf("authors: %w", err)
	}
	story := a.Story
	if story == "" {
		story = r.file.Story
	}
	res, err := l.insertArticle.ExecContext(l.ctx, a.ID, r.file.Name, story, a.Title, a.Outlet, a.URL, a.Published,
		a.Language, string(authors), r.file.Hash, first, n, terms, st.size, st.mtime)
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	for i, s := range a.Sentences {
		id := first + int64(i)
		l.pending = append(l.pending, id, seq, s.Paragraph, s.Index, int64(r.lengths[i]), s.Text)
		if len(l.pending) == cap(l.pending) {
			if err := l.flushSentences(); err != nil {
				return err
			}
		}
		for _, tc := range r.terms[i] {
			b := l.fresh[tc.stem]
			if b == nil {
				b = &listBuilder{}
				l.fresh[tc.stem] = b
			}
			b.add(corpus.Posting{Sentence: uint32(id), TF: tc.tf, Len: r.lengths[i]})
		}
	}
	for _, q := range r.quotes {
		if _, err := l.insertQuote.ExecContext(l.ctx, seq, q.Paragraph, q.Sentence, q.Speaker, q.Attribution, q.Text); err != nil {
			return fmt.Errorf("insert quote: %w", err)
		}
	}
	l.counters.nextSentence += n
	l.counters.articles++
	l.counters.sentences += n
	l.counters.terms += terms
	return nil
}

// flushSentences inserts the pending sentence rows.
func (l *loader) flushSentences() error {
	if len(l.pending) == sentenceBatch*sentenceCols {
		if _, err := l.insertSentences.ExecContext(l.ctx, l.pending...); err != nil {
			return fmt.Errorf("insert sentences: %w", err)
		}
	} else {
		for row := range slices.Chunk(l.pending, sentenceCols) {
			if _, err := l.insertSentence.ExecContext(l.ctx, row...); err != nil {
				return fmt.Errorf("insert sentence: %w", err)
			}
		}
	}
	clear(l.pending) // drop the texts
	l.pending = l.pending[:0]
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writePostings rewrites the list of every stem that lost or gained sentences.
// Lists that only gain are extended without decoding, since new ids are
// always larger than stored ones.
func (l *loader) writePostings() error {
	if err := l.flushSentences(); err != nil {
		return err
	}
	touched := make([]string, 0, len(l.fresh)+len(l.stale))
	for s := range l.fresh {
		touched = append(touched, s)
	}
	for s := range l.stale {
		if l.fresh[s] == nil {
			touched = append(touched, s)
		}
	}
	slices.Sort(touched) // sorted keys make B-tree writes local
	l.touched = touched
	slices.SortFunc(l.removed, func(a, b idRange) int { return int(a.lo - b.lo) })

	get, err := l.tx.PrepareContext(l.ctx, `SELECT df, last_sentence, list FROM postings WHERE stem = ?`)
	if err != nil {
		return err
	}
	defer get.Close()
	put, err := l.tx.PrepareContext(l.ctx, `INSERT INTO postings (stem, df, last_sentence, list) VALUES (?, ?, ?, ?)
		ON CONFLICT (stem) DO UPDATE SET df = excluded.df, last_sentence = excluded.last_sentence, list = excluded.list`)
	if err != nil {
		return err
	}
	defer put.Close()
	del, err := l.tx.PrepareContext(l.ctx, `DELETE FROM postings WHERE stem = ?`)
	if err != nil {
		return err
	}
	defer del.Close()

	var decoded []corpus.Posting
	for _, stem := range touched {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		var (
			df   int64
			last int64
			list []byte
		)
		found := false
		if l.hadPostings {
			err := get.QueryRowContext(l.ctx, stem).Scan(&df, &last, &list)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("read %q: %w", stem, err)
			default:
				found = true
			}
		}
		if found && l.stale[stem] {
			decoded, err = corpus.AppendDecodedPostings(decoded[:0], list)
			if err != nil {
				return fmt.Errorf("stem %q: %w", stem, err)
			}
			kept := dropRanges(decoded, l.removed)
			list = corpus.EncodePostings(kept)
			df = int64(len(kept))
			last = -1
			if len(kept) > 0 {
				last = int64(kept[len(kept)-1].Sentence)
			}
		}
		if !found {
			df, last, list = 0, -1, nil
		}
		if b := l.fresh[stem]; b != nil {
			list = b.appendTo(list, uint64(last+1))
			df += int64(b.n)
			last = int64(b.last)
		}
		if df == 0 {
			if found {
				if _, err := del.ExecContext(l.ctx, stem); err != nil {
					return fmt.Errorf("delete %q: %w", stem, err)
				}
			}
			continue
		}
		if _, err := put.ExecContext(l.ctx, stem, df, last, list); err != nil {
			return fmt.Errorf("write %q: %w", stem, err)
		}
	}
	return nil
}

// dropRanges filters ps in place, leaving out ids inside the sorted ranges.
func dropRanges(ps []corpus.Posting, ranges []idRange) []corpus.Posting {
	kept := ps[:0]
	r := 0
	for _, p := range ps {
		id := int64(p.Sentence)
		for r < len(ranges) && ranges[r].hi <= id {
			r++
		}
		if r < len(ranges) && ranges[r].lo <= id {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// listBuilder accumulates one stem's new postings, in increasing id order.
// The first posting is kept apart because its encoding depends on the last
// id of the stored list it will be appended to.
type listBuilder struct {
	first corpus.Posting
	rest  []byte // encoded from first.Sentence+1
	last  uint32
	n     int
}

func (b *listBuilder) add(p corpus.Posting) {
	if b.n == 0 {
		b.first = p
	} else {
		b.rest = corpus.AppendPostings(b.rest, uint64(b.last)+1, []corpus.Posting{p})
	}
	b.last = p.Sentence
	b.n++
}

// appendTo appends the built postings to an encoded list whose next allowed
// id is next.
func (b *listBuilder) appendTo(list []byte, next uint64) []byte {
	list = corpus.AppendPostings(list, next, []corpus.Posting{b.first})
	return append(list, b.rest...)
}
