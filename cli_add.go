package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"storybot/bot"
	"storybot/corpus"
)

// addArticle is what /add does in serve: it checks that name with data is
// an article the corpus can read, writes it into the corpus folder (story's
// subfolder when story is not ""), never over an existing file, and
// reloads that story (or every story) through the same path as /reload.
// Problems the moderator can fix come back as bot.AddRefusal.
func (a *app) addArticle(ctx context.Context, story, name string, data []byte, progress func(done, total int)) (corpus.ReloadReport, error) {
	if a.CorpusDir == "" {
		return corpus.ReloadReport{}, bot.AddRefusal{Reason: "storybot answers from its embedded story; start serve with --corpus DIR to add articles."}
	}
	if name == "" || filepath.Base(name) != name || name[0] == '.' {
		return corpus.ReloadReport{}, bot.AddRefusal{Reason: fmt.Sprintf("%q is not a plain file name.", name)}
	}
	files, skipped, err := readAsReload(name, data)
	if err != nil {
		return corpus.ReloadReport{}, err
	}
	if len(skipped) > 0 || len(files) != 1 {
		reason := "storybot does not read files of this kind"
		if len(skipped) > 0 {
			reason = skipped[0].Reason
		}
		return corpus.ReloadReport{}, bot.AddRefusal{Reason: fmt.Sprintf("%s: %s.", name, reason)}
	}
	if _, err := corpus.Parse(files[0]); err != nil {
		return corpus.ReloadReport{}, bot.AddRefusal{Reason: fmt.Sprintf("%s is not an article storybot can read: %v.", name, err)}
	}
	dir := a.CorpusDir
	if story != "" {
		dir = filepath.Join(a.CorpusDir, story)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return corpus.ReloadReport{}, bot.AddRefusal{Reason: fmt.Sprintf("the story folder %s is not in the corpus folder.", story)}
	}
	path := filepath.Join(dir, name)
	if err := writeNew(path, data); errors.Is(err, fs.ErrExist) {
		return corpus.ReloadReport{}, bot.AddRefusal{Reason: fmt.Sprintf("a file named %s is already in the corpus; rename yours or remove the old one first.", name)}
	} else if err != nil {
		return corpus.ReloadReport{}, err
	}
	a.Logger.Info("article added", "file", path, "bytes", len(data))
	return a.reloadStory(ctx, story, progress)
}

// readAsReload reads name with data from a one-file folder, as a reload
// would, so what /add refuses is exactly what a reload would skip or fail.
func readAsReload(name string, data []byte) ([]corpus.File, []corpus.FileProblem, error) {
	tmp, err := os.MkdirTemp("", "storybot-add-")
	if err != nil {
		return nil, nil, fmt.Errorf("check %s: %w", name, err)
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, name), data, 0o600); err != nil {
		return nil, nil, fmt.Errorf("check %s: %w", name, err)
	}
	files, skipped, err := corpus.ReadFiles(os.DirFS(tmp))
	if err != nil {
		return nil, nil, fmt.Errorf("check %s: %w", name, err)
	}
	return files, skipped, nil
}

// writeNew writes data to a new file at path, synced to disk; it returns
// an error wrapping fs.ErrExist when the file is already there.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("add %s: %w", path, err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(path)
		return fmt.Errorf("add %s: %w", path, err)
	}
	return nil
}
