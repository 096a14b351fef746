package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"storybot/corpus"
)

// errSpeakersStale says the stored speaker groups no longer describe the
// quotations: a reload changed them since the groups were built.
var errSpeakersStale = errors.New("speaker groups are out of date")

// SpeakerGroups returns every speaker group of the whole store, as
// corpus.Speakers(all quotations) gives them, most quoted first. The groups
// are stored (migration 005) by every reload that changes the quotations,
// so a fresh process reads them instead of grouping every quotation. It
// never writes: should no reload have stored them yet (a database upgraded
// from a storybot that grouped lazily), it groups in memory. It returns an
// error only when the database cannot be read.
func (db *DB) SpeakerGroups(ctx context.Context) ([]corpus.SpeakerAliases, error) {
	var groups []corpus.SpeakerAliases
	err := db.withSpeakers(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, names, aliases, quotes FROM speakers ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		groups = groups[:0]
		for rows.Next() {
			g, err := scanSpeaker(rows)
			if err != nil {
				return err
			}
			groups = append(groups, g)
		}
		return rows.Err()
	})
	if errors.Is(err, errSpeakersStale) {
		groups, _, err = db.groupInMemory(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("speaker groups: %w", err)
	}
	return groups, nil
}

// groupInMemory groups every quotation as a reload would store the groups,
// for a database whose stored groups are out of date.
func (db *DB) groupInMemory(ctx context.Context) ([]corpus.SpeakerAliases, []corpus.Quote, error) {
	all, err := db.Quotes(ctx)
	if err != nil {
		return nil, nil, err
	}
	db.logger.Warn("speaker groups are not stored yet; grouping in memory until `storybot reload` stores them")
	return corpus.Speakers(all), all, nil
}

// quotesBySpeakerInMemory is QuotesBySpeaker without stored groups.
func (db *DB) quotesBySpeakerInMemory(ctx context.Context, speaker string, limit int) ([]corpus.Quote, error) {
	groups, all, err := db.groupInMemory(ctx)
	if err != nil {
		return nil, err
	}
	canonical := map[string]string{}
	for _, g := range groups {
		for _, n := range g.Names {
			canonical[n] = g.Name
		}
	}
	matched := map[string]bool{}
	for _, g := range corpus.NewSpeakerMatcher(groups).Match(speaker) {
		for _, n := range groups[g].Names {
			matched[n] = true
		}
	}
	var out []corpus.Quote
	for _, q := range all {
		if limit > 0 && len(out) == limit {
			break
		}
		if q.Speaker != "" && matched[q.Speaker] {
			q.Speaker = canonical[q.Speaker]
			out = append(out, q)
		}
	}
	return out, nil
}

