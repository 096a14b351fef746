//go:build !linux

package corpus

import "os"

// FingerprintDir is Fingerprint(os.DirFS(dir)).
func FingerprintDir(dir string) (map[string]string, error) {
	return Fingerprint(os.DirFS(dir))
}
