package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"
)

// Interaction callback types the bot sends.
const (
	callbackPong         = 1
	callbackMessage      = 4
	callbackDeferred     = 5
	callbackAutocomplete = 8
)

// apology is what a user sees when a handler fails or panics.
const apology = "Sorry, something went wrong while answering. Please try again in a moment."

// interactionResponse is the body of an interaction callback. The bot
// builds its own bodies rather than discordgo's, so no field goes out as an
// unexpected null and an empty autocomplete list is still a list.
type interactionResponse struct {
	Type int `json:"type"`
	Data any `json:"data,omitempty"`
}

// messageData is a new message: a callback's data or a channel message.
type messageData struct {
	Content          string                            `json:"content,omitempty"`
	Embeds           []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	AllowedMentions  *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags            discordgo.MessageFlags            `json:"flags,omitempty"`
	MessageReference *messageReference                 `json:"message_reference,omitempty"`
	Components       []actionRow                       `json:"components,omitempty"`
}

type messageReference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id,omitempty"`
	GuildID         string `json:"guild_id,omitempty"`
	FailIfNotExists bool   `json:"fail_if_not_exists"`
}

// deferredData marks a deferred response ephemeral.
type deferredData struct {
	Flags discordgo.MessageFlags `json:"flags"`
}

// editData replaces a deferred or earlier reply whole: content and embeds
// are always sent, so stale progress text or embeds are cleared.
type editData struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	// Components are left as they are when nil.
	Components []actionRow `json:"components,omitempty"`
}

type autocompleteData struct {
	Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

func newMessageData(r Reply, ephemeral bool) *messageData {
	d := &messageData{Content: r.Content, Embeds: r.Embeds, AllowedMentions: noMentions(), Components: r.Components}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

func newEditData(r Reply) *editData {
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	return &editData{Content: r.Content, Embeds: embeds, AllowedMentions: noMentions(), Components: r.Components}
}

// responder delivers an interaction's replies: the first through the
// callback (REST or the HTTP response), later ones as edits of the original.
type responder interface {
	respond(resp interactionResponse) error
	edit(data *editData) error
}

// restResponder answers an interaction that came over the gateway.
type restResponder struct {
	s *discordgo.Session
	i *discordgo.Interaction
}

func (r *restResponder) respond(resp interactionResponse) error {
	endpoint := discordgo.EndpointInteractionResponse(r.i.ID, r.i.Token)
	_, err := r.s.RequestWithBucketID("POST", endpoint, resp, discordgo.EndpointInteractionResponse(r.i.ID, ""))
	return err
}

func (r *restResponder) edit(data *editData) error {
	endpoint := discordgo.EndpointInteractionResponseActions(r.i.AppID, r.i.Token)
	_, err := r.s.RequestWithBucketID("PATCH", endpoint, data, discordgo.EndpointInteractionResponseActions(r.i.AppID, ""))
	return err
}

// call is one interaction being handled.
type call struct {
	b *Bot
	i *discordgo.Interaction
	r responder

	mu        sync.Mutex
	responded bool // the callback has been sent (deferred or not)
	deferred  bool
}

// deferReply acknowledges the interaction now and promises a reply later:
// Discord shows "thinking…" until the edit arrives.
func (c *call) deferReply(ephemeral bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.responded {
		return nil
	}
	var data any
	if ephemeral {
		data = deferredData{Flags: discordgo.MessageFlagsEphemeral}
	}
	if err := c.r.respond(interactionResponse{Type: callbackDeferred, Data: data}); err != nil {
		return fmt.Errorf("defer reply: %w", err)
	}
	c.responded, c.deferred = true, true
	return nil
}

// send delivers r: as the callback when nothing was sent yet, else as an
// edit of the deferred reply. ephemeral only matters for the callback; a
// deferred reply keeps what deferReply chose.
func (c *call) send(r Reply, ephemeral bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.responded {
		if err := c.r.edit(newEditData(r)); err != nil {
			return fmt.Errorf("edit reply: %w", err)
		}
		return nil
	}
	if err := c.r.respond(interactionResponse{Type: callbackMessage, Data: newMessageData(r, ephemeral)}); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	c.responded = true
	return nil
}

// say sends a short ephemeral text.
func (c *call) say(text string) error { return c.send(Reply{Content: text}, true) }

// suggest answers an autocomplete interaction.
func (c *call) suggest(choices []*discordgo.ApplicationCommandOptionChoice) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	if err := c.r.respond(interactionResponse{Type: callbackAutocomplete, Data: autocompleteData{Choices: choices}}); err != nil {
		return fmt.Errorf("autocomplete: %w", err)
	}
	c.responded = true
	return nil
}

// user is the ID of whoever started the interaction.
func (c *call) user() string {
	switch {
	case c.i.Member != nil && c.i.Member.User != nil:
		return c.i.Member.User.ID
	case c.i.User != nil:
		return c.i.User.ID
	}
	return ""
}

// command is one application command: its definition beside its handlers.
type command struct {
	def          *discordgo.ApplicationCommand
	run          func(ctx context.Context, c *call) error
	autocomplete func(ctx context.Context, c *call) error
}

// handleInteraction runs the command an interaction asks for. A handler
// error or panic is logged and the user gets a short apology; the bot goes
// on serving.
func (b *Bot) handleInteraction(i *discordgo.Interaction, r responder) {
	ctx, cancel := b.handlerContext()
	defer cancel()
	c := &call{b: b, i: i, r: r}
	start := time.Now()
	name := ""
	if i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		name = i.ApplicationCommandData().Name
	}
	if isComponent(i) {
		name = "button " + i.MessageComponentData().CustomID
	}
	log := b.log.With("interaction", i.ID, "command", name, "user", c.user(), "guild", i.GuildID)
	defer func() {
		if p := recover(); p != nil {
			log.Error("handler panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.apologize(log, c)
		}
	}()
	cmd := b.commands[name]
	var err error
	switch {
	case isComponent(i):
		err = b.runComponent(ctx, c)
	case cmd == nil:
		err = c.say("I don't know that command. It may be out of date; ask an admin to sync the commands.")
	case i.Type == discordgo.InteractionApplicationCommandAutocomplete:
		if cmd.autocomplete == nil {
			err = c.suggest(nil)
		} else {
			err = cmd.autocomplete(ctx, c)
		}
	default:
		err = cmd.run(ctx, c)
	}
	if err != nil {
		log.Error("handler failed", "err", err, "took", time.Since(start))
		if i.Type != discordgo.InteractionApplicationCommandAutocomplete {
			b.apologize(log, c)
		}
		return
	}
	log.Debug("handled", "took", time.Since(start))
}

func (b *Bot) apologize(log interface{ Warn(string, ...any) }, c *call) {
	if c.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return
	}
	if err := c.say(apology); err != nil {
		log.Warn("send apology", "err", err)
	}
}

