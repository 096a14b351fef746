package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
)

// manageGuild is Manage Server, the permission /reload needs.
const manageGuild int64 = discordgo.PermissionManageGuild

// Refusals of an admin-only command, by what decides who may run it.
const (
	refusedReload      = "Sorry, only server managers can reload the sources."
	refusedNotOperator = "Sorry, only the bot's operators can reload the sources: they serve every server the bot is in."
	refusedOwnerGuild  = "Sorry, the sources are shared by every server the bot is in, so only the managers of the bot's home server can reload them."
	refusedOwnerOrOps  = "Sorry, the sources are shared by every server the bot is in, so only the bot's operators and the managers of its home server can reload them."
)

func reloadCommand() *command {
	perm := manageGuild
	return &command{
		def: &discordgo.ApplicationCommand{
			Name:        "reload",
			Type:        discordgo.ChatApplicationCommand,
			Description: "Re-index the article folder and report what changed (server managers)",
			// Discord hides the command from others; mayAdminister checks
			// again, since server admins can override who sees it, and
			// STORYBOT_ADMINS or an owner guild may narrow who may run it.
			DefaultMemberPermissions: &perm,
			Options:                  []*discordgo.ApplicationCommandOption{},
		},
		run: runReload,
	}
}

// canManage reports whether the member who started i has Manage Server (or
// Administrator) in its guild. Outside a guild nobody has.
func canManage(i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	return i.Member.Permissions&(manageGuild|discordgo.PermissionAdministrator) != 0
}

// mayAdminister reports whether the user who started i may run admin-only
// commands such as /reload, which change the one corpus every server
// shares, and when not, what to tell them. Listed admins always may; with
// an owner guild, its managers may too, and nobody else; with neither set,
// any server's managers may.
func (b *Bot) mayAdminister(i *discordgo.Interaction) (ok bool, refusal string) {
	user := ""
	switch {
	case i.Member != nil && i.Member.User != nil:
		user = i.Member.User.ID
	case i.User != nil:
		user = i.User.ID
	}
	if user != "" && b.admins[user] {
		return true, ""
	}
	switch {
	case b.cfg.OwnerGuild != "":
		if i.GuildID == b.cfg.OwnerGuild && canManage(i) {
			return true, ""
		}
		if len(b.admins) > 0 {
			return false, refusedOwnerOrOps
		}
		return false, refusedOwnerGuild
	case len(b.admins) > 0:
		return false, refusedNotOperator
	case canManage(i):
		return true, ""
	}
	return false, refusedReload
}

func runReload(ctx context.Context, c *call) error {
	if ok, refusal := c.b.mayAdminister(c.i); !ok {
		c.b.log.Info("reload refused", "user", c.user(), "guild", c.i.GuildID)
		return c.say(refusal)
	}
	if err := c.deferReply(true); err != nil {
		return err
	}
	c.b.log.Info("reload started", "user", c.user(), "guild", c.i.GuildID)
	story := ""
	if c.b.cfg.ReloadStory != nil {
		story = strings.TrimSpace(optionString(c.i, storyOptionName))
	}
	p := startProgress(c, c.b.cfg.ProgressEvery)
	var report corpus.ReloadReport
	var err error
	if story != "" {
		c.b.log.Info("reload of one story", "story", story)
		report, err = c.b.cfg.ReloadStory(ctx, story, p.update)
	} else {
		report, err = c.b.cfg.Reload(ctx, p.update)
	}
	p.stop()
	if err != nil {
		c.b.log.Error("reload failed", "err", err)
		return c.send(Reply{Content: trimText(escapeMarkdown("Reload failed: "+oneLine(err.Error())), maxContent)}, true)
	}
	c.b.log.Info("reload done", "added", len(report.Added), "updated", len(report.Updated),
		"removed", len(report.Removed), "failed", len(report.Failed), "sentences", report.Sentences)
	return c.send(RenderReload(report), true)
}

// progress edits a deferred reply with how far a reload got, at most once
// per interval, from its own goroutine so the reload never waits on Discord.
type progress struct {
	c     *call
	every time.Duration

	mu          sync.Mutex
	done, total int
	changed     bool

	quit     chan struct{}
	finished chan struct{}
}

func startProgress(c *call, every time.Duration) *progress {
	p := &progress{c: c, every: every, quit: make(chan struct{}), finished: make(chan struct{})}
	go p.loop()
	return p
}

// update is the reload's progress callback.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	p.done, p.total, p.changed = done, total, true
	p.mu.Unlock()
}

func (p *progress) loop() {
	defer close(p.finished)
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-t.C:
		}
		p.mu.Lock()
		done, total, changed := p.done, p.total, p.changed
		p.changed = false
		p.mu.Unlock()
		if !changed || total == 0 {
			continue
		}
		msg := fmt.Sprintf("Reloading… %d of %d files", done, total)
		if err := p.c.send(Reply{Content: msg}, true); err != nil {
			p.c.b.log.Warn("reload progress", "err", err)
		}
	}
}

// stop ends the edits and waits for one in flight, so the final report is
// always the last edit.
func (p *progress) stop() {
	close(p.quit)
	<-p.finished
}
