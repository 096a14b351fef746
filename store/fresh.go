package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// watch notices commits made by other connections, this DB's own writer and
// other processes alike, so that what DB caches never outlives the corpus it
// was read from. It holds one reader connection of its own: SQLite's
// PRAGMA data_version is per connection, and changes exactly when another
// connection committed since the last time that connection asked.
type watch struct {
	conn        *sql.Conn
	dataVersion int64
	counters    counters // as read at the last change seen
	seen        bool
}

// openWatch takes the watch connection from the reader pool.
func openWatch(ctx context.Context, ro *sql.DB) (*watch, error) {
	conn, err := ro.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch for commits: %w", err)
	}
	return &watch{conn: conn}, nil
}

// Sync makes db see every commit made so far, by this process or another
// on the same file: when the index changed since the last Sync, Version
// moves on and the stats, posting lists and articles cached from the older
// corpus are dropped. It returns the Version after that. A commit that
// leaves the index as it was (a channel's default story, new file times)
// keeps the caches. It costs one PRAGMA on an idle connection when nothing
// was committed (5–9 µs on a busy 2-core machine; BenchmarkSync), so callers run it once per
// question; see qa.Synced. It returns an error only when the database
// cannot be read.
func (db *DB) Sync(ctx context.Context) (uint64, error) {
	db.syncMu.Lock()
	defer db.syncMu.Unlock()
	changed, c, err := db.watch.check(ctx)
	if err != nil {
		return 0, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if changed {
		db.gen++
		s := c.stats()
		db.stats = &s
		db.cache.clear()
	}
	return db.gen, nil
}

// check reports whether the index changed since the last check, and the
// counters as read then. The first check only takes note.
func (w *watch) check(ctx context.Context) (changed bool, c counters, err error) {
	var dv int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&dv); err != nil {
		return false, c, fmt.Errorf("check for commits: %w", err)
	}
	if w.seen && dv == w.dataVersion {
		return false, w.counters, nil
	}
	// Read after data_version: a commit in between is seen twice, which
	// costs a second read of the counters, never a missed change.
	if err := c.load(ctx, w.conn); err != nil {
		return false, c, fmt.Errorf("check for commits: %w", err)
	}
	// Every change to the index moves the counters: new sentences take new
	// ids and removed ones lower the totals.
	changed = w.seen && c != w.counters
	w.dataVersion, w.counters, w.seen = dv, c, true
	return changed, c, nil
}

// close closes the watch connection; closing it again is not an error, as
// closing a DB again is not.
func (w *watch) close() error {
	if err := w.conn.Close(); err != nil && !errors.Is(err, sql.ErrConnDone) {
		return err
	}
	return nil
}
