package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing/fstest"
	"time"
	"unicode"

	"storybot/qa"
)

// StoryQuestion is a question written from one article of a story, to check
// that the Router sends it to that story.
type StoryQuestion struct {
	Question string `json:"question"`
	// Story is the story the question was written for.
	Story string `json:"story"`
	// Kind says what the question was written from: "description" (the
	// article's own summary line) or "title" (its headline).
	Kind string `json:"kind"`
	// From is the text the question was written from. Sentences of the
	// corpus that repeat it are kept out of the routing evidence.
	From string `json:"from"`
	// File is the corpus file of the article it was written from.
	File string `json:"file"`
}

// maxStorySlug keeps story names within Discord's 100-character choice
// values, with room to spare.
const maxStorySlug = 60

// eventPattern reads the event out of news-please's newsCluster field,
// which the dataset stores as a Python dict literal, not JSON.
var eventPattern = regexp.MustCompile(`['"]Event['"]\s*:\s*['"]([^'"]+)['"]`)

// NewsClusters reads the news-clusters dataset (news-please JSON files,
// each naming its event in newsCluster.Event) as a corpus of stories, one
// per event: the files come back as an in-memory corpus folder
// "<event-slug>/<file>.json", with two questions per article, one from its
// description and one from its title (see StoryQuestions). Files are read
// in name order, so the corpus and questions are the same on every run.
// It returns an error when dir cannot be read or holds no such file.
func NewsClusters(dir string) (fstest.MapFS, []StoryQuestion, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("news clusters %s: %w", dir, err)
	}
	sort.Strings(names)
	fsys := fstest.MapFS{}
	var qs []StoryQuestion
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, fmt.Errorf("news clusters: %w", err)
		}
		var rec struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			Cluster     any    `json:"newsCluster"`
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			return nil, nil, fmt.Errorf("news clusters %s: %w", name, err)
		}
		event := ""
		switch c := rec.Cluster.(type) {
		case string:
			if m := eventPattern.FindStringSubmatch(c); m != nil {
				event = m[1]
			}
		case map[string]any:
			event, _ = c["Event"].(string)
		}
		if event == "" {
			return nil, nil, fmt.Errorf("news clusters %s: no newsCluster.Event: every file must name its event", name)
		}
		story := slug(event)
		file := story + "/" + filepath.Base(name)
		fsys[file] = &fstest.MapFile{Data: data}
		qs = append(qs, StoryQuestions(story, file, rec.Title, rec.Description)...)
	}
	if len(fsys) == 0 {
		return nil, nil, fmt.Errorf("news clusters %s: no .json files", dir)
	}
	return fsys, qs, nil
}

// AddStory copies the article files of story (a flat corpus folder, such
// as corpus.Default()) into fsys under the folder name. It returns an
// error when story cannot be read.
func AddStory(fsys fstest.MapFS, name string, story fs.FS) error {
	return fs.WalkDir(story, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(story, p)
		if err != nil {
			return err
		}
		fsys[name+"/"+p] = &fstest.MapFile{Data: data}
		return nil
	})
}

// slug makes a folder name of an event: lower case, letters and digits
// joined by single underscores, at most maxStorySlug bytes.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	out := b.String()
	if len(out) > maxStorySlug {
		out = strings.TrimRight(out[:maxStorySlug], "_")
	}
	return out
}

// StoryQuestions writes an article's questions, deterministically and
// without paraphrase: its description, then its title, each turned into a
// yes/no question ("Is it true that …?"). Either is skipped when empty or
// shorter than four words. Routing then keeps out the corpus sentences
// that repeat the text (see RunStories), so the story must be found from
// its other sentences, not from a copy of the question.
func StoryQuestions(story, file, title, description string) []StoryQuestion {
	var qs []StoryQuestion
	for _, src := range []struct{ kind, text string }{{"description", description}, {"title", title}} {
		text := strings.Join(strings.Fields(src.text), " ")
		if text == "None" || len(strings.Fields(text)) < 4 {
			continue
		}
		// Case is left alone: the analyzer ignores it, and lowering the
		// first letter would misspell the names most headlines start with.
		body := strings.TrimRight(text, ".!?…:; ")
		qs = append(qs, StoryQuestion{Question: "Is it true that " + body + "?", Story: story, Kind: src.kind, From: text, File: file})
	}
	return qs
}