// QuotesBySpeaker returns the quotations of the speaker groups speaker
// matches (as corpus.MatchSpeaker does: a name, an alias or the start of
// one of their words, ignoring case), in Quotes' order, each Speaker
// replaced by its group's canonical name; at most limit (all when
// limit <= 0). A blank speaker matches every group, and so every
// attributed quotation. It reads only those quotations, from the stored
// groups (see SpeakerGroups). It returns an error only when the database
// cannot be read.
func (db *DB) QuotesBySpeaker(ctx context.Context, speaker string, limit int) ([]corpus.Quote, error) {
	q := strings.ToLower(strings.TrimSpace(speaker))
	var out []corpus.Quote
	err := db.withSpeakers(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		where, args := `s.id IN (SELECT speaker FROM speaker_keys WHERE key >= ?`, []any{q}
		if hi, ok := prefixEnd(q); ok {
			where += ` AND key < ?`
			args = append(args, hi)
		}
		where += `)`
		if q == "" {
			where, args = `1`, nil
		}
		query := `
			SELECT a.id, q.paragraph, q.sentence, s.name, q.attribution, q.text
			FROM speakers s
			JOIN speaker_quotes sq ON sq.speaker = s.id
			JOIN quotes q ON q.id = sq.quote
			JOIN articles a ON a.seq = q.article
			WHERE ` + where + `
			ORDER BY a.file, q.paragraph, q.sentence, q.id`
		if limit > 0 {
			query += ` LIMIT ?`
			args = append(args, limit)
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		out, err = scanQuotes(rows)
		return err
	})
	if errors.Is(err, errSpeakersStale) {
		out, err = db.quotesBySpeakerInMemory(ctx, speaker, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("quotes by speaker %q: %w", speaker, err)
	}
	return out, nil
}

// prefixEnd returns the smallest string above every string starting with
// p, for a range scan; false when there is none (p empty or all 0xff).
func prefixEnd(p string) (string, bool) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

func scanSpeaker(row interface{ Scan(...any) error }) (corpus.SpeakerAliases, error) {
	var (
		g              corpus.SpeakerAliases
		names, aliases string
	)
	if err := row.Scan(&g.Name, &names, &aliases, &g.Quotes); err != nil {
		return g, err
	}
	if err := json.Unmarshal([]byte(names), &g.Names); err != nil {
		return g, fmt.Errorf("speaker %s names: %w", g.Name, err)
	}
	if err := json.Unmarshal([]byte(aliases), &g.Aliases); err != nil {
		return g, fmt.Errorf("speaker %s aliases: %w", g.Name, err)
	}
	// As corpus.Speakers leaves them: nil when there are none.
	if len(g.Names) == 0 {
		g.Names = nil
	}
	if len(g.Aliases) == 0 {
		g.Aliases = nil
	}
	return g, nil
}

// withSpeakers runs read in one read transaction in which the stored
// speaker groups are current. Reloads rebuild them in their transaction,
// so they are stale only in a database no reload has written since it was
// upgraded from one that built them lazily: a reader never writes, so it
// then returns errSpeakersStale and the caller groups in memory.
func (db *DB) withSpeakers(ctx context.Context, read func(*sql.Tx) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM speakers_current`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errSpeakersStale
	}
	return read(tx)
}

// quoteRef is a stored attributed quotation, for the speaker groups.
type quoteRef struct {
	id                   int64
	speaker, attribution string
}

// updateSpeakers brings the stored speaker groups in line with the
// quotations after the reload's changes. The groups depend only on how
// many quotations each (speaker, attribution) has, so when the removed and
// added quotations have the same ones (most edits) only the quotations'
// group rows change; otherwise, or when the groups were stale before, every
// quotation is grouped again. changed reports whether anything was written.
func (l *loader) updateSpeakers(wereCurrent bool, logger *slog.Logger) (changed bool, err error) {
	var current int
	if err := l.tx.QueryRowContext(l.ctx, `SELECT count(*) FROM speakers_current`).Scan(&current); err != nil {
		return false, fmt.Errorf("update speakers: %w", err)
	}
	if current > 0 {
		return false, nil
	}
	if !wereCurrent || !sameSpeakers(l.removedQuotes, l.addedQuotes) {
		return rebuildSpeakersIfStale(l.ctx, l.tx, logger)
	}
	del, err := l.tx.PrepareContext(l.ctx, `DELETE FROM speaker_quotes
		WHERE speaker = (SELECT speaker FROM speaker_names WHERE name = ?) AND quote = ?`)
	if err != nil {
		return false, fmt.Errorf("update speakers: %w", err)
	}
	defer del.Close()
	for _, q := range l.removedQuotes {
		if _, err := del.ExecContext(l.ctx, q.speaker, q.id); err != nil {
			return false, fmt.Errorf("update speakers: %w", err)
		}
	}
	add, err := l.tx.PrepareContext(l.ctx, `INSERT INTO speaker_quotes (speaker, quote)
		SELECT speaker, ? FROM speaker_names WHERE name = ?`)
	if err != nil {
		return false, fmt.Errorf("update speakers: %w", err)
	}
	defer add.Close()
	for _, q := range l.addedQuotes {
		if _, err := add.ExecContext(l.ctx, q.id, q.speaker); err != nil {
			return false, fmt.Errorf("update speakers: %w", err)
		}
	}
	if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO speakers_current (current) VALUES (1)`); err != nil {
		return false, fmt.Errorf("update speakers: %w", err)
	}
	return true, nil
}

// sameSpeakers reports whether a and b hold the same (speaker, attribution)
// pairs the same number of times.
func sameSpeakers(a, b []quoteRef) bool {
	if len(a) != len(b) {
		return false
	}
	n := make(map[[2]string]int, len(a))
	for _, q := range a {
		n[[2]string{q.speaker, q.attribution}]++
	}
	for _, q := range b {
		k := [2]string{q.speaker, q.attribution}
		if n[k] == 0 {
			return false
		}
		n[k]--
	}
	return true
}

