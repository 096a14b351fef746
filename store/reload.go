package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

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
// Only new and changed files (by content hash), and files indexed by
// another corpus.IndexVersion, are parsed and analysed; files no longer in
// fsys are removed; a reload that changes nothing writes nothing. A file
// that cannot be loaded (unreadable, too large, binary, not UTF-8, broken
// JSON, no sentences, an article id another file already has, gone between
// listing and reading) is reported in Failed and the others load
// regardless. If that file was indexed before, its previous version stays
// indexed: a bad edit never loses a source. Files that are not articles
// come back in Skipped and, should one have been indexed before, it is
// kept too, since it has not gone.
//
// Reloads take turns, across processes too: everything a reload decides
// from (the indexed files, their hashes and stamps, the totals) is read
// inside its write transaction, and a reload that finds another process
// writing waits for it, logging that it does, until ctx ends.
//
// progress, if not nil, is called from Reload's goroutine as files are
// handled. Reload returns an error wrapping ErrEmptyReload rather than empty
// a non-empty index, and an error when fsys cannot be listed, ctx ends or the
// database fails; the report is then only what was learned before the error.
func (db *DB) Reload(ctx context.Context, fsys fs.FS, progress func(done, total int)) (corpus.ReloadReport, error) {
	out, err := db.reload(ctx, fsys, reloadRequest{scopes: []*storyScope{nil}}, progress)
	var report corpus.ReloadReport
	if len(out) == 1 {
		report = out[0].Report
		if err == nil {
			err = out[0].Err
		}
	}
	if err != nil {
		return report, fmt.Errorf("reload: %w", err)
	}
	return report, nil
}

// reloadRequest says what one reload covers.
type reloadRequest struct {
	// scopes are reloaded in order, each within a savepoint of the one
	// transaction; a nil scope is the whole corpus.
	scopes []*storyScope
	// stories also keeps each scope's story.txt.
	stories bool
	// all adds a scope for every indexed story fsys has no folder for, so
	// its articles are removed: the scopes are every story of fsys.
	all bool
}

// scopeRun is one scope's part of a reload.
type scopeRun struct {
	scope   *storyScope
	files   []corpus.File
	skipped []corpus.FileProblem
	listErr error
	story   storyFileState

	// Planned inside the transaction.
	work    []corpus.File // to parse; Data is read by the analysis workers when nil
	gone    []storedArticle
	restamp []fileStamp
	stale   int // of work, files indexed by another corpus.IndexVersion

	report corpus.ReloadReport
	err    error
}

// storyFileState is a story's story.txt as read before the transaction.
type storyFileState struct {
	read           bool // false: story files are not kept by this reload
	present        bool
	title, summary string
	problem        *corpus.FileProblem
}

func (r *scopeRun) name() string {
	if r.scope == nil {
		return ""
	}
	return r.scope.name
}

