package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
)

// AddArticleFunc writes one article file, name with its content, into the
// corpus folder (into story's subfolder when story is not ""), then
// reloads, calling progress, and reports what changed. An article it
// refuses (unreadable, a name already taken) comes back as an AddRefusal,
// whose reason the user sees.
type AddArticleFunc func(ctx context.Context, story, name string, data []byte, progress func(done, total int)) (corpus.ReloadReport, error)

// AddRefusal is why an article was not added, in words for the user.
type AddRefusal struct{ Reason string }

func (e AddRefusal) Error() string { return e.Reason }

const (
	// maxPasted is Discord's cap on a string option, the most /add text
	// takes.
	maxPasted = 6000
	// maxAddName is the longest file name /add writes.
	maxAddName = 100
	// downloadBudget bounds fetching an attachment.
	downloadBudget = 20 * time.Second
)

// addCommand is /add: a moderator adds an article from a saved page
// (attachment) or pasted text. withStory gives it the story option.
func addCommand(withStory bool) *command {
	perm := manageGuild
	c := &command{
		def: &discordgo.ApplicationCommand{
			Name:                     "add",
			Type:                     discordgo.ChatApplicationCommand,
			Description:              "Add an article to the sources: a saved page or pasted text (admins)",
			DefaultMemberPermissions: &perm,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionAttachment,
					Name:        "file",
					Description: "The article: a saved web page (.html), text (.txt, .md) or news-please JSON",
				},
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        "text",
					Description: "Or paste the article's text (paragraphs separated by blank lines)",
					MaxLength:   maxPasted,
				},
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        "title",
					Description: "The headline, for pasted text",
					MaxLength:   200,
				},
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        "outlet",
					Description: "Who published it, for pasted text (e.g. Reuters)",
					MaxLength:   100,
				},
			},
		},
		run: runAdd,
	}
	if withStory {
		c.def.Options = append(c.def.Options, storyOption("The story to add it to (default: the top of the corpus folder)", false))
		c.autocomplete = withStoryAutocomplete(nil)
	}
	return c
}

func runAdd(ctx context.Context, c *call) error {
	b := c.b
	if ok, refusal := b.mayAdminister(c.i); !ok {
		b.log.Info("add refused", "user", c.user(), "guild", c.i.GuildID)
		return c.say(strings.Replace(refusal, "reload the sources", "add articles", 1))
	}
	story := ""
	if b.cfg.Stories != nil {
		if named := strings.TrimSpace(optionString(c.i, storyOptionName)); named != "" {
			s, err := b.cfg.Stories.Resolve(ctx, named)
			if err != nil {
				return c.say(trimText(escapeMarkdown(oneLine(unknownStoryText(err))), maxContent))
			}
			story = s.Name
		}
	}
	if err := c.deferReply(true); err != nil {
		return err
	}
	name, data, err := b.articleToAdd(ctx, c.i)
	var refusal AddRefusal
	if errors.As(err, &refusal) {
		// Written here, with names already made safe: no escaping.
		return c.send(Reply{Content: trimText(refusal.Reason, maxContent)}, true)
	}
	if err != nil {
		return err
	}
	b.log.Info("add started", "user", c.user(), "guild", c.i.GuildID, "file", name, "story", story, "bytes", len(data))
	p := startProgress(c, b.cfg.ProgressEvery)
	report, err := b.cfg.AddArticle(ctx, story, name, data, p.update)
	p.stop()
	if errors.As(err, &refusal) {
		b.log.Info("add refused", "file", name, "reason", refusal.Reason)
		return c.send(Reply{Content: trimText(escapeMarkdown("Not added: "+refusal.Reason), maxContent)}, true)
	}
	if err != nil {
		b.log.Error("add failed", "file", name, "err", err)
		return c.send(Reply{Content: "Sorry, the article could not be added; the logs say why."}, true)
	}
	r := RenderReload(report)
	r.Content = trimLines("Added `"+strings.ReplaceAll(name, "`", "'")+"`.\n"+r.Content, maxContent)
	return c.send(r, true)
}

