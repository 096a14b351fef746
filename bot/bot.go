// Package bot serves storybot in Discord: slash commands, a message context
// menu, mentions and DMs, over the gateway or the HTTP interactions
// endpoint. It answers through the small interfaces below and never touches
// the database itself.
package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"storybot/corpus"
	"storybot/qa"
)

// Answerer answers questions and quotation requests. *qa.Engine satisfies it.
type Answerer interface {
	Ask(ctx context.Context, question string) (qa.Answer, error)
	Quotes(ctx context.Context, speaker, topic string, limit int) ([]qa.QuoteHit, error)
	Speakers(ctx context.Context) ([]qa.Speaker, error)
}

// Library lists the loaded articles. *store.DB satisfies it.
type Library interface {
	Articles(ctx context.Context) ([]corpus.Article, error)
}

// ReloadFunc re-indexes the corpus, calling progress as files are done, and
// reports what changed.
type ReloadFunc func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error)

// Config is everything the bot needs. Answerer, Library and Reload are
// required; so is Token unless the bot only serves the HTTP endpoint
// without syncing commands.
type Config struct {
	// Token is the bot token, without the "Bot " prefix. It is sent to
	// Discord and never logged.
	Token string
	// APIBase is the base URL of a Discord-compatible HTTP API, such as
	// "http://127.0.0.1:8080/api/v10"; "" means Discord itself. Every REST
	// call and the gateway lookup go there.
	APIBase string
	// SyncCommands bulk-overwrites the application commands at start: in
	// GuildID when set (visible at once), else globally.
	SyncCommands bool
	GuildID      string
	// NoGateway skips the gateway session: only the HTTP endpoint serves.
	NoGateway bool
	// ShardID and ShardCount split a large deployment across processes
	// with Discord's own sharding; ShardCount 0 means one shard. Shards,
	// when set, are the shards this process runs instead of ShardID alone,
	// each its own gateway session.
	ShardID, ShardCount int
	Shards              []int
	// AutoShards takes ShardCount from Discord's recommendation (GET
	// /gateway/bot) when Run connects; Shards empty then runs them all.
	AutoShards bool
	// ListenChannels are channel IDs where every message ending in "?" is
	// answered. They need the privileged message-content intent.
	ListenChannels []string
	// HTTPAddr serves the interactions endpoint at "/" when set; Listener,
	// when set, is used instead of listening on HTTPAddr.
	HTTPAddr string
	Listener net.Listener
	// PublicKey is the application's Ed25519 key that signs HTTP
	// interactions; required with HTTPAddr or Listener.
	PublicKey ed25519.PublicKey
	// HTTP bounds the endpoint's timeouts and open connections; zero
	// fields take their defaults.
	HTTP HTTPLimits
	// Admins are the Discord user ids that may run admin-only commands
	// (/reload) in any server, whatever their permissions there. When
	// set, Manage Server alone is no longer enough.
	Admins []string
	// OwnerGuild, when set, is the one server whose managers (Manage
	// Server) may run admin-only commands; elsewhere they may not.
	// With neither Admins nor OwnerGuild, Manage Server in any server is
	// enough.
	OwnerGuild string
	// Cooldown and Burst limit each user's questions: up to Burst at once,
	// then one more every Cooldown. Cooldown 0 means DefaultCooldown,
	// negative means no limit; Burst 0 means DefaultBurst.
	Cooldown time.Duration
	Burst    int
	// ProgressEvery is the least time between two progress edits of a
	// reload reply; 0 means two seconds.
	ProgressEvery time.Duration
	// Timeout bounds each handler's work; 0 means one minute.
	Timeout time.Duration

	Logger   *slog.Logger
	Answerer Answerer
	Library  Library
	Reload   ReloadFunc

	// Stories, when set, gives /ask, /quote and /sources a story option
	// with autocomplete, and answers name their story when several are
	// loaded.
	Stories Stories
	// ChannelStories, when set with Stories, keeps each channel's default
	// story and adds /story set and /story clear for server managers.
	ChannelStories ChannelStories
	// ReloadStory, when set with Stories, gives /reload a story option.
	ReloadStory ReloadStoryFunc
	// AddArticle, when set, adds /add: admins (as for /reload) add an
	// article from a saved page or pasted text.
	AddArticle AddArticleFunc
	// Comparer, when set, adds /compare: each source's sentences on a
	// topic side by side, where they differ in bold.
	Comparer Comparer

	// Feedback, when set, puts 👍/👎 buttons under every answer and
	// records the votes.
	Feedback FeedbackRecorder

	// Health, when set, gets the bot's readiness checks and metrics;
	// HealthOnHTTP serves it on the interactions listener too.
	Health       *Health
	HealthOnHTTP bool
}

