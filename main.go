// Command storybot answers questions about a news story by citing what each
// source wrote, from the command line or in Discord.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a mistake in how the command was called; it exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitCode reports err and maps it to the process exit status: 0 ok, 1
// error, 2 usage.
func exitCode(err error, stderr io.Writer) int {
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "storybot: %s\nRun 'storybot -h' for usage.\n", usage.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "storybot: %v\n", err)
		return 1
	}
}

const mainUsage = `storybot answers questions about a news story by citing what each source wrote.

Usage:
  storybot [--corpus DIR] [--db FILE] COMMAND [flags] [args]

Commands:
  ask [--json] [--story NAME] QUESTION
                                answer from the sources, citing each one; without
                                --story, from the story the question fits best
  quote [--json] [--story NAME] [--speaker NAME] [--limit N] [TOPIC...]
                                direct quotations, by speaker and topic
  speakers [--json] [--story NAME]
                                who is quoted, with quote counts
  sources [--json] [--story NAME]
                                the articles in the corpus
  stories [--json]              the stories: one per subfolder of the corpus folder
  reload [--json] [--story NAME]
                                re-index the corpus folder (or one story) and report what changed
  chat [--story NAME]           an interactive console that behaves like the Discord channel
  serve                         run the Discord bot
  eval                          measure answer quality on public benchmarks
  bench                         measure speed on a generated corpus
  health [--addr ADDR] [--timeout D]
                                exit 0 when a running serve is ready (GET /readyz), else 1
  feedback [--json] [--purge-older-than AGE]
                                the 👍/👎 votes on answers in Discord (serve keeps them
                                90 days by default), or delete the older ones
  version [--json]              the version and source revision of this binary

Global flags (also accepted after the command):
  --corpus DIR   article folder (env STORYBOT_CORPUS; default: the embedded story);
                 each subfolder is one story, files at the top are one more
  --db FILE      SQLite database (env STORYBOT_DB; default: storybot.db in the user cache dir)
  --log-format text|json
                 log lines as slog's text or JSON (env STORYBOT_LOG_FORMAT; default text)

Run 'storybot COMMAND -h' for a command's flags.
`

// command is one subcommand: it parses its own flags from args.
type command func(ctx context.Context, a *app, args []string) error

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	a := &app{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}
	global := flag.NewFlagSet("storybot", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.Usage = func() { fmt.Fprint(stderr, mainUsage) }
	if env := getenv("STORYBOT_LOG_FORMAT"); env != "" {
		if err := a.setLogFormat(env); err != nil {
			return usagef("STORYBOT_LOG_FORMAT: %v", err)
		}
	}
	a.addStorageFlags(global)
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if global.NArg() == 0 {
		fmt.Fprint(stderr, mainUsage)
		return usagef("no command given")
	}
	commands := map[string]command{
		"ask":      cmdAsk,
		"quote":    cmdQuote,
		"speakers": cmdSpeakers,
		"sources":  cmdSources,
		"stories":  cmdStories,
		"reload":   cmdReload,
		"chat":     cmdChat,
		"serve":    cmdServe,
		"eval":     cmdEval,
		"bench":    cmdBench,
		"health":   cmdHealth,
		"version":  cmdVersion,
		"feedback": cmdFeedback,
	}
	name, rest := global.Arg(0), global.Args()[1:]
	if name == "help" {
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		return usagef("unknown command %q", name)
	}
	a.newLog = func(format string) *slog.Logger {
		return newLogger(stderr, getenv("STORYBOT_LOG_LEVEL"), name == "serve", format)
	}
	a.Logger = a.newLog(a.LogFormat)
	defer a.close()
	return cmd(ctx, a, rest)
}

// newLogger configures slog once for the whole process. Interactive commands
// stay quiet unless asked, so their output is the answer and nothing else.
func newLogger(w io.Writer, level string, serving bool, format string) *slog.Logger {
	lvl := slog.LevelWarn
	if serving {
		lvl = slog.LevelInfo
	}
	switch strings.ToLower(level) {
	case "debug":
		lvl = slog.LevelDebug
	case "info":
		lvl = slog.LevelInfo
	case "warn":
		lvl = slog.LevelWarn
	case "error":
		lvl = slog.LevelError
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// app holds what every command shares: streams, configuration and, once
// opened, the database and the question engine.
type app struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Logger *slog.Logger
	// LogFormat is "text" or "json"; newLog builds the Logger for a format.
	LogFormat string
	newLog    func(format string) *slog.Logger

	CorpusDir string // "" means the embedded default story
	DBPath    string

	Analyzer *corpus.Analyzer
	DB       *store.DB
	Engine   *qa.Engine
	// Router answers over every story, choosing one per question.
	Router *qa.Router
}

// addStorageFlags declares --corpus and --db on fs, defaulting from the
// environment. They are declared on the global flag set and again on every
// command's, so they work before or after the command name.
func (a *app) addStorageFlags(fs *flag.FlagSet) {
	corpusDefault, dbDefault := a.CorpusDir, a.DBPath
	if corpusDefault == "" {
		corpusDefault = a.Getenv("STORYBOT_CORPUS")
	}
	if dbDefault == "" {
		dbDefault = a.Getenv("STORYBOT_DB")
	}
	fs.StringVar(&a.CorpusDir, "corpus", corpusDefault, "article `folder` (env STORYBOT_CORPUS; default: the embedded story)")
	fs.StringVar(&a.DBPath, "db", dbDefault, "SQLite database `file` (env STORYBOT_DB; default: in the user cache dir)")
	fs.Func("log-format", "log `format`: text or json (env STORYBOT_LOG_FORMAT; default text)", a.setLogFormat)
}

// newFlagSet returns a command's flag set, with the storage flags and a usage
// line.
func (a *app) newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("storybot "+name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	a.addStorageFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(a.Stderr, "Usage: storybot %s\n\nFlags:\n", usage)
		printFlags(a.Stderr, fs)
	}
	return fs
}

