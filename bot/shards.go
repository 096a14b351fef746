package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
)

// identifyEvery is how often Discord lets one rate-limit bucket of a bot's
// shards identify (bucket = shard id % max_concurrency).
const identifyEvery = 5 * time.Second

// shard is one gateway session this process runs.
type shard struct {
	id int
	s  *discordgo.Session
	// up follows discordgo's events rather than its DataReady, which is
	// read under the session's lock, held through a whole connect.
	up atomic.Bool
}

// shardIDs returns the shards cfg asks this process to run: Shards, or
// ShardID alone. It returns an error naming the bad shard.
func shardIDs(cfg Config) ([]int, error) {
	ids := cfg.Shards
	if len(ids) == 0 && !cfg.AutoShards {
		ids = []int{cfg.ShardID}
	}
	seen := map[int]bool{}
	for _, id := range ids {
		if id < 0 || (!cfg.AutoShards && id >= cfg.ShardCount) {
			return nil, fmt.Errorf("shard %d of %d: the shard id must be at least 0 and below the shard count", id, cfg.ShardCount)
		}
		if seen[id] {
			return nil, fmt.Errorf("shard %d is given twice", id)
		}
		seen[id] = true
	}
	return slices.Sorted(slices.Values(ids)), nil
}

// runsShardZero reports whether this process runs shard 0, the one that
// syncs the commands (and gets DMs). An HTTP-only process counts as its
// ShardID.
func (b *Bot) runsShardZero() bool {
	if b.cfg.AutoShards && len(b.cfg.Shards) == 0 {
		return true
	}
	ids, _ := shardIDs(b.cfg)
	return slices.Contains(ids, 0)
}

// newShardSession is a gateway session for shard id that shares the REST
// session's token, HTTP client and settings.
func (b *Bot) newShardSession(id int) *discordgo.Session {
	rest := b.session
	s, _ := discordgo.New(rest.Token) // only fails on a malformed auth prefix, which rest already passed
	s.Client = rest.Client
	s.ShardID, s.ShardCount = id, b.cfg.ShardCount
	s.Identify.Intents = rest.Identify.Intents
	s.State.TrackPresences = false
	s.State.TrackMembers = false
	s.State.TrackVoice = false
	s.State.MaxMessageCount = 0
	return s
}

// setShards makes the shard sessions: the REST session is the first
// shard's, so one process with one shard has one session as before.
func (b *Bot) setShards(ids []int) {
	b.shards = make([]*shard, len(ids))
	for i, id := range ids {
		s := b.session
		if i == 0 {
			s.ShardID, s.ShardCount = id, b.cfg.ShardCount
		} else {
			s = b.newShardSession(id)
		}
		b.shards[i] = &shard{id: id, s: s}
		b.observeShard(b.shards[i])
	}
}

// resolveShards asks Discord (GET /gateway/bot) for the recommended shard
// count when AutoShards is set, and for the identify concurrency when this
// process runs several shards. It returns max_concurrency (1 when not
// asked). Errors come from the request or a shard beyond the count.
func (b *Bot) resolveShards() (concurrency int, err error) {
	if !b.cfg.AutoShards && len(b.shards) < 2 {
		return 1, nil
	}
	gw, err := b.session.GatewayBot()
	if err != nil {
		return 0, fmt.Errorf("ask discord for the shard count (GET /gateway/bot): %w", err)
	}
	concurrency = max(gw.SessionStartLimit.MaxConcurrency, 1)
	if !b.cfg.AutoShards {
		return concurrency, nil
	}
	b.cfg.ShardCount = max(gw.Shards, 1)
	ids := b.cfg.Shards
	if len(ids) == 0 {
		for i := range b.cfg.ShardCount {
			ids = append(ids, i)
		}
	}
	for _, id := range ids {
		if id >= b.cfg.ShardCount {
			return 0, fmt.Errorf("shard %d: discord recommends %d shards, so ids run 0 to %d", id, b.cfg.ShardCount, b.cfg.ShardCount-1)
		}
	}
	b.log.Info("shard count from discord", "shards", b.cfg.ShardCount, "running", ids, "max_concurrency", concurrency)
	b.setShards(ids)
	b.state.shardsKnown.Store(true)
	return concurrency, nil
}

// openShards opens every shard's gateway session, waiting identifyEvery
// between two of one rate-limit bucket, as Discord requires. On an error
// it closes those already open. close closes them all.
func (b *Bot) openShards(ctx context.Context, concurrency int) (close func(), err error) {
	var opened []*discordgo.Session
	close = func() {
		for _, s := range opened {
			if err := s.Close(); err != nil {
				b.log.Warn("close discord gateway", "shard", s.ShardID, "err", err)
			}
		}
	}
	last := map[int]time.Time{} // bucket → its last identify
	for _, sh := range b.shards {
		if wait := time.Until(identifyAt(last, sh.id, concurrency)); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				close()
				return nil, ctx.Err()
			}
		}
		last[sh.id%concurrency] = time.Now()
		sh.s.AddHandler(b.onInteraction)
		sh.s.AddHandler(b.onMessage)
		if err := sh.s.Open(); err != nil {
			close()
			return nil, b.gatewayRefused(err)
		}
		opened = append(opened, sh.s)
	}
	return close, nil
}

// identifyAt is the earliest time shard id may identify, given when each
// rate-limit bucket last did (zero time: at once).
func identifyAt(last map[int]time.Time, id, concurrency int) time.Time {
	t, ok := last[id%max(concurrency, 1)]
	if !ok {
		return time.Time{}
	}
	return t.Add(identifyEvery)
}

// observeShard adds shard's readiness check, its gateway gauge and the
// events that set them. Without a Health it only follows the events.
func (b *Bot) observeShard(sh *shard) {
	sh.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) { sh.up.Store(true) })
	sh.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { sh.up.Store(true) })
	sh.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		sh.up.Store(false)
		b.metrics.gatewayLost(sh.id)
	})
	h := b.cfg.Health
	if h == nil {
		return
	}
	label := strconv.Itoa(sh.id)
	h.AddCheck("gateway shard "+label, func(context.Context) error {
		if !sh.up.Load() {
			return errors.New("not connected")
		}
		return nil
	})
	h.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "storybot_gateway_up",
		Help:        "1 while the gateway session of a shard this process runs is connected (READY or RESUMED since the last disconnect), else 0.",
		ConstLabels: prometheus.Labels{"shard": label},
	}, func() float64 {
		if sh.up.Load() {
			return 1
		}
		return 0
	}))
	h.metrics.disconnects.WithLabelValues(label) // present at 0 from the start
}
