// Package store keeps the indexed corpus in SQLite: articles, sentences,
// quotations and a stemmed sentence index. It is the only package that
// speaks SQL.
//
// The sentence index is one compact posting list per stem (see
// corpus.EncodePostings), read by qa which scores in Go. Sentence ids are
// never reused, so a reload rewrites only the lists of stems whose articles
// changed, by dropping an id range and appending new ids at the end.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3" // also the database/sql driver "sqlite3"

	"storybot/corpus"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNotFound is returned (wrapped) when the thing asked for is not stored.
var ErrNotFound = errors.New("not found")

// DefaultPostingsCache is how many decoded postings DB keeps in memory unless
// WithPostingsCache says otherwise: 2M postings, 16 MB.
const DefaultPostingsCache = 2 << 20

// articlesCacheSize is how many articles' metadata DB keeps in memory:
// about 1 KB each, and a story has far fewer.
const articlesCacheSize = 1024

// DB is the corpus store. It is safe for concurrent use: reads keep
// answering from the last committed corpus while a Reload runs.
//
// Stats, decoded posting lists and article metadata are cached in memory.
// This DB's own Reload drops them when it commits; Sync drops them when any
// other connection, in this process or another, changed the index, so one
// database can serve several processes while any of them reloads.
//
// A database file, or folder, that cannot be written is opened read-only:
// it answers, and writes (Reload, SetChannelStory) fail; see ReadOnly.
type DB struct {
	// rw is the one connection that writes; ro is the pool readers use. They
	// are apart because the driver begins every transaction on a pool the
	// same way, and a reload needs BEGIN IMMEDIATE while a read must never
	// wait for a reload.
	rw       *sql.DB
	ro       *sql.DB
	path     string
	logger   *slog.Logger
	analyzer *corpus.Analyzer

	// reloadMu makes reloads take turns; SQLite would serialise the writes
	// anyway, but the plan (which files changed) must see the previous commit.
	reloadMu sync.Mutex

	mu    sync.Mutex // guards the fields below
	gen   uint64     // bumped on every commit that changes the corpus
	stats *corpus.IndexStats
	cache *postingsCache
	// articles caches ArticlesByID's metadata (articlesCacheSize articles).
	articles articleCache
	// storyList caches Stories for one gen.
	storyList storyList

	// syncMu serialises Sync, which owns watch.
	syncMu sync.Mutex
	watch  *watch

	readOnly bool

	// beforeCommit, when set by tests, runs with the reload's write
	// transaction still open.
	beforeCommit func()
	// scopeFault, when set by tests, fails a story's part of a reload after
	// its changes were applied, before its savepoint is released.
	scopeFault func(story string) error
}

// Option configures Open.
type Option func(*DB)

// WithAnalyzer sets the analyzer Reload indexes with. It must be the one the
// questions are analysed with. The default is corpus.NewAnalyzer().
func WithAnalyzer(a *corpus.Analyzer) Option {
	return func(db *DB) { db.analyzer = a }
}

// WithPostingsCache bounds how many decoded postings are kept in memory
// across all cached stems (8 bytes each). 0 disables the cache.
func WithPostingsCache(postings int) Option {
	return func(db *DB) { db.cache = newPostingsCache(postings) }
}

// ErrNotStorybot is returned (wrapped) by Open for an SQLite database that
// another program made: storybot leaves it as it is.
var ErrNotStorybot = errors.New("not a storybot database")

// Open opens, creating if needed, the store at path and brings its schema up
// to date. A file, or folder, that cannot be written is opened read-only
// when its schema is current (ReadOnly then says so). It returns an error if
// the file cannot be opened or created (saying whether its folder is
// read-only), is not an SQLite database, is another program's database
// (wrapping ErrNotStorybot; nothing is written to it), was written by a
// newer storybot, or is read-only and needs migrating.
func Open(ctx context.Context, path string, logger *slog.Logger, opts ...Option) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	db := &DB{path: path, logger: logger, cache: newPostingsCache(DefaultPostingsCache), articles: articleCache{limit: articlesCacheSize}}
	for _, opt := range opts {
		opt(db)
	}
	if db.analyzer == nil {
		db.analyzer = corpus.NewAnalyzer()
	}
	if err := db.open(ctx); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

