package store

import (
	"context"
	"fmt"
)

// StemsLike returns the indexed stems that start with prefix and are
// minLen to maxLen bytes long, in stem order, with how many sentences of
// the whole index hold each, so qa can match a word the
// index lacks ("fligt") to the corpus's own words. The range scan uses the
// stems' unique index. It returns an error only when the database cannot
// be read.
func (db *DB) StemsLike(ctx context.Context, prefix string, minLen, maxLen int) ([]string, []int, error) {
	if prefix == "" {
		return nil, nil, nil
	}
	rows, err := db.ro.QueryContext(ctx,
		`SELECT stem, df FROM postings WHERE stem >= ? AND stem < ? AND length(stem) BETWEEN ? AND ?`,
		prefix, prefix+"\uffff", minLen, maxLen)
	if err != nil {
		return nil, nil, fmt.Errorf("stems like %q: %w", prefix, err)
	}
	defer rows.Close()
	var (
		stems []string
		dfs   []int
	)
	for rows.Next() {
		var (
			s  string
			df int
		)
		if err := rows.Scan(&s, &df); err != nil {
			return nil, nil, fmt.Errorf("stems like %q: %w", prefix, err)
		}
		stems, dfs = append(stems, s), append(dfs, df)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("stems like %q: %w", prefix, err)
	}
	return stems, dfs, nil
}

// StemsLike is DB.StemsLike over the whole index, counts included: a stem
// only other stories hold reads as empty through the view's Postings,
// which is how a caller tells them apart.
func (v *StoryView) StemsLike(ctx context.Context, prefix string, minLen, maxLen int) ([]string, []int, error) {
	return v.db.StemsLike(ctx, prefix, minLen, maxLen)
}
