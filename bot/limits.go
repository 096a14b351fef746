package bot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's message limits. Discord counts UTF-16 code units, never fewer
// than runes, so textLen counts those too.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxEmbedFields = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthorName  = 256
	maxEmbedTotal  = 6000 // title, description, field names and values, footer and author, over all embeds
)

// ellipsis marks text left out.
const ellipsis = "…"

// Reply is one message as the bot sends it: content and embeds, always
// within Discord's limits, and the rows of buttons under it.
type Reply struct {
	Content string
	Embeds  []*discordgo.MessageEmbed
	// Components are left out of golden files when there are none.
	Components []actionRow `json:",omitempty"`
}

// noMentions is attached to everything the bot sends: quoted text and
// questions must never ping anyone, and replies never ping their author.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// textLen is the length of s as Discord counts it (UTF-16 code units).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// CheckLimits reports the first Discord limit r breaks, or nil when Discord
// would accept it.
func CheckLimits(r Reply) error {
	if n := textLen(r.Content); n > maxContent {
		return fmt.Errorf("content is %d long, over %d", n, maxContent)
	}
	if r.Content == "" && len(r.Embeds) == 0 {
		return fmt.Errorf("message is empty")
	}
	if len(r.Embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds, over %d", len(r.Embeds), maxEmbeds)
	}
	total := 0
	check := func(what, s string, max int) error {
		n := textLen(s)
		total += n
		if n > max {
			return fmt.Errorf("%s is %d long, over %d", what, n, max)
		}
		return nil
	}
	for i, e := range r.Embeds {
		if err := check(fmt.Sprintf("embed %d title", i), e.Title, maxEmbedTitle); err != nil {
			return err
		}
		if err := check(fmt.Sprintf("embed %d description", i), e.Description, maxEmbedDesc); err != nil {
			return err
		}
		if len(e.Fields) > maxEmbedFields {
			return fmt.Errorf("embed %d has %d fields, over %d", i, len(e.Fields), maxEmbedFields)
		}
		for j, f := range e.Fields {
			if f.Name == "" || f.Value == "" {
				return fmt.Errorf("embed %d field %d has an empty name or value", i, j)
			}
			if err := check(fmt.Sprintf("embed %d field %d name", i, j), f.Name, maxFieldName); err != nil {
				return err
			}
			if err := check(fmt.Sprintf("embed %d field %d value", i, j), f.Value, maxFieldValue); err != nil {
				return err
			}
		}
		if e.Footer != nil {
			if err := check(fmt.Sprintf("embed %d footer", i), e.Footer.Text, maxFooter); err != nil {
				return err
			}
		}
		if e.Author != nil {
			if err := check(fmt.Sprintf("embed %d author", i), e.Author.Name, maxAuthorName); err != nil {
				return err
			}
		}
	}
	if total > maxEmbedTotal {
		return fmt.Errorf("embeds total %d, over %d", total, maxEmbedTotal)
	}
	return nil
}

// splitSentences cuts text after sentence-ending punctuation (with any
// closing quotes or brackets) that is followed by a space. It only decides
// where trimming may cut, so it can afford to be simple.
func splitSentences(text string) []string {
	var out []string
	start := 0
	runes := []rune(text)
	byteAt := make([]int, len(runes)+1)
	off := 0
	for i, r := range runes {
		byteAt[i] = off
		off += utf8.RuneLen(r)
	}
	byteAt[len(runes)] = off
	for i := 0; i < len(runes); i++ {
		if !strings.ContainsRune(".!?…", runes[i]) {
			continue
		}
		j := i + 1
		for j < len(runes) && strings.ContainsRune("\"'”’»)]*_", runes[j]) {
			j++
		}
		if j < len(runes) && unicode.IsSpace(runes[j]) {
			piece := strings.TrimSpace(text[byteAt[start]:byteAt[j]])
			if piece != "" {
				out = append(out, piece)
			}
			start = j
			i = j
		}
	}
	if rest := strings.TrimSpace(text[byteAt[start]:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// trimText fits text into max by dropping whole sentences from the end and
// marking the cut with "…". Only a first sentence that alone is too long is
// cut inside, at a word boundary when there is one. It looks at no more of
// text than fits, so a 10 KB sentence costs no more than a short one.
func trimText(text string, max int) string {
	if textLen(text) <= max {
		return text
	}
	if max <= textLen(ellipsis) {
		return ""
	}
	// Only sentences that end within the room can be kept; one rune more
	// shows whether the room ends right after a sentence.
	prefix := cutUnits(text, max)
	if len(prefix) < len(text) {
		_, size := utf8.DecodeRuneInString(text[len(prefix):])
		prefix = text[:len(prefix)+size]
	}
	pieces := splitSentences(prefix)
	if len(pieces) > 0 {
		pieces = pieces[:len(pieces)-1] // the last one runs past the room
	}
	kept, n := "", 0
	for _, s := range pieces {
		w := textLen(s)
		if kept != "" {
			w++ // the joining space
		}
		if n+w+1+textLen(ellipsis) > max {
			break
		}
		if kept != "" {
			kept += " "
		}
		kept += s
		n += w
	}
	if kept != "" {
		return kept + " " + ellipsis
	}
	return cutWords(text, max-textLen(ellipsis)) + ellipsis
}

// cutUnits returns the longest prefix of text at most max UTF-16 units long,
// cut at a rune boundary.
func cutUnits(text string, max int) string {
	n := 0
	for i, r := range text {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > max {
			return text[:i]
		}
		n += w
	}
	return text
}

// cutWords returns the longest prefix of text within max that ends at a word
// boundary, or at a rune boundary when the text has no space early enough.
func cutWords(text string, max int) string {
	n, end, lastSpace := 0, 0, -1
	for i, r := range text {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > max {
			break
		}
		if unicode.IsSpace(r) {
			lastSpace = i
		}
		n += w
		end = i + utf8.RuneLen(r)
	}
	if end < len(text) && lastSpace > 0 && lastSpace > end/2 {
		end = lastSpace
	}
	return strings.TrimRightFunc(text[:end], unicode.IsSpace)
}

// markdownEscaper makes quoted text display verbatim instead of as Discord
// markdown, and keeps "<@123>" from rendering as a mention.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, "~", `\~`, "`", "\\`", "|", `\|`,
	"[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`,
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// escapeLinkURL keeps a URL from ending a markdown link early.
func escapeLinkURL(u string) string {
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u)
}

// trimLines fits a multi-line text into max by dropping whole lines from the
// end, marking the cut with a last "…" line.
func trimLines(text string, max int) string {
	if textLen(text) <= max {
		return text
	}
	lines := strings.Split(text, "\n")
	kept := ""
	for _, l := range lines {
		next := l
		if kept != "" {
			next = kept + "\n" + l
		}
		if textLen(next)+1+textLen(ellipsis) > max {
			break
		}
		kept = next
	}
	if kept == "" {
		return trimText(lines[0], max)
	}
	return kept + "\n" + ellipsis
}
