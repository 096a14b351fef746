package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"storybot/corpus"
)

// errQuoteIndexStale says the quotations' posting lists do not describe
// every quotation yet: the database has quotations from before they were
// kept, and no reload has indexed them since.
var errQuoteIndexStale = errors.New("quotation index is not built yet")

// quoteIndexTotals reads the quote_index row; ok is false when there is
// none, that is when the lists are stale.
func quoteIndexTotals(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (t quoteTotals, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT quotes, terms FROM quote_index`).Scan(&t.quotes, &t.terms)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return t, false, nil
	case err != nil:
		return t, false, fmt.Errorf("read quotation index: %w", err)
	}
	return t, true, nil
}

// writeQuotePostings brings the quotations' posting lists in line with the
// reload's changes: each touched stem's list loses the removed quotations
// and gains the new ones, as writePostings does for sentences. When the
// lists were stale before the reload (were is false) every quotation is
// indexed instead. rebuilt reports whether it indexed them all.
func (l *loader) writeQuotePostings(were quoteTotals, wereCurrent bool, logger *slog.Logger) (rebuilt bool, err error) {
	if !wereCurrent {
		return true, l.rebuildQuotePostings(logger)
	}
	if len(l.quoteFresh) == 0 && len(l.quoteStale) == 0 {
		return false, nil
	}
	touched := make([]string, 0, len(l.quoteFresh)+len(l.quoteStale))
	for s := range l.quoteFresh {
		touched = append(touched, s)
	}
	for s := range l.quoteStale {
		if l.quoteFresh[s] == nil {
			touched = append(touched, s)
		}
	}
	slices.Sort(touched)
	slices.SortFunc(l.quoteRemoved, func(a, b idRange) int { return int(a.lo - b.lo) })

	get, err := l.tx.PrepareContext(l.ctx, `SELECT last, list FROM quote_postings WHERE stem = ?`)
	if err != nil {
		return false, fmt.Errorf("quotation postings: %w", err)
	}
	defer get.Close()
	put, err := l.tx.PrepareContext(l.ctx, `INSERT INTO quote_postings (stem, last, list) VALUES (?, ?, ?)
		ON CONFLICT (stem) DO UPDATE SET last = excluded.last, list = excluded.list`)
	if err != nil {
		return false, fmt.Errorf("quotation postings: %w", err)
	}
	defer put.Close()
	del, err := l.tx.PrepareContext(l.ctx, `DELETE FROM quote_postings WHERE stem = ?`)
	if err != nil {
		return false, fmt.Errorf("quotation postings: %w", err)
	}
	defer del.Close()

	var decoded []corpus.Posting
	for _, stem := range touched {
		if err := l.ctx.Err(); err != nil {
			return false, err
		}
		var (
			last  int64
			list  []byte
			found = true
		)
		err := get.QueryRowContext(l.ctx, stem).Scan(&last, &list)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			found, last, list = false, -1, nil
		case err != nil:
			return false, fmt.Errorf("quotation postings %q: %w", stem, err)
		}
		if found && l.quoteStale[stem] {
			if decoded, err = corpus.AppendDecodedPostings(decoded[:0], list); err != nil {
				return false, fmt.Errorf("quotation postings %q: %w", stem, err)
			}
			kept := dropRanges(decoded, l.quoteRemoved)
			list, last = corpus.EncodePostings(kept), -1
			if len(kept) > 0 {
				last = int64(kept[len(kept)-1].Sentence)
			}
		}
		if b := l.quoteFresh[stem]; b != nil {
			list = b.appendTo(list, uint64(last+1))
			last = int64(b.last)
		}
		if last < 0 {
			if found {
				if _, err := del.ExecContext(l.ctx, stem); err != nil {
					return false, fmt.Errorf("quotation postings %q: %w", stem, err)
				}
			}
			continue
		}
		if _, err := put.ExecContext(l.ctx, stem, last, list); err != nil {
			return false, fmt.Errorf("quotation postings %q: %w", stem, err)
		}
	}
	now := quoteTotals{quotes: were.quotes + l.quoteDelta.quotes, terms: were.terms + l.quoteDelta.terms}
	if _, err := l.tx.ExecContext(l.ctx, `UPDATE quote_index SET quotes = ?, terms = ?`, now.quotes, now.terms); err != nil {
		return false, fmt.Errorf("quotation postings: %w", err)
	}
	return false, nil
}

// rebuildQuotePostings analyses every quotation and writes all their
// posting lists and lengths, for a database whose quotations predate them.
func (l *loader) rebuildQuotePostings(logger *slog.Logger) error {
	start := time.Now()
	rows, err := l.tx.QueryContext(l.ctx, `SELECT q.id, q.length, q.text, a.language FROM quotes q JOIN articles a ON a.seq = q.article ORDER BY q.id`)
	if err != nil {
		return fmt.Errorf("index quotations: %w", err)
	}
	type relength struct{ id, length int64 }
	var (
		fix    []relength
		totals quoteTotals
		buf    []string
	)
	lists := map[string][]corpus.Posting{}
	for rows.Next() {
		var (
			id, length int64
			text, lang string
		)
		if err := rows.Scan(&id, &length, &text, &lang); err != nil {
			rows.Close()
			return fmt.Errorf("index quotations: %w", err)
		}
		terms, lengths := quoteTermCounts(l.analyzer, []corpus.Quote{{Text: text}}, lang, buf)
		if int64(lengths[0]) != length {
			fix = append(fix, relength{id, int64(lengths[0])})
		}
		totals.quotes++
		totals.terms += int64(lengths[0])
		for _, tc := range terms[0] {
			lists[tc.stem] = append(lists[tc.stem], corpus.Posting{Sentence: uint32(id), TF: tc.tf, Len: lengths[0]})
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("index quotations: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("index quotations: %w", err)
	}
	upd, err := l.tx.PrepareContext(l.ctx, `UPDATE quotes SET length = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("index quotations: %w", err)
	}
	defer upd.Close()
	for _, f := range fix {
		if _, err := upd.ExecContext(l.ctx, f.length, f.id); err != nil {
			return fmt.Errorf("index quotations: %w", err)
		}
	}
	for _, q := range []string{`DELETE FROM quote_postings`, `DELETE FROM quote_index`} {
		if _, err := l.tx.ExecContext(l.ctx, q); err != nil {
			return fmt.Errorf("index quotations: %w", err)
		}
	}
	stems := make([]string, 0, len(lists))
	for s := range lists {
		stems = append(stems, s)
	}
	slices.Sort(stems)
	put := batchInsert{tx: l.tx, head: `INSERT INTO quote_postings (stem, last, list) VALUES `, width: 3}
	for _, s := range stems {
		ps := lists[s]
		if err := put.add(l.ctx, s, int64(ps[len(ps)-1].Sentence), corpus.EncodePostings(ps)); err != nil {
			return fmt.Errorf("index quotations: %w", err)
		}
	}
	if err := put.flush(l.ctx); err != nil {
		return fmt.Errorf("index quotations: %w", err)
	}
	if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO quote_index (only, quotes, terms) VALUES (1, ?, ?)`, totals.quotes, totals.terms); err != nil {
		return fmt.Errorf("index quotations: %w", err)
	}
	logger.Info("indexed every quotation's terms", "quotes", totals.quotes, "stems", len(stems), "took", time.Since(start))
	return nil
}

// QuoteTerms returns the BM25 inputs of terms over the quotations of the
// speaker groups speaker matches (QuotesBySpeaker's rule), or over every
// quotation when speaker is blank, from the stored posting lists. ok is
// false, with no error, when the database has no current stored lists or
// speaker groups (the next reload builds them): the caller then ranks in
// memory. It returns an error only when the database cannot be read.
func (db *DB) QuoteTerms(ctx context.Context, speaker string, terms []string) (stats corpus.QuoteTermStats, ok bool, err error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return stats, false, fmt.Errorf("quotation terms: %w", err)
	}
	defer tx.Rollback()
	totals, current, err := quoteIndexTotals(ctx, tx)
	if err != nil || !current {
		return stats, false, err
	}
	// Stale groups would give the hits the wrong canonical names.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM speakers_current`).Scan(&n); err != nil {
		return stats, false, fmt.Errorf("quotation terms: %w", err)
	}
	if n == 0 {
		return stats, false, nil
	}
	// The collection: every quotation, or the speaker's (nil: every one).
	var picked map[uint32]bool
	if q := strings.ToLower(strings.TrimSpace(speaker)); q != "" {
		where, args := `key >= ?`, []any{q}
		if hi, ok := prefixEnd(q); ok {
			where += ` AND key < ?`
			args = append(args, hi)
		}
		rows, err := tx.QueryContext(ctx, `SELECT q.id, q.length FROM speaker_quotes sq JOIN quotes q ON q.id = sq.quote
			WHERE sq.speaker IN (SELECT speaker FROM speaker_keys WHERE `+where+`)`, args...)
		if err != nil {
			return stats, false, fmt.Errorf("quotation terms: %w", err)
		}
		defer rows.Close()
		picked = map[uint32]bool{}
		for rows.Next() {
			var id, length int64
			if err := rows.Scan(&id, &length); err != nil {
				return stats, false, fmt.Errorf("quotation terms: %w", err)
			}
			if !picked[uint32(id)] {
				picked[uint32(id)] = true
				stats.N++
				stats.Total += int(length)
			}
		}
		if err := rows.Err(); err != nil {
			return stats, false, fmt.Errorf("quotation terms: %w", err)
		}
	} else {
		stats.N, stats.Total = int(totals.quotes), int(totals.terms)
	}
	stats.Postings = make([][]corpus.Posting, len(terms))
	for i, t := range terms {
		var list []byte
		err := tx.QueryRowContext(ctx, `SELECT list FROM quote_postings WHERE stem = ?`, t).Scan(&list)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return stats, false, fmt.Errorf("quotation terms %q: %w", t, err)
		}
		ps, err := corpus.AppendDecodedPostings(nil, list)
		if err != nil {
			return stats, false, fmt.Errorf("quotation terms %q: %w", t, err)
		}
		if picked != nil {
			ps = slices.DeleteFunc(ps, func(p corpus.Posting) bool { return !picked[p.Sentence] })
		}
		stats.Postings[i] = ps
	}
	return stats, true, nil
}