// reload runs req: it lists the files of every scope, then in one write
// transaction plans and applies each scope within a savepoint, so that a
// scope that fails leaves its stories as they were and the others are
// reloaded regardless. Posting lists, speaker groups and totals are
// written once, at the end. A scope's error is in its StoryReload; the
// error returned is one that stops the whole reload (nothing is changed).
func (db *DB) reload(ctx context.Context, fsys fs.FS, req reloadRequest, progress func(done, total int)) ([]StoryReload, error) {
	db.reloadMu.Lock()
	defer db.reloadMu.Unlock()
	start := time.Now()
	if progress == nil {
		progress = func(int, int) {}
	}

	runs := make([]*scopeRun, 0, len(req.scopes))
	listed := make(map[string]bool, len(req.scopes))
	addRun := func(s *storyScope) {
		r := &scopeRun{scope: s}
		r.files, r.skipped, r.listErr = s.listFiles(fsys)
		r.report.Skipped = r.skipped
		if req.stories && r.listErr == nil {
			r.story = readStoryFileState(fsys, s.name)
		}
		if s != nil {
			listed[s.name] = true
		}
		runs = append(runs, r)
	}
	for _, s := range req.scopes {
		addRun(s)
	}
	results := func() []StoryReload {
		out := make([]StoryReload, len(runs))
		for i, r := range runs {
			out[i] = StoryReload{Story: r.name(), Report: r.report, Err: r.err}
		}
		return out
	}
	if len(runs) == 1 && runs[0].listErr != nil {
		return results(), runs[0].listErr
	}
	// fail ends a reload that changes nothing: its reports keep what was
	// learned (failed and skipped files) but no change.
	fail := func(err error) ([]StoryReload, error) {
		for _, r := range runs {
			r.report.Added, r.report.Updated, r.report.Removed = nil, nil, nil
		}
		return results(), err
	}

	tx, release, err := db.beginWrite(ctx)
	if err != nil {
		return fail(err)
	}
	defer release()
	defer tx.Rollback()
	l, err := newLoader(ctx, tx, db.analyzer)
	if err != nil {
		return fail(err)
	}
	defer l.close()
	before := l.counters
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM speakers_current`).Scan(&current); err != nil {
		return fail(fmt.Errorf("read speaker groups: %w", err))
	}
	speakersWereCurrent := current > 0
	quotesWere, quoteIndexWasCurrent, err := quoteIndexTotals(ctx, tx)
	if err != nil {
		return fail(err)
	}

	// The indexed articles, read under the write lock: no other process
	// can change them before this reload commits.
	var story *string
	if !req.all && len(req.scopes) == 1 && req.scopes[0] != nil {
		story = &req.scopes[0].name
	}
	stored, err := storedArticles(ctx, tx, story)
	if err != nil {
		return fail(err)
	}
	byStory := make(map[string]map[string]storedArticle)
	for name, a := range stored {
		s := corpus.StoryOf(name)
		if byStory[s] == nil {
			byStory[s] = make(map[string]storedArticle)
		}
		byStory[s][name] = a
	}
	if req.all {
		if len(req.scopes) == 0 && len(stored) > 0 {
			return fail(fmt.Errorf("%d indexed stories, none in the corpus folder: check the folder, or delete the database to start empty: %w",
				len(byStory), ErrEmptyReload))
		}
		var extra []string
		for s := range byStory {
			if !listed[s] {
				extra = append(extra, s)
			}
		}
		sort.Strings(extra)
		for _, s := range extra {
			addRun(&storyScope{name: s})
		}
		slices.SortStableFunc(runs, func(a, b *scopeRun) int { return strings.Compare(a.name(), b.name()) })
	}
	l.stored = stored
	l.owner = make(map[string]string, len(stored))
	for _, a := range stored {
		l.owner[a.id] = a.file
	}
	l.ownersComplete = story == nil

	// Plan each scope. A file whose size and time match what was stored is
	// unchanged without being read. One whose time moved but whose bytes did
	// not is unchanged too, and its new time is stored so it is not hashed
	// again.
	trustedBefore := start.Add(-racyWindow)
	var total, unchanged, stale int
	for _, r := range runs {
		if r.listErr != nil {
			r.err = r.listErr
			if req.all {
				r.err = fmt.Errorf("story %q: %w", r.name(), r.listErr)
			}
			continue
		}
		mine := stored
		if r.scope != nil {
			mine = byStory[r.scope.name]
		}
		present := make(map[string]bool, len(r.files)+len(r.skipped))
		for _, f := range r.files {
			present[f.Name] = true
			old, ok := mine[f.Name]
			if !ok {
				r.work = append(r.work, f)
				continue
			}
			if old.version != corpus.IndexVersion {
				r.work = append(r.work, f)
				r.stale++
				continue
			}
			if old.stamp.matches(f) {
				r.report.Unchanged++
				continue
			}
			if f.Data == nil && f.ReadErr == nil {
				// A .jsonl file's records come listed with their lines.
				f = corpus.ReadFile(fsys, f.Name)
			}
			if f.ReadErr == nil && old.hash == f.Hash {
				r.report.Unchanged++
				if st := stampOf(f, trustedBefore); st != old.stamp {
					r.restamp = append(r.restamp, fileStamp{seq: old.seq, size: st.size, mtime: st.mtime})
				}
				continue
			}
			r.work = append(r.work, f)
		}
		for _, p := range r.skipped {
			present[p.File] = true
		}
		// A .jsonl file with a broken line (or broken whole) keeps every
		// record it had: the record a broken line held cannot be told, and a
		// bad edit never loses a source.
		broken := make(map[string]bool)
		for _, f := range r.files {
			if c, ok := corpus.RecordContainer(f.Name); ok && f.ReadErr != nil {
				broken[c] = true
			}
		}
		for name, old := range mine {
			if c, ok := corpus.RecordContainer(name); ok && broken[c] {
				continue
			}
			if !present[name] && r.scope.holds(name) {
				r.gone = append(r.gone, old)
			}
		}
		sort.Slice(r.gone, func(i, j int) bool { return r.gone[i].file < r.gone[j].file })
		total += len(r.files)
		unchanged += r.report.Unchanged
		stale += r.stale
		// The texts of unchanged files are not needed: let them go.
		r.files = nil
	}
	if stale > 0 {
		db.logger.Info("reload: re-indexing files indexed by another storybot version", "files", stale, "version", corpus.IndexVersion)
	}

	// Apply each scope in a savepoint. The analysis runs ahead across
	// scopes, so story boundaries cost no idle cores.
	var work []corpus.File
	for _, r := range runs {
		work = append(work, r.work...)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next, stop := iter.Pull(analyseAll(ctx, db.analyzer, fsys, work))
	defer stop()
	done := unchanged
	progress(done, total)
	indexChanged, titled := false, false
	for i, r := range runs {
		if r.err != nil {
			continue
		}
		savepoint := fmt.Sprintf("scope%d", i)
		if _, err := tx.ExecContext(ctx, "SAVEPOINT "+savepoint); err != nil {
			return fail(fmt.Errorf("savepoint: %w", err))
		}
		mark := l.mark()
		newTitle, err := db.applyScope(l, r, trustedBefore, next, func() { done++; progress(done, total) })
		if err == nil && db.scopeFault != nil {
			err = db.scopeFault(r.name())
		}
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		if err != nil {
			if ctx.Err() != nil {
				return fail(err)
			}
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO "+savepoint+"; RELEASE "+savepoint); rerr != nil {
				return fail(fmt.Errorf("%w (and rolling back: %v)", err, rerr))
			}
			l.undo(mark)
			r.report.Added, r.report.Updated, r.report.Removed = nil, nil, nil
			r.err = err
			if req.all {
				r.err = fmt.Errorf("story %q: %w", r.name(), err)
			}
			db.logger.Warn("reload: story not reloaded; its previous articles stay", "story", r.name(), "err", err)
			continue
		}
		if _, err := tx.ExecContext(ctx, "RELEASE "+savepoint); err != nil {
			return fail(fmt.Errorf("release savepoint: %w", err))
		}
		l.keep()
		titled = titled || newTitle
		indexChanged = indexChanged || len(r.report.Added)+len(r.report.Updated)+len(r.report.Removed) > 0
	}
	stop()
	if err := ctx.Err(); err != nil {
		return fail(err)
	}

	if l.counters.articles == 0 && before.articles > 0 {
		var failed, skipped int
		for _, r := range runs {
			failed += len(r.report.Failed)
			skipped += len(r.report.Skipped)
		}
		return fail(fmt.Errorf("%d indexed articles, none loadable in the corpus folder (%d failed, %d skipped): check the folder, or delete the database to start empty: %w",
			before.articles, failed, skipped, ErrEmptyReload))
	}
	loaded := time.Now()
	if indexChanged {
		if err := l.writePostings(); err != nil {
			return fail(fmt.Errorf("postings: %w", err))
		}
	}
	// Before the speaker groups: indexing the quotations of an older
	// database sets their lengths, which marks the groups stale.
	quotesIndexed, err := l.writeQuotePostings(quotesWere, quoteIndexWasCurrent, db.logger)
	if err != nil {
		return fail(err)
	}
	written := time.Now()
	// Speaker groups are derived from every quotation; a reader never
	// writes, so they are rebuilt here whenever the quotations changed (or
	// were never grouped, in a database from before this was so).
	rebuilt, err := l.updateSpeakers(speakersWereCurrent, db.logger)
	if err != nil {
		return fail(err)
	}
	changed := indexChanged || titled || rebuilt || quotesIndexed
	grouped := time.Now()
	if changed {
		l.counters.generation++
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(index_version), 0) FROM articles`).Scan(&l.counters.indexVersion); err != nil {
			return fail(fmt.Errorf("read index version: %w", err))
		}
		if err := l.counters.save(ctx, tx); err != nil {
			return fail(err)
		}
		if db.beforeCommit != nil {
			db.beforeCommit()
		}
	} else if len(l.restamped) == 0 {
		// Nothing to write: a reload that changes nothing writes nothing.
		if err := tx.Rollback(); err != nil {
			return fail(fmt.Errorf("rollback: %w", err))
		}
		db.logger.Info("reload: nothing changed", "unchanged", unchanged)
		return withSentences(results(), l.counters), nil
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("commit: %w", err))
	}
	committed := time.Now()

	stats := l.counters.stats()
	if !changed {
		db.logger.Info("reload: nothing changed", "unchanged", unchanged, "restamped", len(l.restamped))
		return withSentences(results(), l.counters), nil
	}
	// The stats are read again rather than set from this commit's counters:
	// another process may have committed since, and Sync may have seen it.
	db.mu.Lock()
	db.gen++
	db.stats = nil
	db.cache.clear()
	db.mu.Unlock()

	var added, updated, removed, failed int
	for _, r := range runs {
		added += len(r.report.Added)
		updated += len(r.report.Updated)
		removed += len(r.report.Removed)
		failed += len(r.report.Failed)
	}
	db.logger.Info("reloaded",
		"added", added, "updated", updated, "removed", removed, "unchanged", unchanged, "failed", failed,
		"sentences", stats.Sentences, "stems", len(l.touched), "generation", l.counters.generation,
		"load", loaded.Sub(start), "postings", written.Sub(loaded), "speakers", grouped.Sub(written), "commit", committed.Sub(grouped))
	return withSentences(results(), l.counters), nil
}

