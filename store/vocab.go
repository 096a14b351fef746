package store

import (
	"context"
	"fmt"
)

// StemsLike returns the indexed stems that start with prefix and are
// minLen to maxLen bytes long, in stem order, so qa can match a word the
// index lacks ("fligt") to the corpus's own words. The range scan uses the
// stems' unique index. It returns an error only when the database cannot
// be read.
func (db *DB) StemsLike(ctx context.Context, prefix string, minLen, maxLen int) ([]string, error) {
	if prefix == "" {
		return nil, nil
	}
	rows, err := db.ro.QueryContext(ctx,
		`SELECT stem FROM postings WHERE stem >= ? AND stem < ? AND length(stem) BETWEEN ? AND ?`,
		prefix, prefix+"\uffff", minLen, maxLen)
	if err != nil {
		return nil, fmt.Errorf("stems like %q: %w", prefix, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("stems like %q: %w", prefix, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stems like %q: %w", prefix, err)
	}
	return out, nil
}

// StemsLike is DB.StemsLike over the whole index: a stem only other
// stories hold reads as empty through the view's Postings, which is how
// a caller tells them apart.
func (v *StoryView) StemsLike(ctx context.Context, prefix string, minLen, maxLen int) ([]string, error) {
	return v.db.StemsLike(ctx, prefix, minLen, maxLen)
}
