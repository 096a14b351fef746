package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"storybot/corpus"
	"storybot/qa"
)

type compareJSON struct {
	Topic string `json:"topic"`
	// Story is the story compared from ("" for a flat corpus folder), and
	// RunnerUp the story that fitted nearly as well, if any.
	Story    string `json:"story"`
	RunnerUp string `json:"runner_up"`
	// Sources are the reports that mention the topic, oldest first, each
	// shaped as ask's answers.
	Sources     []answerJSON     `json:"sources"`
	Differences []differenceJSON `json:"differences"`
	Agree       int              `json:"agree"`
}

func newCompareJSON(c qa.Comparison) compareJSON {
	return compareJSON{Topic: c.Topic, Story: c.Story, RunnerUp: c.RunnerUp,
		Sources:     newAskJSON(qa.Answer{Sources: c.Sources}).Answers,
		Differences: newDifferencesJSON(c.Differences), Agree: c.Agree}
}

func cmdCompare(ctx context.Context, a *app, args []string) error {
	req, err := a.storyRequest(ctx, args, storyRequestForm{
		command:   "compare",
		usage:     "compare [--json] [--story NAME] TOPIC",
		jsonHelp:  "print the comparison as JSON",
		storyHelp: "compare within this story (its folder name or title); default: the story the topic fits best",
		missing:   "compare needs a topic, e.g. storybot compare \"the death toll\"",
	})
	if err != nil {
		return err
	}
	c, err := a.compare(ctx, req.story, req.text)
	if err != nil {
		return err
	}
	if req.json {
		return writeJSON(a.Stdout, newCompareJSON(c))
	}
	stories, err := a.Router.List(ctx)
	if err != nil {
		return err
	}
	head := storyLine(qa.Answer{Story: c.Story, RunnerUp: c.RunnerUp, NotFound: len(c.Sources) == 0}, stories)
	_, err = io.WriteString(a.Stdout, head+formatComparison(c))
	return err
}

// compare compares topic across the named story's sources, or those of
// the story it fits best when story is "".
func (a *app) compare(ctx context.Context, story, topic string) (qa.Comparison, error) {
	var (
		c   qa.Comparison
		err error
	)
	if strings.TrimSpace(story) != "" {
		c, err = a.Router.CompareStory(ctx, story, topic)
	} else {
		c, err = a.Router.Compare(ctx, topic)
	}
	if err != nil {
		return qa.Comparison{}, fmt.Errorf("compare %q: %w", topic, err)
	}
	return c, nil
}

// Terminal marks around a span on which the sources differ: plain text,
// so they survive pipes, files and terminals without colour.
const (
	markOpen  = "[["
	markClose = "]]"
)

// formatComparison renders a comparison for a terminal: how the sources
// differ (or how many agree), then each report, oldest first, named as
// answers name it, with its sentences on the topic and the differing spans
// in [[…]]; or a plain statement that no source mentions the topic.
func formatComparison(c qa.Comparison) string {
	var b strings.Builder
	topic := oneLine(c.Topic)
	if len(c.Sources) == 0 {
		fmt.Fprintf(&b, "No source mentions “%s”.\n", topic)
		return b.String()
	}
	reports := "reports"
	switch {
	case len(c.Sources) == 1:
		reports = "report"
	case c.Dated():
		reports += ", oldest first"
	}
	fmt.Fprintf(&b, "Topic: %s · %d %s\n", topic, len(c.Sources), reports)
	for _, n := range qa.DifferenceNotes(c.Answer()) {
		b.WriteString(oneLine(n.String()) + "\n")
	}
	if note := qa.AgreeNote(c); note != "" {
		b.WriteString(note + "\n")
	}
	if len(c.Differences) > 0 {
		b.WriteString(markOpen + "…" + markClose + " marks where they differ.\n")
	}
	ans := qa.Answer{Sources: c.Sources}
	labels := qa.SourceLabels(ans)
	for _, src := range c.Sources {
		b.WriteString("\n")
		carriers := map[string]bool{src.Source.ID: true}
		if len(src.CarriedBy) > 0 {
			b.WriteString(src.Name() + "\n")
			for _, a := range append([]corpus.Article{src.Source}, src.CarriedBy...) {
				carriers[a.ID] = true
				for _, l := range citationLines(a, labels[a.ID]) {
					fmt.Fprintf(&b, "  %s\n", l)
				}
			}
		} else {
			for _, l := range citationLines(src.Source, labels[src.Source.ID]) {
				fmt.Fprintf(&b, "%s\n", l)
			}
		}
		for _, p := range qa.MarkedPassages(src, c.Differences) {
			writePassage(&b, qa.WithMarks(p.Text, p.Marks, markOpen, markClose, nil), p.Passage, carriers, labels)
		}
	}
	return b.String()
}
