package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"storybot/bot"
	"storybot/qa"
)

const chatHelp = `Ask a question, or use a command:
  /compare TOPIC                   each source's sentences on a topic, side by side
  /quote [speaker: NAME] [TOPIC]   quotations, by speaker and topic
  /quote --speaker NAME [TOPIC]    the same; quote a name of several words: "Claudia Sheinbaum"
  /speakers                        who is quoted
  /sources                         the articles
  /stories                         the stories loaded
  /story NAME                      ask about one story from now on; /story all: every story again
  /reload                          re-index the corpus folder
  /help                            this text
  /quit                            leave (or Ctrl-D)
`

// cmdChat is an interactive console that behaves like the Discord channel,
// so the bot's answers can be tried without Discord. At a terminal it
// greets and prompts; with piped input it prints only the answers.
func cmdChat(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("chat", "chat [--story NAME]")
	story := fs.String("story", "", "ask about this story (folder name or title); default: the story each question fits best")
	forcePrompt := fs.Bool("prompt", false, "print the banner and the \"> \" prompt even when input is not a terminal, for programs that drive chat line by line")
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
	c := &chat{a: a, interactive: *forcePrompt || isTerminal(a.Stdin)}
	if *story != "" {
		if err := c.setStory(ctx, *story); err != nil {
			return usagef("--story: %v", err)
		}
	}
	if c.interactive {
		fmt.Fprint(a.Stdout, "storybot chat. "+chatHelp)
	}
	c.prompt()
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
			if err := c.line(ctx, line); err != nil {
				// One bad line must not end the session: say what went wrong and go on.
				a.Logger.Error("chat", "line", line, "err", err)
				fmt.Fprintln(a.Stdout, "Sorry, that went wrong:", err)
			}
		}
		if readErr == io.EOF {
			break
		}
		c.prompt()
	}
	if c.interactive {
		fmt.Fprintln(a.Stdout)
	}
	return nil
}

// isTerminal reports whether r is a terminal, where a prompt helps; in
// piped output it would only be noise.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// chat is one console session: the story it asks about, if one was chosen.
type chat struct {
	a           *app
	interactive bool
	story       string // "" means every story
}

func (c *chat) prompt() {
	if !c.interactive {
		return
	}
	if c.story != "" {
		fmt.Fprintf(c.a.Stdout, "[%s] > ", c.story)
		return
	}
	fmt.Fprint(c.a.Stdout, "> ")
}

