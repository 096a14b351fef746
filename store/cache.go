package store

import (
	"container/list"

	"storybot/corpus"
)

// postingsCache is a least-recently-used cache of decoded posting lists,
// bounded by the total number of postings held. Its owner guards it.
type postingsCache struct {
	limit int // postings
	size  int
	order *list.List // front is most recently used; values are *cacheEntry
	byKey map[string]*list.Element
}

type cacheEntry struct {
	stem string
	ps   []corpus.Posting
}

func newPostingsCache(limit int) *postingsCache {
	return &postingsCache{limit: limit, order: list.New(), byKey: make(map[string]*list.Element)}
}

func (c *postingsCache) get(stem string) ([]corpus.Posting, bool) {
	e, ok := c.byKey[stem]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).ps, true
}

// cost counts an absent stem as one posting so misses are bounded too.
func cost(ps []corpus.Posting) int { return max(len(ps), 1) }

func (c *postingsCache) put(stem string, ps []corpus.Posting) {
	if cost(ps) > c.limit {
		return
	}
	if e, ok := c.byKey[stem]; ok {
		c.size -= cost(e.Value.(*cacheEntry).ps)
		c.order.Remove(e)
		delete(c.byKey, stem)
	}
	for c.size+cost(ps) > c.limit {
		oldest := c.order.Back()
		entry := oldest.Value.(*cacheEntry)
		c.size -= cost(entry.ps)
		c.order.Remove(oldest)
		delete(c.byKey, entry.stem)
	}
	c.byKey[stem] = c.order.PushFront(&cacheEntry{stem: stem, ps: ps})
	c.size += cost(ps)
}

func (c *postingsCache) clear() {
	c.order.Init()
	clear(c.byKey)
	c.size = 0
}
