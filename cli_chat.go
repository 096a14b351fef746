package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

const chatHelp = `Ask a question, or use a command:
  /quote [speaker: NAME] [TOPIC]   quotations, by speaker and topic
  /speakers                        who is quoted
  /sources                         the articles
  /reload                          re-index the corpus folder
  /help                            this text
  /quit                            leave (or Ctrl-D)
`

// cmdChat is an interactive console that behaves like the Discord channel,
// so the bot's answers can be tried without Discord.
func cmdChat(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("chat", "chat")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("chat takes no arguments")
	}
	if err := a.ready(ctx, a.warnStderr); err != nil {
		return err
	}
	a.flushNotice() // before the first prompt, not at the end of the session
	fmt.Fprint(a.Stdout, "storybot chat. "+chatHelp+"> ")
	lines := bufio.NewScanner(a.Stdin)
	lines.Buffer(make([]byte, 64*1024), 1<<20)
	for lines.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(lines.Text())
		if line == "/quit" || line == "/exit" {
			return nil
		}
		if line != "" {
			if err := a.chatLine(ctx, line); err != nil {
				// One bad line must not end the session: say what went wrong and go on.
				a.Logger.Error("chat", "line", line, "err", err)
				fmt.Fprintln(a.Stdout, "Sorry, that went wrong:", err)
			}
		}
		fmt.Fprint(a.Stdout, "> ")
	}
	fmt.Fprintln(a.Stdout)
	return lines.Err()
}

func (a *app) chatLine(ctx context.Context, line string) error {
	cmd, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch cmd {
	case "/help":
		_, err := io.WriteString(a.Stdout, chatHelp)
		return err
	case "/sources":
		return cmdSources(ctx, a, nil)
	case "/speakers":
		return cmdSpeakers(ctx, a, nil)
	case "/reload":
		report, err := a.reload(ctx, nil)
		if err != nil {
			return err
		}
		_, err = io.WriteString(a.Stdout, formatReport(report))
		return err
	case "/quote":
		speaker, topic := parseQuoteRequest(rest)
		if speaker == "" && topic != "" {
			// "/quote Hegseth" means the speaker more often than the topic.
			if hits, err := a.Router.Quotes(ctx, topic, "", 1); err == nil && len(hits) > 0 {
				speaker, topic = topic, ""
			}
		}
		return a.printQuotes(ctx, speaker, topic, false)
	}
	if strings.HasPrefix(cmd, "/") {
		fmt.Fprintf(a.Stdout, "Unknown command %s.\n%s", cmd, chatHelp)
		return nil
	}
	ans, err := a.ask(ctx, "", line)
	if err != nil {
		return err
	}
	text, err := a.formatAnswer(ctx, ans)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.Stdout, text)
	return err
}

// parseQuoteRequest reads "/quote speaker: Sheinbaum sovereignty" or
// "/quote Sheinbaum" style arguments. A leading "speaker:" names the speaker;
// otherwise the caller decides whether the words name a speaker or a topic.
func parseQuoteRequest(s string) (speaker, topic string) {
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "speaker:") {
		s = strings.TrimSpace(s[len("speaker:"):])
		name, t, found := strings.Cut(s, ",")
		if !found {
			name, t, _ = strings.Cut(s, " topic:")
		}
		return strings.TrimSpace(name), strings.TrimSpace(t)
	}
	return "", s
}