// articleToAdd reads what /add was given: the attachment, downloaded, or
// the pasted text with its title and outlet as a header. Mistakes the user
// can fix come back as an AddRefusal.
func (b *Bot) articleToAdd(ctx context.Context, i *discordgo.Interaction) (name string, data []byte, err error) {
	text := strings.TrimSpace(optionString(i, "text"))
	var att *discordgo.MessageAttachment
	if o := option(i, "file"); o != nil {
		id, _ := o.Value.(string)
		if r := i.ApplicationCommandData().Resolved; r != nil {
			att = r.Attachments[id]
		}
	}
	switch {
	case att == nil && text == "":
		return "", nil, AddRefusal{"Give the article as `file:` (a saved page or text file) or `text:` (pasted), e.g. `/add text: … title: …`."}
	case att != nil && text != "":
		return "", nil, AddRefusal{"Give the article as `file:` or as `text:`, not both."}
	case att != nil:
		name = safeFileName(att.Filename)
		// Saved pages and article files; whether the corpus can read one
		// is for AddArticle to say.
		switch strings.ToLower(path.Ext(name)) {
		case ".html", ".htm", ".txt", ".md", ".json":
		default:
			return "", nil, AddRefusal{fmt.Sprintf("%s is not an article file: attach a saved web page (.html), text (.txt, .md) or news-please JSON (.json).", name)}
		}
		if att.Size > corpus.MaxFileSize {
			return "", nil, AddRefusal{fmt.Sprintf("%s is %d KB; articles are at most %d KB.", name, att.Size/1024, corpus.MaxFileSize/1024)}
		}
		data, err := b.download(ctx, att.URL)
		if err != nil {
			return "", nil, err
		}
		return name, data, nil
	}
	title := oneLine(strings.TrimSpace(optionString(i, "title")))
	outlet := oneLine(strings.TrimSpace(optionString(i, "outlet")))
	var sb strings.Builder
	if title != "" {
		sb.WriteString("Title: " + title + "\n")
	}
	if outlet != "" {
		sb.WriteString("Outlet: " + outlet + "\n")
	}
	if sb.Len() > 0 {
		sb.WriteString("\n")
	}
	sb.WriteString(text + "\n")
	base := title
	if base == "" {
		base = "pasted-" + time.Now().UTC().Format("20060102-150405")
	}
	return safeFileName(base) + ".txt", []byte(sb.String()), nil
}

// safeFileName keeps a file name to lower-case letters, digits, '-' and
// '_' and its extension, other runs becoming one '-', with no leading dot
// or path, at most maxAddName bytes (keeping the extension, never cutting
// a character).
func safeFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	ext := strings.ToLower(path.Ext(name))
	if len(ext) < 2 || len(ext) > 6 || strings.ContainsFunc(ext[1:], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		ext = "" // "EE. UU." has no extension
	}
	stem := strings.TrimSuffix(name, path.Ext(name))
	if ext == "" {
		stem = name
	}
	var sb strings.Builder
	dash := false
	for _, r := range stem {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			sb.WriteRune(unicode.ToLower(r))
			dash = false
		} else if !dash && sb.Len() > 0 {
			sb.WriteByte('-')
			dash = true
		}
	}
	stem = strings.Trim(sb.String(), "-")
	if stem == "" {
		stem = "article"
	}
	for len(stem)+len(ext) > maxAddName {
		_, size := utf8.DecodeLastRuneInString(stem)
		stem = strings.TrimRight(stem[:len(stem)-size], "-")
	}
	return stem + ext
}

// download fetches an attachment from Discord's CDN (or, with APIBase set,
// from that server), reading at most corpus.MaxFileSize bytes. Other hosts
// are refused, so a forged interaction cannot make the bot fetch
// arbitrary URLs.
func (b *Bot) download(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("attachment URL: %w", err)
	}
	allowed := u.Scheme == "https" && (u.Host == "cdn.discordapp.com" || u.Host == "media.discordapp.net")
	if base, err := url.Parse(b.cfg.APIBase); err == nil && b.cfg.APIBase != "" && u.Host == base.Host && u.Scheme == base.Scheme {
		allowed = true
	}
	if !allowed {
		return nil, fmt.Errorf("attachment URL %s: not Discord's CDN", u.Redacted())
	}
	ctx, cancel := context.WithTimeout(ctx, downloadBudget)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("download attachment: %w", err)
	}
	resp, err := b.session.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download attachment: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download attachment: %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, corpus.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("download attachment: %w", err)
	}
	if len(data) > corpus.MaxFileSize {
		return nil, AddRefusal{fmt.Sprintf("The file is over %d KB; articles are at most that.", corpus.MaxFileSize/1024)}
	}
	return data, nil
}
