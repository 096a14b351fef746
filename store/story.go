package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"storybot/corpus"
)

// ErrUnknownStory is returned (wrapped) when a story is named that neither
// the index nor the corpus folder holds.
var ErrUnknownStory = errors.New("no such story")

// Stories returns every indexed story, ordered by name, with its title and
// summary (from its story.txt) and how many articles and sentences it holds.
// The unnamed story of files at the corpus root comes first, as "". It
// returns an error only when the database cannot be read.
func (db *DB) Stories(ctx context.Context) ([]corpus.Story, error) {
	// Kept per Version: qa.Router lists the stories for every question, and
	// grouping every article costs about 20 ms at 1M sentences.
	db.mu.Lock()
	if c := db.storyList; c.ok && c.gen == db.gen {
		db.mu.Unlock()
		return slices.Clone(c.stories), nil
	}
	gen := db.gen
	db.mu.Unlock()
	out, err := db.readStories(ctx)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	if db.gen == gen {
		db.storyList = storyList{gen: gen, stories: out, ok: true}
	}
	db.mu.Unlock()
	return slices.Clone(out), nil
}

// storyList is Stories' answer as of one Version.
type storyList struct {
	gen     uint64
	stories []corpus.Story
	ok      bool
}

// readStories is Stories from the database.
func (db *DB) readStories(ctx context.Context) ([]corpus.Story, error) {
	rows, err := db.ro.QueryContext(ctx, `
		SELECT a.story, COALESCE(s.title, ''), COALESCE(s.summary, ''), COUNT(*), SUM(a.sentence_count)
		FROM articles a LEFT JOIN stories s ON s.name = a.story
		GROUP BY a.story ORDER BY a.story`)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	defer rows.Close()
	var out []corpus.Story
	for rows.Next() {
		var s corpus.Story
		if err := rows.Scan(&s.Name, &s.Title, &s.Summary, &s.Articles, &s.Sentences); err != nil {
			return nil, fmt.Errorf("stories: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}

// storyScope limits a reload to one story's files.
type storyScope struct{ name string }

// listFiles is corpus.ListFiles over the scope's files only, named as in
// the whole corpus ("story/file.txt"), so each can be read from the root. A
// story folder that is gone lists as empty, so its articles are removed.
func (s *storyScope) listFiles(fsys fs.FS) ([]corpus.File, []corpus.FileProblem, error) {
	if s == nil {
		return corpus.ListFiles(fsys)
	}
	if s.name == "" {
		return corpus.ListFiles(rootFilesFS{fsys})
	}
	info, err := fs.Stat(fsys, s.name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, nil
	case err != nil:
		return nil, nil, fmt.Errorf("story folder %s: %w", s.name, err)
	case !info.IsDir():
		return nil, nil, fmt.Errorf("story %s is a file, not a folder of articles", s.name)
	}
	sub, err := fs.Sub(fsys, s.name)
	if err != nil {
		return nil, nil, fmt.Errorf("story folder %s: %w", s.name, err)
	}
	files, skipped, err := corpus.ListFiles(sub)
	if err != nil {
		return nil, nil, fmt.Errorf("story folder %s: %w", s.name, err)
	}
	for i := range files {
		files[i].Name = s.name + "/" + files[i].Name
		files[i].Story = s.name
	}
	for i := range skipped {
		skipped[i].File = s.name + "/" + skipped[i].File
	}
	return files, skipped, nil
}

// holds reports whether the indexed file belongs to the scope.
func (s *storyScope) holds(file string) bool {
	return s == nil || corpus.StoryOf(file) == s.name
}

// rootFilesFS hides the folders at the root of an FS, leaving the files of
// the unnamed story.
type rootFilesFS struct{ fs.FS }

func (r rootFilesFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(r.FS, name)
	if name != "." {
		return entries, err
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return e.IsDir() }), err
}

// StoryReload is what a reload did to one story.
type StoryReload struct {
	Story  string
	Report corpus.ReloadReport
	// Err is why the story could not be reloaded; its previous articles
	// stay indexed and the other stories are reloaded regardless.
	Err error
}

// ReloadStory is Reload for one story: the files under the top-level folder
// name of fsys ("" for the files at its root). Other stories are neither
// read nor changed. The story's story.txt title and summary are updated
// too, in the same transaction; a story.txt that cannot be parsed is
// reported in Failed.
//
// It returns an error wrapping ErrUnknownStory when neither fsys nor the
// index has the story, and otherwise the errors Reload returns.
func (db *DB) ReloadStory(ctx context.Context, fsys fs.FS, name string, progress func(done, total int)) (corpus.ReloadReport, error) {
	if name != "" {
		if err := validStoryName(name); err != nil {
			return corpus.ReloadReport{}, err
		}
		if _, err := fs.Stat(fsys, name); errors.Is(err, fs.ErrNotExist) {
			indexed, err := db.storyIndexed(ctx, name)
			if err != nil {
				return corpus.ReloadReport{}, err
			}
			if !indexed {
				return corpus.ReloadReport{}, fmt.Errorf("reload story %q: the corpus folder has no subfolder of that name: %w", name, ErrUnknownStory)
			}
		}
	}
	out, err := db.reload(ctx, fsys, reloadRequest{scopes: []*storyScope{{name: name}}, stories: true}, progress)
	var report corpus.ReloadReport
	if len(out) == 1 {
		report = out[0].Report
		if err == nil {
			err = out[0].Err
		}
	}
	if err != nil {
		return report, fmt.Errorf("story %q: reload: %w", name, err)
	}
	return report, nil
}

// validStoryName refuses names that are not one top-level folder.
func validStoryName(name string) error {
	if name == "." || strings.ContainsAny(name, `/\`) || !fs.ValidPath(name) {
		return fmt.Errorf("story %q: a story is named by its folder, without slashes: %w", name, ErrUnknownStory)
	}
	return nil
}

func (db *DB) storyIndexed(ctx context.Context, name string) (bool, error) {
	var n int
	err := db.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE story = ?`, name).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("story %q: %w", name, err)
	}
	return n > 0, nil
}

// readStoryFileState reads the story's story.txt, before the reload's
// transaction begins.
func readStoryFileState(fsys fs.FS, name string) storyFileState {
	s, file, ok, err := corpus.ReadStoryFile(fsys, name)
	st := storyFileState{read: true, present: ok, title: s.Title, summary: s.Summary}
	if err != nil {
		st.problem = &corpus.FileProblem{File: file, Reason: err.Error()}
	}
	return st
}

// saveStoryFile stores, in the reload's transaction, the title and summary
// of the story's story.txt, forgetting them when the file is gone. A
// story.txt that cannot be used leaves the stored title as it was. changed
// reports whether a row changed.
func saveStoryFile(ctx context.Context, tx *sql.Tx, name string, st storyFileState) (changed bool, err error) {
	var res sql.Result
	switch {
	case st.problem != nil:
		return false, nil
	case !st.present:
		res, err = tx.ExecContext(ctx, `DELETE FROM stories WHERE name = ?`, name)
	default:
		res, err = tx.ExecContext(ctx, `INSERT INTO stories (name, title, summary) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET title = excluded.title, summary = excluded.summary
			WHERE title != excluded.title OR summary != excluded.summary`, name, st.title, st.summary)
	}
	if err != nil {
		return false, fmt.Errorf("store story %q title: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store story %q title: %w", name, err)
	}
	return n > 0, nil
}

// ReloadStories reloads every story of fsys, and every indexed story whose
// folder is gone, in one write transaction with a savepoint per story, so
// that one bad story never blocks the others: each story's outcome, error
// included, comes back in story order. Files are analysed on every core
// across story boundaries and the posting lists are written once, so it
// is as fast as one Reload of the whole folder. progress sees the files of
// all stories.
//
// It returns an error, changing nothing, when the root of fsys cannot be
// listed, the database fails or ctx ends; and an error wrapping
// ErrEmptyReload when fsys holds no story at all but the index does, or
// when the reload would remove every article.
func (db *DB) ReloadStories(ctx context.Context, fsys fs.FS, progress func(done, total int)) ([]StoryReload, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reload: read corpus folder: %w", err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, "."):
		case e.IsDir():
			names[n] = true
		case !strings.EqualFold(n, corpus.StoryFile):
			names[""] = true
		}
	}
	req := reloadRequest{stories: true, all: true}
	for _, n := range slices.Sorted(maps.Keys(names)) {
		req.scopes = append(req.scopes, &storyScope{name: n})
	}
	out, err := db.reload(ctx, fsys, req, progress)
	if err != nil {
		return out, fmt.Errorf("reload: %w", err)
	}
	return out, nil
}