// QuotesByKey returns the quotations with the given keys (the Sentence of
// QuoteTerms' postings), and their keys, in Quotes' reading order, each attributed one's
// Speaker its group's canonical name when the groups are current. Keys of
// quotations no longer stored are left out. It returns an error only when
// the database cannot be read.
func (db *DB) QuotesByKey(ctx context.Context, keys []uint32) ([]corpus.Quote, []uint32, error) {
	type keyed struct {
		q    corpus.Quote
		file string
		id   int64
	}
	var all []keyed
	for chunk := range slices.Chunk(keys, maxParams) {
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = int64(k)
		}
		rows, err := db.ro.QueryContext(ctx, `
			SELECT a.id, a.file, q.id, q.paragraph, q.sentence, COALESCE(s.name, q.speaker), q.attribution, q.text
			FROM quotes q JOIN articles a ON a.seq = q.article
			LEFT JOIN speaker_names sn ON sn.name = q.speaker AND q.speaker != '' AND EXISTS (SELECT 1 FROM speakers_current)
			LEFT JOIN speakers s ON s.id = sn.speaker
			WHERE q.id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, nil, fmt.Errorf("quotes by key: %w", err)
		}
		for rows.Next() {
			var k keyed
			if err := rows.Scan(&k.q.ArticleID, &k.file, &k.id, &k.q.Paragraph, &k.q.Sentence, &k.q.Speaker, &k.q.Attribution, &k.q.Text); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("quotes by key: %w", err)
			}
			all = append(all, k)
		}
		if err := rows.Close(); err != nil {
			return nil, nil, fmt.Errorf("quotes by key: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, nil, fmt.Errorf("quotes by key: %w", err)
		}
	}
	slices.SortFunc(all, func(x, y keyed) int {
		if c := strings.Compare(x.file, y.file); c != 0 {
			return c
		}
		if x.q.Paragraph != y.q.Paragraph {
			return x.q.Paragraph - y.q.Paragraph
		}
		if x.q.Sentence != y.q.Sentence {
			return x.q.Sentence - y.q.Sentence
		}
		return int(x.id - y.id)
	})
	out, ids := make([]corpus.Quote, len(all)), make([]uint32, len(all))
	for i, k := range all {
		out[i], ids[i] = k.q, uint32(k.id)
	}
	return out, ids, nil
}

// FirstQuotes returns the first limit quotations (all when limit <= 0) in
// Quotes' reading order, each attributed one's Speaker its group's
// canonical name. ok is false, with no error, when the stored speaker
// groups are not current (the next reload stores them). It returns an
// error only when the database cannot be read.
func (db *DB) FirstQuotes(ctx context.Context, limit int) (quotes []corpus.Quote, ok bool, err error) {
	err = db.withSpeakers(ctx, func(tx *sql.Tx) error {
		// CROSS JOIN keeps articles the outer loop, walked in file order
		// by their UNIQUE index, so quotes_article (article, paragraph,
		// sentence, then id) yields reading order and LIMIT stops early;
		// the planner's own choice sorted every quotation (270 ms at 190k).
		query := `
			SELECT a.id, q.paragraph, q.sentence, COALESCE(s.name, q.speaker), q.attribution, q.text
			FROM articles a CROSS JOIN quotes q ON a.seq = q.article
			LEFT JOIN speaker_names sn ON sn.name = q.speaker
			LEFT JOIN speakers s ON s.id = sn.speaker
			ORDER BY a.file, q.paragraph, q.sentence, q.id`
		var args []any
		if limit > 0 {
			query += ` LIMIT ?`
			args = append(args, limit)
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		quotes, err = scanQuotes(rows)
		return err
	})
	switch {
	case errors.Is(err, errSpeakersStale):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("first quotes: %w", err)
	}
	return quotes, true, nil
}
