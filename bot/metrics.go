package bot

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"storybot/corpus"
	"storybot/qa"
)

// Question outcomes, the values of the outcome label.
const (
	// OutcomeAnswered: at least one source was cited (or a quotation found).
	OutcomeAnswered = "answered"
	// OutcomeSilent: the sources don't say; the user was told so.
	OutcomeSilent = "silent"
	// OutcomeError: the question could not be answered; the user got an
	// apology.
	OutcomeError = "error"
)

// messageCommand is the command label of questions asked in messages:
// mentions, DMs and listened channels.
const messageCommand = "message"

// CorpusStats says what the corpus holds now. *store.DB satisfies it.
type CorpusStats interface {
	Stats(ctx context.Context) (corpus.IndexStats, error)
	Version() uint64
}

// Metrics counts what one process does, in Prometheus's terms. It keeps a
// registry of its own rather than client_golang's default one, so nothing
// is global and two bots in one test binary never collide. Its methods do
// nothing on a nil *Metrics, so the bot needs no checks when it has none.
type Metrics struct {
	reg *prometheus.Registry

	questions     *prometheus.CounterVec
	answerSeconds *prometheus.HistogramVec
	reloads       *prometheus.CounterVec
	reloadSeconds prometheus.Histogram
	disconnects   *prometheus.CounterVec
	restErrors    *prometheus.CounterVec
	rateLimited   prometheus.Counter
	rateLimitWait prometheus.Counter

	corpus atomic.Pointer[corpusSource]
}

type corpusSource struct{ CorpusStats }

// NewMetrics returns metrics with every family registered, the Go runtime's
// and the process's (RSS, open files) included.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storybot_questions_total",
			Help: "Questions by command (ask, quote, the message command, message for mentions, DMs and listened channels) and outcome (answered, silent: the sources don't say, error).",
		}, []string{"command", "outcome"}),
		answerSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "storybot_answer_duration_seconds",
			Help: "Time to find an answer (retrieval, not the reply to Discord), by command.",
			// Answers take about 2 ms at 1M sentences; a cold cache or a
			// reload in progress can take seconds.
			Buckets: []float64{.001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"command"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storybot_reloads_total",
			Help: "Reloads of the corpus by this process, by outcome (ok, error).",
		}, []string{"outcome"}),
		reloadSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "storybot_reload_duration_seconds",
			Help:    "Time a reload of the corpus by this process took.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300},
		}),
		disconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storybot_gateway_disconnects_total",
			Help: "Times the gateway session of a shard was lost (discordgo reconnects by itself).",
		}, []string{"shard"}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storybot_discord_rest_errors_total",
			Help: "Discord REST calls that failed, by HTTP status (\"network\" when no response came back). 429s are counted here too.",
		}, []string{"status"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storybot_discord_rate_limit_waits_total",
			Help: "Times a REST call got 429 Too Many Requests and waited before retrying.",
		}),
		rateLimitWait: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storybot_discord_rate_limit_wait_seconds_total",
			Help: "Time REST calls waited after a 429 before retrying.",
		}),
	}
	m.reg.MustRegister(m.questions, m.answerSeconds, m.reloads, m.reloadSeconds, m.disconnects,
		m.restErrors, m.rateLimited, m.rateLimitWait, newCorpusCollector(m),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// SetCorpus makes the corpus gauges report src. They are read at each
// scrape, so they follow reloads whoever ran them; until SetCorpus is
// called (the database is not open yet) they are absent.
func (m *Metrics) SetCorpus(src CorpusStats) {
	if m == nil || src == nil {
		return
	}
	m.corpus.Store(&corpusSource{src})
}

// ObserveReload records one reload that started at start and ended with
// err.
func (m *Metrics) ObserveReload(start time.Time, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.reloads.WithLabelValues(outcome).Inc()
	m.reloadSeconds.Observe(time.Since(start).Seconds())
}

func (m *Metrics) observeQuestion(command, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(command, outcome).Inc()
	m.answerSeconds.WithLabelValues(command).Observe(took.Seconds())
}

func (m *Metrics) gatewayLost(shard int) {
	if m == nil {
		return
	}
	m.disconnects.WithLabelValues(strconv.Itoa(shard)).Inc()
}

func (m *Metrics) rateLimit(rl *discordgo.RateLimit) {
	if m == nil {
		return
	}
	m.rateLimited.Inc()
	if rl != nil && rl.TooManyRequests != nil {
		m.rateLimitWait.Add(rl.RetryAfter.Seconds())
	}
}

// corpusCollector reads the corpus's version and size at scrape time.
type corpusCollector struct {
	m                         *Metrics
	version, sentences, count *prometheus.Desc
}

func newCorpusCollector(m *Metrics) corpusCollector {
	return corpusCollector{
		m: m,
		version: prometheus.NewDesc("storybot_corpus_version",
			"Changes whenever a reload commits a change to the corpus (the store's generation).", nil, nil),
		sentences: prometheus.NewDesc("storybot_corpus_sentences", "Sentences in the index.", nil, nil),
		count:     prometheus.NewDesc("storybot_corpus_articles", "Articles in the index.", nil, nil),
	}
}

func (c corpusCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.version
	ch <- c.sentences
	ch <- c.count
}

func (c corpusCollector) Collect(ch chan<- prometheus.Metric) {
	src := c.m.corpus.Load()
	if src == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	stats, err := src.Stats(ctx)
	if err != nil {
		// /readyz says why; an absent gauge is better than a false zero,
		// and an invalid metric would fail the whole scrape.
		return
	}
	ch <- prometheus.MustNewConstMetric(c.version, prometheus.GaugeValue, float64(src.Version()))
	ch <- prometheus.MustNewConstMetric(c.sentences, prometheus.GaugeValue, float64(stats.Sentences))
	ch <- prometheus.MustNewConstMetric(c.count, prometheus.GaugeValue, float64(stats.Articles))
}

// restCounter counts Discord REST calls that failed. It sits under
// discordgo's http.Client, so it sees every call, retries included.
type restCounter struct {
	m    *Metrics
	next http.RoundTripper
}

func (t restCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil && !errors.Is(err, context.Canceled):
		t.m.restErrors.WithLabelValues("network").Inc()
	case err == nil && resp.StatusCode >= 400:
		t.m.restErrors.WithLabelValues(strconv.Itoa(resp.StatusCode)).Inc()
	}
	return resp, err
}

// askObserved is ask, counted under command.
func (b *Bot) askObserved(ctx context.Context, command, story, question string) (qa.Answer, error) {
	start := time.Now()
	defer func() {
		// A panic is an error too; the handler's own recover apologises.
		if p := recover(); p != nil {
			b.metrics.observeQuestion(command, OutcomeError, time.Since(start))
			panic(p)
		}
	}()
	ans, err := b.ask(ctx, story, question)
	outcome := OutcomeAnswered
	switch {
	case err != nil:
		outcome = OutcomeError
	case ans.NotFound || len(ans.Sources) == 0:
		outcome = OutcomeSilent
	}
	b.metrics.observeQuestion(command, outcome, time.Since(start))
	return ans, err
}

// observeQuotes counts a quotation request that started at start.
func (b *Bot) observeQuotes(start time.Time, hits []qa.QuoteHit, err error) {
	outcome := OutcomeAnswered
	switch {
	case err != nil:
		outcome = OutcomeError
	case len(hits) == 0:
		outcome = OutcomeSilent
	}
	b.metrics.observeQuestion("quote", outcome, time.Since(start))
}
