package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

type storyJSON struct {
	Name      string `json:"name"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Articles  int    `json:"articles"`
	Sentences int    `json:"sentences"`
}

// cmdStories lists the indexed stories.
func cmdStories(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("stories", "stories [--json]")
	asJSON := fs.Bool("json", false, "print the stories as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("stories takes no arguments")
	}
	if err := a.ready(ctx, a.warnStderr); err != nil {
		return err
	}
	stories, err := a.Router.List(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Stories []storyJSON `json:"stories"`
		}{Stories: []storyJSON{}}
		for _, s := range stories {
			out.Stories = append(out.Stories, storyJSON{Name: s.Name, Title: s.Title, Summary: s.Summary,
				Articles: s.Articles, Sentences: s.Sentences})
		}
		return writeJSON(a.Stdout, out)
	}
	if len(stories) == 0 {
		fmt.Fprintln(a.Stdout, "No stories are loaded.")
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tARTICLES\tSENTENCES\tTITLE")
	for _, s := range stories {
		name := s.Name
		if name == "" {
			name = "(top folder)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", name, s.Articles, s.Sentences, s.Title)
		if s.Summary != "" {
			fmt.Fprintf(tw, "\t\t\t  %s\n", s.Summary)
		}
	}
	return tw.Flush()
}
