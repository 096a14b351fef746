package eval

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
)

// Split selects part of a data set so weights tuned on one part can be
// reported on the other.
type Split int

const (
	SplitAll   Split = iota // every item
	SplitTrain              // the half whose key hashes even
	SplitTest               // the held-out half
)

// ParseSplit reads "all", "train" or "test"; other names are an error that
// lists the valid ones.
func ParseSplit(s string) (Split, error) {
	switch s {
	case "all", "":
		return SplitAll, nil
	case "train":
		return SplitTrain, nil
	case "test":
		return SplitTest, nil
	}
	return SplitAll, fmt.Errorf("unknown split %q: want train, test or all", s)
}

func (s Split) String() string {
	switch s {
	case SplitTrain:
		return "train"
	case SplitTest:
		return "test"
	}
	return "all"
}

// Contains reports whether the item with the given key belongs to the
// split. The assignment depends only on the key (FNV-1a, even → train), so
// it is the same on every run and machine and does not shift when other
// items are added. WikiQA splits this way, by question id.
func (s Split) Contains(key string) bool {
	if s == SplitAll {
		return true
	}
	train := keyHash(key)%2 == 0
	return train == (s == SplitTrain)
}

// Select reports for each key whether its item belongs to the split, for
// sets too small for Contains to halve evenly (16 SQuAD articles split 12
// to 4 by parity): keys are ordered by FNV-1a hash and the first half
// (rounded up) is train. It depends only on the set of keys, not their
// order. SQuAD splits this way, by article title, so no paragraph is seen
// in both halves.
func (s Split) Select(keys []string) []bool {
	in := make([]bool, len(keys))
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
		in[i] = s == SplitAll
	}
	if s == SplitAll {
		return in
	}
	slices.SortFunc(order, func(a, b int) int {
		ha, hb := keyHash(keys[a]), keyHash(keys[b])
		switch {
		case ha != hb:
			return cmp.Compare(ha, hb)
		default:
			return strings.Compare(keys[a], keys[b])
		}
	})
	half := (len(keys) + 1) / 2
	for rank, i := range order {
		in[i] = (rank < half) == (s == SplitTrain)
	}
	return in
}

func keyHash(key string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return h.Sum32()
}
