package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAskWireCopies: one AP story three outlets ran (qa/testdata/wire)
// answers as one report: --json keeps source and adds carried_by and
// agency, the console names every outlet once and does not call the
// carriers "also reported by".
func TestAskWireCopies(t *testing.T) {
	dir, db := filepath.Join("qa", "testdata", "wire"), tempDB(t)
	const question = "How much was the electric bill?"
	out := askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", question)
	if out.NotFound || len(out.Answers) == 0 {
		t.Fatalf("not answered: %+v", out)
	}
	first := out.Answers[0]
	if len(first.CarriedBy) != 2 || first.Agency != "AP" {
		t.Errorf("first answer %s carried by %+v, agency %q; want two others and AP", first.Source.ID, first.CarriedBy, first.Agency)
	}
	seen := map[string]int{first.Source.ID: 1}
	for _, a := range first.CarriedBy {
		seen[a.ID]++
	}
	for _, ans := range out.Answers[1:] {
		if seen[ans.Source.ID] > 0 {
			t.Errorf("%s is cited again after carrying the first answer", ans.Source.ID)
		}
		if ans.CarriedBy == nil {
			t.Errorf("%s: carried_by is null, want []", ans.Source.ID)
		}
	}

	stdout, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "ask", question)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The first source block follows the line saying whether the reports
	// agree, which counts the report once.
	if !strings.HasPrefix(stdout, "2 sources agree: $284 billion\n\nAP, via dailymail.co.uk, nytimes.com, washingtonpost.com\n") {
		t.Errorf("console answer does not open with the agreement and the report's outlets:\n%s", stdout)
	}
	if strings.Contains(stdout, "also reported by") {
		t.Errorf("the carriers are also called 'also reported by':\n%s", stdout)
	}
}
