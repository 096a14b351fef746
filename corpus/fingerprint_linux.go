package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// FingerprintDir is Fingerprint(os.DirFS(dir)), the same digests, found
// faster: each story folder on its own goroutine, and each file stat'ed by
// its name within an open folder rather than by a path resolved from the
// root. At 1M sentences (48,500 files) that is what keeps a reader's check
// within its budget.
func FingerprintDir(dir string) (map[string]string, error) {
	root, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	entries, err := root.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	out := map[string]string{}
	var mu sync.Mutex
	put := func(story string, d *fileDigest) {
		if d.n == 0 {
			return
		}
		mu.Lock()
		out[story] = hex.EncodeToString(d.h.Sum(nil))
		mu.Unlock()
	}

	rootDigest := newFileDigest()
	stories := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for story := range stories {
				d := newFileDigest()
				d.walk(int(root.Fd()), story, story+"/")
				put(story, d)
			}
		})
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if e.IsDir() {
			stories <- name
			continue
		}
		rootDigest.stat(int(root.Fd()), name, name)
	}
	close(stories)
	wg.Wait()
	put("", rootDigest)
	return out, nil
}

type fileDigest struct {
	h interface {
		Write([]byte) (int, error)
		Sum([]byte) []byte
	}
	buf []byte
	n   int
}

func newFileDigest() *fileDigest { return &fileDigest{h: sha256.New()} }

// walk digests the folder name, opened relative to the folder at dirfd,
// whose files' paths start with prefix, in WalkDir's order.
func (d *fileDigest) walk(dirfd int, name, prefix string) {
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		return
	}
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, "."):
		case e.IsDir():
			d.walk(fd, n, prefix+n+"/")
		default:
			d.stat(fd, n, prefix+n)
		}
	}
}

// stat adds the file name of the folder at dirfd, at path p, as
// Fingerprint does.
func (d *fileDigest) stat(dirfd int, name, p string) {
	var size, mtime int64
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err == nil {
		size, mtime = st.Size, st.Mtim.Sec*1e9+st.Mtim.Nsec
	}
	d.buf = appendEntry(d.buf[:0], p, size, mtime)
	d.h.Write(d.buf)
	d.n++
}
