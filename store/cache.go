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

// articleCache keeps article metadata by id for the DB generation it was
// read in: every question reads its candidates' articles, and a story's
// articles come up again and again. Its owner guards it.
type articleCache struct {
	limit int
	gen   uint64
	byID  map[string]corpus.Article
}

// get returns the article with id as read in generation gen.
func (c *articleCache) get(gen uint64, id string) (corpus.Article, bool) {
	if c.gen != gen {
		return corpus.Article{}, false
	}
	a, ok := c.byID[id]
	return a, ok
}

// put keeps a, read in generation gen; a newer generation drops the rest.
// When full, an arbitrary article makes room: the cache is there for the
// articles asked about often, which come back soon after.
func (c *articleCache) put(gen uint64, a corpus.Article) {
	if c.limit <= 0 || gen < c.gen {
		return
	}
	if c.byID == nil || gen != c.gen {
		c.byID = make(map[string]corpus.Article)
		c.gen = gen
	}
	if _, ok := c.byID[a.ID]; !ok && len(c.byID) >= c.limit {
		for id := range c.byID {
			delete(c.byID, id)
			break
		}
	}
	c.byID[a.ID] = a
}
