package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"storybot/bot"
	"storybot/corpus"
)

func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("serve", "serve [--sync-commands] [--http ADDR] [--listen-channels ID,ID] [flags]")
	apiBase := fs.String("discord-api", a.Getenv("DISCORD_API_BASE"),
		"base `URL` of a Discord-compatible HTTP API, e.g. http://127.0.0.1:8080/api/v10 (env DISCORD_API_BASE; default: Discord)")
	sync := fs.Bool("sync-commands", false, "overwrite the slash commands at start: in STORYBOT_GUILD (instant) or globally")
	httpAddr := fs.String("http", a.Getenv("STORYBOT_HTTP"),
		"serve the HTTP interactions endpoint on `ADDR` (e.g. :8080; env STORYBOT_HTTP); needs DISCORD_PUBLIC_KEY")
	gateway := fs.Bool("gateway", true, "connect to the gateway (mentions, DMs, listened channels); --gateway=false serves only --http")
	listen := fs.String("listen-channels", a.Getenv("STORYBOT_LISTEN_CHANNELS"),
		"comma-separated channel `IDs` where every message ending in \"?\" is answered (env STORYBOT_LISTEN_CHANNELS; needs the message content intent)")
	shardID := fs.Int("shard-id", envInt(a.Getenv, "STORYBOT_SHARD_ID", 0), "this process's shard (env STORYBOT_SHARD_ID)")
	shardCount := fs.Int("shard-count", envInt(a.Getenv, "STORYBOT_SHARD_COUNT", 1), "total shards (env STORYBOT_SHARD_COUNT)")
	cooldown := fs.Duration("cooldown", bot.DefaultCooldown, "least time between two questions from one user (0s: none)")
	watch := fs.Bool("watch", false, "reload by itself when the corpus folder changes (checked every --watch-interval)")
	watchEvery := fs.Duration("watch-interval", 30*time.Second, "how often --watch checks the corpus folder")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments")
	}
	token, err := discordToken(a.Getenv)
	if err != nil {
		return err
	}
	var publicKey ed25519.PublicKey
	if *httpAddr != "" {
		raw := strings.TrimSpace(a.Getenv("DISCORD_PUBLIC_KEY"))
		key, err := hex.DecodeString(raw)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return usagef("--http needs DISCORD_PUBLIC_KEY: the application's public key, 64 hex digits, from the Developer Portal")
		}
		publicKey = key
	}
	var channels []string
	for _, id := range strings.Split(*listen, ",") {
		if id = strings.TrimSpace(id); id != "" {
			if _, err := strconv.ParseUint(id, 10, 64); err != nil {
				return usagef("--listen-channels: %q is not a channel ID (right-click a channel, Copy Channel ID)", id)
			}
			channels = append(channels, id)
		}
	}
	cd := *cooldown
	if cd == 0 {
		cd = -1 // the bot reads 0 as its default
	}
	// Open (cheap) before checking the config, index (maybe slow) after,
	// so a configuration mistake is reported at once.
	if err := a.open(ctx); err != nil {
		return err
	}
	b, err := bot.New(bot.Config{
		Token:          token,
		APIBase:        *apiBase,
		SyncCommands:   *sync,
		GuildID:        strings.TrimSpace(a.Getenv("STORYBOT_GUILD")),
		NoGateway:      !*gateway,
		ShardID:        *shardID,
		ShardCount:     *shardCount,
		ListenChannels: channels,
		HTTPAddr:       *httpAddr,
		PublicKey:      publicKey,
		Cooldown:       cd,
		Logger:         a.Logger,
		Answerer:       a.Router,
		Library:        a.DB,
		Reload: func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
			return a.reload(ctx, progress)
		},
		Stories:        a.Router,
		ChannelStories: a.DB,
		ReloadStory:    a.reloadStory,
	})
	if err != nil {
		return usagef("%v", err)
	}
	if *watch {
		if *watchEvery <= 0 {
			return usagef("--watch-interval must be more than 0")
		}
		if err := a.ready(ctx, func(string) {}); err != nil {
			return err
		}
		a.flushNotice()
		a.followIndexedFolder(ctx)
		a.reloadIfChanged(ctx)
		go a.watch(ctx, *watchEvery)
	} else {
		if err := a.ready(ctx, func(msg string) { a.Logger.Warn(msg) }); err != nil {
			return err
		}
		a.flushNotice()
	}
	return b.Run(ctx)
}

// discordToken reads the bot token from DISCORD_TOKEN or the file named by
// DISCORD_TOKEN_FILE. Errors never include the token.
func discordToken(getenv func(string) string) (string, error) {
	if t := strings.TrimSpace(getenv("DISCORD_TOKEN")); t != "" {
		return t, nil
	}
	path := strings.TrimSpace(getenv("DISCORD_TOKEN_FILE"))
	if path == "" {
		return "", nil // bot.New says what is missing, knowing whether it is needed
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read DISCORD_TOKEN_FILE: %w", err)
	}
	t := strings.TrimSpace(string(raw))
	if t == "" {
		return "", fmt.Errorf("DISCORD_TOKEN_FILE %s is empty: put the bot token from the Developer Portal in it", path)
	}
	return t, nil
}

func envInt(getenv func(string) string, name string, def int) int {
	if v, err := strconv.Atoi(strings.TrimSpace(getenv(name))); err == nil {
		return v
	}
	return def
}

// followIndexedFolder makes a serve --watch started without --corpus watch
// and reload the folder the index was loaded from, rather than replace it
// with the embedded story.
func (a *app) followIndexedFolder(ctx context.Context) {
	if a.CorpusDir != "" {
		return
	}
	listing, err := a.DB.Listing(ctx)
	if err != nil || listing.Folder == "" {
		return
	}
	a.Logger.Info("watching the folder the index was loaded from", "corpus", listing.Folder)
	a.CorpusDir = listing.Folder
}

// watch reloads, through the same reload as the CLI and /reload, whenever
// the corpus folder changed, checking every interval until ctx ends.
func (a *app) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.reloadIfChanged(ctx)
		}
	}
}

// reloadIfChanged reloads when the corpus folder changed since the last
// reload (by this process or another), logging what it did.
func (a *app) reloadIfChanged(ctx context.Context) {
	listing, err := a.DB.Listing(ctx)
	if err != nil {
		a.Logger.Error("watch the corpus folder", "err", err)
		return
	}
	if a.staleness(listing) == "" {
		return
	}
	report, err := a.reload(ctx, nil)
	if err != nil {
		a.Logger.Error("corpus folder changed; reload failed, the previous corpus still answers", "err", err)
		return
	}
	a.Logger.Info("corpus folder changed; reloaded",
		"added", len(report.Added), "updated", len(report.Updated), "removed", len(report.Removed),
		"failed", len(report.Failed), "sentences", report.Sentences)
}
