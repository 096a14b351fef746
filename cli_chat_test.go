package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
)

// TestChatLongLines feeds chat lines far over any buffer: each over-long
// line is refused with a note and the session goes on to answer the next.
func TestChatLongLines(t *testing.T) {
	refusal := "That line is over 1000 characters"
	tests := []struct {
		name    string
		line    string
		refused bool
	}{
		{"2 MB line", "What did Sheinbaum say? " + strings.Repeat("troops ", 300_000), true},
		{"1001 characters", strings.Repeat("é", 1001), true},
		{"1000 four-byte characters", strings.Repeat("😀", 1000), false},
		{"1000 characters, CRLF", strings.Repeat("a", 999) + "?\r", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := tt.line + "\nWhat did Sheinbaum say about sovereignty?\n"
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"--db", tempDB(t), "chat"}, func(string) string { return "" },
				strings.NewReader(input), &stdout, &stderr)
			if err != nil {
				t.Fatalf("chat ended with %v\n%s", err, stderr.String())
			}
			out := stdout.String()
			if got := strings.Count(out, refusal); got != map[bool]int{true: 1, false: 0}[tt.refused] {
				t.Errorf("refusals = %d, want refused %v:\n%.2000s", got, tt.refused, out)
			}
			if !strings.Contains(out, "Sovereignty is not for sale") {
				t.Errorf("the question after the long line was not answered:\n%.2000s", out)
			}
			if len(out) > 200_000 {
				t.Errorf("chat echoed the long line: %d bytes of output", len(out))
			}
		})
	}
}

