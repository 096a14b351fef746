package bot_test

import (
	"context"
	"strings"
	"sync"
	"time"

	"storybot/corpus"
	"storybot/qa"
)

// fakeEngine answers from two fixed sources. A question containing
// "panic" makes Ask panic, to prove the bot survives a broken handler.
type fakeEngine struct {
	mu    sync.Mutex
	asked []string
}

var (
	sourceAP = corpus.Article{ID: "000_ap", File: "000_ap.txt", Title: "Mexico's president rejects US troops",
		Outlet: "AP", URL: "https://example.com/ap", Published: "2025-03-02"}
	sourceLT = corpus.Article{ID: "004_lt", File: "004_lt.txt", Title: "Sheinbaum says no to US troops",
		Outlet: "Latin Times", URL: "https://example.com/lt", Published: "2025-03-03"}
)

func (f *fakeEngine) Ask(ctx context.Context, q string) (qa.Answer, error) {
	f.mu.Lock()
	f.asked = append(f.asked, q)
	f.mu.Unlock()
	if strings.Contains(q, "panic") {
		panic("fake engine told to panic")
	}
	if strings.Contains(q, "weather") {
		return qa.Answer{Question: q, NotFound: true}, nil
	}
	shared := "Sheinbaum said Mexico would not accept US troops on its soil."
	return qa.Answer{Question: q, Sources: []qa.SourceAnswer{
		{Source: sourceAP, Sentences: []qa.Cited{
			{Text: shared, Paragraph: 2, Sentence: 1, Score: 3.1, AlsoIn: []string{sourceLT.ID}},
			{Text: "Hegseth said the US would <@&123> @everyone protect its border.", Paragraph: 4, Sentence: 2, Score: 2.2},
		}},
		{Source: sourceLT, Sentences: []qa.Cited{
			{Text: shared, Paragraph: 1, Sentence: 1, Score: 3.0, AlsoIn: []string{sourceAP.ID}},
		}},
	}}, nil
}

func (f *fakeEngine) Questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

func (f *fakeEngine) Quotes(ctx context.Context, speaker, topic string, limit int) ([]qa.QuoteHit, error) {
	all := []qa.QuoteHit{
		{Quote: corpus.Quote{Text: "We will never accept the presence of the US Army in our territory", Speaker: "Claudia Sheinbaum",
			ArticleID: sourceAP.ID, Paragraph: 3, Sentence: 1}, Source: sourceAP, Score: 2},
		{Quote: corpus.Quote{Text: "We are ready to help", Speaker: "Pete Hegseth", ArticleID: sourceLT.ID, Paragraph: 5, Sentence: 1},
			Source: sourceLT, Score: 1},
	}
	var out []qa.QuoteHit
	for _, h := range all {
		if speaker != "" && !strings.Contains(strings.ToLower(h.Speaker), strings.ToLower(speaker)) {
			continue
		}
		out = append(out, h)
	}
	return out[:min(len(out), limit)], nil
}

func (f *fakeEngine) Speakers(ctx context.Context) ([]qa.Speaker, error) {
	return []qa.Speaker{
		{Name: "Claudia Sheinbaum", Aliases: []string{"Sheinbaum"}, Quotes: 4},
		{Name: "Pete Hegseth", Aliases: []string{"Hegseth"}, Quotes: 1},
		{Name: "Donald Trump", Quotes: 2},
	}, nil
}

func (f *fakeEngine) Articles(ctx context.Context) ([]corpus.Article, error) {
	return []corpus.Article{sourceAP, sourceLT}, nil
}

// fakeReload reports progress over a few steps, slowly enough for the
// bot's rate-limited progress edits to show.
func fakeReload(step time.Duration) func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
	return func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
		const total = 4
		for i := 1; i <= total; i++ {
			time.Sleep(step)
			if progress != nil {
				progress(i, total)
			}
		}
		return corpus.ReloadReport{Added: []string{"005_new.txt"}, Unchanged: 2,
			Failed: []corpus.FileProblem{{File: "bad.txt", Reason: "no title line: put the headline on line 1"}}, Sentences: 120}, nil
	}
}

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Compare sets the two fixed sources side by side, differing on the
// number of troops; "weather" is in neither and "panic" panics, as for
// Ask.
func (f *fakeEngine) Compare(ctx context.Context, topic string) (qa.Comparison, error) {
	f.mu.Lock()
	f.asked = append(f.asked, topic)
	f.mu.Unlock()
	if strings.Contains(topic, "panic") {
		panic("fake engine told to panic")
	}
	if strings.Contains(topic, "weather") {
		return qa.Comparison{Topic: topic}, nil
	}
	ap := "Trump offered to send 10,000 US troops, Sheinbaum said."
	lt := "Trump proposed sending *some* troops, she said."
	return qa.Comparison{Topic: topic,
		Sources: []qa.SourceAnswer{
			{Source: sourceAP, Sentences: []qa.Cited{{Text: ap, Paragraph: 2, Sentence: 1, Score: 3}}},
			{Source: sourceLT, Sentences: []qa.Cited{{Text: lt, Paragraph: 1, Sentence: 2, Score: 2}}},
		},
		Differences: []qa.Difference{{Kind: "number", Values: []qa.DifferenceValue{
			{Value: "10,000", Source: sourceAP.ID, Paragraph: 2, Sentence: 1, Text: ap, Start: strings.Index(ap, "10,000"), End: strings.Index(ap, "10,000") + len("10,000")},
			{Value: "*some*", Source: sourceLT.ID, Paragraph: 1, Sentence: 2, Text: lt, Start: strings.Index(lt, "*some*"), End: strings.Index(lt, "*some*") + len("*some*")},
		}}},
	}, nil
}

func (f *fakeEngine) CompareStory(ctx context.Context, story, topic string) (qa.Comparison, error) {
	c, err := f.Compare(ctx, topic)
	c.Story = story
	return c, err
}