// Story returns a view of the index holding only the story named name
// ("" for the files at the corpus root): its Stats, Postings, Sentences,
// Articles and Quotes are those of an index loaded with that story alone,
// so questions asked of it are answered exactly as if it were. A story not
// indexed reads as empty. The view follows reloads; keep one per story, as
// it caches the story's filtered posting lists.
func (db *DB) Story(name string) *StoryView {
	return &StoryView{db: db, name: name}
}

// StoryView is one story's part of the index; see DB.Story. It is safe for
// concurrent use.
type StoryView struct {
	db   *DB
	name string

	mu       sync.Mutex
	loaded   bool
	gen      uint64
	ranges   []idRange // the story's sentence ids, sorted
	stats    corpus.IndexStats
	postings map[string][]corpus.Posting // filtered lists of this gen
}

// maxViewPostings bounds the stems whose filtered lists a view keeps.
const maxViewPostings = 4096

// Version is DB.Version: a story's part changes only when the index does.
func (v *StoryView) Version() uint64 { return v.db.Version() }

// Name is the story's name.
func (v *StoryView) Name() string { return v.name }

// state returns the story's id ranges and stats, reading them again after
// a reload.
func (v *StoryView) state(ctx context.Context) ([]idRange, corpus.IndexStats, uint64, error) {
	v.db.mu.Lock()
	gen := v.db.gen
	v.db.mu.Unlock()
	v.mu.Lock()
	if v.loaded && v.gen == gen {
		r, s := v.ranges, v.stats
		v.mu.Unlock()
		return r, s, gen, nil
	}
	v.mu.Unlock()

	rows, err := v.db.ro.QueryContext(ctx,
		`SELECT first_sentence, sentence_count, term_count FROM articles WHERE story = ? ORDER BY first_sentence`, v.name)
	if err != nil {
		return nil, corpus.IndexStats{}, 0, fmt.Errorf("story %q: %w", v.name, err)
	}
	defer rows.Close()
	var (
		ranges []idRange
		stats  corpus.IndexStats
		terms  int64
	)
	for rows.Next() {
		var first, count, t int64
		if err := rows.Scan(&first, &count, &t); err != nil {
			return nil, corpus.IndexStats{}, 0, fmt.Errorf("story %q: %w", v.name, err)
		}
		ranges = append(ranges, idRange{first, first + count})
		stats.Articles++
		stats.Sentences += int(count)
		terms += t
	}
	if err := rows.Err(); err != nil {
		return nil, corpus.IndexStats{}, 0, fmt.Errorf("story %q: %w", v.name, err)
	}
	if stats.Sentences > 0 {
		stats.AvgLen = float64(terms) / float64(stats.Sentences)
	}
	v.mu.Lock()
	if !v.loaded || v.gen != gen {
		v.loaded, v.gen, v.ranges, v.stats = true, gen, ranges, stats
		v.postings = make(map[string][]corpus.Posting)
	}
	v.mu.Unlock()
	return ranges, stats, gen, nil
}

