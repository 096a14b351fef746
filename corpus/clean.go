package corpus

import (
	"strings"
	"unicode"
)

// clean drops paragraphs that are page furniture rather than reporting:
// photo captions and credits, copyright notices, "Read more" links,
// advertisement markers, share-button residue, bylines and timestamps. It
// returns the paragraphs kept, in order, and an outlet name learned from a
// copyright or agency line, if any.
func clean(paras []string) (kept []string, outlet string) {
	lastRaw := -2 // raw index of the last kept paragraph
	for i, p := range paras {
		l := strings.ToLower(p)
		if isToggleLine(l) {
			// "Toggle legend Marco UGARTE / AP" credits the photo whose
			// caption is the single-sentence paragraph right before it.
			if lastRaw == i-1 && len(kept) > 0 && len(Split(kept[len(kept)-1])) <= 1 {
				kept = kept[:len(kept)-1]
				lastRaw = -2
			}
			continue
		}
		if o, ok := copyrightLine(p, l); ok {
			if outlet == "" {
				outlet = o
			}
			continue
		}
		if o, ok := datelineStamp(p, l); ok {
			if outlet == "" {
				outlet = o
			}
			continue
		}
		if isClutter(p, l) {
			continue
		}
		kept = append(kept, p)
		lastRaw = i
	}
	return kept, outlet
}

func isToggleLine(l string) bool {
	return strings.HasPrefix(l, "toggle legend") || strings.HasPrefix(l, "toggle caption") ||
		strings.HasPrefix(l, "toggle légende") || strings.HasPrefix(l, "toggle legende")
}

// copyrightLine recognises copyright notices and names the holder when the
// line starts with the notice ("© 2025 Latin Times. All rights reserved.").
func copyrightLine(p, l string) (holder string, ok bool) {
	if !(strings.Contains(p, "©") || strings.HasPrefix(l, "copyright") ||
		strings.Contains(l, "all rights reserved") || strings.Contains(l, "do not reproduce") ||
		strings.Contains(l, "may not be published, broadcast, rewritten or redistributed")) {
		return "", false
	}
	rest := p
	switch {
	case strings.HasPrefix(rest, "©"):
		rest = strings.TrimPrefix(rest, "©")
	case strings.HasPrefix(l, "copyright"):
		rest = strings.TrimLeft(rest[len("copyright"):], " ")
		rest = strings.TrimPrefix(rest, "©")
	default:
		return "", true
	}
	rest = strings.TrimLeft(rest, " ")
	rest = strings.TrimLeft(rest, "0123456789-– ")
	rest = strings.TrimPrefix(rest, "©")
	if i := strings.IndexAny(rest, ".,|"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if rest == "" || len(rest) > 48 || len(strings.Fields(rest)) > 5 {
		return "", true
	}
	return rest, true
}

// datelineStamp recognises agency stamps such as
// "Xinhua | Updated: 2017-09-15 17:52" and names the agency.
func datelineStamp(p, l string) (agency string, ok bool) {
	if strings.Contains(l, "updated: 20") || strings.HasPrefix(l, "updated at ") ||
		strings.HasPrefix(l, "updated ") && len(l) < 60 ||
		strings.HasPrefix(l, "published: ") || strings.HasPrefix(l, "posted: ") {
		before, _, found := strings.Cut(p, "|")
		if found {
			before = strings.TrimSpace(before)
			if len(strings.Fields(before)) <= 3 {
				return before, true
			}
		}
		return "", true
	}
	return "", false
}

// clutterLines are whole paragraphs (lowercase, trailing punctuation
// removed) that are never reporting.
var clutterLines = setOf("advertisement", "advertisement continue reading the main story",
	"continue reading the main story", "continue reading", "photo", "photos", "video", "image",
	"read more", "scroll down for video", "savesave", "share", "share this", "share this article",
	"share this story", "subscribe to updates", "subscribe", "related", "related articles",
	"related stories", "more from the new york times", "story highlights", "___", "...", "—", "-",
	"reuters", "ap", "afp", "getty", "getty images", "epa", "xinhua", "pa", "play video",
	"watch video", "close", "skip ad", "sponsored", "sponsored content", "hide caption",
	"enlarge this image", "image copyright", "media caption", "comments", "print", "email")

// clutterPrefixes start paragraphs that are links or promotions.
var clutterPrefixes = []string{"read more:", "read more ", "read or share this story", "more: ",
	"sign up for", "sign up to", "we pay for", "click here", "chat with us in facebook messenger",
	"this is a breaking news story", "enlarge this image", "information from:", "related:",
	"see also:", "watch:", "listen:", "image copyright", "media caption", "photo:", "photograph:",
	"slideshow (", "getty images", "image: ", "source: ", "follow us on", "like us on facebook",
	"download our app", "subscribe to our", "the associated press contributed to this report"}

// shareWords are the labels of share buttons.
var shareWords = setOf("share", "tweet", "email", "e-mail", "pin", "facebook", "twitter",
	"whatsapp", "linkedin", "print", "reddit", "copy", "link", "comments", "comment", "save",
	"messenger", "pinterest", "sms", "flipboard", "google+", "this", "article", "on", "story", "via")

func isClutter(p, l string) bool {
	bare := strings.TrimRight(l, " .:!")
	if bare == "" || clutterLines[bare] {
		return true
	}
	for _, pre := range clutterPrefixes {
		if strings.HasPrefix(l, pre) {
			return true
		}
	}
	words := countWords(l, 16) // only compared with 15 and less
	if strings.Contains(l, "hide caption") || strings.Contains(l, "http://") || strings.Contains(l, "https://") {
		return true
	}
	if words <= 15 && strings.HasPrefix(l, "follow ") &&
		(strings.Contains(l, "twitter") || strings.Contains(l, "facebook") || strings.Contains(l, "instagram") || strings.Contains(l, "@")) {
		return true
	}
	if words <= 8 && strings.HasSuffix(bare, "read more") {
		return true
	}
	if isShareResidue(l) {
		return true
	}
	return isCredit(p, l, words)
}

// countWords is len(strings.Fields(s)), counting no further than limit.
func countWords(s string, limit int) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			in = true
			n++
			if n >= limit {
				return n
			}
		}
	}
	return n
}

