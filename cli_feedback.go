package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"storybot/corpus"
	"storybot/store"
)

// defaultFeedbackRetention is how long serve keeps votes before deleting
// them, unless --feedback-retention or STORYBOT_FEEDBACK_RETENTION says
// otherwise (docs/discord.md documents it).
const defaultFeedbackRetention = 90 * 24 * time.Hour

// feedbackJSON is the stable `feedback --json` shape.
type feedbackJSON struct {
	Votes []voteJSON `json:"votes"`
	Up    int        `json:"up"`
	Down  int        `json:"down"`
}

type voteJSON struct {
	ID            int64                `json:"id"`
	At            string               `json:"at"`
	Vote          string               `json:"vote"` // "up" or "down"
	Question      string               `json:"question"`
	Story         string               `json:"story"`
	Cited         []corpus.SentenceRef `json:"cited"`
	CorpusVersion string               `json:"corpus_version"`
	User          string               `json:"user"` // salted hash, never the Discord id
	Answer        string               `json:"answer"`
}

// cmdFeedback lists the 👍/👎 votes cast in Discord, or deletes old ones.
func cmdFeedback(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("feedback", "feedback [--json] [--purge-older-than AGE]")
	asJSON := fs.Bool("json", false, "print the votes as JSON")
	purge := fs.String("purge-older-than", "", "delete the votes older than `AGE` (e.g. 90d, 12h) instead of listing them")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("feedback takes no arguments")
	}
	var age time.Duration
	if *purge != "" {
		var err error
		if age, err = parseAge(*purge); err != nil {
			return usagef("--purge-older-than: %v", err)
		}
	}
	// Votes need no index: open the database without reloading the corpus.
	if err := a.open(ctx); err != nil {
		return err
	}
	if *purge != "" {
		cutoff := time.Now().Add(-age)
		n, err := a.DB.PurgeFeedback(ctx, cutoff)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(a.Stdout, struct {
				Deleted int64  `json:"deleted"`
				Before  string `json:"before"`
			}{n, cutoff.UTC().Format(time.RFC3339)})
		}
		_, err = fmt.Fprintf(a.Stdout, "Deleted %d %s cast before %s.\n", n, votesWord(int(n)), cutoff.UTC().Format(time.RFC3339))
		return err
	}
	entries, err := a.DB.FeedbackEntries(ctx)
	if err != nil {
		return err
	}
	out := feedbackJSON{Votes: []voteJSON{}}
	for _, e := range entries {
		v := voteJSON{ID: e.ID, At: e.At.UTC().Format(time.RFC3339), Vote: "down", Question: e.Question, Story: e.Story,
			Cited: e.Cited, CorpusVersion: e.CorpusVersion, User: e.UserHash, Answer: e.Answer}
		if v.Cited == nil {
			v.Cited = []corpus.SentenceRef{}
		}
		if e.Up {
			v.Vote = "up"
			out.Up++
		} else {
			out.Down++
		}
		out.Votes = append(out.Votes, v)
	}
	if *asJSON {
		return writeJSON(a.Stdout, out)
	}
	if len(entries) == 0 {
		_, err := fmt.Fprintln(a.Stdout, "No votes yet: serve puts 👍/👎 buttons under every answer in Discord.")
		return err
	}
	fmt.Fprintf(a.Stdout, "%d %s: %d 👍, %d 👎\n\n", len(entries), votesWord(len(entries)), out.Up, out.Down)
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tVOTE\tCITED\tQUESTION")
	for _, v := range out.Votes {
		mark := "👎"
		if v.Vote == "up" {
			mark = "👍"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", v.At, mark, len(v.Cited), oneLineText(v.Question))
	}
	return tw.Flush()
}

func votesWord(n int) string {
	if n == 1 {
		return "vote"
	}
	return "votes"
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseAge reads an age as days ("90d") or a Go duration ("12h", "30m").
// It returns an error for anything else, or an age not above zero.
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number of days such as 90d", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not an age such as 90d or 12h", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q: the age must be above zero", s)
	}
	return d, nil
}

// purgeFeedbackEvery deletes votes older than retention now and then once
// a day until ctx ends; failures are logged, never fatal.
func purgeFeedbackEvery(ctx context.Context, db *store.DB, retention time.Duration, log *slog.Logger) {
	purge := func() {
		n, err := db.PurgeFeedback(ctx, time.Now().Add(-retention))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("purge old feedback", "err", err)
		case n > 0:
			log.Info("purged old feedback", "deleted", n, "retention", retention.String())
		}
	}
	purge()
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			purge()
		}
	}
}