// DefaultCooldown is how often a user's question allowance refills by one.
const DefaultCooldown = 5 * time.Second

// DefaultBurst is how many questions a user may ask at once, before the
// cooldown holds them to one per DefaultCooldown.
const DefaultBurst = 3

// Bot is a running storybot in Discord.
type Bot struct {
	cfg       Config
	log       *slog.Logger
	session   *discordgo.Session // REST, and the first shard's gateway
	shards    []*shard           // the gateway sessions; set by Run with AutoShards
	transport *http.Transport
	commands  map[string]*command
	cooldown  *cooldown
	listen    map[string]bool
	admins    map[string]bool
	inflight  inflight
	metrics   *Metrics // nil without Config.Health
	state     readiness
	replays   replayGuard
	answers   *memo[rememberedAnswer] // what the feedback buttons of recent answers refer to
	pages     *memo[pagedQuery]       // what the page buttons of recent lists refer to

	mu     sync.Mutex
	ctx    context.Context // base for handler contexts, set by Run
	userID string          // the bot's own user, known after READY
	appID  string
}

// Intents returns the gateway intents the bot asks for: guilds, guild
// messages and direct messages, plus the privileged message content only
// when it listens to whole channels.
func Intents(listening bool) discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if listening {
		in |= discordgo.IntentMessageContent
	}
	return in
}

// InvitePermissions are what the invite asks for: View Channels, Send
// Messages, Send Messages in Threads (so replies work in threads and forum
// posts), Embed Links (cited embeds) and Read Message History (replies
// that point at the question). Nothing else: every message goes out with
// mentions disabled, so Mention Everyone is never needed.
const InvitePermissions int64 = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory

// InviteURL is the link that adds application appID to a server, with its
// slash commands and InvitePermissions.
func InviteURL(appID string) string {
	return "https://discord.com/oauth2/authorize?client_id=" + url.QueryEscape(appID) +
		"&scope=bot+applications.commands&permissions=" + strconv.FormatInt(InvitePermissions, 10)
}

// New checks cfg and prepares the bot; Run connects it. It returns an error
// naming what to fix when cfg is incomplete.
func New(cfg Config) (*Bot, error) {
	switch {
	case cfg.Answerer == nil || cfg.Library == nil || cfg.Reload == nil:
		return nil, errors.New("bot config: Answerer, Library and Reload are required")
	case cfg.Stories == nil && (cfg.ChannelStories != nil || cfg.ReloadStory != nil):
		return nil, errors.New("bot config: ChannelStories and ReloadStory need Stories")
	case cfg.NoGateway && cfg.HTTPAddr == "" && cfg.Listener == nil:
		return nil, errors.New("nothing to serve: the gateway is off and no HTTP address is set")
	case (cfg.HTTPAddr != "" || cfg.Listener != nil) && len(cfg.PublicKey) != ed25519.PublicKeySize:
		return nil, errors.New("the HTTP interactions endpoint needs the application's public key (DISCORD_PUBLIC_KEY, 64 hex digits)")
	case cfg.Token == "" && (!cfg.NoGateway || cfg.SyncCommands):
		return nil, errors.New("no bot token: set DISCORD_TOKEN or DISCORD_TOKEN_FILE")
	}
	if cfg.ShardCount == 0 {
		cfg.ShardCount = 1
	}
	shardIDs, err := shardIDs(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Cooldown == 0 {
		cfg.Cooldown = DefaultCooldown
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 2 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = time.Minute
	}
	cfg.HTTP = cfg.HTTP.withDefaults()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}

	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot "))
	auth := ""
	if token != "" {
		auth = "Bot " + token
	}
	s, err := discordgo.New(auth)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	// A transport of its own, so shutdown can close its idle connections.
	base := http.DefaultTransport.(*http.Transport).Clone()
	var transport http.RoundTripper = base
	if cfg.APIBase != "" {
		rw, err := newAPIRewriter(cfg.APIBase, base)
		if err != nil {
			return nil, err
		}
		transport = rw
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: cfg.Health.restTransport(transport)}
	s.Identify.Intents = Intents(len(cfg.ListenChannels) > 0)
	s.State.TrackPresences = false
	s.State.TrackMembers = false
	s.State.TrackVoice = false
	s.State.MaxMessageCount = 0

	b := &Bot{
		cfg:       cfg,
		transport: base,
		log:       cfg.Logger,
		session:   s,
		cooldown:  newCooldown(cfg.Cooldown, cfg.Burst),
		listen:    map[string]bool{},
		admins:    map[string]bool{},
		ctx:       context.Background(),
		answers:   newMemo[rememberedAnswer](),
		pages:     newMemo[pagedQuery](),
	}
	for _, id := range cfg.Admins {
		if id = strings.TrimSpace(id); id != "" {
			b.admins[id] = true
		}
	}
	for _, id := range cfg.ListenChannels {
		if id = strings.TrimSpace(id); id != "" {
			b.listen[id] = true
		}
	}
	b.commands = map[string]*command{}
	for _, c := range []*command{askCommand(), quoteCommand(), sourcesCommand(), reloadCommand(), helpCommand(), askMessageCommand()} {
		b.commands[c.def.Name] = c
	}
	b.addStoryOptions()
	if cfg.AddArticle != nil {
		b.commands["add"] = addCommand(cfg.Stories != nil)
	}
	if cfg.Comparer != nil {
		b.commands["compare"] = compareCommand(cfg.Stories != nil)
	}
	for _, c := range b.commands {
		finishCommand(c.def)
	}
	b.observe()
	if !cfg.NoGateway && !cfg.AutoShards {
		b.setShards(shardIDs)
	}
	return b, nil
}

