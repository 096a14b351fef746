package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestLogFormat reloads a folder with a broken file, which the store logs
// as a warning (at STORYBOT_LOG_LEVEL=warn), and checks the format of that log line.
func TestLogFormat(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.txt"), "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning.\n")
	writeFile(t, filepath.Join(dir, "broken.json"), `{"title": "half`)
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		want     string // "text", "json", or what stderr must say
	}{
		{"default", nil, []string{"reload"}, 0, "text"},
		{"global flag", nil, []string{"--log-format", "json", "reload"}, 0, "json"},
		{"after the command", nil, []string{"reload", "--log-format=json"}, 0, "json"},
		{"env", map[string]string{"STORYBOT_LOG_FORMAT": "JSON"}, []string{"reload"}, 0, "json"},
		{"flag beats env", map[string]string{"STORYBOT_LOG_FORMAT": "json"}, []string{"reload", "--log-format", "text"}, 0, "text"},
		{"bad flag", nil, []string{"reload", "--log-format", "xml"}, 2, "want text or json"},
		{"bad env", map[string]string{"STORYBOT_LOG_FORMAT": "logfmt"}, []string{"reload"}, 2, "STORYBOT_LOG_FORMAT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--db", tempDB(t), "--corpus", dir}, tt.args...)
			// CLI commands log only errors by default (a reload's report lists
			// its failures); ask for the warning this test reads.
			env := map[string]string{"STORYBOT_LOG_LEVEL": "warn"}
			for k, v := range tt.env {
				env[k] = v
			}
			_, stderr, code := runCLI(t, env, args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tt.wantCode, stderr)
			}
			var logs []string
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if strings.Contains(line, "broken.json") {
					logs = append(logs, line)
				}
			}
			switch tt.want {
			case "text", "json":
				if len(logs) == 0 {
					t.Fatalf("no log line about broken.json:\n%s", stderr)
				}
				for _, line := range logs {
					var rec map[string]any
					isJSON := json.Unmarshal([]byte(line), &rec) == nil
					if isJSON != (tt.want == "json") {
						t.Errorf("log line is JSON: %v, want %s: %s", isJSON, tt.want, line)
					}
					if isJSON && (rec["level"] != "WARN" || rec["msg"] == nil || rec["time"] == nil) {
						t.Errorf("JSON log line lacks slog's time/level/msg: %s", line)
					}
					if !isJSON && !strings.HasPrefix(line, "time=") {
						t.Errorf("text log line is not slog's text format: %s", line)
					}
				}
			default:
				if !strings.Contains(stderr, tt.want) {
					t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
				}
			}
		})
	}
}
