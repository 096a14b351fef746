package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// judgedQuotes is testdata/quotes_judged/judged.json: every quotation of 34
// random news-clusters articles, judged by hand before the extractor was
// tuned (see its "about").
type judgedQuotes struct {
	Articles []struct {
		File   string
		Split  string
		Quotes []judgedQuote
	}
}

type judgedQuote struct {
	Text      string
	Quotation bool
	Speakers  []string // accepted names; empty: the article names no one
}

// quoteScore is the issue 17 scoring of ExtractQuotes against a judged set.
type quoteScore struct {
	listed, falseQuotes      int // extracted items; those that are no judged quotation
	attributed, rightSpeaker int // extracted judged quotations with a speaker; right ones
	speakable, recalled      int // judged quotations with a speaker; listed with it
	problems                 []string
}

func (s quoteScore) precision() float64 { return ratio(s.rightSpeaker, s.attributed) }
func (s quoteScore) recall() float64    { return ratio(s.recalled, s.speakable) }
func (s quoteScore) falseRate() float64 { return ratio(s.falseQuotes, s.listed) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// normQuoteText folds marks, apostrophes and spacing so judged and
// extracted texts compare on their words.
func normQuoteText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isQuoteGlyph(r) || r == '\'' || r == '‘' || r == '’':
			r = '\''
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// quoteTextsOverlap matches a judged text (often the quotation's first
// words) to an extracted one: either holds the other, or they share a run
// of 40 bytes.
func quoteTextsOverlap(judged, got string) bool {
	j, g := normQuoteText(judged), normQuoteText(got)
	j = strings.Trim(j, " ',.")
	g = strings.Trim(g, " ',.")
	if j == "" || g == "" {
		return false
	}
	if strings.Contains(g, j) || strings.Contains(j, g) {
		return true
	}
	const run = 40
	for i := 0; i+run <= len(j); i++ {
		if strings.Contains(g, j[i:i+run]) {
			return true
		}
	}
	return false
}

func speakerAccepted(got string, accepted []string) bool {
	g := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(got)), "the ")
	for _, a := range accepted {
		if g == strings.TrimPrefix(strings.ToLower(a), "the ") {
			return true
		}
	}
	return false
}

// scoreJudged extracts the quotations of every article of one split and
// scores them against the judgements.
func scoreJudged(t *testing.T, set judgedQuotes, articles map[string]Article, split string) quoteScore {
	t.Helper()
	var s quoteScore
	for _, ja := range set.Articles {
		if ja.Split != split {
			continue
		}
		a, ok := articles[ja.File]
		if !ok {
			t.Fatalf("judged article %s not parsed", ja.File)
		}
		got := ExtractQuotes(a)
		hit := make([]bool, len(ja.Quotes)) // listed with an accepted speaker
		for _, q := range got {
			s.listed++
			var matched []judgedQuote
			for _, jq := range ja.Quotes {
				if quoteTextsOverlap(jq.Text, q.Text) {
					matched = append(matched, jq)
				}
			}
			isQuote := false
			for _, jq := range matched {
				isQuote = isQuote || jq.Quotation
			}
			if !isQuote {
				s.falseQuotes++
				s.problems = append(s.problems, "not a quotation: "+short(ja.File)+" "+clip(q.Text)+" ["+q.Speaker+"]")
				continue
			}
			if q.Speaker == "" {
				continue
			}
			s.attributed++
			right := false
			for _, jq := range matched {
				right = right || jq.Quotation && speakerAccepted(q.Speaker, jq.Speakers)
			}
			if right {
				s.rightSpeaker++
			} else {
				want := ""
				for _, jq := range matched {
					if jq.Quotation {
						want += strings.Join(jq.Speakers, "|") + ";"
					}
				}
				s.problems = append(s.problems, "wrong speaker: "+short(ja.File)+" "+clip(q.Text)+" ["+q.Speaker+"] want ["+want+"]")
			}
		}
		for i, jq := range ja.Quotes {
			if !jq.Quotation || len(jq.Speakers) == 0 {
				continue
			}
			s.speakable++
			for _, q := range got {
				if quoteTextsOverlap(jq.Text, q.Text) && speakerAccepted(q.Speaker, jq.Speakers) {
					hit[i] = true
					break
				}
			}
			if hit[i] {
				s.recalled++
				continue
			}
			how := "not listed"
			for _, q := range got {
				if quoteTextsOverlap(jq.Text, q.Text) {
					how = "listed as [" + q.Speaker + "]"
					break
				}
			}
			s.problems = append(s.problems, "missed: "+short(ja.File)+" "+clip(jq.Text)+" want ["+strings.Join(jq.Speakers, "|")+"] "+how)
		}
	}
	return s
}

func short(file string) string { return file[:min(8, len(file))] }

func clip(s string) string {
	if r := []rune(s); len(r) > 50 {
		return string(r[:50]) + "…"
	}
	return s
}

func loadJudged(t testing.TB, dir string) (judgedQuotes, map[string]Article) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "judged.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set judgedQuotes
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatalf("judged.json: %v", err)
	}
	files, skipped, err := ReadFiles(os.DirFS(filepath.Join(dir, "articles")))
	if err != nil || len(skipped) > 0 {
		t.Fatalf("read judged articles: %v %v", err, skipped)
	}
	articles := map[string]Article{}
	for _, f := range files {
		a, err := Parse(f)
		if err != nil {
			// The cleaner may leave nothing of a captions-only page; its
			// judged quotations then count as missed.
			t.Logf("parse %s: %v", f.Name, err)
		}
		articles[f.Name] = a
	}
	return set, articles
}

// TestExtractQuotesJudged scores ExtractQuotes on the hand-judged set of
// issue 17: speaker precision, recall (listed with the right speaker) and
// the false-quotation rate, on the train and test splits. The floors are
// the targets on test; train is tuned on and must not fall below
// the figures it reached.
//
// Every testdata/quotes_judged*/ directory holding a judged.json and its
// articles/ in the same format is scored, so a held-out set judged later
// is checked by dropping it in.
func TestExtractQuotesJudged(t *testing.T) {
	dirs, err := filepath.Glob("testdata/quotes_judged*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no judged sets in testdata: %v", err)
	}
	floors := map[string]struct{ precision, recall, falseRate float64 }{
		"train": {0.95, 0.80, 0.03},
		"test":  {0.95, 0.75, 0.03},
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) { scoreJudgedDir(t, dir, floors) })
	}
}

func scoreJudgedDir(t *testing.T, dir string, floors map[string]struct{ precision, recall, falseRate float64 }) {
	set, articles := loadJudged(t, dir)
	for _, split := range []string{"train", "test"} {
		s := scoreJudged(t, set, articles, split)
		if s.listed == 0 && s.speakable == 0 {
			continue // a set with only one split
		}
		for _, p := range s.problems {
			t.Logf("%s: %s", split, p)
		}
		t.Logf("%s: speaker precision %d/%d = %.1f%%, recall %d/%d = %.1f%%, false quotations %d/%d = %.1f%%", split,
			s.rightSpeaker, s.attributed, 100*s.precision(), s.recalled, s.speakable, 100*s.recall(), s.falseQuotes, s.listed, 100*s.falseRate())
		f := floors[split]
		if s.precision() < f.precision || s.recall() < f.recall || s.falseRate() > f.falseRate {
			t.Errorf("%s: precision %.3f recall %.3f false %.3f; want at least %.3f, %.3f and at most %.3f", split,
				s.precision(), s.recall(), s.falseRate(), f.precision, f.recall, f.falseRate)
		}
	}
}
