package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// makeReadOnly makes path unwritable for this process: by its mode bits,
// or, for root, which ignores them, by the immutable attribute; it skips
// the test when neither is possible.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		mode := os.FileMode(0o444)
		if info.IsDir() {
			mode = 0o555
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(path, info.Mode().Perm()) })
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("running as root, and chattr +i is not available to make %s read-only: %v %s", path, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

func TestReadOnlyDatabaseAnswers(t *testing.T) {
	for _, tt := range []struct {
		name   string
		folder bool
	}{{"read-only file", false}, {"read-only folder", true}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "storybot.db")
			if _, stderr, code := runCLI(t, nil, "--db", db, "reload"); code != 0 {
				t.Fatalf("reload: exit %d: %s", code, stderr)
			}
			if tt.folder {
				makeReadOnly(t, dir)
			} else {
				makeReadOnly(t, db)
			}
			out := askJSONOf(t, nil, "--db", db, "ask", "--json", "What did Sheinbaum say about sovereignty?")
			if out.NotFound {
				t.Fatalf("a read-only database did not answer: %+v", out)
			}
			_, stderr, code := runCLI(t, nil, "--db", db, "reload")
			if code != 1 || !strings.Contains(stderr, "read-only") {
				t.Errorf("reload of a read-only database: exit %d, stderr %q; want 1 and a message saying it is read-only", code, stderr)
			}
		})
	}
}

func TestForeignDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	other, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Skipf("no sqlite3 driver registered in this package: %v", err)
	}
	if _, err := other.ExecContext(context.Background(), `CREATE TABLE invoices (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	other.Close()
	before, _ := os.ReadFile(path)
	_, stderr, code := runCLI(t, nil, "--db", path, "ask", "anything?")
	if code != 1 || !strings.Contains(stderr, "another program's SQLite database (tables: invoices)") {
		t.Errorf("exit %d, stderr %q; want 1 and the database refused", code, stderr)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the other program's database was changed")
	}
}
