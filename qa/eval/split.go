package eval

import (
	"fmt"
	"hash/fnv"
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
// items are added. Keys are WikiQA question ids and SQuAD article titles:
// SQuAD splits by article so no paragraph is seen in both halves.
func (s Split) Contains(key string) bool {
	if s == SplitAll {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	train := h.Sum32()%2 == 0
	return train == (s == SplitTrain)
}