// withSentences sets every report's Sentences: the index's after the reload.
func withSentences(out []StoryReload, c counters) []StoryReload {
	for i := range out {
		out[i].Report.Sentences = int(c.sentences)
	}
	return out
}

// applyScope applies one planned scope: removals, new stamps, the results
// of its work files (taken from next, one per file, all of them even on an
// error) and its story.txt. titled reports whether the story's title or
// summary changed.
func (db *DB) applyScope(l *loader, r *scopeRun, trustedBefore time.Time, next func() (analysed, bool), step func()) (titled bool, err error) {
	var firstErr error
	fail := func(e error) {
		if firstErr == nil {
			firstErr = e
		}
	}
	for _, old := range r.gone {
		if err := l.remove(old); err != nil {
			fail(fmt.Errorf("remove %s: %w", old.file, err))
			break
		}
		r.report.Removed = append(r.report.Removed, old.file)
	}
	if firstErr == nil {
		if err := l.restamp(r.restamp); err != nil {
			fail(err)
		}
	}
	for range r.work {
		res, ok := next()
		if !ok {
			fail(l.ctx.Err())
			break
		}
		step()
		if firstErr != nil {
			continue
		}
		if res.err != nil {
			reason := res.err.Error()
			if errors.Is(res.file.ReadErr, fs.ErrNotExist) {
				reason = "the file vanished during the reload (deleted or renamed after the folder was listed); its indexed version, if any, stays until the next reload"
			}
			r.report.Failed = append(r.report.Failed, corpus.FileProblem{File: res.file.Name, Reason: reason})
			db.logger.Warn("reload: file not loaded", "file", res.file.Name, "reason", reason)
			continue
		}
		other, taken, err := l.ownerOf(res.article.ID)
		if err != nil {
			fail(err)
			continue
		}
		if taken && other != res.file.Name {
			reason := fmt.Sprintf("article id %q is already used by %s: rename one of the two files", res.article.ID, other)
			r.report.Failed = append(r.report.Failed, corpus.FileProblem{File: res.file.Name, Reason: reason})
			db.logger.Warn("reload: file not loaded", "file", res.file.Name, "reason", reason)
			continue
		}
		if old, ok := l.storedOf(res.file.Name); ok {
			if err := l.remove(old); err != nil {
				fail(fmt.Errorf("replace %s: %w", old.file, err))
				continue
			}
			r.report.Updated = append(r.report.Updated, res.file.Name)
		} else {
			r.report.Added = append(r.report.Added, res.file.Name)
		}
		if err := l.insert(res, stampOf(res.file, trustedBefore)); err != nil {
			fail(fmt.Errorf("add %s: %w", res.file.Name, err))
			continue
		}
	}
	if firstErr != nil {
		return false, firstErr
	}
	// This scope's sentence rows belong inside its savepoint.
	if err := l.flushSentences(); err != nil {
		return false, err
	}
	if r.story.read {
		if r.story.problem != nil {
			r.report.Failed = append(r.report.Failed, *r.story.problem)
		}
		t, err := saveStoryFile(l.ctx, l.tx, r.scope.name, r.story)
		if err != nil {
			return false, err
		}
		titled = t
	}
	return titled, nil
}

