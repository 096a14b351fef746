package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"storybot/corpus"
)

// ReportFeatures returns the report features stored with the articles with
// the given ids (migration 011), by id, or with lede those of their ledes
// alone (ReportFeatures.LedeOnly), read without the rest; ids that do not
// exist, and articles indexed before the migration and not re-indexed
// since, are left out. It returns an error when the database cannot be read
// or a stored encoding is corrupt.
func (db *DB) ReportFeatures(ctx context.Context, ids []string, lede bool) (map[string]corpus.ReportFeatures, error) {
	return db.reportFeatures(ctx, ids, lede, "")
}

// ReportFeatures is DB.ReportFeatures for the story's articles; ids of
// other stories are left out like ids that do not exist.
func (v *StoryView) ReportFeatures(ctx context.Context, ids []string, lede bool) (map[string]corpus.ReportFeatures, error) {
	out, err := v.db.reportFeatures(ctx, ids, lede, v.name)
	if err != nil {
		return nil, fmt.Errorf("story %q: %w", v.name, err)
	}
	return out, nil
}

// reportFeatures reads the features of the articles with the given ids,
// of story only unless story is "".
func (db *DB) reportFeatures(ctx context.Context, ids []string, lede bool, story string) (map[string]corpus.ReportFeatures, error) {
	out := make(map[string]corpus.ReportFeatures, len(ids))
	// report_features holds the body without the lede's sentences
	// (corpus.ReportFeatures.Body), which report_ledes holds.
	cols, join := `l.data, NULL`, ``
	if !lede {
		cols, join = `l.data, r.data`, ` JOIN report_features r ON r.article = a.seq`
	}
	for start := 0; start < len(ids); start += maxParams {
		chunk := ids[start:min(start+maxParams, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		for _, id := range chunk {
			args = append(args, id)
		}
		q := `SELECT a.id, ` + cols + ` FROM articles a JOIN report_ledes l ON l.article = a.seq` + join + `
			WHERE a.id IN (?` + strings.Repeat(",?", len(chunk)-1) + `)`
		if story != "" {
			q += ` AND a.story = ?`
			args = append(args, story)
		}
		rows, err := db.ro.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("report features: %w", err)
		}
		for rows.Next() {
			var (
				id         string
				head, body sql.RawBytes // decoding copies
			)
			if err := rows.Scan(&id, &head, &body); err != nil {
				rows.Close()
				return nil, fmt.Errorf("report features: %w", err)
			}
			f, err := corpus.DecodeReportFeatures(head)
			if err == nil && !lede {
				var b corpus.ReportFeatures
				if b, err = corpus.DecodeReportFeatures(body); err == nil {
					f = f.WithBody(b)
				}
			}
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("report features of %s: %w", id, err)
			}
			out[id] = f
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("report features: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("report features: %w", err)
		}
	}
	return out, nil
}
