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
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
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
  compare [--json] [--story NAME] TOPIC
                                each source's sentences on a topic side by side, oldest
                                first, with where they differ marked [[…]]
  quote [--json] [--story NAME] [--speaker NAME] [--limit N] [TOPIC...]
                                direct quotations, by speaker and topic
  speakers [--json] [--story NAME]
                                who is quoted, with quote counts
  sources [--json] [--story NAME]
                                the articles in the corpus
  stories [--json]              the stories: one per subfolder of the corpus folder
  reload [--json] [--story NAME] [--verify]
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
		"compare":  cmdCompare,
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
// stay quiet unless asked, so their output is the answer and nothing else:
// what a reload could not load is in its report, not repeated as warnings.
func newLogger(w io.Writer, level string, serving bool, format string) *slog.Logger {
	lvl := slog.LevelError
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

	// readied is set once ready ran: chat's /sources and /speakers run
	// commands that call it again.
	readied bool
	// notice is the stale-folder check ready started, running beside the
	// answer; flushNotice says what it found through noticeWarn.
	notice     chan string
	noticeWarn func(msg string)
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
	a.flushNotice()
	if a.DB != nil {
		if err := a.DB.Close(); err != nil {
			a.Logger.Error("close database", "err", err)
		}
	}
}

// reload brings the index up to date with the corpus folder, story by
// story, so that one story that cannot be read never blocks the others:
// their errors come back joined, after the others were reloaded, with the
// merged report. Only changed files are re-analysed. It is the one way the
// CLI, chat, the bot's /reload and serve --watch write the index; it also
// stores the folder's fingerprint, by which readers tell it changed since.
func (a *app) reload(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
	if err := a.open(ctx); err != nil {
		return corpus.ReloadReport{}, err
	}
	fsys, label, err := a.corpusFS()
	if err != nil {
		return corpus.ReloadReport{}, err
	}
	if err := a.writable(); err != nil {
		return corpus.ReloadReport{}, err
	}
	// Taken before the reload, so a file changed while it runs shows as a
	// change afterwards.
	prints, printErr := a.fingerprint(fsys)
	results, err := a.DB.ReloadStories(ctx, fsys, progress)
	report, storyErr := mergeReloads(results)
	if err != nil {
		return report, fmt.Errorf("reload %s: %w", label, err)
	}
	if printErr == nil {
		// A story that could not be reloaded keeps no fingerprint, so
		// readers go on saying the folder changed.
		l := store.Listing{Folder: a.corpusFolder(), Stories: prints}
		for _, r := range results {
			if r.Err != nil {
				delete(l.Stories, r.Story)
			}
		}
		if err := a.DB.SaveListing(ctx, l, true); err != nil {
			a.Logger.Warn("store the corpus folder's fingerprint", "err", err)
		}
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
	if err := a.writable(); err != nil {
		return corpus.ReloadReport{}, err
	}
	prints, printErr := a.fingerprint(fsys)
	report, err := a.DB.ReloadStory(ctx, fsys, story, progress)
	if err != nil {
		return report, fmt.Errorf("reload %s: %w", label, err)
	}
	if printErr == nil {
		// A story whose folder is gone is forgotten ("").
		l := store.Listing{Folder: a.corpusFolder(), Stories: map[string]string{story: prints[story]}}
		if err := a.DB.SaveListing(ctx, l, false); err != nil {
			a.Logger.Warn("store the corpus folder's fingerprint", "err", err)
		}
	}
	return report, nil
}

// writable refuses to reload a database opened read-only.
func (a *app) writable() error {
	if a.DB.ReadOnly() {
		path, _ := a.dbPath()
		return fmt.Errorf("the database %s is read-only (its file or folder cannot be written): it answers, but a reload needs write access", path)
	}
	return nil
}

// corpusFolder names the corpus folder as the stored listing does: its
// absolute path, "" for the embedded story.
func (a *app) corpusFolder() string {
	if a.CorpusDir == "" {
		return ""
	}
	if abs, err := filepath.Abs(a.CorpusDir); err == nil {
		return abs
	}
	return a.CorpusDir
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

// ready opens the database for a command that answers from it. Readers
// never write the index: they answer from it as it is, and say in one line
// (through warn) when the corpus folder changed since the last reload. Only
// a database that was never loaded is indexed first, so a first command
// works with no set-up.
//
// The check lists the whole folder (a stat per file), so it runs beside the
// answer; what it found is said by flushNotice, at the latest when the
// command ends.
func (a *app) ready(ctx context.Context, warn func(msg string)) error {
	if a.readied {
		return nil
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	a.readied = true
	stats, err := a.DB.Stats(ctx)
	if err != nil {
		return err
	}
	listing, err := a.DB.Listing(ctx)
	if err != nil {
		return err
	}
	if stats.Articles == 0 && len(listing.Stories) == 0 && !a.DB.ReadOnly() {
		report, err := a.reload(ctx, nil)
		if err != nil {
			return err
		}
		if n := len(report.Failed); n > 0 {
			warn(fmt.Sprintf("%d files could not be loaded; run `storybot reload` to see which and why", n))
		}
		return nil
	}
	version, err := a.DB.IndexVersion(ctx)
	if err != nil {
		return err
	}
	a.notice, a.noticeWarn = make(chan string, 1), warn
	go func() {
		msgs := []string{indexVersionNotice(version), a.staleness(listing)}
		a.notice <- strings.Join(slices.DeleteFunc(msgs, func(m string) bool { return m == "" }), "; ")
	}()
	return nil
}

// indexVersionNotice says when the index was built by a storybot that
// parses or analyses articles differently from this one (see
// corpus.IndexVersion); "" when they agree or the index is empty.
func indexVersionNotice(version int) string {
	switch {
	case version == 0 || version == corpus.IndexVersion:
		return ""
	case version < corpus.IndexVersion:
		return fmt.Sprintf("the index was built by an older storybot (index version %d, this one writes %d); run `storybot reload` to re-index with the current parser", version, corpus.IndexVersion)
	default:
		return fmt.Sprintf("the index was built by a newer storybot (index version %d, this one writes %d); answers use it as it is, but upgrade this binary before reloading", version, corpus.IndexVersion)
	}
}

// flushNotice waits for the check ready started, if any, and says what it
// found.
func (a *app) flushNotice() {
	if a.notice == nil {
		return
	}
	if msg := <-a.notice; msg != "" {
		a.noticeWarn(msg)
	}
	a.notice = nil
}

// warnStderr prints a reader's one-line notice.
func (a *app) warnStderr(msg string) { fmt.Fprintf(a.Stderr, "storybot: %s\n", msg) }

// staleMessage is what a reader says when the corpus folder changed since
// the last reload.
const staleMessage = "the corpus folder changed since the last reload; run `storybot reload`"

// staleness compares the corpus folder with the listing stored by the last
// reload, from file sizes and times alone (see corpus.Fingerprint), and
// says what is out of date; "" when nothing is. Without --corpus it checks
// the folder the index was loaded from.
func (a *app) staleness(listing store.Listing) string {
	folder := a.corpusFolder()
	var (
		prints map[string]string
		err    error
	)
	switch {
	case folder == "" && listing.Folder != "":
		folder = listing.Folder
		prints, err = corpus.FingerprintDir(folder)
	case folder != listing.Folder && len(listing.Stories) > 0:
		return fmt.Sprintf("the index was loaded from %s, not %s; run `storybot reload` to load this one", describeFolder(listing.Folder), describeFolder(folder))
	default:
		fsys, _, ferr := a.corpusFS()
		if ferr != nil {
			return fmt.Sprintf("%v; answering from the index as it is", ferr)
		}
		prints, err = a.fingerprint(fsys)
	}
	if err != nil {
		return fmt.Sprintf("corpus folder %s: %v; answering from the index as it is", folder, err)
	}
	if !maps.Equal(prints, listing.Stories) {
		return staleMessage
	}
	return ""
}

// fingerprint is corpus.Fingerprint of the corpus, fsys as corpusFS gave
// it; a real folder is listed the faster way.
func (a *app) fingerprint(fsys fs.FS) (map[string]string, error) {
	if a.CorpusDir == "" {
		return corpus.Fingerprint(fsys)
	}
	return corpus.FingerprintDir(a.CorpusDir)
}

func describeFolder(folder string) string {
	if folder == "" {
		return "the embedded story"
	}
	return folder
}

// index opens the database and indexes whatever changed, logging stories
// that could not be loaded without failing the command. Only measurements
// (eval) use it; readers use ready.
func (a *app) index(ctx context.Context) error {
	if report, err := a.reload(ctx, nil); err != nil {
		if !storiesReloaded(report) {
			return err
		}
		a.Logger.Warn("some stories not reloaded; their previous articles still answer", "err", err)
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