func (db *DB) open(ctx context.Context) error {
	path := db.path
	dir := filepath.Dir(path)
	_, statErr := os.Stat(path)
	exists := statErr == nil
	if !exists {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create the database's folder: %w", err)
		}
	}
	if exists && !writable(path) {
		return db.openReadOnly(ctx, false)
	}
	if exists {
		// Before the writer's connection, which turns WAL on: another
		// program's database must be refused without a byte changed.
		if err := db.refuseForeign(ctx); err != nil {
			return err
		}
	}
	rw, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		return err
	}
	rw.SetMaxOpenConns(1)
	if err := rw.PingContext(ctx); err != nil {
		rw.Close()
		if !exists {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("cannot create the database in %s (%w): give --db (or STORYBOT_DB) a file in a folder you can write to", dir, err)
			}
		}
		if exists && cannotWrite(err) {
			// The file is writable but SQLite cannot create its journal
			// beside it: the folder is read-only.
			return db.openReadOnly(ctx, true)
		}
		return err
	}
	if err := db.migrate(ctx, rw); err != nil {
		rw.Close()
		if exists && cannotWrite(err) {
			return db.openReadOnly(ctx, true)
		}
		return err
	}
	ro, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		rw.Close()
		return err
	}
	ro.SetMaxIdleConns(4)
	db.rw, db.ro = rw, ro
	if err := db.startWatch(ctx); err != nil {
		ro.Close()
		rw.Close()
		return err
	}
	return nil
}

// refuseForeign returns an error wrapping ErrNotStorybot when the existing
// file is another program's database, reading it through a read-only
// connection that writes nothing. Files SQLite cannot read as a database
// pass, for the writer's connection to report.
func (db *DB) refuseForeign(ctx context.Context) error {
	q, err := sql.Open("sqlite3", readOnlyDSN(db.path, false))
	if err != nil {
		return err
	}
	defer q.Close()
	err = db.checkSchema(ctx, q, false)
	if errors.Is(err, ErrNotStorybot) {
		return err
	}
	return nil
}

// openReadOnly opens an existing database that cannot be written: the file
// itself, or the folder that would hold its journal (folderReadOnly).
func (db *DB) openReadOnly(ctx context.Context, folderReadOnly bool) error {
	// In a read-only folder SQLite cannot create the WAL's shared-memory
	// file, so it is told the file is immutable: no writer can exist there.
	ro, err := sql.Open("sqlite3", readOnlyDSN(db.path, folderReadOnly))
	if err != nil {
		return err
	}
	ro.SetMaxIdleConns(4)
	if err := db.checkSchema(ctx, ro, true); err != nil {
		ro.Close()
		return err
	}
	// Writes go to a read-only connection too, so they fail with SQLite's
	// "attempt to write a readonly database" rather than crash.
	rw, err := sql.Open("sqlite3", readOnlyDSN(db.path, folderReadOnly))
	if err != nil {
		ro.Close()
		return err
	}
	rw.SetMaxOpenConns(1)
	db.rw, db.ro, db.readOnly = rw, ro, true
	if err := db.startWatch(ctx); err != nil {
		ro.Close()
		rw.Close()
		return err
	}
	what := "file"
	if folderReadOnly {
		what = "folder"
	}
	db.logger.Info("database opened read-only", "path", db.path, "read_only", what)
	return nil
}

func (db *DB) startWatch(ctx context.Context) error {
	w, err := openWatch(ctx, db.ro)
	if err != nil {
		return err
	}
	if _, _, err := w.check(ctx); err != nil {
		w.close()
		return err
	}
	db.watch = w
	return nil
}