// Commands returns the application command definitions, as synced.
func (b *Bot) Commands() []*discordgo.ApplicationCommand {
	var defs []*discordgo.ApplicationCommand
	for _, name := range []string{"ask", "compare", "quote", "sources", "reload", "add", "story", "help", askMessageName} {
		if c, ok := b.commands[name]; ok {
			defs = append(defs, c.def)
		}
	}
	return defs
}

// Run connects to Discord and serves until ctx is cancelled, then closes the
// gateway, stops the HTTP endpoint and waits (up to ten seconds) for
// handlers still at work. It returns an error when the gateway cannot be
// opened, commands cannot be synced or the HTTP endpoint cannot listen.
func (b *Bot) Run(ctx context.Context) error {
	b.mu.Lock()
	b.ctx = context.WithoutCancel(ctx)
	b.mu.Unlock()
	b.state.started(ctx)
	defer b.transport.CloseIdleConnections()
	defer b.inflight.closeAndWait(10 * time.Second)

	if !b.cfg.NoGateway {
		concurrency, err := b.resolveShards()
		if err != nil {
			return err
		}
		closeShards, err := b.openShards(ctx, concurrency)
		if err != nil {
			return err
		}
		defer closeShards()
		b.learnIdentity()
		b.mu.Lock()
		appID := b.appID
		b.mu.Unlock()
		ids := make([]int, len(b.shards))
		for i, sh := range b.shards {
			ids[i] = sh.id
		}
		b.log.Info("connected to discord", "user", b.userIDNow(), "shard", ids[0], "running", ids, "shards", b.cfg.ShardCount,
			"intents", int(b.session.Identify.Intents), "invite", InviteURL(appID))
	}
	if b.cfg.SyncCommands {
		if err := b.syncCommands(); err != nil {
			return err
		}
		b.state.markSynced()
	}
	errc := make(chan error, 1)
	var srv *http.Server
	if b.cfg.HTTPAddr != "" || b.cfg.Listener != nil {
		ln := b.cfg.Listener
		if ln == nil {
			var err error
			if ln, err = net.Listen("tcp", b.cfg.HTTPAddr); err != nil {
				return fmt.Errorf("listen for interactions on %s: %w", b.cfg.HTTPAddr, err)
			}
		}
		srv, ln = b.newHTTPServer(ln)
		b.state.markServing()
		b.log.Info("serving interactions endpoint", "addr", ln.Addr().String(), "max_conns", b.cfg.HTTP.MaxConns)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("interactions endpoint: %w", err)
			}
		}()
	}
	var err error
	select {
	case <-ctx.Done():
		b.log.Info("shutting down")
	case err = <-errc:
	}
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if serr := srv.Shutdown(sctx); serr != nil {
			// Connections still mid-request (a client that never finished
			// sending) are cut now.
			b.log.Warn("stop interactions endpoint", "err", serr)
			srv.Close()
		}
		cancel()
	}
	return err
}