// repeats reports whether sentence repeats from, the text a question was
// written from: 80% of from's words are in the sentence (the sentence
// holds it, maybe longer), or a sentence of five words or more is 80%
// made of from's words (it is a piece of it).
func repeats(sentence, from string) bool {
	sw, fw := wordSet(sentence), wordSet(from)
	share := func(a, b map[string]bool) float64 {
		if len(a) == 0 {
			return 0
		}
		n := 0
		for w := range a {
			if b[w] {
				n++
			}
		}
		return float64(n) / float64(len(a))
	}
	return share(fw, sw) >= 0.8 || (len(sw) >= 5 && share(sw, fw) >= 0.8)
}

func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		out[w] = true
	}
	return out
}

// StoriesReport is a routing run over a corpus of stories.
type StoriesReport struct {
	Stories   int `json:"stories"`
	Articles  int `json:"articles"`
	Sentences int `json:"sentences"`
	Questions int `json:"questions"`
	// Routed is the share of questions sent to their own story.
	Routed float64 `json:"routed"`
	// ByKind is Routed for each kind of question.
	ByKind map[string]float64 `json:"by_kind"`
	// InTopTwo is the share whose story was the best or the runner-up
	// named beside it.
	InTopTwo float64 `json:"in_top_two"`
	// Close is the share of answers that named a runner-up.
	Close float64 `json:"close"`
	// Excluded is how many corpus sentences were kept out of routing, on
	// average per question, because they repeat the question's text.
	Excluded float64       `json:"excluded_per_question"`
	Misses   []StoriesMiss `json:"misses"`
	// Seed compares answers from a story loaded beside the others with the
	// answers of that story alone; nil when not measured.
	Seed    *SeedComparison `json:"seed,omitempty"`
	Seconds float64         `json:"seconds"`
}

// StoriesMiss is a question routed to the wrong story.
type StoriesMiss struct {
	Question string `json:"question"`
	Want     string `json:"want"`
	Got      string `json:"got"`
	RunnerUp string `json:"runner_up,omitempty"`
}

// SeedComparison is how one story's questions fare when it is loaded
// beside many others, against the same story loaded alone.
type SeedComparison struct {
	Story     string `json:"story"`
	Questions int    `json:"questions"`
	// Answered is how many the story alone answers.
	Answered int `json:"answered"`
	// RoutedHome is how many of those the Router sends to the story.
	RoutedHome int `json:"routed_home"`
	// Same is how many of those get exactly the answer of the story alone:
	// same sources, sentences and order.
	Same int `json:"same"`
	// NotFoundAlone is how many the story alone does not answer, and
	// NotFoundStill how many of those the Router answers with nothing either
	// (another story may rightly answer an off-topic question).
	NotFoundAlone int      `json:"not_found_alone"`
	NotFoundStill int      `json:"not_found_still"`
	Differ        []string `json:"differ"`
}

// searchDepth is how many BM25 hits are read to find the sentences that
// repeat a question's text: a repeat ranks near the top for it.
const searchDepth = 50

