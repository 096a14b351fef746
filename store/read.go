package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"storybot/corpus"
)

// Stats describes the whole index. It is kept in memory between reloads, so
// it costs no query after the first call. It returns an error only when the
// database cannot be read.
func (db *DB) Stats(ctx context.Context) (corpus.IndexStats, error) {
	db.mu.Lock()
	if db.stats != nil {
		s := *db.stats
		db.mu.Unlock()
		return s, nil
	}
	gen := db.gen
	db.mu.Unlock()

	var c counters
	if err := c.load(ctx, db.ro); err != nil {
		return corpus.IndexStats{}, fmt.Errorf("stats: %w", err)
	}
	s := c.stats()
	db.mu.Lock()
	if db.gen == gen {
		db.stats = &s
	}
	db.mu.Unlock()
	return s, nil
}

// Version returns a number that changes whenever a reload by this DB
// commits a change to the corpus, or Sync finds one committed by another
// connection, so callers can cache what they derive from it (qa.Versioned).
// It resets when the process starts.
func (db *DB) Version() uint64 {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.gen
}

// Postings returns the posting list of stem, ordered by sentence id, or nil
// when no sentence contains it. The slice may be shared with other callers
// through the cache: read it, never write to it. It returns an error when
// the database cannot be read or the stored list is corrupt.
func (db *DB) Postings(ctx context.Context, stem string) ([]corpus.Posting, error) {
	db.mu.Lock()
	if ps, ok := db.cache.get(stem); ok {
		db.mu.Unlock()
		return ps, nil
	}
	// A list read while a reload commits must not be cached under the new
	// generation: the cache is only filled if no commit happened meanwhile.
	gen := db.gen
	db.mu.Unlock()

	var (
		df   int
		blob []byte
	)
	err := db.ro.QueryRowContext(ctx, `SELECT df, list FROM postings WHERE stem = ?`, stem).Scan(&df, &blob)
	var ps []corpus.Posting
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Cached as nil too: questions repeat words the corpus lacks.
	case err != nil:
		return nil, fmt.Errorf("postings %q: %w", stem, err)
	default:
		ps, err = corpus.AppendDecodedPostings(make([]corpus.Posting, 0, df), blob)
		if err != nil {
			return nil, fmt.Errorf("postings %q: %w", stem, err)
		}
		ps = ps[:len(ps):len(ps)] // an append by a caller must copy, not write into the cache
	}
	db.mu.Lock()
	if db.gen == gen {
		db.cache.put(stem, ps)
	}
	db.mu.Unlock()
	return ps, nil
}

// maxParams keeps IN lists under SQLite's bound-parameter limit.
const maxParams = 500

