package bot

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
	"storybot/qa"
)

type nopAnswerer struct{}

func (nopAnswerer) Ask(context.Context, string) (qa.Answer, error) { return qa.Answer{}, nil }
func (nopAnswerer) Quotes(context.Context, string, string, int) ([]qa.QuoteHit, error) {
	return nil, nil
}
func (nopAnswerer) Speakers(context.Context) ([]qa.Speaker, error)     { return nil, nil }
func (nopAnswerer) Articles(context.Context) ([]corpus.Article, error) { return nil, nil }

// scrape returns the sample value of series in m's exposition, "" when
// absent.
func scrape(t *testing.T, m *Metrics, series string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}

// TestRESTErrorsAndRateLimits sends REST calls through the session New
// builds, to a Discord that fails, rate-limits, then is gone.
func TestRESTErrorsAndRateLimits(t *testing.T) {
	var limited atomic.Bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/broken"):
			http.Error(w, `{"message": "oops", "code": 0}`, http.StatusInternalServerError)
		case strings.HasSuffix(r.URL.Path, "/busy") && !limited.Swap(true):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"message": "You are being rate limited.", "retry_after": 0.05, "global": false}`)
		default:
			io.WriteString(w, `{}`)
		}
	}))
	health := NewHealth()
	b, err := New(Config{Token: "t", APIBase: api.URL + "/api/v10", Health: health,
		Answerer: nopAnswerer{}, Library: nopAnswerer{}, Reload: func(context.Context, func(int, int)) (corpus.ReloadReport, error) {
			return corpus.ReloadReport{}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	call := func(path string) error {
		_, err := b.session.RequestWithBucketID("GET", discordgo.EndpointAPI+path, nil, path)
		return err
	}
	if err := call("broken"); err == nil {
		t.Errorf("a 500 came back as success")
	}
	if err := call("busy"); err != nil {
		t.Errorf("a rate-limited call was not retried: %v", err)
	}
	api.Close()
	if err := call("gone"); err == nil {
		t.Errorf("a call to a closed server succeeded")
	}
	m := health.Metrics()
	for series, want := range map[string]string{
		`storybot_discord_rest_errors_total{status="500"}`:     "1",
		`storybot_discord_rest_errors_total{status="429"}`:     "1",
		`storybot_discord_rest_errors_total{status="network"}`: "1",
		`storybot_discord_rate_limit_waits_total`:              "1",
		`storybot_discord_rate_limit_wait_seconds_total`:       "0.05",
	} {
		if got := scrape(t, m, series); got != want {
			t.Errorf("%s = %q, want %s", series, got, want)
		}
	}
}
