package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"storybot/corpus"
)

// saltSize is the length of a generated feedback salt, in bytes.
const saltSize = 32

// Feedback records votes on answers, hashing each user with a salt that
// stays the same for the database, so a user who votes twice on one answer
// replaces their vote while nothing stored names them. It satisfies the
// bot's FeedbackRecorder.
type Feedback struct {
	db   *DB
	salt []byte

	// The corpus version is read once per corpus change (DB.Version):
	// hashing every article's row on every vote would scan tens of
	// thousands of rows in a big corpus.
	mu         sync.Mutex
	versionOK  bool
	versionGen uint64
	version    string
}

// Feedback returns the vote recorder of db. salt, when not "", salts the
// user hashes (STORYBOT_FEEDBACK_SALT); otherwise the database's own salt
// is used, made and stored the first time. It returns an error when the
// salt cannot be read or stored.
func (db *DB) Feedback(ctx context.Context, salt string) (*Feedback, error) {
	if salt != "" {
		return &Feedback{db: db, salt: []byte(salt)}, nil
	}
	var stored []byte
	err := db.ro.QueryRowContext(ctx, `SELECT salt FROM feedback_salt WHERE only = 1`).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		fresh := make([]byte, saltSize)
		if _, err := rand.Read(fresh); err != nil {
			return nil, fmt.Errorf("make feedback salt: %w", err)
		}
		// Another process may have stored one meanwhile: keep whichever
		// came first, so every hash uses the same salt.
		if _, err := db.rw.ExecContext(ctx, `INSERT INTO feedback_salt (only, salt) VALUES (1, ?) ON CONFLICT DO NOTHING`, fresh); err != nil {
			return nil, fmt.Errorf("store feedback salt: %w", err)
		}
		err = db.rw.QueryRowContext(ctx, `SELECT salt FROM feedback_salt WHERE only = 1`).Scan(&stored)
	}
	if err != nil {
		return nil, fmt.Errorf("read feedback salt: %w", err)
	}
	return &Feedback{db: db, salt: stored}, nil
}

// userHash is the user's id as stored: HMAC-SHA256 under the salt, first
// 128 bits in hex.
func (f *Feedback) userHash(user string) string {
	m := hmac.New(sha256.New, f.salt)
	m.Write([]byte(user))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// RecordVote stores v with the time and the corpus version, replacing the
// same user's earlier vote on the same answer. It returns an error when
// the vote has no answer key or user, or the database cannot be written.
func (f *Feedback) RecordVote(ctx context.Context, v corpus.Vote) error {
	if v.Answer == "" || v.User == "" {
		return errors.New("record vote: no answer key or no user")
	}
	cited := v.Cited
	if cited == nil {
		cited = []corpus.SentenceRef{}
	}
	citedJSON, err := json.Marshal(cited)
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	vote := -1
	if v.Up {
		vote = 1
	}
	version, err := f.corpusVersion(ctx)
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	_, err = f.db.rw.ExecContext(ctx, `INSERT INTO feedback (at, answer, user_hash, vote, question, story, cited, corpus_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (answer, user_hash) DO UPDATE SET at = excluded.at, vote = excluded.vote`,
		time.Now().UTC().Format(time.RFC3339), v.Answer, f.userHash(v.User), vote, v.Question, v.Story, string(citedJSON), version)
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return nil
}

// corpusVersion is the corpus version now, from the cache while the
// corpus is unchanged.
func (f *Feedback) corpusVersion(ctx context.Context) (string, error) {
	gen := f.db.Version()
	f.mu.Lock()
	if f.versionOK && f.versionGen == gen {
		v := f.version
		f.mu.Unlock()
		return v, nil
	}
	f.mu.Unlock()
	v, err := corpusVersion(ctx, f.db.ro)
	if err != nil {
		return "", err
	}
	// Cached only if no reload committed meanwhile, so it is never stale.
	if f.db.Version() == gen {
		f.mu.Lock()
		f.versionOK, f.versionGen, f.version = true, gen, v
		f.mu.Unlock()
	}
	return v, nil
}

// corpusVersion is a digest of every article's file and content hash: two
// votes with the same version were cast on the same articles.
func corpusVersion(ctx context.Context, db *sql.DB) (string, error) {
	// One statement reads one commit's rows, even while a reload writes.
	rows, err := db.QueryContext(ctx, `SELECT file, hash FROM articles ORDER BY file`)
	if err != nil {
		return "", fmt.Errorf("corpus version: %w", err)
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var file, hash string
		if err := rows.Scan(&file, &hash); err != nil {
			return "", fmt.Errorf("corpus version: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%s\n", file, hash)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("corpus version: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// FeedbackEntry is one stored vote.
type FeedbackEntry struct {
	ID            int64
	At            time.Time
	Answer        string
	UserHash      string
	Up            bool
	Question      string
	Story         string
	Cited         []corpus.SentenceRef
	CorpusVersion string
}

// FeedbackEntries returns the stored votes, newest first. It returns an
// error when the database cannot be read or a row is corrupt.
func (db *DB) FeedbackEntries(ctx context.Context) ([]FeedbackEntry, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT id, at, answer, user_hash, vote, question, story, cited, corpus_version
		FROM feedback ORDER BY at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	var out []FeedbackEntry
	for rows.Next() {
		var (
			e         FeedbackEntry
			at, cited string
			vote      int
		)
		if err := rows.Scan(&e.ID, &at, &e.Answer, &e.UserHash, &vote, &e.Question, &e.Story, &cited, &e.CorpusVersion); err != nil {
			return nil, fmt.Errorf("list feedback: %w", err)
		}
		if e.At, err = time.Parse(time.RFC3339, at); err != nil {
			return nil, fmt.Errorf("list feedback: vote %d: %w", e.ID, err)
		}
		if err := json.Unmarshal([]byte(cited), &e.Cited); err != nil {
			return nil, fmt.Errorf("list feedback: vote %d: cited: %w", e.ID, err)
		}
		e.Up = vote > 0
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return out, nil
}

// PurgeFeedback deletes the votes cast before cutoff and returns how many
// it deleted. It returns an error when the database cannot be written.
func (db *DB) PurgeFeedback(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.rw.ExecContext(ctx, `DELETE FROM feedback WHERE at < ?`, cutoff.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("purge feedback: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("purge feedback: %w", err)
	}
	return n, nil
}
