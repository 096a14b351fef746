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
	shardCountDefault := strings.TrimSpace(a.Getenv("STORYBOT_SHARD_COUNT"))
	if shardCountDefault == "" {
		shardCountDefault = "1"
	}
	shardCount := fs.String("shard-count", shardCountDefault,
		"total shards, or auto for Discord's recommended count (env STORYBOT_SHARD_COUNT)")
	shards := fs.String("shards", a.Getenv("STORYBOT_SHARDS"),
		"the shards this process runs, one gateway session each, e.g. 0-3 or 0,2,4-5 (env STORYBOT_SHARDS; default: --shard-id alone, or every shard with --shard-count auto)")
	cooldown := fs.Duration("cooldown", bot.DefaultCooldown, "after a burst, least time between two questions from one user: one more allowed every cooldown (0s: no limit)")
	burst := fs.Int("burst", bot.DefaultBurst, "questions one user may ask at once before --cooldown applies")
	admins := fs.String("admins", a.Getenv("STORYBOT_ADMINS"),
		"comma-separated Discord user `IDs` who may /reload in any server; when set, Manage Server alone is not enough (env STORYBOT_ADMINS)")
	ownerGuild := fs.String("owner-guild", a.Getenv("STORYBOT_OWNER_GUILD"),
		"server `ID` whose managers may /reload; managers of other servers may not (env STORYBOT_OWNER_GUILD)")
	maxConns := fs.Int("http-max-conns", bot.DefaultHTTPMaxConns,
		"most open connections to the --http endpoint; at the cap the stalest unverified one is closed")
	metricsAddr := fs.String("metrics", a.Getenv("STORYBOT_METRICS"), "serve /healthz, /readyz and /metrics on `ADDR` (e.g. :9090; env STORYBOT_METRICS)")
	metricsOnHTTP := fs.Bool("metrics-on-http", false, "serve /healthz, /readyz and /metrics on the --http listener too")
	watch := fs.Bool("watch", false, "reload by itself when the corpus folder changes (checked every --watch-interval)")
	watchEvery := fs.Duration("watch-interval", 30*time.Second, "how often --watch checks the corpus folder")
	feedback := fs.Bool("feedback", true, "put 👍/👎 buttons under every answer and record the votes (see storybot feedback)")
	retentionDefault := a.Getenv("STORYBOT_FEEDBACK_RETENTION")
	if retentionDefault == "" {
		retentionDefault = "90d"
	}
	retention := fs.String("feedback-retention", retentionDefault,
		"delete votes older than `AGE` (e.g. 90d; 0 keeps them; env STORYBOT_FEEDBACK_RETENTION)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments")
	}
	count, auto := 0, strings.EqualFold(strings.TrimSpace(*shardCount), "auto")
	if !auto {
		n, err := strconv.Atoi(strings.TrimSpace(*shardCount))
		if err != nil || n < 1 {
			return usagef("--shard-count %q: give a number of shards (at least 1) or auto", *shardCount)
		}
		count = n
	}
	shardList, err := parseShards(*shards)
	if err != nil {
		return usagef("--shards: %v", err)
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
	channels, err := idList(*listen, "--listen-channels", "channel", "right-click a channel, Copy Channel ID")
	if err != nil {
		return err
	}
	adminIDs, err := idList(*admins, "--admins", "user", "with Developer Mode on, right-click a user, Copy User ID")
	if err != nil {
		return err
	}
	owner, err := idList(*ownerGuild, "--owner-guild", "server", "right-click the server icon, Copy Server ID")
	if err != nil {
		return err
	}
	if len(owner) > 1 {
		return usagef("--owner-guild takes one server ID, not %d", len(owner))
	}
	if *burst < 1 {
		return usagef("--burst must be at least 1")
	}
	if *maxConns < 1 {
		return usagef("--http-max-conns must be at least 1")
	}
	cd := *cooldown
	if cd == 0 {
		cd = -1 // the bot reads 0 as its default
	}
	if *metricsOnHTTP && *httpAddr == "" {
		return usagef("--metrics-on-http needs --http")
	}
	var keepVotes time.Duration // 0: forever
	if r := strings.TrimSpace(*retention); r != "0" {
		if keepVotes, err = parseAge(r); err != nil {
			return usagef("--feedback-retention: %v", err)
		}
	}
	health, err := startHealth(ctx, *metricsAddr, a.Logger)
	if err != nil {
		return err
	}
	defer health.stop()
	// Open (cheap) before checking the config, index (maybe slow) after,
	// so a configuration mistake is reported at once.
	if err := a.open(ctx); err != nil {
		return err
	}
	var recorder bot.FeedbackRecorder
	if *feedback {
		fb, err := a.DB.Feedback(ctx, a.Getenv("STORYBOT_FEEDBACK_SALT"))
		if err != nil {
			return err
		}
		recorder = fb
		if keepVotes > 0 {
			pctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				purgeFeedbackEvery(pctx, a.DB, keepVotes, a.Logger)
			}()
			// Stopped before the database closes.
			defer func() { cancel(); <-done }()
		}
	}
	var addArticle bot.AddArticleFunc
	if a.CorpusDir != "" {
		// Only a corpus folder can take new files; the embedded story cannot.
		addArticle = a.addArticle
	}
	b, err := bot.New(bot.Config{
		Token:          token,
		APIBase:        *apiBase,
		SyncCommands:   *sync,
		GuildID:        strings.TrimSpace(a.Getenv("STORYBOT_GUILD")),
		NoGateway:      !*gateway,
		ShardID:        *shardID,
		ShardCount:     count,
		Shards:         shardList,
		AutoShards:     auto,
		ListenChannels: channels,
		HTTPAddr:       *httpAddr,
		PublicKey:      publicKey,
		HTTP:           bot.HTTPLimits{MaxConns: *maxConns},
		Admins:         adminIDs,
		OwnerGuild:     strings.Join(owner, ""),
		Cooldown:       cd,
		Burst:          *burst,
		Logger:         a.Logger,
		Answerer:       a.Router,
		Library:        a.DB,
		Reload: func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
			return a.reload(ctx, progress)
		},
		Stories:        a.Router,
		ChannelStories: a.DB,
		ReloadStory:    a.reloadStory,
		Health:         health.Health,
		HealthOnHTTP:   *metricsOnHTTP,
		Feedback:       recorder,
		AddArticle:     addArticle,
		Comparer:       a.Router,
	})
	if err != nil {
		return usagef("%v", err)
	}
	health.opened(a.DB)
	start := time.Now()
	if *watch {
		if *watchEvery <= 0 {
			return usagef("--watch-interval must be more than 0")
		}
		err = a.ready(ctx, func(string) {})
		health.Metrics().ObserveReload(start, err)
		if err != nil {
			return err
		}
		a.flushNotice()
		a.followIndexedFolder(ctx)
		a.reloadIfChanged(ctx)
		go a.watch(ctx, *watchEvery)
	} else {
		err = a.ready(ctx, func(msg string) { a.Logger.Warn(msg) })
		health.Metrics().ObserveReload(start, err)
		if err != nil {
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

// idList reads a comma-separated list of Discord snowflakes given to flag,
// or a usage error naming the first that is not one and how to copy one.
func idList(raw, flag, what, howTo string) ([]string, error) {
	var ids []string
	for _, id := range strings.Split(raw, ",") {
		if id = strings.TrimSpace(id); id != "" {
			if _, err := strconv.ParseUint(id, 10, 64); err != nil {
				return nil, usagef("%s: %q is not a %s ID (%s)", flag, id, what, howTo)
			}
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// parseShards reads a shard list: ids and ranges, comma-separated ("0-3",
// "0,2,4-5"); "" is none. It returns an error naming the bad part.
func parseShards(spec string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		first, err := strconv.Atoi(strings.TrimSpace(lo))
		last := first
		if err == nil && isRange {
			last, err = strconv.Atoi(strings.TrimSpace(hi))
		}
		if err != nil || first < 0 || last < first {
			return nil, fmt.Errorf("%q is not a shard id or a range of them like 0-3", part)
		}
		if last-first >= 1<<16 {
			return nil, fmt.Errorf("%q: too many shards for one process", part)
		}
		for id := first; id <= last; id++ {
			out = append(out, id)
		}
	}
	return out, nil
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
