package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"storybot/bot"
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
	in := bufio.NewReader(a.Stdin)
	for {
		raw, long, readErr := readLine(in, maxChatLine)
		if readErr != nil && readErr != io.EOF {
			return fmt.Errorf("read chat input: %w", readErr)
		}
		if readErr == io.EOF && raw == "" && !long {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(raw)
		if line == "/quit" || line == "/exit" {
			return nil
		}
		if n := utf8.RuneCountInString(line); long || n > bot.MaxQuestion {
			// As in Discord, which takes no longer question; the session goes on.
			fmt.Fprintf(a.Stdout, "That line is over %d characters, the most a question may have; it was skipped. Please ask something shorter.\n", bot.MaxQuestion)
		} else if line != "" {
			if err := a.chatLine(ctx, line); err != nil {
				// One bad line must not end the session: say what went wrong and go on.
				a.Logger.Error("chat", "line", line, "err", err)
				fmt.Fprintln(a.Stdout, "Sorry, that went wrong:", err)
			}
		}
		if readErr == io.EOF {
			break
		}
		fmt.Fprint(a.Stdout, "> ")
	}
	fmt.Fprintln(a.Stdout)
	return nil
}

// maxChatLine is how much of one chat line is kept: a question of
// bot.MaxQuestion characters of up to 4 bytes each, and its line ending.
const maxChatLine = 4*bot.MaxQuestion + 2

// readLine reads one line of any length from r, without its line ending,
// keeping at most max bytes of it; long reports that more was dropped, so
// an endless line costs max bytes of memory, not its length. At the end of
// the input it returns the last line, if any, with io.EOF; other read
// errors come back as they are.
func readLine(r *bufio.Reader, max int) (line string, long bool, err error) {
	var kept []byte
	for {
		chunk, err := r.ReadSlice('\n')
		room := max - len(kept)
		if len(chunk) > room {
			chunk, long = chunk[:room], true
		}
		kept = append(kept, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		line = strings.TrimSuffix(strings.TrimSuffix(string(kept), "\n"), "\r")
		return line, long, err
	}
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