// rebuildSpeakersIfStale groups every quotation's speaker and stores the
// groups, in the reload's transaction, when the quotations changed since
// they were last grouped. rebuilt reports whether it did.
func rebuildSpeakersIfStale(ctx context.Context, tx *sql.Tx, logger *slog.Logger) (rebuilt bool, err error) {
	start := time.Now()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM speakers_current`).Scan(&n); err != nil {
		return false, fmt.Errorf("rebuild speakers: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, speaker, attribution FROM quotes WHERE speaker != ''`)
	if err != nil {
		return false, fmt.Errorf("rebuild speakers: %w", err)
	}
	var (
		quotes []corpus.Quote
		ids    []int64
	)
	for rows.Next() {
		var (
			q  corpus.Quote
			id int64
		)
		if err := rows.Scan(&id, &q.Speaker, &q.Attribution); err != nil {
			rows.Close()
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
		quotes = append(quotes, q)
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return false, fmt.Errorf("rebuild speakers: %w", err)
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("rebuild speakers: %w", err)
	}
	read := time.Now()
	groups := corpus.Speakers(quotes)
	grouped := time.Now()

	for _, table := range []string{"speakers", "speaker_names", "speaker_keys", "speaker_quotes"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
	}
	speakers := batchInsert{tx: tx, head: `INSERT INTO speakers (id, name, names, aliases, quotes) VALUES `, width: 5}
	names := batchInsert{tx: tx, head: `INSERT INTO speaker_names (name, speaker) VALUES `, width: 2}
	keys := batchInsert{tx: tx, head: `INSERT OR IGNORE INTO speaker_keys (key, speaker) VALUES `, width: 2}
	quoteRows := batchInsert{tx: tx, head: `INSERT INTO speaker_quotes (speaker, quote) VALUES `, width: 2}
	var nameRows, keyRows []speakerRow
	for i, g := range groups {
		namesJSON, err := json.Marshal(nonNil(g.Names))
		if err != nil {
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
		aliasesJSON, err := json.Marshal(nonNil(g.Aliases))
		if err != nil {
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
		if err := speakers.add(ctx, i, g.Name, string(namesJSON), string(aliasesJSON), g.Quotes); err != nil {
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
		for _, n := range g.Names {
			nameRows = append(nameRows, speakerRow{n, i})
		}
		// The keys corpus.NewSpeakerMatcher builds.
		for _, n := range append(append([]string{g.Name}, g.Names...), g.Aliases...) {
			ln := strings.ToLower(n)
			keyRows = append(keyRows, speakerRow{ln, i})
			for _, w := range strings.Fields(ln) {
				keyRows = append(keyRows, speakerRow{w, i})
			}
		}
	}
	// In key order, so the B-trees fill from one end.
	for _, t := range []struct {
		b    *batchInsert
		rows []speakerRow
	}{{&names, nameRows}, {&keys, keyRows}} {
		slices.SortFunc(t.rows, func(a, b speakerRow) int {
			return cmp.Or(strings.Compare(a.text, b.text), cmp.Compare(a.speaker, b.speaker))
		})
		for i, r := range t.rows {
			if i > 0 && r == t.rows[i-1] {
				continue
			}
			if err := t.b.add(ctx, r.text, r.speaker); err != nil {
				return false, fmt.Errorf("rebuild speakers: %q: %w", r.text, err)
			}
		}
	}
	groupOf := make(map[string]int, len(nameRows))
	for _, r := range nameRows {
		groupOf[r.text] = r.speaker
	}
	type speakerQuote struct {
		speaker int
		quote   int64
	}
	pairs := make([]speakerQuote, len(quotes))
	for i, q := range quotes {
		pairs[i] = speakerQuote{groupOf[q.Speaker], ids[i]}
	}
	slices.SortFunc(pairs, func(a, b speakerQuote) int {
		return cmp.Or(cmp.Compare(a.speaker, b.speaker), cmp.Compare(a.quote, b.quote))
	})
	for _, p := range pairs {
		if err := quoteRows.add(ctx, p.speaker, p.quote); err != nil {
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
	}
	for _, b := range []*batchInsert{&speakers, &names, &keys, &quoteRows} {
		if err := b.flush(ctx); err != nil {
			return false, fmt.Errorf("rebuild speakers: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO speakers_current (current) VALUES (1)`); err != nil {
		return false, fmt.Errorf("rebuild speakers: %w", err)
	}
	logger.Info("rebuilt speaker groups", "speakers", len(groups), "quotes", len(quotes),
		"read", read.Sub(start), "group", grouped.Sub(read), "write", time.Since(grouped))
	return true, nil
}

// speakerRow is a row of speaker_names or speaker_keys.
type speakerRow struct {
	text    string
	speaker int
}

// batchInsert inserts rows many to a statement: one statement per row
// costs a driver round trip each, most of a rebuild's time at 1M.
type batchInsert struct {
	tx    *sql.Tx
	head  string // INSERT … VALUES
	width int    // columns per row
	args  []any
}

func (b *batchInsert) add(ctx context.Context, row ...any) error {
	b.args = append(b.args, row...)
	if len(b.args)+b.width > maxParams {
		return b.flush(ctx)
	}
	return nil
}

func (b *batchInsert) flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	row := "(?" + strings.Repeat(",?", b.width-1) + ")"
	rows := len(b.args) / b.width
	_, err := b.tx.ExecContext(ctx, b.head+row+strings.Repeat(","+row, rows-1), b.args...)
	b.args = b.args[:0]
	return err
}
