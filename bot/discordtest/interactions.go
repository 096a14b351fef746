package discordtest

import (
	"fmt"
	"strconv"
	"time"
)

// User is a guild member who talks to the bot.
type User struct {
	ID   string
	Name string
	// Permissions is the member's permission bitfield in the channel,
	// sent as a string as Discord does.
	Permissions int64
}

// Option is one slash-command option as the client sends it.
type Option struct {
	Name    string
	Type    int // 1 subcommand, 3 string, 4 integer, 5 boolean
	Value   any
	Focused bool
	// Options are a subcommand's options; a subcommand has no Value.
	Options []Option
}

// Interaction types.
const (
	InteractionCommand      = 2
	InteractionAutocomplete = 4
)

// Interaction is an interaction payload as Discord sends it, plus the id
// and token the bot's callbacks must use.
type Interaction struct {
	ID      string
	Token   string
	Payload map[string]any
}

// NewInteraction builds a slash-command (kind InteractionCommand) or
// autocomplete (InteractionAutocomplete) interaction in the fake's guild.
func (s *Server) NewInteraction(kind int, command string, opts []Option, u User) Interaction {
	options := optionPayloads(opts)
	data := map[string]any{"id": s.NewID(), "name": command, "type": 1}
	if options != nil {
		data["options"] = options
	}
	return s.newInteraction(kind, data, u)
}

func optionPayloads(opts []Option) []any {
	var options []any
	for _, o := range opts {
		m := map[string]any{"name": o.Name, "type": o.Type}
		if o.Type == 1 {
			m["options"] = optionPayloads(o.Options)
			if m["options"] == nil {
				m["options"] = []any{}
			}
		} else {
			m["value"] = o.Value
		}
		if o.Focused {
			m["focused"] = true
		}
		options = append(options, m)
	}
	return options
}

// NewMessageCommand builds a message context-menu interaction on a message
// by author with the given content.
func (s *Server) NewMessageCommand(command, content string, author, u User) Interaction {
	msgID := s.NewID()
	channel := s.NewID()
	msg := s.messagePayload(msgID, channel, s.GuildID, content, author, nil)
	data := map[string]any{
		"id": s.NewID(), "name": command, "type": 3, "target_id": msgID,
		"resolved": map[string]any{"messages": map[string]any{msgID: msg}},
	}
	return s.newInteraction(InteractionCommand, data, u)
}

func (s *Server) newInteraction(kind int, data map[string]any, u User) Interaction {
	id := s.NewID()
	token := "itoken-" + id
	p := map[string]any{
		"id":              id,
		"application_id":  s.AppID,
		"type":            kind,
		"token":           token,
		"version":         1,
		"guild_id":        s.GuildID,
		"channel_id":      s.NewID(),
		"locale":          "en-US",
		"guild_locale":    "en-US",
		"app_permissions": "562949953421311",
		"context":         0,
		"member": map[string]any{
			"user":        userPayload(u),
			"roles":       []any{},
			"permissions": strconv.FormatInt(u.Permissions, 10),
			"joined_at":   time.Now().UTC().Format(time.RFC3339),
			"deaf":        false,
			"mute":        false,
		},
		"data": data,
	}
	return Interaction{ID: id, Token: token, Payload: p}
}

func userPayload(u User) map[string]any {
	return map[string]any{"id": u.ID, "username": u.Name, "discriminator": "0", "global_name": u.Name, "avatar": nil}
}

// Interact delivers an interaction over the gateway, as INTERACTION_CREATE.
func (s *Server) Interact(i Interaction) error {
	s.RegisterInteraction(i.ID, i.Token, false)
	return s.Dispatch("INTERACTION_CREATE", i.Payload)
}

// Message is a message someone posts.
type Message struct {
	ID        string
	ChannelID string
	// GuildID "" makes it a DM.
	GuildID string
	Content string
	Author  User
	// MentionsBot lists the bot in the message's mentions, as Discord does
	// for "<@bot>" in the content.
	MentionsBot bool
}

// Post delivers a MESSAGE_CREATE over the gateway and returns the message
// with its IDs filled in.
func (s *Server) Post(m Message) (Message, error) {
	if m.ID == "" {
		m.ID = s.NewID()
	}
	if m.ChannelID == "" {
		m.ChannelID = s.NewID()
	}
	var mentions []any
	if m.MentionsBot {
		mentions = append(mentions, s.botUser())
	}
	p := s.messagePayload(m.ID, m.ChannelID, m.GuildID, m.Content, m.Author, mentions)
	if err := s.Dispatch("MESSAGE_CREATE", p); err != nil {
		return m, fmt.Errorf("post message: %w", err)
	}
	return m, nil
}

// BotMention is how message content mentions the bot.
func (s *Server) BotMention() string { return "<@" + s.AppID + ">" }

func (s *Server) messagePayload(id, channel, guild, content string, author User, mentions []any) map[string]any {
	if mentions == nil {
		mentions = []any{}
	}
	p := map[string]any{
		"id": id, "channel_id": channel, "content": content, "author": userPayload(author),
		"timestamp": time.Now().UTC().Format(time.RFC3339), "type": 0, "tts": false,
		"mention_everyone": false, "mentions": mentions, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "pinned": false,
	}
	if guild != "" {
		p["guild_id"] = guild
	}
	return p
}

// InteractionComponent is a button press (a message component interaction).
const InteractionComponent = 3

// NewButtonPress builds the interaction Discord sends when u presses the
// button with customID under one of the bot's messages, given as the
// body the bot sent (content, embeds, components).
func (s *Server) NewButtonPress(customID string, message map[string]any, u User) Interaction {
	msg := s.messagePayload(s.NewID(), s.NewID(), s.GuildID, "", User{ID: s.AppID, Name: "storybot"}, nil)
	for _, k := range []string{"content", "embeds", "components"} {
		if v, ok := message[k]; ok {
			msg[k] = v
		}
	}
	i := s.newInteraction(InteractionComponent, map[string]any{"custom_id": customID, "component_type": 2}, u)
	i.Payload["message"] = msg
	return i
}

// Attach gives a slash-command interaction an attachment option named
// option, as Discord does: the option's value is the attachment's id, the
// attachment itself is in data.resolved, and its URL (on this server, as
// on Discord's CDN) serves data.
func (s *Server) Attach(i Interaction, option, filename string, data []byte) {
	id := s.NewID()
	path := "/attachments/" + id + "/" + filename
	s.mu.Lock()
	s.attachments[path] = data
	s.mu.Unlock()
	d := i.Payload["data"].(map[string]any)
	opts, _ := d["options"].([]any)
	d["options"] = append(opts, map[string]any{"name": option, "type": 11, "value": id})
	d["resolved"] = map[string]any{"attachments": map[string]any{id: map[string]any{
		"id": id, "filename": filename, "size": len(data), "url": s.URL + path, "proxy_url": s.URL + path,
		"content_type": "text/plain; charset=utf-8",
	}}}
}
