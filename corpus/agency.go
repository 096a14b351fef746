package corpus

import (
	"regexp"
	"strings"
)

// agencyCredits are the ways a text credits a news agency with the report
// itself: a dateline ("NEW YORK (AP) —", "SEOUL (Reuters) -"), a byline or
// a contribution note. Photo credits ("(AP Photo/…)", "Kim Kyung Hoon /
// Reuters") and sourcing ("told Reuters", "Reuters reported") credit the
// agency with something else and do not count. Every credit holds one of
// its marks, so most texts never run the pattern.
var agencyCredits = []struct {
	name  string
	marks []string
	re    *regexp.Regexp
}{
	{"AP", []string{"(AP)", "Associated Press"}, regexp.MustCompile(`\(AP\)|\bBy The Associated Press\b|\bAssociated Press [Ww]riters?\b|\bThe Associated Press contributed\b|\bCopyright \d{4} The Associated Press\b`)},
	{"Reuters", []string{"Reuters"}, regexp.MustCompile(`\(Reuters\)|\bReuters contributed\b|\bCopyright \d{4} (?:Thomson )?Reuters\b`)},
	{"AFP", []string{"AFP", "Agence France-Presse"}, regexp.MustCompile(`\(AFP\)\s*[-—–]|\bAgence France-Presse contributed\b|\bAFP contributed\b`)},
}

// Agency returns the news agency ("AP", "Reuters" or "AFP") that text
// credits with the report, the earliest credit winning, or "" when it
// credits none.
func Agency(text string) string {
	best, at := "", len(text)+1
	for _, c := range agencyCredits {
		marked := false
		for _, m := range c.marks {
			marked = marked || strings.Contains(text, m)
		}
		if !marked {
			continue
		}
		if loc := c.re.FindStringIndex(text); loc != nil && loc[0] < at {
			best, at = c.name, loc[0]
		}
	}
	return best
}
