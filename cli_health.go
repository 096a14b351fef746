package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"storybot/bot"
	"storybot/store"
)

// defaultMetricsAddr is where `storybot health` looks when neither --addr
// nor STORYBOT_METRICS says; the Docker image serves there.
const defaultMetricsAddr = "127.0.0.1:9090"

// healthListener is serve's /healthz, /readyz and /metrics. It starts
// before the database opens, so /readyz can say the process is not ready
// yet rather than refuse the connection.
type healthListener struct {
	*bot.Health
	db   atomic.Pointer[store.DB]
	stop func()
}

// startHealth listens on addr ("" for no listener of its own) and serves
// the health endpoints until stop. The database check fails until
// opened is called. It returns an error when addr cannot be listened on.
func startHealth(ctx context.Context, addr string, log interface{ Info(string, ...any) }) (*healthListener, error) {
	h := &healthListener{Health: bot.NewHealth(), stop: func() {}}
	h.AddCheck("database", func(ctx context.Context) error {
		db := h.db.Load()
		if db == nil {
			return errors.New("not open yet")
		}
		return db.Check(ctx)
	})
	if addr == "" {
		return h, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for health and metrics on %s: %w", addr, err)
	}
	log.Info("serving health and metrics", "addr", ln.Addr().String())
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Its only error is a failed listener, which the bot's own
		// endpoints and the prober notice.
		_ = bot.ServeHealth(ctx, ln, h.Health)
	}()
	h.stop = func() { cancel(); <-done }
	return h, nil
}

// opened makes the database check read db, and the corpus gauges report it.
func (h *healthListener) opened(db *store.DB) {
	h.Metrics().SetCorpus(db)
	h.db.Store(db)
}

func cmdHealth(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("health", "health [--addr ADDR] [--timeout D]")
	def := a.Getenv("STORYBOT_METRICS")
	if def == "" {
		def = defaultMetricsAddr
	}
	addr := fs.String("addr", def, "the `ADDR` serve's health listener is on (serve --metrics; env STORYBOT_METRICS; default "+defaultMetricsAddr+")")
	timeout := fs.Duration("timeout", 5*time.Second, "give up after this long")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("health takes no arguments")
	}
	url := readyzURL(*addr)
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usagef("--addr %q: %v", *addr, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	fmt.Fprint(a.Stdout, string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %s", url, resp.Status)
	}
	return nil
}

// readyzURL turns a listen address (":9090", "host:9090") or a base URL
// into the URL of /readyz. An empty host is this machine.
func readyzURL(addr string) string {
	if strings.HasPrefix(addr, "http://") || strings.HasPrefix(addr, "https://") {
		return strings.TrimRight(addr, "/") + bot.ReadyzPath
	}
	host, port, err := net.SplitHostPort(addr)
	if err == nil && (host == "" || host == "0.0.0.0" || host == "::") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	return "http://" + addr + bot.ReadyzPath
}