// checkCooldown tells the user politely when they ask again too soon; ok is
// false then and the caller stops.
func (c *call) checkCooldown() (ok bool, err error) {
	wait, ok, _ := c.b.cooldown.allow(c.user(), time.Now())
	if ok {
		return true, nil
	}
	return false, c.say(cooldownNote(wait))
}

func cooldownNote(wait time.Duration) string {
	secs := int((wait + time.Second - 1) / time.Second)
	return fmt.Sprintf("You're asking quickly; please wait %d %s before the next question.", secs, plural(secs, "second", "seconds"))
}

// cooldown limits how often one user may ask: a token bucket per user
// holding burst questions and refilled one every interval, so a question
// right after another (a slash command, then a mention) is answered while a
// steady stream is held to one per interval.
type cooldown struct {
	every time.Duration
	burst int

	mu    sync.Mutex
	users map[string]*cooldownEntry
}

type cooldownEntry struct {
	lim   *rate.Limiter
	noted bool // the user was told to wait since their last answered question
}

func newCooldown(every time.Duration, burst int) *cooldown {
	return &cooldown{every: every, burst: max(burst, 1), users: map[string]*cooldownEntry{}}
}

// allow records a question from user at now. When the user's bucket is
// empty it returns ok false, how long until the next question may be
// asked, and whether this is the first refusal since their last answered
// question (so a public note is sent only once).
func (cd *cooldown) allow(user string, now time.Time) (wait time.Duration, ok, first bool) {
	if cd.every <= 0 || user == "" {
		return 0, true, false
	}
	cd.mu.Lock()
	defer cd.mu.Unlock()
	if len(cd.users) > 10000 {
		// A full bucket is the same as none: forget it.
		for u, e := range cd.users {
			if e.lim.TokensAt(now) >= float64(cd.burst) {
				delete(cd.users, u)
			}
		}
	}
	e := cd.users[user]
	if e == nil {
		e = &cooldownEntry{lim: rate.NewLimiter(rate.Every(cd.every), cd.burst)}
		cd.users[user] = e
	}
	if e.lim.AllowN(now, 1) {
		e.noted = false
		return 0, true, false
	}
	// Rounded, since the bucket counts in floating point.
	wait = time.Duration((1 - e.lim.TokensAt(now)) * float64(cd.every)).Round(time.Millisecond)
	first = !e.noted
	e.noted = true
	return wait, false, first
}
