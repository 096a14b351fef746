package store

import (
	"context"
	"fmt"
)

// Check reads the database's schema page through the readers' pool, so it
// fails when the file can no longer be read (deleted volume, bad
// permissions, corruption of the header) or the store is closed. Readiness
// probes call it; it returns the error that made the read fail.
func (db *DB) Check(ctx context.Context) error {
	var n int
	if err := db.ro.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return fmt.Errorf("check store %s: %w", db.path, err)
	}
	if n == 0 {
		return fmt.Errorf("check store %s: no tables: not a storybot database", db.path)
	}
	return nil
}