// Stats describes the story's part of the index. It returns an error only
// when the database cannot be read.
func (v *StoryView) Stats(ctx context.Context) (corpus.IndexStats, error) {
	_, s, _, err := v.state(ctx)
	return s, err
}

// Postings returns the story's postings of stem, ordered by sentence id, or
// nil when none of its sentences holds it. The slice may be shared: read
// it, never write to it. Errors are DB.Postings's.
func (v *StoryView) Postings(ctx context.Context, stem string) ([]corpus.Posting, error) {
	ranges, _, gen, err := v.state(ctx)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	if ps, ok := v.postings[stem]; ok && v.gen == gen {
		v.mu.Unlock()
		return ps, nil
	}
	v.mu.Unlock()
	all, err := v.db.Postings(ctx, stem)
	if err != nil {
		return nil, err
	}
	ps := keepRanges(all, ranges)
	v.mu.Lock()
	if v.gen == gen {
		if len(v.postings) >= maxViewPostings {
			clear(v.postings)
		}
		v.postings[stem] = ps
	}
	v.mu.Unlock()
	return ps, nil
}

// keepRanges returns the postings inside the sorted ranges: ps itself when
// all are, else a new slice.
func keepRanges(ps []corpus.Posting, ranges []idRange) []corpus.Posting {
	inside := func(id int64, r int) bool { return r < len(ranges) && ranges[r].lo <= id }
	var out []corpus.Posting
	r := 0
	for i, p := range ps {
		id := int64(p.Sentence)
		for r < len(ranges) && ranges[r].hi <= id {
			r++
		}
		in := inside(id, r)
		switch {
		case in && out != nil:
			out = append(out, p)
		case !in && out == nil:
			out = append(make([]corpus.Posting, 0, len(ps)-1), ps[:i]...)
		}
	}
	if out == nil {
		return ps
	}
	if len(out) == 0 {
		return nil
	}
	return out[:len(out):len(out)]
}

