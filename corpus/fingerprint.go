package corpus

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io/fs"
	"strings"
)

// Fingerprint digests what the corpus folder fsys holds, story by story,
// from its listing alone: each file's path, size and modification time,
// never its bytes, so it costs one stat per file. The map is keyed by story
// ("" for the files at the root) and holds every story with at least one
// file; hidden files and folders are left out, as ListFiles leaves them out
// of the corpus. A reload stores it so a reader can tell the folder changed
// since without reloading. It returns an error only when fsys cannot be
// listed.
func Fingerprint(fsys fs.FS) (map[string]string, error) {
	digests := map[string]hash.Hash{}
	var buf []byte
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			// What cannot be listed counts as it is: a folder that becomes
			// readable changes the digest.
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		story, _, ok := strings.Cut(p, "/")
		if !ok {
			story = ""
		}
		h, ok := digests[story]
		if !ok {
			h = sha256.New()
			digests[story] = h
		}
		var size, mtime int64
		if info, err := d.Info(); err == nil {
			size, mtime = info.Size(), info.ModTime().UnixNano()
		}
		// WalkDir visits in lexical order, so the digest needs no sort.
		buf = appendEntry(buf[:0], p, size, mtime)
		h.Write(buf)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list corpus folder: %w", err)
	}
	out := make(map[string]string, len(digests))
	for story, h := range digests {
		out[story] = hex.EncodeToString(h.Sum(nil))
	}
	return out, nil
}

// appendEntry appends what a fingerprint digests of one file.
func appendEntry(buf []byte, p string, size, mtime int64) []byte {
	buf = append(buf, p...)
	buf = append(buf, 0)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(size))
	return binary.LittleEndian.AppendUint64(buf, uint64(mtime))
}
