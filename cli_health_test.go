package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"storybot/store"
)

func TestHealthCommand(t *testing.T) {
	ready := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "database: ok")
	}))
	defer ready.Close()
	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database: not open yet", http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	hostPort := func(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }

	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"ready by --addr", nil, []string{"health", "--addr", hostPort(ready)}, 0, "database: ok"},
		{"ready by URL", nil, []string{"health", "--addr", ready.URL + "/"}, 0, "database: ok"},
		{"ready by STORYBOT_METRICS", map[string]string{"STORYBOT_METRICS": hostPort(ready)}, []string{"health"}, 0, "database: ok"},
		{"not ready", nil, []string{"health", "--addr", hostPort(notReady)}, 1, "not open yet"},
		{"nothing listening", nil, []string{"health", "--addr", hostPort(gone)}, 1, ""},
		{"stray argument", nil, []string{"health", "now"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.env, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantOut) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, tt.wantCode, tt.wantOut)
			}
		})
	}
}

func TestReadyzURL(t *testing.T) {
	for addr, want := range map[string]string{
		":9090":                   "http://127.0.0.1:9090/readyz",
		"0.0.0.0:9090":            "http://127.0.0.1:9090/readyz",
		"[::]:9090":               "http://127.0.0.1:9090/readyz",
		"metrics.internal:9100":   "http://metrics.internal:9100/readyz",
		"http://10.0.0.5:9090/":   "http://10.0.0.5:9090/readyz",
		"https://bot.example.org": "https://bot.example.org/readyz",
	} {
		if got := readyzURL(addr); got != want {
			t.Errorf("readyzURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

// TestHealthNotReadyBeforeDatabase checks the database check serve adds:
// failing before the store opens, passing while it is open, failing after
// it closes.
func TestHealthNotReadyBeforeDatabase(t *testing.T) {
	ctx := context.Background()
	h, err := startHealth(ctx, "", discardLog{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.stop()
	if report, ok := h.Ready(ctx); ok || !strings.Contains(report, "database: not open yet") {
		t.Errorf("before open: ready %v\n%s", ok, report)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h.opened(db)
	if report, ok := h.Ready(ctx); !ok {
		t.Errorf("after open: not ready\n%s", report)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if report, ok := h.Ready(ctx); ok {
		t.Errorf("after close: still ready\n%s", report)
	}
}

type discardLog struct{}

func (discardLog) Info(string, ...any) {}
