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
	"sort"
	"strconv"
	"strings"
	"sync"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"

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
// Stats and decoded posting lists are cached in memory and refreshed when
// this DB's own Reload commits; a reload by another process on the same file
// is seen only after reopening, so the running bot should be the one to
// reload.
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

// Open opens, creating if needed, the store at path and brings its schema up
// to date. It returns an error if the file cannot be opened, is not a
// storybot database, or was written by a newer storybot.
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
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	rw, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	rw.SetMaxOpenConns(1)
	if err := db.migrate(ctx, rw); err != nil {
		rw.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	ro, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		rw.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	ro.SetMaxIdleConns(4)
	db.rw, db.ro = rw, ro
	return db, nil
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

// Close closes the database. Reads and reloads after Close return errors.
func (db *DB) Close() error {
	errRO := db.ro.Close()
	errRW := db.rw.Close()
	if err := errors.Join(errRO, errRW); err != nil {
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
	var current int
	if err := rw.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("schema version %d is newer than this storybot knows (%d): use a newer storybot or a new database file", current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := applyMigration(ctx, rw, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		db.logger.Info("applied migration", "name", m.name, "version", m.version)
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