// ReadOnly reports whether the database was opened read-only because its
// file or folder cannot be written: it answers, and cannot be reloaded.
func (db *DB) ReadOnly() bool { return db.readOnly }

// writable reports whether the existing file at path can be opened for
// writing, without writing to it.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// cannotWrite reports whether err is SQLite failing to write or to create
// the files beside the database.
func cannotWrite(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrCantOpen || se.Code == sqlite3.ErrPerm || se.Code == sqlite3.ErrAuth
}

// dsn returns the driver's data source name for path. Pragmas in it apply to
// every pooled connection.
func dsn(path string, write bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout.Milliseconds())))
	q.Set("_synchronous", "NORMAL")
	q.Set("_cache_size", "-4000") // KiB per connection
	q.Set("_stmt_cache_size", "32")
	if write {
		q.Set("_journal_mode", "WAL")
		// Take the write lock at Begin rather than fail to upgrade a read
		// lock halfway through a reload.
		q.Set("_txlock", "immediate")
	} else {
		q.Set("_query_only", "on")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// readOnlyDSN is dsn for a database opened read-only; immutable when the
// folder cannot hold the WAL's files.
func readOnlyDSN(path string, immutable bool) string {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Set("_busy_timeout", "5000")
	q.Set("_cache_size", "-4000")
	q.Set("_stmt_cache_size", "32")
	q.Set("_query_only", "on")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes the database. Reads and reloads after Close return errors.
func (db *DB) Close() error {
	errW := db.watch.close()
	errRO := db.ro.Close()
	errRW := db.rw.Close()
	if err := errors.Join(errW, errRO, errRW); err != nil {
		return fmt.Errorf("close store %s: %w", db.path, err)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and _", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d, migrations must be numbered 1, 2, 3…", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies, each in its own transaction, the migrations newer than
// the database's PRAGMA user_version.
func (db *DB) migrate(ctx context.Context, rw *sql.DB) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if err := db.checkSchema(ctx, rw, false); err != nil {
		return err
	}
	var current int
	if err := rw.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for _, m := range ms[current:] {
		if err := applyMigration(ctx, rw, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		db.logger.Info("applied migration", "name", m.name, "version", m.version)
	}
	return nil
}

// checkSchema refuses, reading only, a database storybot cannot use: one
// another program made, one a newer storybot wrote, and, when readOnly, one
// that needs migrating.
func (db *DB) checkSchema(ctx context.Context, q *sql.DB, readOnly bool) error {
	var current int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("read schema: %w", err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	// Every storybot schema since the first has counters; a database with
	// tables but no schema version was made by something else.
	if (current == 0 && len(tables) > 0) || (current > 0 && !slices.Contains(tables, "counters")) {
		shown := tables
		if len(shown) > 5 {
			shown = append(slices.Clip(shown[:5]), "…")
		}
		return fmt.Errorf("the file is another program's SQLite database (tables: %s), left untouched: give --db (or STORYBOT_DB) a new file: %w",
			strings.Join(shown, ", "), ErrNotStorybot)
	}
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if readOnly && len(tables) == 0 {
		return errors.New("the database file is empty and read-only: give --db (or STORYBOT_DB) a file storybot can write")
	}
	if current > len(ms) {
		return fmt.Errorf("schema version %d is newer than this storybot knows (%d): use a newer storybot or a new database file", current, len(ms))
	}
	if readOnly && current < len(ms) {
		return fmt.Errorf("the database is read-only and was made by an older storybot (schema %d, this one needs %d): open it once with write access to upgrade it", current, len(ms))
	}
	return nil
}

func applyMigration(ctx context.Context, rw *sql.DB, m migration) error {
	tx, err := rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied it while this one waited to begin.
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return err
	}
	if current >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	// PRAGMA takes no bound parameters; version is an int we parsed.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}
