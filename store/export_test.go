package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SetBeforeCommit makes Reload call f with its write transaction still open.
func SetBeforeCommit(db *DB, f func()) { db.beforeCommit = f }

// SchemaVersion returns the database's PRAGMA user_version.
func SchemaVersion(ctx context.Context, db *DB) (int, error) {
	var v int
	err := db.ro.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// MigrationCount is how many migrations are embedded.
func MigrationCount() int {
	ms, err := loadMigrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

// Stems lists every stem that has a posting list.
func Stems(ctx context.Context, db *DB) ([]string, error) {
	rows, err := db.ro.QueryContext(ctx, "SELECT stem FROM postings ORDER BY stem")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// NextSentence is the id the next loaded sentence will get.
func NextSentence(ctx context.Context, db *DB) (uint32, error) {
	var n uint32
	err := db.ro.QueryRowContext(ctx, "SELECT next_sentence FROM counters").Scan(&n)
	return n, err
}

// SetSchemaVersion sets PRAGMA user_version of the closed database at path.
func SetSchemaVersion(ctx context.Context, path string, v int) error {
	db, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}

// Path is the database file's path.
func Path(db *DB) string { return db.path }

// SizeReport is how big the parts of a database are, in bytes.
type SizeReport struct{ File, Postings, Text int64 }

// Sizes measures db after a checkpoint folds the WAL into the file.
func Sizes(ctx context.Context, db *DB) (SizeReport, error) {
	var r SizeReport
	if _, err := db.rw.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return r, err
	}
	if err := db.ro.QueryRowContext(ctx, "SELECT coalesce(sum(length(list)), 0) FROM postings").Scan(&r.Postings); err != nil {
		return r, err
	}
	if err := db.ro.QueryRowContext(ctx, "SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM sentences").Scan(&r.Text); err != nil {
		return r, err
	}
	var pages, size int64
	if err := db.ro.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return r, err
	}
	if err := db.ro.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		return r, err
	}
	r.File = pages * size
	return r, nil
}

// ForgetQuoteIndex makes db look like one from before migration 010: its
// quotations unanalysed and no quotation posting lists.
func ForgetQuoteIndex(ctx context.Context, db *DB) error {
	_, err := db.rw.ExecContext(ctx, `DELETE FROM quote_postings; DELETE FROM quote_index; UPDATE quotes SET length = -1`)
	return err
}