// RunStories routes each question with router and scores how often it goes
// to its own story. Corpus sentences that repeat the text a question was
// written from (see repeats), found among its top BM25 hits, are kept out
// of the routing evidence. Errors come from the index.
func RunStories(ctx context.Context, router *qa.Router, qs []StoryQuestion, progress func(done, total int)) (StoriesReport, error) {
	start := time.Now()
	var rep StoriesReport
	stories, err := router.List(ctx)
	if err != nil {
		return rep, err
	}
	rep.Stories = len(stories)
	for _, s := range stories {
		rep.Articles += s.Articles
		rep.Sentences += s.Sentences
	}
	var routed, top2, closeN, excluded Mean
	kinds := map[string]*Mean{}
	for i, q := range qs {
		hits, err := router.Engine.Search(ctx, q.From, searchDepth)
		if err != nil {
			return rep, fmt.Errorf("story question %q: %w", q.Question, err)
		}
		drop := map[uint32]bool{}
		for _, h := range hits {
			if repeats(h.Text, q.From) {
				drop[h.ID] = true
			}
		}
		excluded.Add(float64(len(drop)))
		rt, err := router.RouteWhere(ctx, q.Question, func(id uint32) bool { return !drop[id] })
		if err != nil {
			return rep, fmt.Errorf("story question %q: %w", q.Question, err)
		}
		ok := rt.Story == q.Story
		routed.AddBool(ok)
		if kinds[q.Kind] == nil {
			kinds[q.Kind] = &Mean{}
		}
		kinds[q.Kind].AddBool(ok)
		top2.AddBool(ok || rt.RunnerUp == q.Story)
		closeN.AddBool(rt.RunnerUp != "")
		if !ok {
			rep.Misses = append(rep.Misses, StoriesMiss{Question: q.Question, Want: q.Story, Got: rt.Story, RunnerUp: rt.RunnerUp})
		}
		if progress != nil {
			progress(i+1, len(qs))
		}
	}
	rep.Questions = len(qs)
	rep.Routed, rep.InTopTwo, rep.Close, rep.Excluded = routed.Value(), top2.Value(), closeN.Value(), excluded.Value()
	rep.ByKind = map[string]float64{}
	for k, m := range kinds {
		rep.ByKind[k] = m.Value()
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// CompareStory asks each question of router (routing freely) and of alone,
// an engine over story loaded by itself, and counts the answers that are
// the same. Sources are compared by title, outlet and cited sentences,
// since their ids carry the story folder in one index and not the other.
// Errors come from the indexes.
func CompareStory(ctx context.Context, router *qa.Router, alone *qa.Engine, story string, questions []string) (SeedComparison, error) {
	cmp := SeedComparison{Story: story, Questions: len(questions), Differ: []string{}}
	for _, q := range questions {
		want, err := alone.Ask(ctx, q)
		if err != nil {
			return cmp, fmt.Errorf("compare %q: %w", q, err)
		}
		got, err := router.Ask(ctx, q)
		if err != nil {
			return cmp, fmt.Errorf("compare %q: %w", q, err)
		}
		if want.NotFound {
			cmp.NotFoundAlone++
			if got.NotFound {
				cmp.NotFoundStill++
			}
			continue
		}
		cmp.Answered++
		if got.Story != story {
			cmp.Differ = append(cmp.Differ, fmt.Sprintf("%s: routed to %q", q, got.Story))
			continue
		}
		cmp.RoutedHome++
		if SameAnswer(got, want) {
			cmp.Same++
		} else {
			cmp.Differ = append(cmp.Differ, q+": different answer")
		}
	}
	return cmp, nil
}

// SameAnswer reports whether two answers cite the same sentences of the
// same sources (by title and outlet) in the same order.
func SameAnswer(a, b qa.Answer) bool {
	if a.NotFound != b.NotFound || len(a.Sources) != len(b.Sources) {
		return false
	}
	for i := range a.Sources {
		x, y := a.Sources[i], b.Sources[i]
		if x.Source.Title != y.Source.Title || x.Source.Outlet != y.Source.Outlet ||
			!slices.EqualFunc(x.Sentences, y.Sentences, func(c, d qa.Cited) bool {
				return c.Text == d.Text && c.Paragraph == d.Paragraph && c.Sentence == d.Sentence && len(c.AlsoIn) == len(d.AlsoIn)
			}) {
			return false
		}
	}
	return true
}

// GoldenTexts returns the questions of a golden set.
func GoldenTexts(qs []GoldenQuestion) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Question
	}
	return out
}

// DefaultStory is a convenience for callers that add the embedded seed
// story beside a dataset: its folder name.
const DefaultStory = "seed"
