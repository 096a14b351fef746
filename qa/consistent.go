package qa

import (
	"context"
	"fmt"
)

// Synced is implemented by indexes that other connections may change while
// a question is being answered, as store.DB is: by a reload in this process
// or in another on the same database. Ask, Quotes and Speakers (Engine's and
// Router's) answer again when the index changed during an answer, so no
// answer mixes two corpora: postings of the old one with sentences of the
// new would cite nothing and say "the sources don't say".
type Synced interface {
	Versioned
	// Sync makes the index see what has been committed, dropping what it
	// cached from an older corpus, and returns Version after that.
	Sync(ctx context.Context) (uint64, error)
}

// maxAttempts bounds how often one question is answered: only commits
// landing during every one of them (reloads back to back, story after story)
// leave an answer read across two corpora. With 3, a flood of questions
// during back-to-back reloads (store's TestNoAnswerVanishesDuringReloads)
// ran out about once in a thousand questions; with 10, never in 16 runs.
const maxAttempts = 10

// consistent returns answer's result once answer ran from one version of
// idx, Synced, answering again (up to maxAttempts) when the version moved
// while it ran. It syncs once per attempt, after it: the version before is
// the one of the last Sync, so a first attempt that started on caches of an
// older corpus is found out then, and the second runs on fresh ones.
// Indexes that are not Synced are answered from once.
func consistent[T any](ctx context.Context, idx any, answer func() (T, error)) (T, error) {
	s, ok := idx.(Synced)
	if !ok {
		return answer()
	}
	for attempt := 1; ; attempt++ {
		before := s.Version()
		out, err := answer()
		after, serr := s.Sync(ctx)
		if serr != nil && err == nil {
			var zero T
			return zero, fmt.Errorf("check the index is current: %w", serr)
		}
		if serr != nil || after == before || attempt == maxAttempts {
			return out, err
		}
	}
}

// syncedIndex is the first of idxs that is Synced, or nil.
func syncedIndex(idxs ...any) any {
	for _, idx := range idxs {
		if _, ok := idx.(Synced); ok {
			return idx
		}
	}
	return nil
}
