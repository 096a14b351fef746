package main

import (
	"bufio"

	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// storybotProcess starts the test binary as `storybot args...` in a process
// of its own (see TestMain).
func storybotProcess(ctx context.Context, t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return cmd
}

// chatProcess is a `storybot chat` process, asked one line at a time.
type chatProcess struct {
	t    *testing.T
	in   io.WriteCloser
	out  *bufio.Reader
	cmd  *exec.Cmd
	errs lockedBuffer
}

func startChat(ctx context.Context, t *testing.T, args ...string) *chatProcess {
	t.Helper()
	cmd := storybotProcess(ctx, t, append(args, "chat", "--prompt")...)
	s := &chatProcess{t: t, cmd: cmd}
	cmd.Stderr = &s.errs
	var err error
	if s.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.out = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.in.Close()
		cmd.Wait()
	})
	s.untilPrompt()
	return s
}

// untilPrompt reads the output up to the next prompt, "> " at the start
// of a line (cited sentences are indented).
func (s *chatProcess) untilPrompt() string {
	s.t.Helper()
	var b strings.Builder
	for !strings.HasSuffix(b.String(), "\n> ") {
		c, err := s.out.ReadByte()
		if err != nil {
			s.t.Fatalf("chat ended: %v; output %q; stderr %q", err, b.String(), s.errs.String())
		}
		b.WriteByte(c)
	}
	return strings.TrimSuffix(b.String(), "> ")
}

func (s *chatProcess) ask(line string) string {
	s.t.Helper()
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		s.t.Fatal(err)
	}
	return s.untilPrompt()
}

// TestServingProcessSeesAnotherProcessesReload: one process keeps answering
// (chat answers as the bot does, from one open database); another, the
// admin's `storybot reload`, loads a new article; the first one's next
// answer has it, without a restart.
func TestServingProcessSeesAnotherProcessesReload(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	db := filepath.Join(dir, "storybot.db")
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(corpusDir, "volcano.txt"), "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning, covering the town in ash.\n")
	if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
		t.Fatalf("first reload: %v\n%s", err, out)
	}

	chat := startChat(ctx, t, "--db", db, "--corpus", corpusDir)
	const q = "Why did the airport close?"
	if ans := chat.ask(q); !strings.Contains(ans, "The sources don't say.") {
		t.Fatalf("before the new article: %q", ans)
	}
	if ans := chat.ask("When did the volcano erupt?"); !strings.Contains(ans, "Monday") {
		t.Fatalf("the indexed article: %q", ans)
	}

	writeFile(t, filepath.Join(corpusDir, "airport.md"), "Outlet: Other Wire\n\nAsh from the volcano closed the airport on Tuesday.\n")
	if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
		t.Fatalf("the other process's reload: %v\n%s", err, out)
	}
	if ans := chat.ask(q); !strings.Contains(ans, "closed the airport") {
		t.Fatalf("the serving process's next answer after another process reloaded: %q, want the new article", ans)
	}

	// And back: the article removed by another reload is gone at once.
	if err := os.Remove(filepath.Join(corpusDir, "airport.md")); err != nil {
		t.Fatal(err)
	}
	if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
		t.Fatalf("the reload removing it: %v\n%s", err, out)
	}
	if ans := chat.ask(q); !strings.Contains(ans, "The sources don't say.") {
		t.Fatalf("after another process removed the article: %q", ans)
	}
	if s := chat.errs.String(); s != "" {
		t.Errorf("chat's stderr: %q", s)
	}
}
