package store

import (
	"context"
	"time"
)

// SetFeedbackTime backdates vote id, as if it had been cast at at.
func SetFeedbackTime(ctx context.Context, db *DB, id int64, at time.Time) error {
	_, err := db.rw.ExecContext(ctx, `UPDATE feedback SET at = ? WHERE id = ?`, at.UTC().Format(time.RFC3339), id)
	return err
}
