package bot

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
	"storybot/qa"
)

const (
	embedColor = 0x2b6cb0
	// footerRoom is kept free in the embed total for the footer, so a note
	// about what was left out always fits.
	footerRoom = 160
	// minQuoteRoom is the least room worth giving a cited sentence; below it
	// the source is left out rather than shown as a stub.
	minQuoteRoom = 40
	// maxLabel caps a citation's link text, so a pathological title can
	// never crowd out the sentences it cites.
	maxLabel = 150
	// maxLinkURL is the longest URL made into a link; longer ones are left
	// out of the citation rather than cut, since a cut URL is a wrong one.
	maxLinkURL = 400
)

// notFoundText is what the bot says when no source addresses a question.
const notFoundText = "The sources don't say."

// RenderAnswer turns an answer into one Discord message: an embed whose
// fields are the sources, each with its cited sentences (a quotation the
// sentence splitter cut joined back into one, see qa.Passages), their
// positions, a "reported by both" mark where another source carries the
// same sentence, and a citation line: the title as a link to the article
// and the short date. Fields are named by outlet, or by title when there is
// none (qa.SourceLabels tells two articles of one outlet apart); a file name
// shows only for an article with neither. Sources come best first, or
// newest report first for a question about an outcome or the present
// (qa.ReadingOrder). A report several outlets carry is one field named for
// all of them ("AP, via nytimes.com, washingtonpost.com"), cited from the
// first. It trims whole sentences, then whole sources, to stay within every
// Discord limit, and never cuts a citation. An answer with nothing to cite
// becomes the plain "The sources don't say."
func RenderAnswer(ans qa.Answer) Reply {
	question := strings.TrimSpace(ans.Question)
	if ans.NotFound || len(ans.Sources) == 0 {
		content := notFoundText
		if question != "" {
			content = trimText("> "+escapeMarkdown(oneLine(question)), maxContent-1-len(notFoundText)) + "\n" + notFoundText
		}
		return Reply{Content: content}
	}
	b := newEmbedBuilder(trimText(oneLine(question), maxEmbedTitle))
	b.describe(differenceText(qa.DifferenceNotes(ans)))
	// Side by side matters more than depth: first every source that fits
	// gets its best sentence, then the room left goes to further sentences,
	// best source first.
	type planned struct {
		name, citation, value string
		lines                 []string
	}
	var plan []planned
	labels := qa.SourceLabels(ans)
	sources := qa.ReadingOrder(ans)
	room := maxEmbedTotal - footerRoom - b.used
	for _, src := range sources {
		if len(plan) == maxEmbedFields {
			break
		}
		name, citation, carriers := sourceField(src, labels)
		p := planned{name: name, citation: citation}
		for _, c := range qa.Passages(src.Sentences) {
			p.lines = append(p.lines, citedLine(c, carriers))
		}
		value, ok := quotedValue(p.lines, p.citation, room-textLen(p.name), 1)
		if !ok {
			break
		}
		p.value = value
		room -= textLen(p.name) + textLen(value)
		plan = append(plan, p)
	}
	for i, p := range plan {
		if len(p.lines) < 2 {
			continue
		}
		value, _ := quotedValue(p.lines, p.citation, room+textLen(p.value), len(p.lines))
		room -= textLen(value) - textLen(p.value)
		plan[i].value = value
	}
	for _, p := range plan {
		b.add(p.name, p.value)
	}
	shown := len(plan)
	footer := fmt.Sprintf("%d %s cited", shown, plural(shown, "source", "sources"))
	if qa.AsksForLatest(question) && shown > 1 {
		footer += " · newest first"
	}
	if left := len(ans.Sources) - shown; left > 0 {
		footer += fmt.Sprintf(" · %d more %s left out to fit Discord's size limit", left, plural(left, "source", "sources"))
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{b.finish(footer)}}
}

// maxNoteText caps the difference notes, so the sources they point at
// keep the room.
const maxNoteText = 900

