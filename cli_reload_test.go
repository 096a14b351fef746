package main

import (
	"strings"
	"testing"
)

func TestReloadVerifyReportsTotals(t *testing.T) {
	db := tempDB(t)
	for _, args := range [][]string{{"--db", db, "reload", "--verify"}, {"--db", db, "reload", "--verify", "--json"}} {
		stdout, stderr, code := runCLI(t, nil, args...)
		if code != 0 || !strings.Contains(stderr, "verified: the stored totals equal the rows") || stdout == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}