// Sentences returns the sentences with the given ids in the order asked,
// leaving out ids that do not exist (as after a reload removed them). It
// returns an error only when the database cannot be read.
func (db *DB) Sentences(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	found := make(map[uint32]corpus.IndexedSentence, len(ids))
	for start := 0; start < len(ids); start += maxParams {
		chunk := ids[start:min(start+maxParams, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = int64(id)
		}
		rows, err := db.ro.QueryContext(ctx, `
			SELECT s.id, a.id, s.paragraph, s.idx, s.text
			FROM sentences s JOIN articles a ON a.seq = s.article
			WHERE s.id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sentences: %w", err)
		}
		for rows.Next() {
			var s corpus.IndexedSentence
			if err := rows.Scan(&s.ID, &s.ArticleID, &s.Paragraph, &s.Index, &s.Text); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sentences: %w", err)
			}
			found[s.ID] = s
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("sentences: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sentences: %w", err)
		}
	}
	out := make([]corpus.IndexedSentence, 0, len(found))
	for _, id := range ids {
		if s, ok := found[id]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}

const articleColumns = `id, file, story, title, outlet, url, published, language, authors, hash, first_sentence, sentence_count`

// scanArticle scans articleColumns.
func scanArticle(row interface{ Scan(...any) error }) (corpus.Article, error) {
	var (
		a       corpus.Article
		authors string
	)
	var first, count int64
	dest := []any{&a.ID, &a.File, &a.Story, &a.Title, &a.Outlet, &a.URL, &a.Published, &a.Language, &authors, &a.Hash, &first, &count}
	if err := row.Scan(dest...); err != nil {
		return corpus.Article{}, err
	}
	a.FirstSentence, a.SentenceCount = uint32(first), int(count)
	if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
		return corpus.Article{}, fmt.Errorf("article %s authors: %w", a.ID, err)
	}
	return a, nil
}

// Articles returns every article's metadata, Sentences left empty, ordered
// by file. It returns an error only when the database cannot be read.
func (db *DB) Articles(ctx context.Context) ([]corpus.Article, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles ORDER BY file`)
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	defer rows.Close()
	var out []corpus.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	return out, nil
}

// ArticlesByID returns the metadata of the articles with the given ids,
// Sentences left empty, in the order asked; ids not stored are left out.
// It returns an error only when the database cannot be read.
func (db *DB) ArticlesByID(ctx context.Context, ids []string) ([]corpus.Article, error) {
	return db.articlesByID(ctx, ids, nil)
}

// articlesByID reads the articles with the given ids through the UNIQUE
// index on id, keeping those keep accepts (nil keeps all), in the order
// asked.
func (db *DB) articlesByID(ctx context.Context, ids []string, keep func(corpus.Article) bool) ([]corpus.Article, error) {
	found := make(map[string]corpus.Article, len(ids))
	// Articles read before a commit must not be kept under the new
	// generation: they are kept only under the one current before reading.
	db.mu.Lock()
	gen := db.gen
	missing := make([]string, 0, len(ids))
	for _, id := range ids {
		if a, ok := db.articles.get(gen, id); ok {
			if keep == nil || keep(a) {
				a.Authors = slices.Clone(a.Authors) // callers may write to theirs
				found[id] = a
			}
		} else {
			missing = append(missing, id)
		}
	}
	db.mu.Unlock()
	var read []corpus.Article
	for start := 0; start < len(missing); start += maxParams {
		chunk := missing[start:min(start+maxParams, len(missing))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.ro.QueryContext(ctx,
			`SELECT `+articleColumns+` FROM articles WHERE id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("articles by id: %w", err)
		}
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("articles by id: %w", err)
			}
			read = append(read, a)
			if keep == nil || keep(a) {
				c := a
				c.Authors = slices.Clone(a.Authors)
				found[a.ID] = c
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("articles by id: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("articles by id: %w", err)
		}
	}
	db.mu.Lock()
	if db.gen == gen {
		for _, a := range read {
			db.articles.put(gen, a)
		}
	}
	db.mu.Unlock()
	out := make([]corpus.Article, 0, len(found))
	for _, id := range ids {
		if a, ok := found[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// Article returns the article with the given id, its sentences included in
// reading order. It returns an error wrapping ErrNotFound when there is no
// such article.
func (db *DB) Article(ctx context.Context, id string) (corpus.Article, error) {
	// One read transaction, so the sentences belong to the metadata read.
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return corpus.Article{}, fmt.Errorf("article %q: %w", id, err)
	}
	defer tx.Rollback()
	a, err := scanArticle(tx.QueryRowContext(ctx,
		`SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return corpus.Article{}, fmt.Errorf("article %q: %w", id, ErrNotFound)
	case err != nil:
		return corpus.Article{}, fmt.Errorf("article %q: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx,
		`SELECT paragraph, idx, text FROM sentences WHERE id >= ? AND id < ? ORDER BY id`, a.FirstSentence, int64(a.FirstSentence)+int64(a.SentenceCount))
	if err != nil {
		return corpus.Article{}, fmt.Errorf("article %q sentences: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s corpus.Sentence
		if err := rows.Scan(&s.Paragraph, &s.Index, &s.Text); err != nil {
			return corpus.Article{}, fmt.Errorf("article %q sentences: %w", id, err)
		}
		a.Sentences = append(a.Sentences, s)
	}
	if err := rows.Err(); err != nil {
		return corpus.Article{}, fmt.Errorf("article %q sentences: %w", id, err)
	}
	return a, nil
}

// Quotes returns every stored quotation, ordered by article file, then
// position in the article. It returns an error only when the database cannot
// be read.
func (db *DB) Quotes(ctx context.Context) ([]corpus.Quote, error) {
	rows, err := db.ro.QueryContext(ctx, `
		SELECT a.id, q.paragraph, q.sentence, q.speaker, q.attribution, q.text
		FROM quotes q JOIN articles a ON a.seq = q.article
		ORDER BY a.file, q.paragraph, q.sentence, q.id`)
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	out, err := scanQuotes(rows)
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}

// scanQuotes reads rows of (article id, paragraph, sentence, speaker,
// attribution, text), the shape every quotation query here selects, and
// closes them.
func scanQuotes(rows *sql.Rows) ([]corpus.Quote, error) {
	defer rows.Close()
	var out []corpus.Quote
	for rows.Next() {
		var q corpus.Quote
		if err := rows.Scan(&q.ArticleID, &q.Paragraph, &q.Sentence, &q.Speaker, &q.Attribution, &q.Text); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// ArticleSentences returns the sentences of the given articles, each read
// by its span of ids (FirstSentence, SentenceCount) rather than id by id,
// in the order given and reading order within each; ArticleID is the
// article's id. An article whose span holds no sentence (as after a reload
// removed it) contributes none. It returns an error only when the
// database cannot be read.
func (db *DB) ArticleSentences(ctx context.Context, arts []corpus.Article) ([]corpus.IndexedSentence, error) {
	if len(arts) == 0 {
		return nil, nil
	}
	// One read transaction, so every span is read from the same index.
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("article sentences: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `SELECT id, paragraph, idx, text FROM sentences WHERE id >= ? AND id < ? ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("article sentences: %w", err)
	}
	defer stmt.Close()
	var out []corpus.IndexedSentence
	for _, a := range arts {
		if a.SentenceCount <= 0 || a.FirstSentence == 0 {
			continue
		}
		rows, err := stmt.QueryContext(ctx, int64(a.FirstSentence), int64(a.FirstSentence)+int64(a.SentenceCount))
		if err != nil {
			return nil, fmt.Errorf("article %q sentences: %w", a.ID, err)
		}
		for rows.Next() {
			s := corpus.IndexedSentence{ArticleID: a.ID}
			if err := rows.Scan(&s.ID, &s.Paragraph, &s.Index, &s.Text); err != nil {
				rows.Close()
				return nil, fmt.Errorf("article %q sentences: %w", a.ID, err)
			}
			out = append(out, s)
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("article %q sentences: %w", a.ID, err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("article %q sentences: %w", a.ID, err)
		}
	}
	return out, nil
}