func isShareResidue(l string) bool {
	// The fields of strings.FieldsFunc, read one at a time: most
	// paragraphs fail on their first word, so none are collected.
	sep := func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("|/·•,:", r) }
	n := 0
	for rest := l; ; {
		start := strings.IndexFunc(rest, func(r rune) bool { return !sep(r) })
		if start < 0 {
			break
		}
		rest = rest[start:]
		end := strings.IndexFunc(rest, sep)
		if end < 0 {
			end = len(rest)
		}
		if !shareWords[rest[:end]] {
			return false
		}
		n++
		rest = rest[end:]
	}
	return n > 0
}

// isCredit recognises photo credits, captions marked as such, and bylines:
// short lines without closing punctuation that name a photographer or agency
// ("David Becker/Getty Images", "(Lucy Pasha Robinson / The Independent)",
// "By Jane Doe").
func isCredit(p, l string, words int) bool {
	// Galleries and captions credit the agency; body text almost never
	// mentions Getty Images or a slideshow.
	if strings.Contains(l, "getty images") || strings.Contains(l, "play slideshow") ||
		strings.HasSuffix(l, "(getty)") || strings.HasSuffix(l, "/ap)") || strings.HasSuffix(l, "/reuters)") ||
		strings.HasSuffix(l, "(afp)") || strings.HasSuffix(l, "/afp)") || strings.HasSuffix(l, "(ap)") ||
		strings.Contains(l, "photograph:") || strings.Contains(l, "(photo:") ||
		strings.Contains(l, "(file photo)") || strings.HasSuffix(l, "/getty images") ||
		strings.HasSuffix(l, "/ap") || strings.HasSuffix(l, "/reuters") || strings.HasSuffix(l, "/afp") {
		return true
	}
	if words > 7 {
		return false
	}
	last := p[len(p)-1]
	closed := strings.ContainsRune(".!?\"”’", rune(last))
	if closed {
		return false
	}
	if strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") {
		return true
	}
	if strings.Contains(p, "/") && !strings.ContainsAny(p, "0123456789") {
		return true
	}
	if strings.HasPrefix(l, "by ") && words <= 5 {
		return true
	}
	return false
}

// splitClean cuts a kept paragraph into its citable sentences.
func splitClean(p string) []string {
	return Split(p)
}
