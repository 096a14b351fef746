package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// newProgress returns a reload progress callback: a progress bar when w is a
// terminal, otherwise a line every few seconds so logs and CI show that a long
// reload is alive without flooding them.
func newProgress(w io.Writer, label string) func(done, total int) {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
			if total < 20 {
				return // small reloads finish before a bar could be read
			}
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription(label), progressbar.OptionShowCount(),
					progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	var last time.Time
	return func(done, total int) {
		if total < 20 {
			return
		}
		if now := time.Now(); done == total || now.Sub(last) >= 2*time.Second {
			last = now
			fmt.Fprintf(w, "%s: %d/%d files\n", label, done, total)
		}
	}
}
