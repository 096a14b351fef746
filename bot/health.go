package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
)

// Paths the health handler serves.
const (
	HealthzPath = "/healthz"
	ReadyzPath  = "/readyz"
	MetricsPath = "/metrics"
)

// readyTimeout bounds one /readyz: a check stuck on a locked database must
// not hang the prober.
const readyTimeout = 3 * time.Second

// Health serves a process's liveness (/healthz), readiness (/readyz) and
// metrics (/metrics). Readiness is the conjunction of named checks, added by
// whoever owns what is checked: the database by the command that opens it,
// the gateway and command sync by the bot.
type Health struct {
	metrics *Metrics

	mu     sync.Mutex
	checks []readyCheck
}

type readyCheck struct {
	name  string
	check func(ctx context.Context) error
}

// NewHealth returns a Health with fresh metrics and no checks.
func NewHealth() *Health { return &Health{metrics: NewMetrics()} }

// Metrics returns the metrics /metrics serves; nil on a nil Health.
func (h *Health) Metrics() *Metrics {
	if h == nil {
		return nil
	}
	return h.metrics
}

// AddCheck adds a readiness check: /readyz answers 200 only while every
// check returns nil. check must be safe to call from any goroutine.
func (h *Health) AddCheck(name string, check func(ctx context.Context) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks = append(h.checks, readyCheck{name: name, check: check})
}

// Ready runs every check and returns one line per check ("name: ok" or
// "name: reason") and whether all passed.
func (h *Health) Ready(ctx context.Context) (report string, ok bool) {
	h.mu.Lock()
	checks := append([]readyCheck(nil), h.checks...)
	h.mu.Unlock()
	ok = true
	var sb strings.Builder
	for _, c := range checks {
		if err := c.check(ctx); err != nil {
			ok = false
			fmt.Fprintf(&sb, "%s: %v\n", c.name, err)
			continue
		}
		fmt.Fprintf(&sb, "%s: ok\n", c.name)
	}
	return sb.String(), ok
}

// Handler serves /healthz, /readyz and /metrics, and 404 elsewhere.
// /healthz is 200 whenever the process can answer HTTP at all; /readyz is
// 200 or 503 with one line per check.
func (h *Health) Handler() http.Handler {
	mux := http.NewServeMux()
	h.route(mux)
	return mux
}

func (h *Health) route(mux *http.ServeMux) {
	mux.HandleFunc("GET "+HealthzPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET "+ReadyzPath, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		report, ok := h.Ready(ctx)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprint(w, report)
	})
	mux.Handle("GET "+MetricsPath, h.metrics.Handler())
}

// ServeHealth serves h on ln until ctx is cancelled, then shuts the server
// down. It returns an error only when serving fails for another reason.
func ServeHealth(ctx context.Context, ln net.Listener, h *Health) error {
	srv := &http.Server{Handler: h.Handler(), ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("health endpoint: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("stop health endpoint: %w", err)
	}
	return nil
}

// readiness is what the bot itself knows about being ready.
type readiness struct {
	mu      sync.Mutex
	run     context.Context // Run's context; nil before Run
	synced  bool
	serving bool
	// shardsKnown is set once --shard-count auto has its count.
	shardsKnown atomic.Bool
}

func (r *readiness) started(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.run = ctx
}

func (r *readiness) markSynced() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.synced = true
}

func (r *readiness) markServing() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.serving = true
}

// running says why the bot does not serve: not started yet, or stopping.
func (r *readiness) running() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.run == nil:
		return errors.New("not started")
	case r.run.Err() != nil:
		return errors.New("shutting down")
	}
	return nil
}

// restTransport counts the REST errors of next when h is set.
func (h *Health) restTransport(next http.RoundTripper) http.RoundTripper {
	if h == nil {
		return next
	}
	return restCounter{m: h.metrics, next: next}
}

// observe connects the bot to cfg.Health: the readiness checks of what this
// process runs, the gateway gauge of its shard, and the Discord events that
// feed the metrics. Without a Health it does nothing.
func (b *Bot) observe() {
	h := b.cfg.Health
	if h == nil {
		return
	}
	b.metrics = h.metrics
	h.AddCheck("bot", func(context.Context) error { return b.state.running() })
	// Each shard's gateway check and gauge are added with its session
	// (observeShard); with AutoShards, once Discord said how many.
	if b.cfg.AutoShards && !b.cfg.NoGateway {
		h.AddCheck("gateway shards", func(context.Context) error {
			if !b.state.shardsKnown.Load() {
				return errors.New("shard count not known yet (asking Discord)")
			}
			return nil
		})
	}
	if b.cfg.SyncCommands && b.runsShardZero() {
		h.AddCheck("commands", func(context.Context) error {
			b.state.mu.Lock()
			defer b.state.mu.Unlock()
			if !b.state.synced {
				return errors.New("not synced yet")
			}
			return nil
		})
	}
	if b.cfg.HTTPAddr != "" || b.cfg.Listener != nil {
		h.AddCheck("interactions endpoint", func(context.Context) error {
			b.state.mu.Lock()
			defer b.state.mu.Unlock()
			if !b.state.serving {
				return errors.New("not listening yet")
			}
			return nil
		})
	}
	b.session.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) { b.metrics.rateLimit(rl) })
	// Reloads through /reload; the command that owns the corpus times the
	// others (at start, on a watched change) with Metrics.ObserveReload.
	reload, reloadStory := b.cfg.Reload, b.cfg.ReloadStory
	b.cfg.Reload = func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
		start := time.Now()
		report, err := reload(ctx, progress)
		b.metrics.ObserveReload(start, err)
		return report, err
	}
	if reloadStory != nil {
		b.cfg.ReloadStory = func(ctx context.Context, story string, progress func(done, total int)) (corpus.ReloadReport, error) {
			start := time.Now()
			report, err := reloadStory(ctx, story, progress)
			b.metrics.ObserveReload(start, err)
			return report, err
		}
	}
}

// httpHandler is what the interactions listener serves: the endpoint at
// "/", and the health paths beside it when Config.HealthOnHTTP asks.
func (b *Bot) httpHandler() http.Handler {
	if b.cfg.Health == nil || !b.cfg.HealthOnHTTP {
		return b.InteractionsHandler()
	}
	mux := http.NewServeMux()
	b.cfg.Health.route(mux)
	mux.Handle("/", b.InteractionsHandler())
	return mux
}
