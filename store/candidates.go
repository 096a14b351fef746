package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"storybot/corpus"
)

// SentencesWithArticles is Sentences with the metadata of the sentences'
// articles (Sentences left empty), by id, read in the same query: answering
// a question reads its candidates and their articles together, instead of
// looking the articles up again by id. It returns an error only when the
// database cannot be read.
func (db *DB) SentencesWithArticles(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, map[string]corpus.Article, error) {
	return db.sentencesWithArticles(ctx, ids, "")
}

// SentencesWithArticles is DB.SentencesWithArticles for the story's
// sentences; ids of other stories are left out like ids that do not exist.
func (v *StoryView) SentencesWithArticles(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, map[string]corpus.Article, error) {
	sents, arts, err := v.db.sentencesWithArticles(ctx, ids, v.name)
	if err != nil {
		return nil, nil, fmt.Errorf("story %q: %w", v.name, err)
	}
	return sents, arts, nil
}

func (db *DB) sentencesWithArticles(ctx context.Context, ids []uint32, story string) ([]corpus.IndexedSentence, map[string]corpus.Article, error) {
	found := make(map[uint32]corpus.IndexedSentence, len(ids))
	arts := make(map[string]corpus.Article)
	for start := 0; start < len(ids); start += maxParams {
		chunk := ids[start:min(start+maxParams, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		for _, id := range chunk {
			args = append(args, int64(id))
		}
		q := `SELECT s.id, s.paragraph, s.idx, s.text,
				a.id, a.file, a.story, a.title, a.outlet, a.url, a.published, a.language, a.authors, a.hash, a.first_sentence, a.sentence_count
			FROM sentences s JOIN articles a ON a.seq = s.article
			WHERE s.id IN (?` + strings.Repeat(",?", len(chunk)-1) + `)`
		if story != "" {
			q += ` AND a.story = ?`
			args = append(args, story)
		}
		rows, err := db.ro.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, nil, fmt.Errorf("sentences: %w", err)
		}
		if err := scanSentencesWithArticles(rows, found, arts); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("sentences: %w", err)
		}
		if err := rows.Close(); err != nil {
			return nil, nil, fmt.Errorf("sentences: %w", err)
		}
	}
	out := make([]corpus.IndexedSentence, 0, len(found))
	for _, id := range ids {
		if s, ok := found[id]; ok {
			out = append(out, s)
		}
	}
	return out, arts, nil
}

// scanSentencesWithArticles scans the rows into found and arts, making
// strings of an article's columns only the first time it comes up.
func scanSentencesWithArticles(rows *sql.Rows, found map[uint32]corpus.IndexedSentence, arts map[string]corpus.Article) error {
	var (
		id, file, story, title, outlet, url, published, language, authors, hash sql.RawBytes
		first, count                                                            int64
	)
	for rows.Next() {
		var s corpus.IndexedSentence
		if err := rows.Scan(&s.ID, &s.Paragraph, &s.Index, &s.Text,
			&id, &file, &story, &title, &outlet, &url, &published, &language, &authors, &hash, &first, &count); err != nil {
			return err
		}
		s.ArticleID = string(id)
		if _, ok := arts[s.ArticleID]; !ok {
			a := corpus.Article{ID: s.ArticleID, File: string(file), Story: string(story), Title: string(title),
				Outlet: string(outlet), URL: string(url), Published: string(published), Language: string(language),
				Hash: string(hash), FirstSentence: uint32(first), SentenceCount: int(count)}
			if err := json.Unmarshal(authors, &a.Authors); err != nil {
				return fmt.Errorf("article %s authors: %w", a.ID, err)
			}
			arts[a.ID] = a
		}
		found[s.ID] = s
	}
	return rows.Err()
}
