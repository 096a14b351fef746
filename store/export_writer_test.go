package store

import (
	"context"
	"database/sql"
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