// parseFlags parses a command's flags; mistakes become usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// corpusFS returns the corpus to index and a label for messages.
func (a *app) corpusFS() (fs.FS, string, error) {
	if a.CorpusDir == "" {
		return corpus.Default(), "the embedded story", nil
	}
	info, err := os.Stat(a.CorpusDir)
	if err != nil {
		return nil, "", fmt.Errorf("corpus folder: %w", err)
	}
	if !info.IsDir() {
		return nil, "", fmt.Errorf("corpus %s is not a folder: give --corpus a folder of article files", a.CorpusDir)
	}
	return os.DirFS(a.CorpusDir), a.CorpusDir, nil
}

// dbPath returns the database file to use, defaulting to the user's cache
// directory so a fresh clone needs no set-up.
func (a *app) dbPath() (string, error) {
	if a.DBPath != "" {
		return a.DBPath, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "storybot", "storybot.db"), nil
}

// open opens the database and builds the engine; it is idempotent.
func (a *app) open(ctx context.Context) error {
	if a.DB != nil {
		return nil
	}
	path, err := a.dbPath()
	if err != nil {
		return err
	}
	a.Analyzer = corpus.NewAnalyzer()
	db, err := store.Open(ctx, path, a.Logger, store.WithAnalyzer(a.Analyzer))
	if err != nil {
		return err // it names the file already
	}
	a.DB = db
	a.Engine = &qa.Engine{Index: db, QuoteIndex: db, Analyzer: a.Analyzer, Logger: a.Logger}
	a.Router = &qa.Router{Engine: a.Engine, Stories: db, View: func(story string) (qa.Index, qa.QuoteIndex) {
		v := db.Story(story)
		return v, v
	}}
	return nil
}

func (a *app) close() {
	if a.DB != nil {
		if err := a.DB.Close(); err != nil {
			a.Logger.Error("close database", "err", err)
		}
	}
}

// reload brings the index up to date with the corpus folder, story by
// story, so that one story that cannot be read never blocks the others:
// their errors come back joined, after the others were reloaded, with the
// merged report. Only changed files are re-analysed, so calling it before
// every question is cheap; it is how a changed corpus folder is noticed.
func (a *app) reload(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
	if err := a.open(ctx); err != nil {
		return corpus.ReloadReport{}, err
	}
	fsys, label, err := a.corpusFS()
	if err != nil {
		return corpus.ReloadReport{}, err
	}
	results, err := a.DB.ReloadStories(ctx, fsys, progress)
	report, storyErr := mergeReloads(results)
	if err != nil {
		return report, fmt.Errorf("reload %s: %w", label, err)
	}
	if storyErr != nil {
		return report, fmt.Errorf("reload %s: %w", label, storyErr)
	}
	return report, nil
}

// reloadStory reloads one story of the corpus folder; "" means all.
func (a *app) reloadStory(ctx context.Context, story string, progress func(done, total int)) (corpus.ReloadReport, error) {
	if story == "" {
		return a.reload(ctx, progress)
	}
	if err := a.open(ctx); err != nil {
		return corpus.ReloadReport{}, err
	}
	fsys, label, err := a.corpusFS()
	if err != nil {
		return corpus.ReloadReport{}, err
	}
	report, err := a.DB.ReloadStory(ctx, fsys, story, progress)
	if err != nil {
		return report, fmt.Errorf("reload %s: %w", label, err)
	}
	return report, nil
}

// mergeReloads adds up the stories' reports; the errors of stories that
// could not be reloaded come back joined.
func mergeReloads(results []store.StoryReload) (corpus.ReloadReport, error) {
	var (
		out  corpus.ReloadReport
		errs []error
	)
	for _, r := range results {
		out.Added = append(out.Added, r.Report.Added...)
		out.Updated = append(out.Updated, r.Report.Updated...)
		out.Removed = append(out.Removed, r.Report.Removed...)
		out.Failed = append(out.Failed, r.Report.Failed...)
		out.Skipped = append(out.Skipped, r.Report.Skipped...)
		out.Unchanged += r.Report.Unchanged
		if r.Err != nil {
			errs = append(errs, r.Err)
			continue
		}
		// Each report counts the whole index after its story; the last is
		// the index now.
		out.Sentences = r.Report.Sentences
	}
	return out, errors.Join(errs...)
}

// ready opens the database and indexes whatever changed, warning about
// files, and stories, that could not be loaded without failing the command.
func (a *app) ready(ctx context.Context) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	fsys, label, err := a.corpusFS()
	if err != nil {
		return err
	}
	results, err := a.DB.ReloadStories(ctx, fsys, nil)
	if err != nil {
		return fmt.Errorf("reload %s: %w", label, err)
	}
	for _, r := range results {
		// Files that failed are already logged, with their reasons, by the store.
		if r.Err != nil {
			a.Logger.Warn("story not reloaded; its previous articles still answer", "story", r.Story, "err", r.Err)
		}
	}
	return nil
}

// sortedKeys is a small helper for stable output of maps.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