func TestReadLine(t *testing.T) {
	const max = 10
	tests := []struct {
		name  string
		input string
		want  []string
		long  []bool
	}{
		{"short lines", "ab\ncd\n", []string{"ab", "cd"}, []bool{false, false}},
		{"last line without newline", "ab\ncd", []string{"ab", "cd"}, []bool{false, false}},
		{"CRLF", "ab\r\ncd\r\n", []string{"ab", "cd"}, []bool{false, false}},
		{"exactly max with newline", "123456789\n", []string{"123456789"}, []bool{false}},
		{"over max", "1234567890abc\nok\n", []string{"1234567890", "ok"}, []bool{true, false}},
		{"far over the reader's buffer", strings.Repeat("x", 100_000) + "\nok", []string{"xxxxxxxxxx", "ok"}, []bool{true, false}},
		{"empty lines", "\n\nok\n", []string{"", "", "ok"}, []bool{false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One byte per read, so lines arrive in pieces as from a terminal.
			r := bufio.NewReaderSize(iotest.OneByteReader(strings.NewReader(tt.input)), 16)
			var got []string
			var long []bool
			for {
				line, l, err := readLine(r, max)
				if err != nil && err != io.EOF {
					t.Fatal(err)
				}
				if err == io.EOF && line == "" && !l {
					break
				}
				got, long = append(got, line), append(long, l)
				if err == io.EOF {
					break
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(long) != len(tt.long) {
				t.Fatalf("lines = %q, want %q", got, tt.want)
			}
			for i := range long {
				if long[i] != tt.long[i] {
					t.Errorf("line %d long = %v, want %v", i, long[i], tt.long[i])
				}
			}
		})
	}
}

func TestParseQuoteRequest(t *testing.T) {
	tests := []struct {
		in      string
		want    quoteRequest
		wantErr bool
	}{
		{"speaker: Sheinbaum sovereignty", quoteRequest{words: []string{"Sheinbaum", "sovereignty"}, speakerFirst: true}, false},
		{"speaker: Claudia Sheinbaum, trade", quoteRequest{speaker: "Claudia Sheinbaum", topic: "trade"}, false},
		{"Speaker: Sheinbaum topic: trade deals", quoteRequest{speaker: "Sheinbaum", topic: "trade deals"}, false},
		{"--speaker Sheinbaum sovereignty", quoteRequest{speaker: "Sheinbaum", topic: "sovereignty"}, false},
		{`--speaker "Claudia Sheinbaum" --topic trade`, quoteRequest{speaker: "Claudia Sheinbaum", topic: "trade"}, false},
		{"--speaker=Hegseth cards on the table", quoteRequest{speaker: "Hegseth", topic: "cards on the table"}, false},
		{"sovereignty --speaker Sheinbaum", quoteRequest{speaker: "Sheinbaum", topic: "sovereignty"}, false},
		{"Hegseth", quoteRequest{words: []string{"Hegseth"}}, false},
		{"", quoteRequest{}, false},
		{"--speaker", quoteRequest{}, true},
		{"--loud Hegseth", quoteRequest{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseQuoteRequest(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got.speaker != tt.want.speaker || got.topic != tt.want.topic || got.speakerFirst != tt.want.speakerFirst ||
				strings.Join(got.words, "|") != strings.Join(tt.want.words, "|") {
				t.Errorf("parseQuoteRequest(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// chatSession runs chat over the given lines (piped, so no prompt) and
// returns what it printed.
func chatSession(t *testing.T, args []string, lines ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append(args, "chat"), func(string) string { return "" },
		strings.NewReader(strings.Join(lines, "\n")+"\n"), &stdout, &stderr)
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

// TestChatParsesItsHelpForms asks /quote in every form the help shows;
// each finds Sheinbaum's quotation about sovereignty, or about trade.
func TestChatParsesItsHelpForms(t *testing.T) {
	db := tempDB(t)
	for _, tt := range []struct{ line, want, notWant string }{
		{"/quote speaker: Sheinbaum sovereignty", "Sovereignty is not for sale", "Hegseth"},
		{"/quote speaker: Claudia Sheinbaum sovereignty", "Sovereignty is not for sale", "Hegseth"},
		{"/quote --speaker Sheinbaum sovereignty", "Sovereignty is not for sale", "Hegseth"},
		{`/quote --speaker "Claudia Sheinbaum" trade`, "trade agreements", "Hegseth"},
		{"/quote Sheinbaum trade", "trade agreements", "Hegseth"},
		{"/quote speaker: Sheinbaum, trade", "trade agreements", "Hegseth"},
		{"/quote --volume 11", "/quote has no --volume", ""},
	} {
		t.Run(tt.line, func(t *testing.T) {
			out := chatSession(t, []string{"--db", db}, tt.line)
			if !strings.Contains(out, tt.want) || (tt.notWant != "" && strings.Contains(out, tt.notWant)) {
				t.Errorf("%s printed:\n%s\nwant %q and not %q", tt.line, out, tt.want, tt.notWant)
			}
			first, _, _ := strings.Cut(out, "\n")
			if tt.notWant != "" && !strings.Contains(first, "Sheinbaum") {
				t.Errorf("%s: first quotation is not Sheinbaum's: %s", tt.line, first)
			}
		})
	}
}

// TestChatPipedHasNoPrompt: with stdin not a terminal, the output is the
// answers only, no banner or "> " prompt.
func TestChatPipedHasNoPrompt(t *testing.T) {
	out := chatSession(t, []string{"--db", tempDB(t)}, "What did Sheinbaum say about sovereignty?", "/sources")
	// Quotations are indented "  > "; a prompt would start a line.
	if regexp.MustCompile(`(?m)^> `).MatchString(out) || strings.Contains(out, "storybot chat.") {
		t.Errorf("piped chat printed a prompt or banner:\n%s", out)
	}
	if !strings.Contains(out, "Sovereignty is not for sale") || !strings.Contains(out, "Latin Times") {
		t.Errorf("piped chat did not answer:\n%s", out)
	}
}

// TestChatStories lists the stories and picks one: later questions,
// quotations and sources come from it alone.
func TestChatStories(t *testing.T) {
	dir := storiesDir(t)
	out := chatSession(t, []string{"--db", tempDB(t), "--corpus", dir},
		"/stories",
		"/story nowhere",
		"/story volcano",
		"/sources",
		"What happened to the city?", // the flood's, but the volcano story is chosen
		"/story all",
		"What happened to the city?",
	)
	for _, want := range []string{
		"volcano", "flood", "Volcano in Iceland", // /stories
		`No story is called "nowhere"`,
		"Asking about volcano from now on.",
		"Test Wire", // /sources of the volcano
		"Asking about every story again",
		"flooded the city center", // after /story all
	} {
		if !strings.Contains(out, want) {
			t.Errorf("chat lacks %q:\n%s", want, out)
		}
	}
	_, afterPick, _ := strings.Cut(out, "Asking about volcano from now on.")
	picked, _, _ := strings.Cut(afterPick, "Asking about every story again")
	if strings.Contains(picked, "River News") || strings.Contains(picked, "flooded") {
		t.Errorf("with the volcano story chosen, the flood story answered:\n%s", picked)
	}
}