// inRanges reports whether id lies in the sorted ranges.
func inRanges(ranges []idRange, id int64) bool {
	i := sort.Search(len(ranges), func(i int) bool { return ranges[i].hi > id })
	return i < len(ranges) && ranges[i].lo <= id
}

// Sentences returns the story's sentences with the given ids, in the order
// asked; ids of other stories are left out like ids that do not exist.
// It returns an error only when the database cannot be read.
func (v *StoryView) Sentences(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	ranges, _, _, err := v.state(ctx)
	if err != nil {
		return nil, err
	}
	mine := make([]uint32, 0, len(ids))
	for _, id := range ids {
		if inRanges(ranges, int64(id)) {
			mine = append(mine, id)
		}
	}
	return v.db.Sentences(ctx, mine)
}

// ArticleSentences is DB.ArticleSentences for the story's articles;
// articles of other stories contribute no sentence.
func (v *StoryView) ArticleSentences(ctx context.Context, arts []corpus.Article) ([]corpus.IndexedSentence, error) {
	ranges, _, _, err := v.state(ctx)
	if err != nil {
		return nil, err
	}
	mine := make([]corpus.Article, 0, len(arts))
	for _, a := range arts {
		if inRanges(ranges, int64(a.FirstSentence)) {
			mine = append(mine, a)
		}
	}
	sents, err := v.db.ArticleSentences(ctx, mine)
	if err != nil {
		return nil, fmt.Errorf("story %q: %w", v.name, err)
	}
	return sents, nil
}

// Articles returns the story's articles, Sentences left empty, ordered by
// file. It returns an error only when the database cannot be read.
func (v *StoryView) Articles(ctx context.Context) ([]corpus.Article, error) {
	rows, err := v.db.ro.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE story = ? ORDER BY file`, v.name)
	if err != nil {
		return nil, fmt.Errorf("story %q articles: %w", v.name, err)
	}
	defer rows.Close()
	var out []corpus.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("story %q articles: %w", v.name, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story %q articles: %w", v.name, err)
	}
	return out, nil
}

// ArticlesByID returns the metadata of the story's articles with the given
// ids, in the order asked; ids of other stories are left out like ids that
// do not exist. It returns an error only when the database cannot be read.
func (v *StoryView) ArticlesByID(ctx context.Context, ids []string) ([]corpus.Article, error) {
	arts, err := v.db.articlesByID(ctx, ids, func(a corpus.Article) bool { return a.Story == v.name })
	if err != nil {
		return nil, fmt.Errorf("story %q: %w", v.name, err)
	}
	return arts, nil
}

// Quotes returns the story's quotations, ordered by article file, then
// position. It returns an error only when the database cannot be read.
func (v *StoryView) Quotes(ctx context.Context) ([]corpus.Quote, error) {
	rows, err := v.db.ro.QueryContext(ctx, `
		SELECT a.id, q.paragraph, q.sentence, q.speaker, q.attribution, q.text
		FROM quotes q JOIN articles a ON a.seq = q.article
		WHERE a.story = ?
		ORDER BY a.file, q.paragraph, q.sentence, q.id`, v.name)
	if err != nil {
		return nil, fmt.Errorf("story %q quotes: %w", v.name, err)
	}
	out, err := scanQuotes(rows)
	if err != nil {
		return nil, fmt.Errorf("story %q quotes: %w", v.name, err)
	}
	return out, nil
}

// ChannelStory returns the story set as the default of a Discord channel;
// ok is false when none is. It returns an error only when the database
// cannot be read.
func (db *DB) ChannelStory(ctx context.Context, channelID string) (story string, ok bool, err error) {
	err = db.ro.QueryRowContext(ctx, `SELECT story FROM channel_stories WHERE channel_id = ?`, channelID).Scan(&story)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("channel %s story: %w", channelID, err)
	}
	return story, true, nil
}

// SetChannelStory makes story the default of a Discord channel, recording
// who set it; story "" clears the default. It returns an error only when
// the database cannot be written.
func (db *DB) SetChannelStory(ctx context.Context, guildID, channelID, story, setBy string) error {
	var err error
	if story == "" {
		_, err = db.rw.ExecContext(ctx, `DELETE FROM channel_stories WHERE channel_id = ?`, channelID)
	} else {
		_, err = db.rw.ExecContext(ctx, `INSERT INTO channel_stories (channel_id, guild_id, story, set_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, story = excluded.story,
				set_by = excluded.set_by, set_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`,
			channelID, guildID, story, setBy)
	}
	if err != nil {
		return fmt.Errorf("set channel %s story: %w", channelID, err)
	}
	return nil
}