// gatewayRefused explains why the gateway could not be opened when Discord
// said why, logging what to change, and returns the error for Run.
func (b *Bot) gatewayRefused(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4014:
			fix := "in the Developer Portal, Bot → Privileged Gateway Intents, turn on Message Content Intent " +
				"(--listen-channels needs it to read the channels' messages), or serve without --listen-channels"
			b.log.Error("discord refused the gateway intents (close 4014: disallowed intents)",
				"intents", int(b.session.Identify.Intents), "fix", fix)
			return fmt.Errorf("open discord gateway: Discord refused the privileged Message Content intent (close 4014): %s", fix)
		case 4004:
			fix := "check DISCORD_TOKEN (or DISCORD_TOKEN_FILE); reset the token under Bot in the Developer Portal if it leaked or changed"
			b.log.Error("discord refused the bot token (close 4004: authentication failed)", "fix", fix)
			return fmt.Errorf("open discord gateway: Discord refused the token (close 4004): %s", fix)
		}
	}
	return fmt.Errorf("open discord gateway: %w", err)
}

// learnIdentity records the bot's user and application from READY.
func (b *Bot) learnIdentity() {
	st := b.session.State
	st.RLock()
	defer st.RUnlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if st.User != nil {
		b.userID = st.User.ID
	}
	if st.Application != nil && st.Application.ID != "" {
		b.appID = st.Application.ID
	} else {
		b.appID = b.userID
	}
}

func (b *Bot) userIDNow() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.userID
}

// syncCommands bulk-overwrites the commands, to the guild when one is set.
// Only shard 0 does it, so a sharded deployment writes them once.
func (b *Bot) syncCommands() error {
	if !b.runsShardZero() {
		return nil
	}
	b.mu.Lock()
	appID := b.appID
	b.mu.Unlock()
	if appID == "" {
		me, err := b.session.User("@me")
		if err != nil {
			return fmt.Errorf("sync commands: find the application id: %w", err)
		}
		appID = me.ID
	}
	body, err := commandsBody(b.Commands())
	if err != nil {
		return fmt.Errorf("sync commands: %w", err)
	}
	endpoint := discordgo.EndpointApplicationGlobalCommands(appID)
	if b.cfg.GuildID != "" {
		endpoint = discordgo.EndpointApplicationGuildCommands(appID, b.cfg.GuildID)
	}
	raw, err := b.session.RequestWithBucketID("PUT", endpoint, body, endpoint)
	if err != nil {
		return fmt.Errorf("sync commands: %w", err)
	}
	var created []json.RawMessage
	if err := json.Unmarshal(raw, &created); err != nil {
		return fmt.Errorf("sync commands: read the reply: %w", err)
	}
	scope := "globally"
	if b.cfg.GuildID != "" {
		scope = "guild " + b.cfg.GuildID
	}
	b.log.Info("commands synced", "count", len(created), "scope", scope)
	return nil
}

// commandsBody is the bulk-overwrite body. discordgo writes
// default_member_permissions as a string; Discord's OpenAPI description
// types it as an integer, so it is sent as one.
func commandsBody(defs []*discordgo.ApplicationCommand) ([]map[string]any, error) {
	raw, err := json.Marshal(defs)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out []map[string]any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	for _, c := range out {
		if p, ok := c["default_member_permissions"].(string); ok {
			c["default_member_permissions"] = json.Number(p)
		}
	}
	return out, nil
}

// handlerContext bounds one handler's work. It outlives the request that
// started it, so a reply still goes out while the bot shuts down.
func (b *Bot) handlerContext() (context.Context, context.CancelFunc) {
	b.mu.Lock()
	base := b.ctx
	b.mu.Unlock()
	return context.WithTimeout(base, b.cfg.Timeout)
}

// onInteraction serves an interaction that arrived over the gateway.
func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	done, ok := b.inflight.start()
	if !ok {
		return
	}
	defer done()
	b.handleInteraction(ic.Interaction, &restResponder{s: s, i: ic.Interaction})
}

// inflight counts running handlers so shutdown can wait for them.
type inflight struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   chan struct{}
}

// start registers a handler; ok is false once shutdown has begun.
func (f *inflight) start() (done func(), ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, false
	}
	f.n++
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.n--
		if f.n == 0 && f.idle != nil {
			close(f.idle)
			f.idle = nil
		}
	}, true
}

// closeAndWait refuses new handlers and waits up to limit for running ones.
func (f *inflight) closeAndWait(limit time.Duration) {
	f.mu.Lock()
	f.closed = true
	if f.n == 0 {
		f.mu.Unlock()
		return
	}
	idle := make(chan struct{})
	f.idle = idle
	f.mu.Unlock()
	select {
	case <-idle:
	case <-time.After(limit):
	}
}
