package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Generation returns the index's generation as stored in the database: a
// number raised by every commit, by any process, that changes the index
// (articles, sentences, postings, story titles, speaker groups). A reader
// that sees it move knows what it cached is stale. It returns an error only
// when the database cannot be read.
func (db *DB) Generation(ctx context.Context) (uint64, error) {
	var g uint64
	if err := db.ro.QueryRowContext(ctx, `SELECT generation FROM counters`).Scan(&g); err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	return g, nil
}

// IndexVersion returns the oldest corpus.IndexVersion any indexed article
// was indexed with, 0 when none is indexed. Below corpus.IndexVersion, the
// index was built by an older storybot and a reload re-indexes it; above,
// by a newer one. It returns an error only when the database cannot be
// read.
func (db *DB) IndexVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.ro.QueryRowContext(ctx, `SELECT index_version FROM counters`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read index version: %w", err)
	}
	return v, nil
}

// Totals are the index's running totals.
type Totals struct {
	Articles, Sentences, Terms int64
	// NextSentence is the id the next sentence gets; from the rows, the
	// lowest it may be (one above the largest id).
	NextSentence int64
}

// CounterCheck compares the totals stored in the counters with the same
// totals counted from the rows.
type CounterCheck struct {
	Stored, Rows Totals
}

// OK reports whether the stored totals are those of the rows.
func (c CounterCheck) OK() bool {
	s, r := c.Stored, c.Rows
	return s.Articles == r.Articles && s.Sentences == r.Sentences && s.Terms == r.Terms && s.NextSentence >= r.NextSentence
}

func (c CounterCheck) String() string {
	return fmt.Sprintf("stored %d articles, %d sentences, %d terms, next sentence id %d; rows hold %d articles, %d sentences, %d terms, largest sentence id %d",
		c.Stored.Articles, c.Stored.Sentences, c.Stored.Terms, c.Stored.NextSentence,
		c.Rows.Articles, c.Rows.Sentences, c.Rows.Terms, c.Rows.NextSentence-1)
}

// VerifyCounters counts the articles, sentences and terms from the rows,
// in one read transaction, and compares them with the stored totals BM25
// scores by; it reads every sentence row, about a second at 1M sentences.
// It returns an error only when the database cannot be read.
func (db *DB) VerifyCounters(ctx context.Context) (CounterCheck, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return CounterCheck{}, fmt.Errorf("verify totals: %w", err)
	}
	defer tx.Rollback()
	c, err := checkCounters(ctx, tx)
	if err != nil {
		return CounterCheck{}, fmt.Errorf("verify totals: %w", err)
	}
	return c, nil
}

// RepairCounters is VerifyCounters that also, when the totals are wrong,
// stores the totals of the rows, in a write transaction that waits for any
// reload. It returns the check as it was before the repair, and an error
// only when the database cannot be read or written.
func (db *DB) RepairCounters(ctx context.Context) (CounterCheck, error) {
	db.reloadMu.Lock()
	defer db.reloadMu.Unlock()
	tx, release, err := db.beginWrite(ctx)
	if err != nil {
		return CounterCheck{}, fmt.Errorf("repair totals: %w", err)
	}
	defer release()
	defer tx.Rollback()
	c, err := checkCounters(ctx, tx)
	if err != nil || c.OK() {
		return c, err
	}
	var k counters
	if err := k.load(ctx, tx); err != nil {
		return c, fmt.Errorf("repair totals: %w", err)
	}
	k.articles, k.sentences, k.terms = c.Rows.Articles, c.Rows.Sentences, c.Rows.Terms
	k.nextSentence = max(k.nextSentence, c.Rows.NextSentence)
	k.generation++
	if err := k.save(ctx, tx); err != nil {
		return c, fmt.Errorf("repair totals: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return c, fmt.Errorf("repair totals: %w", err)
	}
	// The stats are read again rather than set from this commit's counters:
	// another process may have committed since, and Sync may have seen it.
	db.mu.Lock()
	db.gen++
	db.stats = nil
	db.cache.clear()
	db.mu.Unlock()
	db.logger.Warn("repaired the index totals", "check", c.String())
	return c, nil
}

func checkCounters(ctx context.Context, tx *sql.Tx) (CounterCheck, error) {
	var (
		c CounterCheck
		k counters
	)
	if err := k.load(ctx, tx); err != nil {
		return c, err
	}
	c.Stored = Totals{Articles: k.articles, Sentences: k.sentences, Terms: k.terms, NextSentence: k.nextSentence}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&c.Rows.Articles); err != nil {
		return c, fmt.Errorf("count articles: %w", err)
	}
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(length), 0), COALESCE(MAX(id), 0) + 1 FROM sentences`).
		Scan(&c.Rows.Sentences, &c.Rows.Terms, &c.Rows.NextSentence)
	if err != nil {
		return c, fmt.Errorf("count sentences: %w", err)
	}
	return c, nil
}
