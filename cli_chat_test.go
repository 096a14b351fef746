package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
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
