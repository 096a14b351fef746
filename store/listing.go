package store

import (
	"context"
	"fmt"
)

// Listing is what the corpus folder held when its stories were last
// reloaded (see corpus.Fingerprint), as SaveListing stored it.
type Listing struct {
	// Folder is the folder reloaded from, as the caller named it.
	Folder string
	// Stories maps each reloaded story ("" for the root files) to its
	// fingerprint.
	Stories map[string]string
}

// Listing returns the stored listing; Stories is empty when no reload has
// stored one. Rows stored from different folders come back as the folder
// of the first story. It returns an error only when the database cannot be
// read.
func (db *DB) Listing(ctx context.Context) (Listing, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT story, folder, digest FROM corpus_listing ORDER BY story`)
	if err != nil {
		return Listing{}, fmt.Errorf("read corpus listing: %w", err)
	}
	defer rows.Close()
	l := Listing{Stories: map[string]string{}}
	folders := 0
	for rows.Next() {
		var story, folder, digest string
		if err := rows.Scan(&story, &folder, &digest); err != nil {
			return Listing{}, fmt.Errorf("read corpus listing: %w", err)
		}
		if folders == 0 || folder != l.Folder {
			folders++
		}
		if folders == 1 {
			l.Folder = folder
		}
		l.Stories[story] = digest
	}
	if err := rows.Err(); err != nil {
		return Listing{}, fmt.Errorf("read corpus listing: %w", err)
	}
	if folders > 1 {
		// Stories reloaded from several folders: no folder holds them all.
		l.Folder += " (and others)"
	}
	return l, nil
}

// SaveListing stores what folder held after a reload, in a short
// transaction of its own: when all is true, l replaces the whole stored
// listing (a reload of every story); otherwise only l's stories are
// replaced, a story mapped to "" being forgotten. It returns an error only
// when the database cannot be written.
func (db *DB) SaveListing(ctx context.Context, l Listing, all bool) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store corpus listing: %w", err)
	}
	defer tx.Rollback()
	if all {
		if _, err := tx.ExecContext(ctx, `DELETE FROM corpus_listing`); err != nil {
			return fmt.Errorf("store corpus listing: %w", err)
		}
	}
	for story, digest := range l.Stories {
		if digest == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM corpus_listing WHERE story = ?`, story)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO corpus_listing (story, folder, digest) VALUES (?, ?, ?)
				ON CONFLICT (story) DO UPDATE SET folder = excluded.folder, digest = excluded.digest`, story, l.Folder, digest)
		}
		if err != nil {
			return fmt.Errorf("store corpus listing: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store corpus listing: %w", err)
	}
	return nil
}