// beginWrite begins a write transaction, waiting for as long as ctx allows
// while another process (or connection) writes: the busy timeout alone
// would fail a reload that waits behind a long one. SQLite waits in short
// turns (beginWait), so the wait is logged soon after it starts.
//
// The transaction holds its own connection of the write pool; release
// puts back that connection's busy timeout and returns it, and must be
// called once the transaction has ended.
func (db *DB) beginWrite(ctx context.Context) (tx *sql.Tx, release func(), err error) {
	conn, err := db.rw.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("begin: %w", err)
	}
	release = func() {
		// A fresh context: the busy timeout must come back even when ctx ended.
		if _, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds())); err != nil {
			db.logger.Warn("restore busy timeout", "err", err)
		}
		conn.Close()
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", beginWait.Milliseconds())); err != nil {
		release()
		return nil, nil, fmt.Errorf("begin: %w", err)
	}
	var waiting time.Time
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil {
			if !waiting.IsZero() {
				db.logger.Warn("reload: the other writer finished; reloading", "waited", time.Since(waiting).Round(time.Millisecond))
			}
			return tx, release, nil
		}
		if cerr := ctx.Err(); cerr != nil && isBusy(err) {
			release()
			return nil, nil, fmt.Errorf("begin: waiting for another process's reload: %w", cerr)
		}
		if !isBusy(err) {
			release()
			return nil, nil, fmt.Errorf("begin: %w", err)
		}
		if waiting.IsZero() {
			waiting = time.Now()
			db.logger.Warn("reload: another process is writing the database (a reload?); waiting for it to finish", "db", db.path)
		}
	}
}