// setStory makes the session ask about the named story; "all" (or "")
// goes back to every story. It returns an error naming the stories when
// there is no such story.
func (c *chat) setStory(ctx context.Context, name string) error {
	name = strings.TrimSpace(name)
	if name == "" || strings.EqualFold(name, "all") {
		c.story = ""
		return nil
	}
	s, err := c.a.Router.Resolve(ctx, name)
	if err != nil {
		return err
	}
	c.story = s.Name
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

func (c *chat) line(ctx context.Context, line string) error {
	a := c.a
	cmd, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	var storyArgs []string
	if c.story != "" {
		storyArgs = []string{"--story", c.story}
	}
	switch cmd {
	case "/help":
		_, err := io.WriteString(a.Stdout, chatHelp)
		return err
	case "/sources":
		return cmdSources(ctx, a, storyArgs)
	case "/speakers":
		return cmdSpeakers(ctx, a, storyArgs)
	case "/stories":
		return cmdStories(ctx, a, nil)
	case "/story":
		if rest == "" {
			if c.story == "" {
				_, err := fmt.Fprintln(a.Stdout, "Asking about every story; /story NAME picks one (see /stories).")
				return err
			}
			_, err := fmt.Fprintf(a.Stdout, "Asking about %s; /story all goes back to every story.\n", c.story)
			return err
		}
		if err := c.setStory(ctx, rest); err != nil {
			if errors.Is(err, qa.ErrUnknownStory) {
				_, err = fmt.Fprintf(a.Stdout, "No story is called %q; /stories lists them.\n", rest)
			}
			return err
		}
		if c.story == "" {
			_, err := fmt.Fprintln(a.Stdout, "Asking about every story again: each question goes to the story it fits best.")
			return err
		}
		_, err := fmt.Fprintf(a.Stdout, "Asking about %s from now on.\n", c.story)
		return err
	case "/compare":
		if rest == "" {
			_, err := fmt.Fprintln(a.Stdout, "Name a topic, e.g. /compare the death toll")
			return err
		}
		return cmdCompare(ctx, a, append(storyArgs, rest))
	case "/reload":
		report, err := a.reload(ctx, nil)
		if err != nil {
			return err
		}
		_, err = io.WriteString(a.Stdout, formatReport(report))
		return err
	case "/quote":
		req, err := parseQuoteRequest(rest)
		if err != nil {
			_, err = fmt.Fprintf(a.Stdout, "%v.\n%s", err, chatHelp)
			return err
		}
		speaker, topic, err := c.resolveQuoteRequest(ctx, req)
		if err != nil {
			return err
		}
		return a.printQuotes(ctx, c.story, speaker, topic, false)
	}
	if strings.HasPrefix(cmd, "/") {
		fmt.Fprintf(a.Stdout, "Unknown command %s.\n%s", cmd, chatHelp)
		return nil
	}
	ans, err := a.ask(ctx, c.story, line)
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

// quoteRequest is what a /quote line asks for. A speaker given with
// --speaker, or ended by a comma or "topic:", is certain; otherwise the
// leading words may name a speaker and the rest the topic, which only the
// index can tell (see resolveQuoteRequest).
type quoteRequest struct {
	speaker string   // certain
	words   []string // speaker words then topic words, to be told apart
	topic   string
	// speakerFirst says words start with a speaker ("speaker: NAME …"):
	// failing a match, they all name one.
	speakerFirst bool
}

// parseQuoteRequest reads the forms chat's help shows:
//
//	/quote speaker: Sheinbaum sovereignty
//	/quote speaker: Claudia Sheinbaum, trade
//	/quote speaker: Sheinbaum topic: trade
//	/quote --speaker Sheinbaum sovereignty
//	/quote --speaker "Claudia Sheinbaum" --topic trade
//	/quote Hegseth
//	/quote troops
//
// It returns an error for a flag it does not know or one without a value.
func parseQuoteRequest(s string) (quoteRequest, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "speaker:") {
		s = strings.TrimSpace(s[len("speaker:"):])
		if name, t, found := strings.Cut(s, ","); found {
			return quoteRequest{speaker: strings.TrimSpace(name), topic: strings.TrimSpace(t)}, nil
		}
		if i := strings.Index(strings.ToLower(s), "topic:"); i >= 0 {
			return quoteRequest{speaker: strings.TrimSpace(s[:i]), topic: strings.TrimSpace(s[i+len("topic:"):])}, nil
		}
		return quoteRequest{words: strings.Fields(s), speakerFirst: true}, nil
	}
	var (
		req   quoteRequest
		rest  []string
		words = splitQuoted(s)
	)
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "--") {
			rest = append(rest, w)
			continue
		}
		name, value, hasValue := strings.Cut(w[2:], "=")
		if !hasValue {
			if i+1 == len(words) {
				return quoteRequest{}, fmt.Errorf("--%s needs a value", name)
			}
			i++
			value = words[i]
		}
		switch name {
		case "speaker":
			req.speaker = value
		case "topic":
			req.topic = strings.TrimSpace(req.topic + " " + value)
		default:
			return quoteRequest{}, fmt.Errorf("/quote has no --%s", name)
		}
	}
	if req.speaker != "" || req.topic != "" {
		req.topic = strings.TrimSpace(req.topic + " " + strings.Join(rest, " "))
		return req, nil
	}
	req.words = rest
	return req, nil
}

// splitQuoted splits s into words, keeping "double-quoted phrases" whole.
func splitQuoted(s string) []string {
	var (
		words  []string
		cur    strings.Builder
		quoted bool
	)
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '“' || r == '”':
			quoted = !quoted
		case unicode.IsSpace(r) && !quoted:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return words
}

// resolveQuoteRequest tells the speaker from the topic when a request's
// words could be either: the longest run of leading words that names a
// quoted speaker is the speaker, the rest the topic. Without such a run,
// "speaker:" words all name the speaker and bare words are the topic.
func (c *chat) resolveQuoteRequest(ctx context.Context, req quoteRequest) (speaker, topic string, err error) {
	if len(req.words) == 0 {
		return req.speaker, req.topic, nil
	}
	for n := len(req.words); n >= 1; n-- {
		candidate := strings.Join(req.words[:n], " ")
		hits, err := c.a.Router.QuotesStory(ctx, c.story, candidate, "", 1)
		if err != nil {
			return "", "", fmt.Errorf("find speaker %q: %w", candidate, err)
		}
		if len(hits) > 0 {
			return candidate, strings.Join(req.words[n:], " "), nil
		}
	}
	if req.speakerFirst {
		return strings.Join(req.words, " "), "", nil
	}
	return "", strings.Join(req.words, " "), nil
}
