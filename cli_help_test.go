package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestHelpMatchesUsage checks each command's -h against the main usage:
// the same synopsis, and flags spelled with two dashes as both write them.
func TestHelpMatchesUsage(t *testing.T) {
	singleDash := regexp.MustCompile(`(?m)^\s+-[a-z]`)
	for _, tt := range []struct {
		command string
		flags   []string // each must be in the synopsis and in the flag list
	}{
		{"ask", []string{"--json", "--story"}},
		{"compare", []string{"--json", "--story"}},
		{"quote", []string{"--json", "--story", "--speaker", "--limit"}},
		{"speakers", []string{"--json", "--story"}},
		{"sources", []string{"--json", "--story"}},
		{"stories", []string{"--json"}},
		{"reload", []string{"--json", "--story"}},
		{"version", []string{"--json"}},
		{"chat", []string{"--story"}},
		{"health", []string{"--addr", "--timeout"}},
		{"feedback", []string{"--json", "--purge-older-than"}},
	} {
		t.Run(tt.command, func(t *testing.T) {
			_, stderr, code := runCLI(t, nil, tt.command, "-h")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			first, flagList, _ := strings.Cut(stderr, "\n")
			synopsis := strings.TrimPrefix(first, "Usage: storybot ")
			if synopsis == first {
				t.Fatalf("help starts %q, want \"Usage: storybot …\"", first)
			}
			if !strings.Contains(mainUsage, "\n  "+synopsis+"\n") && !strings.Contains(mainUsage, "\n  "+synopsis+"  ") {
				t.Errorf("the main usage does not show %q", synopsis)
			}
			for _, f := range tt.flags {
				if !strings.Contains(synopsis, "["+f) {
					t.Errorf("synopsis %q lacks %s", synopsis, f)
				}
				if !strings.Contains(flagList, "\n  "+f) {
					t.Errorf("flag list lacks %s:\n%s", f, flagList)
				}
			}
			if m := singleDash.FindString(stderr); m != "" {
				t.Errorf("help spells a flag with one dash (%q):\n%s", m, stderr)
			}
		})
	}
}

func TestBenchHelpHidesInternalFlags(t *testing.T) {
	_, stderr, code := runCLI(t, nil, "bench", "-h")
	if code != 0 || !strings.Contains(stderr, "--sentences") {
		t.Fatalf("bench -h: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "serve-probe") || strings.Contains(stderr, "internal") {
		t.Errorf("bench -h shows the internal flag:\n%s", stderr)
	}
}

// TestErrorsSayEachThingOnce opens a database whose folder is a file: the
// error names the file once, not once per layer.
func TestErrorsSayEachThingOnce(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(notDir, "storybot.db")
	_, stderr, code := runCLI(t, nil, "--db", db, "sources")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, stderr)
	}
	if n := strings.Count(stderr, db); n != 1 {
		t.Errorf("the error names %s %d times, want once:\n%s", db, n, stderr)
	}
	if strings.Contains(stderr, "open database") && strings.Contains(stderr, "open store") {
		t.Errorf("the error says open twice:\n%s", stderr)
	}
}

// TestQuoteSaysHowManyMore: the seed story quotes Sheinbaum more often
// than the limit; quote says how many are left and --limit shows them.
func TestQuoteSaysHowManyMore(t *testing.T) {
	db := tempDB(t)
	all, stderr, code := runCLI(t, nil, "--db", db, "quote", "--json", "--limit", "1000", "--speaker", "Sheinbaum")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var full struct {
		Quotes []quoteJSON `json:"quotes"`
		More   int         `json:"more"`
	}
	if err := json.Unmarshal([]byte(all), &full); err != nil || full.More != 0 || len(full.Quotes) < 3 {
		t.Fatalf("quote --limit 1000: %d quotes, %d more (%v); want all, at least 3", len(full.Quotes), full.More, err)
	}
	n := len(full.Quotes)
	stdout, _, _ := runCLI(t, nil, "--db", db, "quote", "--limit", "2", "--speaker", "Sheinbaum")
	want := fmt.Sprintf("… and %d more quotations; use --limit %d to see them all.", n-2, n)
	if !strings.Contains(stdout, want) {
		t.Errorf("quote --limit 2 lacks %q:\n%s", want, stdout)
	}
	stdout, _, _ = runCLI(t, nil, "--db", db, "quote", "--json", "--limit", "2", "--speaker", "Sheinbaum")
	var part struct {
		Quotes []quoteJSON `json:"quotes"`
		More   int         `json:"more"`
	}
	if err := json.Unmarshal([]byte(stdout), &part); err != nil || len(part.Quotes) != 2 || part.More != n-2 {
		t.Errorf("quote --json --limit 2: %d quotes, more %d (%v); want 2 and %d", len(part.Quotes), part.More, err, n-2)
	}
	stdout, _, _ = runCLI(t, nil, "--db", db, "quote", "--limit", strconv.Itoa(n), "--speaker", "Sheinbaum")
	if strings.Contains(stdout, "more") {
		t.Errorf("every quotation shown, yet quote says there are more:\n%s", stdout)
	}
}