// differenceText renders the difference notes for the embed description:
// "**Sources differ:** [5](link) (Reuters, 9 Nov) · [at least 7](link)
// (BBC, 10 Nov)", each value linked to its source's article at the cited
// sentence (a text fragment) when the source has a link. A note that does
// not fit is left out whole, as are the ones after it.
func differenceText(notes []qa.DifferenceNote) string {
	var lines []string
	used := 0
	for _, n := range notes {
		line := noteLine(n, true)
		if used+textLen(line)+1 > maxNoteText {
			// Links are long; the values and who gave them matter more.
			line = noteLine(n, false)
		}
		if used+textLen(line)+1 > maxNoteText {
			break
		}
		used += textLen(line) + 1
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// noteLine is one note in markdown, its values linked when linked.
func noteLine(n qa.DifferenceNote, linked bool) string {
	var parts []string
	for i, p := range n.Parts {
		if n.More > 0 && i == len(n.Parts)-1 {
			parts = append(parts, fmt.Sprintf("%d more", n.More))
		}
		v := escapeMarkdown(trimText(oneLine(p.Value), maxLabel))
		if u := sentenceLink(p.URL, p.Text); u != "" && linked {
			v = "[" + v + "](" + u + ")"
		}
		if p.Who != "" {
			v += " (" + escapeMarkdown(trimText(oneLine(p.Who), maxLabel)) + ")"
		}
		parts = append(parts, v)
	}
	return "**" + n.Lead + ":** " + strings.Join(parts, " · ")
}

// maxFragmentWords is how many words of a cited sentence open and close
// its text fragment: enough to find it, few enough to survive small
// differences between the page and the cleaned text in between.
const maxFragmentWords = 4

// sentenceLink is the article's URL pointing at a cited sentence with a
// text fragment (#:~:text=start,end), which browsers that support it
// scroll to and highlight; the plain URL when the fragment would make it
// too long; "" when the URL cannot be a link.
func sentenceLink(rawURL, sentence string) string {
	if rawURL == "" || len(rawURL) > maxLinkURL || strings.ContainsAny(rawURL, "\n\r") {
		return ""
	}
	base := rawURL
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	words := strings.Fields(sentence)
	if len(words) == 0 {
		return escapeLinkURL(rawURL)
	}
	frag := fragmentEscape(strings.Join(words, " "))
	if len(words) > 2*maxFragmentWords {
		frag = fragmentEscape(strings.Join(words[:maxFragmentWords], " ")) + "," +
			fragmentEscape(strings.Join(words[len(words)-maxFragmentWords:], " "))
	}
	u := base + "#:~:text=" + frag
	if len(u) > maxLinkURL {
		return escapeLinkURL(rawURL)
	}
	return escapeLinkURL(u)
}

// fragmentEscape percent-encodes text for a text fragment, where "-", ","
// and "&" are syntax and must be escaped too.
func fragmentEscape(s string) string {
	e := url.PathEscape(s)
	return strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26").Replace(e)
}

// citedLine is one cited passage as a quoted line with its position and
// whether sources other than the report's carriers carry it too.
func citedLine(c qa.Passage, carriers map[string]bool) string {
	return quotedLine(escapeMarkdown(oneLine(clip(c.Text))), c, carriers, "**")
}

// quotedLine is text, already escaped, as a quoted line with the position
// of passage p and, in emphasis ("**" or ""), how many sources other than
// the report's carriers carry it too.
func quotedLine(text string, p qa.Passage, carriers map[string]bool, emphasis string) string {
	pos := position(p.Paragraph, p.Sentence)
	if p.Last > p.Sentence {
		pos = fmt.Sprintf("¶%d, sentences %d–%d", p.Paragraph, p.Sentence, p.Last)
	}
	line := "> " + text + " — *" + pos + "*"
	others := 0
	for _, id := range p.AlsoIn {
		if !carriers[id] {
			others++
		}
	}
	switch others {
	case 0:
	case 1:
		line += " · " + emphasis + "reported by both" + emphasis
	default:
		line += fmt.Sprintf(" · %sreported by %d sources%s", emphasis, others+1, emphasis)
	}
	return line
}

// sourceField is the field name, citation line and carriers of one
// source. A report several outlets carry is one field named for all of
// them ("AP, via nytimes.com, washingtonpost.com"), cited from the first;
// carriers are the ids of the articles carrying it.
func sourceField(src qa.SourceAnswer, labels map[string]string) (name, citation string, carriers map[string]bool) {
	name = labels[src.Source.ID]
	if len(src.CarriedBy) > 0 || name == "" {
		name = src.Name()
	}
	carriers = map[string]bool{src.Source.ID: true}
	for _, a := range src.CarriedBy {
		carriers[a.ID] = true
	}
	return trimText(escapeMarkdown(oneLine(name)), maxFieldName), citationLine(src.Source, false), carriers
}

// position says where a sentence stands in its article.
func position(paragraph, sentence int) string {
	if paragraph == 0 {
		return "headline"
	}
	return fmt.Sprintf("¶%d, sentence %d", paragraph, sentence)
}

// citationLine names an article so a reader can find it: its title (else
// its outlet, else its file) as a masked link to the article, the outlet
// too when withOutlet (where nothing else names it), and its short date. It is short by construction, so it always fits whole. The file
// name shows only for an article with neither title nor outlet, since it is
// then the one way to find it.
func citationLine(a corpus.Article, withOutlet bool) string {
	rawLabel := a.Title
	if rawLabel == "" {
		rawLabel = a.Name()
	}
	label := escapeMarkdown(trimText(oneLine(rawLabel), maxLabel))
	line := "— " + label
	if a.URL != "" && len(a.URL) <= maxLinkURL && !strings.ContainsAny(a.URL, "\n\r") {
		line = "— [" + label + "](" + escapeLinkURL(a.URL) + ")"
	}
	if withOutlet && a.Outlet != "" && a.Title != "" {
		line += " · " + escapeMarkdown(trimText(oneLine(a.Outlet), maxLabel))
	}
	if d := qa.ShortDate(a.Published); d != "" {
		line += " · " + escapeMarkdown(d)
	}
	return line
}

// quotedValue builds a field value from at most maxLines quoted lines
// followed by a citation, within room. Whole lines are dropped from the end
// (marked "> …"); a first line too long alone is cut inside. The citation is
// never cut: when it does not fit with at least part of one line, ok is
// false.
func quotedValue(lines []string, citation string, room, maxLines int) (value string, ok bool) {
	room = min(room, maxFieldValue)
	budget := room - textLen(citation) - 1 // the newline before the citation
	if budget < minQuoteRoom || len(lines) == 0 || maxLines < 1 {
		return "", false
	}
	const more = "\n> " + ellipsis
	kept, n := "", 0
	for i, l := range lines {
		if i == maxLines {
			break
		}
		next := l
		if kept != "" {
			next = kept + "\n" + l
		}
		need := textLen(next)
		if i < len(lines)-1 {
			need += textLen(more) // in case the next line is left out
		}
		if need > budget {
			if kept == "" {
				kept, n = trimText(l, budget-textLen(more)), 1
			}
			break
		}
		kept, n = next, i+1
	}
	if n < len(lines) {
		kept += more
	}
	return kept + "\n" + citation, true
}

// RenderQuotes turns quotation hits into one message: a field per
// quotation named by its speaker, with the quote and its source. speaker and
// topic are the request, for the title and the empty case.
func RenderQuotes(hits []qa.QuoteHit, speaker, topic string) Reply {
	speaker, topic = oneLine(strings.TrimSpace(speaker)), oneLine(strings.TrimSpace(topic))
	if len(hits) == 0 {
		var msg string
		switch {
		case speaker != "" && topic != "":
			msg = fmt.Sprintf("No quotation by %s about %s in the sources.", speaker, topic)
		case speaker != "":
			msg = fmt.Sprintf("No quotation by %s in the sources.", speaker)
		case topic != "":
			msg = fmt.Sprintf("No quotation about %s in the sources.", topic)
		default:
			msg = "The sources quote no one."
		}
		return Reply{Content: trimText(escapeMarkdown(msg), maxContent)}
	}
	title := "Quotations"
	if speaker != "" {
		title += " by " + speaker
	}
	if topic != "" {
		title += " about " + topic
	}
	b := newEmbedBuilder(trimText(title, maxEmbedTitle))
	shown := 0
	for _, h := range hits {
		who := h.Speaker
		if who == "" {
			who = "Unattributed"
		}
		name := trimText(escapeMarkdown(oneLine(who)), maxFieldName)
		line := "> “" + escapeMarkdown(oneLine(clip(h.Text))) + "” — *" + position(h.Paragraph, h.Sentence) + "*"
		value, ok := quotedValue([]string{line}, citationLine(h.Source, true), b.room(name), 1)
		if !ok {
			break
		}
		b.add(name, value)
		shown++
	}
	footer := fmt.Sprintf("%d %s", shown, plural(shown, "quotation", "quotations"))
	if left := len(hits) - shown; left > 0 {
		footer += fmt.Sprintf(" · %d more left out to fit Discord's size limit", left)
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{b.finish(footer)}}
}

// RenderSources lists the articles: a field per article with outlet, title,
// date and link. Past Discord's 25 fields it says how many are left out.
func RenderSources(articles []corpus.Article) Reply {
	if len(articles) == 0 {
		return Reply{Content: "No sources are loaded."}
	}
	b := newEmbedBuilder(fmt.Sprintf("Sources (%d)", len(articles)))
	shown := 0
	for _, a := range articles {
		if len(b.e.Fields) == maxEmbedFields {
			break
		}
		name := trimText(escapeMarkdown(oneLine(a.Name())), maxFieldName)
		value := citationLine(a, false)
		// The list is where a moderator finds the file to fix or remove.
		if a.File != "" && a.File != a.Name() {
			value += "\n`" + strings.ReplaceAll(oneLine(a.File), "`", "'") + "`"
		}
		if textLen(value) > b.room(name) {
			break
		}
		b.add(name, value)
		shown++
	}
	footer := fmt.Sprintf("%d %s", len(articles), plural(len(articles), "source", "sources"))
	if left := len(articles) - shown; left > 0 {
		footer += fmt.Sprintf(" · %d not shown; run `storybot sources` for the full list", left)
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{b.finish(footer)}}
}

// RenderReload reports a reload: counts, then every file added, updated,
// removed or failed with its reason, trimmed by whole lines.
func RenderReload(r corpus.ReloadReport) Reply {
	var b strings.Builder
	fmt.Fprintf(&b, "**Reload done:** added %d, updated %d, removed %d, unchanged %d, failed %d; %d sentences indexed.",
		len(r.Added), len(r.Updated), len(r.Removed), r.Unchanged, len(r.Failed), r.Sentences)
	list := func(label string, files []string) {
		for _, f := range files {
			fmt.Fprintf(&b, "\n%s `%s`", label, strings.ReplaceAll(oneLine(f), "`", "'"))
		}
	}
	list("added", r.Added)
	list("updated", r.Updated)
	list("removed", r.Removed)
	for _, p := range r.Failed {
		fmt.Fprintf(&b, "\nfailed `%s`: %s", strings.ReplaceAll(oneLine(p.File), "`", "'"), escapeMarkdown(oneLine(p.Reason)))
	}
	for _, p := range r.Skipped {
		fmt.Fprintf(&b, "\nskipped `%s`: %s", strings.ReplaceAll(oneLine(p.File), "`", "'"), escapeMarkdown(oneLine(p.Reason)))
	}
	return Reply{Content: trimLines(b.String(), maxContent)}
}

// embedBuilder adds fields to one embed while keeping the embed total under
// Discord's limit, with room left for a footer.
type embedBuilder struct {
	e    *discordgo.MessageEmbed
	used int
}

func newEmbedBuilder(title string) *embedBuilder {
	return &embedBuilder{e: &discordgo.MessageEmbed{Title: title, Color: embedColor}, used: textLen(title)}
}

// room is how long the value of a field named name may be.
func (b *embedBuilder) room(name string) int {
	if len(b.e.Fields) >= maxEmbedFields {
		return 0
	}
	return min(maxFieldValue, maxEmbedTotal-footerRoom-b.used-textLen(name))
}

// describe sets the embed's description, counting it in the total.
func (b *embedBuilder) describe(text string) {
	if text == "" {
		return
	}
	b.e.Description = text
	b.used += textLen(text)
}

func (b *embedBuilder) add(name, value string) {
	b.e.Fields = append(b.e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value})
	b.used += textLen(name) + textLen(value)
}

func (b *embedBuilder) finish(footer string) *discordgo.MessageEmbed {
	b.e.Footer = &discordgo.MessageEmbedFooter{Text: trimText(footer, footerRoom)}
	return b.e
}

// clip drops what no field could ever show of a long text, so trimming
// costs the same for a 10 KB sentence as for a 2 KB one. What is left is
// still longer than a field, so trimming still marks the cut.
func clip(s string) string { return cutUnits(s, 2*maxFieldValue) }

// oneLine folds newlines into spaces, so user and article text cannot break
// the line structure of a message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
