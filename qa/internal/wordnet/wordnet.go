// Package wordnet reads the dict files of WordNet 3.0 (Debian's
// wordnet-base, /usr/share/wordnet) for qa's table generators, which need
// different parts of the same synsets: wordnetgen the derivations and
// topics, instancegen the hyponyms and pertainyms.
package wordnet

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Synset is one line of a data.* file.
type Synset struct {
	Offset string
	// POS is the synset's part of speech as the file writes it: n, v, a,
	// r, or s for an adjective satellite.
	POS string
	// Words are the synset's lemmas as written ("Iran", "ice_cream"), an
	// adjective's position marker such as "(a)" cut off.
	Words    []string
	Pointers []Pointer
}

// Pointer is a relation from a synset, or from one of its words, to
// another synset or word.
type Pointer struct {
	// Symbol is WordNet's pointer symbol: "@" hypernym, "~" hyponym, "~i"
	// instance, "+" derivation, "\\" pertainym, ";c" topic domain, …
	Symbol string
	Offset string
	// POS is the target's part of speech, as Synset.POS.
	POS string
	// Source and Target are 1-based word numbers in the two synsets, 0
	// when the pointer relates the synsets as a whole.
	Source, Target int
}

// EachLine calls fn with each line of the WordNet file at path but the
// licence header's, which open with two spaces. Errors come from reading
// the file or from fn.
func EachLine(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, "  ") {
			if err := fn(line); err != nil {
				return fmt.Errorf("read %s: %w", path, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// ReadData calls fn with each synset of the data.* file at path; a line
// too short to be a synset, or cut before its pointers, is passed over. Errors come from reading the
// file, from a count that is not a number, or from fn.
func ReadData(path string, fn func(Synset) error) error {
	return EachLine(path, func(line string) error {
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i] // the gloss
		}
		f := strings.Fields(line)
		if len(f) < 6 {
			return nil
		}
		s := Synset{Offset: f[0], POS: f[2]}
		n, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return fmt.Errorf("word count %q: %w", f[3], err)
		}
		at := 4
		for i := 0; i < int(n) && at+1 < len(f); i++ {
			w := f[at]
			if p := strings.IndexByte(w, '('); p > 0 {
				w = w[:p]
			}
			s.Words = append(s.Words, w)
			at += 2
		}
		if at >= len(f) {
			return nil
		}
		pc, err := strconv.Atoi(f[at])
		if err != nil {
			return fmt.Errorf("pointer count %q: %w", f[at], err)
		}
		at++
		for i := 0; i < pc && at+3 < len(f); i++ {
			var src, dst int64
			if st := f[at+3]; len(st) == 4 {
				src, _ = strconv.ParseInt(st[:2], 16, 32)
				dst, _ = strconv.ParseInt(st[2:], 16, 32)
			}
			s.Pointers = append(s.Pointers, Pointer{Symbol: f[at], Offset: f[at+1], POS: f[at+2], Source: int(src), Target: int(dst)})
			at += 4
		}
		return fn(s)
	})
}
