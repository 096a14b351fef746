package store

import (
	"context"
	"database/sql"
	"errors"
)

// SetScopeFault makes a reload fail a story's part, after applying it,
// when f returns an error for the story.
func SetScopeFault(db *DB, f func(story string) error) { db.scopeFault = f }

// Exec runs a statement on the write connection, to damage a database the
// way a bug or an older storybot would have left it.
func Exec(ctx context.Context, db *DB, query string, args ...any) (sql.Result, error) {
	return db.rw.ExecContext(ctx, query, args...)
}

// SpeakersCurrent reports whether the stored speaker groups are marked as
// describing the current quotations.
func SpeakersCurrent(ctx context.Context, db *DB) (bool, error) {
	var n int
	err := db.ro.QueryRowContext(ctx, `SELECT count(*) FROM speakers_current`).Scan(&n)
	return n > 0, err
}

// HoldWriteLock takes the write lock of the database at path from a
// connection of its own, as another process would, until release is called.
func HoldWriteLock(ctx context.Context, path string) (release func() error, err error) {
	other, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		return nil, err
	}
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		other.Close()
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET generation = generation`); err != nil {
		tx.Rollback()
		other.Close()
		return nil, err
	}
	return func() error {
		err := tx.Rollback()
		return errors.Join(err, other.Close())
	}, nil
}