// beginWait is how long one attempt to begin a reload's transaction waits
// for the write lock; busyTimeout is every other statement's wait.
const (
	beginWait   = 250 * time.Millisecond
	busyTimeout = 5 * time.Second
)

// isBusy reports whether err is SQLite saying another connection holds the
// lock it needs.
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// storedArticle is what a reload needs to know of an indexed article.
type storedArticle struct {
	seq, first, count, terms int64
	id, file, hash, language string
	version                  int
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

// storedArticles returns the indexed articles by file, read in tx: those of
// one story when story is not nil, else all.
func storedArticles(ctx context.Context, tx *sql.Tx, story *string) (map[string]storedArticle, error) {
	const columns = `SELECT seq, id, file, hash, language, first_sentence, sentence_count, term_count, size, mtime, index_version FROM articles`
	var (
		rows *sql.Rows
		err  error
	)
	if story == nil {
		rows, err = tx.QueryContext(ctx, columns)
	} else {
		// A story's articles by the story index, not every article.
		rows, err = tx.QueryContext(ctx, columns+` WHERE story = ?`, *story)
	}
	if err != nil {
		return nil, fmt.Errorf("read indexed articles: %w", err)
	}
	defer rows.Close()
	out := make(map[string]storedArticle)
	for rows.Next() {
		var a storedArticle
		if err := rows.Scan(&a.seq, &a.id, &a.file, &a.hash, &a.language, &a.first, &a.count, &a.terms, &a.stamp.size, &a.stamp.mtime, &a.version); err != nil {
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
	generation                               uint64
	indexVersion                             int
}

func (c *counters) load(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) error {
	err := q.QueryRowContext(ctx, `SELECT next_sentence, articles, sentences, terms, generation, index_version FROM counters`).
		Scan(&c.nextSentence, &c.articles, &c.sentences, &c.terms, &c.generation, &c.indexVersion)
	if err != nil {
		return fmt.Errorf("read counters: %w", err)
	}
	return nil
}

func (c counters) save(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE counters SET next_sentence = ?, articles = ?, sentences = ?, terms = ?, generation = ?, index_version = ?`,
		c.nextSentence, c.articles, c.sentences, c.terms, c.generation, c.indexVersion)
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
	// quoteTerms[i] and quoteLengths[i] are the same for quotes[i]'s own
	// words, for the quotations' posting lists.
	quoteTerms   [][]termCount
	quoteLengths []uint16
	// report and lede are the article's corpus.ReportFeatures without its
	// lede's sentences (Body) and those of its lede alone, encoded.
	report, lede []byte
	err          error
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
	r.quoteTerms, r.quoteLengths = quoteTermCounts(an, r.quotes, a.Language, buf)
	rf := corpus.NewReportFeatures(a.Sentences)
	r.report = corpus.AppendReportFeatures(nil, rf.Body())
	r.lede = corpus.AppendReportFeatures(nil, rf.LedeOnly())
	return r
}

// quoteTermCounts analyses each quotation's text in lang, as
// qa.Engine.Quotes does: its distinct stems with their counts, and its
// length in terms.
func quoteTermCounts(an *corpus.Analyzer, quotes []corpus.Quote, lang string, buf []string) ([][]termCount, []uint16) {
	if lang == "" {
		lang = quoteLanguage
	}
	terms := make([][]termCount, len(quotes))
	lengths := make([]uint16, len(quotes))
	for i, q := range quotes {
		buf = an.AppendTerms(buf[:0], q.Text, lang)
		lengths[i] = uint16(min(len(buf), math.MaxUint16))
		slices.Sort(buf)
		for j := 0; j < len(buf); {
			k := j + 1
			for k < len(buf) && buf[k] == buf[j] {
				k++
			}
			terms[i] = append(terms[i], termCount{stem: buf[j], tf: uint16(min(k-j, math.MaxUint16))})
			j = k
		}
	}
	return terms, lengths
}

// quoteLanguage is the language a quotation of an article with none is
// analysed in: qa.Engine's default. Parse detects one for every article,
// so it matters only to rows from elsewhere.
const quoteLanguage = "en"

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

	// stored are the indexed articles the reload read, by file.
	stored map[string]storedArticle
	// owner is which file holds an article id, among the stored articles
	// and those inserted; when not ownersComplete, other ids are looked up.
	owner          map[string]string
	ownersComplete bool

	removed   []idRange               // sentence ids no longer in the index
	stale     map[string]bool         // stems whose stored list holds removed ids
	fresh     map[string]*listBuilder // new postings by stem
	touched   []string                // stems written, sorted, set by writePostings
	restamped []fileStamp

	// The attributed quotations removed and added, so the speaker groups
	// are updated rather than rebuilt when their speakers stay the same.
	removedQuotes, addedQuotes []quoteRef

	// The quotations' posting lists, kept as the sentences' are: ids of
	// quotations removed, stems whose lists hold them, new postings by
	// stem; and the change in their number and total length. nextQuote is
	// the next quotes.id, always above every stored one, so new postings
	// only ever append.
	quoteRemoved []idRange
	quoteStale   map[string]bool
	quoteFresh   map[string]*listBuilder
	quoteDelta   quoteTotals
	nextQuote    int64

	// What mark/undo need to forget a scope rolled back to its savepoint:
	// the builders and owners it changed, as they were before it.
	epoch       int
	builderUndo []builderUndo
	ownerUndo   []ownerUndo

	insertArticle, insertSentences, insertSentence, insertQuote, insertReport, insertLede *sql.Stmt

	// pending sentence rows, flattened, inserted sentenceBatch at a time:
	// one statement per sentence costs more in driver overhead than SQLite
	// spends storing it.
	pending []any
}

type builderUndo struct {
	lists map[string]*listBuilder // l.fresh or l.quoteFresh
	stem  string
	b     *listBuilder
	saved listBuilder
}

// quoteTotals is the number of quotations and the sum of their lengths.
type quoteTotals struct{ quotes, terms int64 }

type ownerUndo struct {
	id, file string
	had      bool
}

// loaderMark is a loader's state at a savepoint.
type loaderMark struct {
	counters                   counters
	removed, restamped         int
	removedQuotes, addedQuotes int
	quoteRemoved               int
	quoteDelta                 quoteTotals
}

// mark starts a scope: undo(mark) forgets everything done after it.
func (l *loader) mark() loaderMark {
	l.keep()
	return loaderMark{counters: l.counters, removed: len(l.removed), restamped: len(l.restamped),
		removedQuotes: len(l.removedQuotes), addedQuotes: len(l.addedQuotes),
		quoteRemoved: len(l.quoteRemoved), quoteDelta: l.quoteDelta}
}

// keep ends a scope that was applied.
func (l *loader) keep() {
	l.epoch++
	clear(l.builderUndo)
	l.builderUndo = l.builderUndo[:0]
	l.ownerUndo = l.ownerUndo[:0]
}

// undo forgets what was done since m, after its savepoint was rolled back.
// Stems marked stale stay so: their lists are rewritten unchanged.
func (l *loader) undo(m loaderMark) {
	for i := len(l.builderUndo) - 1; i >= 0; i-- {
		u := l.builderUndo[i]
		if u.saved.n == 0 {
			delete(u.lists, u.stem)
			continue
		}
		rest := u.b.rest[:len(u.saved.rest)]
		*u.b = u.saved
		u.b.rest = rest
	}
	for i := len(l.ownerUndo) - 1; i >= 0; i-- {
		u := l.ownerUndo[i]
		if u.had {
			l.owner[u.id] = u.file
		} else {
			delete(l.owner, u.id)
		}
	}
	l.counters = m.counters
	l.removed = l.removed[:m.removed]
	l.restamped = l.restamped[:m.restamped]
	l.removedQuotes = l.removedQuotes[:m.removedQuotes]
	l.addedQuotes = l.addedQuotes[:m.addedQuotes]
	l.quoteRemoved = l.quoteRemoved[:m.quoteRemoved]
	l.quoteDelta = m.quoteDelta
	clear(l.pending)
	l.pending = l.pending[:0]
	l.keep()
}

// setOwner records that file holds id ("" for none), undoably.
func (l *loader) setOwner(id, file string) {
	old, had := l.owner[id]
	l.ownerUndo = append(l.ownerUndo, ownerUndo{id: id, file: old, had: had})
	if file == "" {
		delete(l.owner, id)
	} else {
		l.owner[id] = file
	}
}

// ownerOf returns the file that holds the article id, if any.
func (l *loader) ownerOf(id string) (string, bool, error) {
	if f, ok := l.owner[id]; ok || l.ownersComplete {
		return f, ok, nil
	}
	var f string
	err := l.tx.QueryRowContext(l.ctx, `SELECT file FROM articles WHERE id = ?`, id).Scan(&f)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("look up article id %q: %w", id, err)
	}
	return f, true, nil
}

// storedOf returns the indexed article of file, if the reload read one.
func (l *loader) storedOf(file string) (storedArticle, bool) {
	a, ok := l.stored[file]
	return a, ok
}

const (
	sentenceBatch = 64
	sentenceCols  = 6
)

type idRange struct{ lo, hi int64 } // [lo, hi)

func newLoader(ctx context.Context, tx *sql.Tx, an *corpus.Analyzer) (*loader, error) {
	l := &loader{ctx: ctx, tx: tx, analyzer: an, stale: make(map[string]bool), fresh: make(map[string]*listBuilder),
		owner: make(map[string]string), quoteStale: make(map[string]bool), quoteFresh: make(map[string]*listBuilder)}
	if err := l.counters.load(ctx, tx); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM quotes`).Scan(&l.nextQuote); err != nil {
		return nil, fmt.Errorf("read quotes: %w", err)
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
		(id, file, story, title, outlet, url, published, language, authors, hash, first_sentence, sentence_count, term_count, size, mtime, index_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	l.insertSentence = prepare(`INSERT INTO sentences (id, article, paragraph, idx, length, text) VALUES (?, ?, ?, ?, ?, ?)`)
	l.insertSentences = prepare(`INSERT INTO sentences (id, article, paragraph, idx, length, text) VALUES (?, ?, ?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?, ?, ?)`, sentenceBatch-1))
	l.pending = make([]any, 0, sentenceBatch*sentenceCols)
	l.insertQuote = prepare(`INSERT INTO quotes (id, article, paragraph, sentence, speaker, attribution, text, length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	l.insertReport = prepare(`INSERT INTO report_features (article, data) VALUES (?, ?)`)
	l.insertLede = prepare(`INSERT INTO report_ledes (article, data) VALUES (?, ?)`)
	if err != nil {
		l.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return l, nil
}

func (l *loader) close() {
	for _, st := range []*sql.Stmt{l.insertArticle, l.insertSentences, l.insertSentence, l.insertQuote, l.insertReport, l.insertLede} {
		if st != nil {
			st.Close()
		}
	}
}

// restamp stores new stamps of unchanged files within the reload.
func (l *loader) restamp(stamps []fileStamp) error {
	if err := restampTx(l.ctx, l.tx, stamps); err != nil {
		return err
	}
	l.restamped = append(l.restamped, stamps...)
	return nil
}

// remove deletes an indexed article and marks its stems' lists for
// rewriting. The totals lose what was really deleted, counted from the rows.
func (l *loader) remove(old storedArticle) error {
	// Which lists hold the article's sentences: analyse the stored text again
	// (milliseconds for an article) rather than keep every article's stems.
	rows, err := l.tx.QueryContext(l.ctx, `SELECT length, text FROM sentences WHERE id >= ? AND id < ?`, old.first, old.first+old.count)
	if err != nil {
		return fmt.Errorf("read sentences: %w", err)
	}
	var (
		terms            []string
		sentences, total int64
	)
	for rows.Next() {
		var (
			length int64
			text   string
		)
		if err := rows.Scan(&length, &text); err != nil {
			rows.Close()
			return fmt.Errorf("read sentences: %w", err)
		}
		sentences++
		total += length
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
	// The quotations the cascade below deletes: the attributed ones for
	// the speaker groups, all for their posting lists.
	qrows, err := l.tx.QueryContext(l.ctx, `SELECT id, speaker, attribution, length, text FROM quotes WHERE article = ?`, old.seq)
	if err != nil {
		return fmt.Errorf("read quotes: %w", err)
	}
	lang := old.language
	if lang == "" {
		lang = quoteLanguage
	}
	for qrows.Next() {
		var (
			q      quoteRef
			length int64
			text   string
		)
		if err := qrows.Scan(&q.id, &q.speaker, &q.attribution, &length, &text); err != nil {
			qrows.Close()
			return fmt.Errorf("read quotes: %w", err)
		}
		if q.speaker != "" {
			l.removedQuotes = append(l.removedQuotes, q)
		}
		terms = l.analyzer.AppendTerms(terms[:0], text, lang)
		for _, t := range terms {
			l.quoteStale[t] = true
		}
		l.quoteRemoved = append(l.quoteRemoved, idRange{q.id, q.id + 1})
		l.quoteDelta.quotes--
		l.quoteDelta.terms -= length
	}
	if err := qrows.Close(); err != nil {
		return fmt.Errorf("read quotes: %w", err)
	}
	if err := qrows.Err(); err != nil {
		return fmt.Errorf("read quotes: %w", err)
	}
	// Quotes go by cascade.
	res, err := l.tx.ExecContext(l.ctx, `DELETE FROM articles WHERE seq = ?`, old.seq)
	if err != nil {
		return fmt.Errorf("delete article: %w", err)
	}
	gone, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete article: %w", err)
	}
	if l.owner[old.id] == old.file {
		l.setOwner(old.id, "")
	}
	l.removed = append(l.removed, idRange{old.first, old.first + old.count})
	l.counters.articles -= gone
	l.counters.sentences -= sentences
	l.counters.terms -= total
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
		a.Language, string(authors), r.file.Hash, first, n, terms, st.size, st.mtime, corpus.IndexVersion)
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	if _, err := l.insertReport.ExecContext(l.ctx, seq, r.report); err != nil {
		return fmt.Errorf("insert report features: %w", err)
	}
	if _, err := l.insertLede.ExecContext(l.ctx, seq, r.lede); err != nil {
		return fmt.Errorf("insert report features: %w", err)
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
			l.addPosting(l.fresh, tc.stem, corpus.Posting{Sentence: uint32(id), TF: tc.tf, Len: r.lengths[i]})
		}
	}
	for i, q := range r.quotes {
		id := l.nextQuote
		l.nextQuote++
		length := r.quoteLengths[i]
		if _, err := l.insertQuote.ExecContext(l.ctx, id, seq, q.Paragraph, q.Sentence, q.Speaker, q.Attribution, q.Text, int64(length)); err != nil {
			return fmt.Errorf("insert quote: %w", err)
		}
		l.quoteDelta.quotes++
		l.quoteDelta.terms += int64(length)
		for _, tc := range r.quoteTerms[i] {
			l.addPosting(l.quoteFresh, tc.stem, corpus.Posting{Sentence: uint32(id), TF: tc.tf, Len: length})
		}
		if q.Speaker != "" {
			l.addedQuotes = append(l.addedQuotes, quoteRef{id: id, speaker: q.Speaker, attribution: q.Attribution})
		}
	}
	l.setOwner(a.ID, r.file.Name)
	l.counters.nextSentence += n
	l.counters.articles++
	l.counters.sentences += n
	l.counters.terms += terms
	return nil
}

// addPosting adds p to stem's new postings in lists (l.fresh or
// l.quoteFresh), undoably.
func (l *loader) addPosting(lists map[string]*listBuilder, stem string, p corpus.Posting) {
	b := lists[stem]
	if b == nil {
		b = &listBuilder{epoch: l.epoch}
		lists[stem] = b
		l.builderUndo = append(l.builderUndo, builderUndo{lists: lists, stem: stem, b: b})
	} else if b.epoch != l.epoch {
		l.builderUndo = append(l.builderUndo, builderUndo{lists: lists, stem: stem, b: b, saved: *b})
		b.epoch = l.epoch
	}
	b.add(p)
}

// flushSentences inserts the pending sentence rows.
func (l *loader) flushSentences() error {
	if len(l.pending) == sentenceBatch*sentenceCols {
		if _, err := l.insertSentences.ExecContext(l.ctx, l.pending...); err != nil {
			return fmt.Errorf("insert sentences: %w", err)
		}
	} else if n := len(l.pending) / sentenceCols; n > 4 {
		// A story's last rows: one statement still beats one per row.
		q := `INSERT INTO sentences (id, article, paragraph, idx, length, text) VALUES (?, ?, ?, ?, ?, ?)` +
			strings.Repeat(`, (?, ?, ?, ?, ?, ?)`, n-1)
		if _, err := l.tx.ExecContext(l.ctx, q, l.pending...); err != nil {
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
	// epoch is the loader's epoch when the builder was last saved for undo.
	epoch int
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
