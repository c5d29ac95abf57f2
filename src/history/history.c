/*
 * history.c - the history stage (docs/history.md, "The audit trail").
 *
 * One pass over the commits that tip reaches. Each commit's records folder
 * is compared with its parents' by walking both trees side by side and
 * skipping every sub-tree whose object id did not change, which is what
 * makes a commit that touches one file cost a few tree reads whatever the
 * size of the repository. A non-merge commit keeps what differs from its
 * parent; a merge keeps the files that differ from every parent (git log
 * --full-history --no-merges -- PATH, plus conflict resolutions). Trees
 * (here) and commits (commit.c) are read as raw objects and parsed past
 * libgit2's object layer, which cost most of the time (docs/history.md,
 * "Speed"); what each commit changed is cached (cache.c).
 */
#include "history/history.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "history/cache.h"
#include "history/commit.h"
#include "model/schema.h"

#define MAX_TREE_DEPTH 64
#define RECENT_TREES 1024        /* trees kept for a second look... */
#define RECENT_BYTES (16u << 20) /* ...and their bytes at most */

/* ---- a set of commit ids: oid -> index + 1 (open addressing) */

struct oidmap {
	uint32_t *slot;
	size_t cap;
	const struct hist_commit *v; /* the commits the indices point into */
};

static size_t
S_oid_hash(const git_oid *o)
{
	size_t h;

	memcpy(&h, o->id, sizeof(h));
	return h;
}

static void
S_map_init(struct oidmap *m, size_t n)
{
	m->cap = 64;
	while (m->cap < 2 * n + 2)
		m->cap *= 2;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
}

static long
S_map_get(const struct oidmap *m, const struct hist_commit *v, const git_oid *o)
{
	size_t j;

	for (j = S_oid_hash(o) & (m->cap - 1); m->slot[j]; j = (j + 1) & (m->cap - 1))
		if (git_oid_equal(&v[m->slot[j] - 1].oid, o))
			return (long)m->slot[j] - 1;
	return -1;
}

static void S_map_put(struct oidmap *m, const struct hist_commit *v, size_t n, uint32_t idx);

static void
S_map_grow(struct oidmap *m, const struct hist_commit *v, size_t n)
{
	size_t i;

	free(m->slot);
	m->cap *= 2;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
	for (i = 0; i < n; i++)
		S_map_put(m, v, n, (uint32_t)i);
}

/* n: the number of commits after this one is added. */
static void
S_map_put(struct oidmap *m, const struct hist_commit *v, size_t n, uint32_t idx)
{
	size_t j;

	if (2 * n + 2 > m->cap) {
		S_map_grow(m, v, n);
		return; /* the rebuild added idx too (idx < n) */
	}
	for (j = S_oid_hash(&v[idx].oid) & (m->cap - 1); m->slot[j]; j = (j + 1) & (m->cap - 1))
		;
	m->slot[j] = idx + 1;
}

/* ---- the walk */

struct rtree;

struct walk {
	struct gitrepo *g;
	struct history *h;
	struct hist_known known; /* every commit known: the cache's, then the new ones */
	struct oidmap map;
	struct buf path;
	struct hist_parser parser;
	struct rtree *recent[RECENT_TREES]; /* trees read lately, by id */
	size_t recent_bytes;
	const char *why;
};

static int
S_is_zero(const git_oid *o)
{
	return git_oid_is_zero(o);
}

int
history_record_path(const char *path, int *kind, const char **stem, size_t *stem_len)
{
	const char *slash = strchr(path, '/'), *base, *dot;
	char top[32];
	size_t n;

	if (!slash || (size_t)(slash - path) >= sizeof(top))
		return 0;
	memcpy(top, path, (size_t)(slash - path));
	top[slash - path] = '\0';
	if ((*kind = schema_kind_lookup(top)) < 0)
		return 0;
	base = strrchr(path, '/') + 1;
	dot = strrchr(base, '.');
	if (!dot || dot == base || base[0] == '.')
		return 0;
	if (strcmp(dot, ".yaml") && strcmp(dot, ".yml") && strcmp(dot, ".md"))
		return 0;
	n = (size_t)(dot - base);
	*stem = base;
	*stem_len = n;
	return 1;
}

/*
 * ---- trees, read raw
 *
 * A tree object is a run of entries "<octal mode> <name>\0<20-byte id>",
 * already in git's order. Reading them in place (no entry structs, no
 * library cache) is most of what makes the walk fast: it reads about a
 * hundred thousand trees and looks at each once or twice.
 */

/* A tree read: shared by the recent trees and the diffs walking it. */
struct rtree {
	git_oid id;
	struct gitobj obj;
	unsigned refs;
};

/* One entry of a raw tree. */
struct rentry {
	const char *name;        /* NUL-terminated in the object */
	size_t len;              /* of name */
	unsigned raw;            /* the mode as written */
	git_filemode_t mode;     /* as git_tree_entry_filemode gives it */
	const unsigned char *id; /* GIT_OID_RAWSZ bytes */
	size_t size;             /* of the whole entry */
};

/* The mode as libgit2 reports it (its normalize_filemode). */
static git_filemode_t
S_mode(unsigned raw)
{
	if ((raw & 0170000) == GIT_FILEMODE_TREE)
		return GIT_FILEMODE_TREE;
	if (raw & 0111)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	if ((raw & 0170000) == GIT_FILEMODE_COMMIT)
		return GIT_FILEMODE_COMMIT;
	if ((raw & 0170000) == GIT_FILEMODE_LINK)
		return GIT_FILEMODE_LINK;
	return GIT_FILEMODE_BLOB;
}

/* Parses the entry at p; -1 on a damaged tree (what libgit2 refuses too). */
static int
S_rentry(const unsigned char *p, const unsigned char *end, struct rentry *e)
{
	const unsigned char *s = p, *nul;
	unsigned raw = 0;

	/* Nearly every entry is a file or a folder: their modes first. */
	if (end - p > 7 && !memcmp(p, "100644 ", 7)) {
		raw = 0100644;
		s += 7;
	} else if (end - p > 6 && !memcmp(p, "40000 ", 6)) {
		raw = 040000;
		s += 6;
	} else {
		for (; s < end && *s >= '0' && *s <= '7'; s++)
			if ((raw = raw * 8 + (unsigned)(*s - '0')) > 0xffff)
				return -1;
		if (s == p || s >= end || *s++ != ' ')
			return -1;
	}
	nul = memchr(s, '\0', (size_t)(end - s));
	if (!nul || nul == s || nul - s > 0xffff || end - (nul + 1) < GIT_OID_RAWSZ)
		return -1;
	e->name = (const char *)s;
	e->len = (size_t)(nul - s);
	e->raw = raw;
	e->mode = S_mode(raw);
	e->id = nul + 1;
	e->size = (size_t)(nul + 1 + GIT_OID_RAWSZ - p);
	return 0;
}

static void
S_tree_put(struct rtree *t)
{
	if (t && --t->refs == 0) {
		gitobj_free(&t->obj);
		free(t);
	}
}

/*
 * The tree id, to put back with S_tree_put. A commit's old tree is often
 * its parent's new one, compared a moment later: the trees read lately
 * are kept, one per slot of a small table, up to RECENT_BYTES in all.
 */
static struct rtree *
S_tree_get(struct walk *w, const git_oid *id)
{
	struct rtree **slot = &w->recent[S_oid_hash(id) & (RECENT_TREES - 1)], *t;

	if (*slot && git_oid_equal(&(*slot)->id, id)) {
		(*slot)->refs++;
		return *slot;
	}
	t = xcalloc(1, sizeof(*t));
	if (gitrepo_read(w->g, id, &t->obj) < 0 || t->obj.type != GIT_OBJECT_TREE) {
		/* NULL: libgit2's own reason, which history_load records. */
		w->why =
		    t->obj.data ? "the requested type does not match the type in the ODB" : NULL;
		gitobj_free(&t->obj);
		free(t);
		return NULL;
	}
	git_oid_cpy(&t->id, id);
	t->refs = 1;
	if (*slot) {
		w->recent_bytes -= (*slot)->obj.len;
		S_tree_put(*slot);
		*slot = NULL;
	}
	if (w->recent_bytes + t->obj.len <= RECENT_BYTES) {
		t->refs++;
		*slot = t;
		w->recent_bytes += t->obj.len;
	}
	return t;
}

/* An entry's object type, as git_tree_entry_type gives it. */
static git_object_t
S_entry_type(unsigned raw)
{
	if ((raw & 0170000) == 0160000)
		return GIT_OBJECT_COMMIT;
	return (raw & 0170000) == 0040000 ? GIT_OBJECT_TREE : GIT_OBJECT_BLOB;
}

/*
 * The entry at path (components joined by '/') below the tree top, as
 * git_tree_entry_bypath finds it: 1 with its id and type, 0 when absent.
 */
static int
S_lookup(struct walk *w, const git_oid *top, const char *path, git_oid *id, git_object_t *type)
{
	git_oid at = *top;

	for (;;) {
		const char *slash = strchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);
		struct rtree *t = S_tree_get(w, &at);
		const unsigned char *p, *end;
		struct rentry e;
		int found = 0, bad = 0;

		if (!t)
			return 0;
		/* A damaged tree is one libgit2 does not read at all. */
		for (p = t->obj.data, end = p + t->obj.len; p < end; p += e.size) {
			if ((bad = S_rentry(p, end, &e) < 0))
				break;
			if (!found && e.len == n && !memcmp(e.name, path, n)) {
				found = 1;
				git_oid_fromraw(&at, e.id);
				*type = S_entry_type(e.raw);
			}
		}
		S_tree_put(t);
		if (!found || bad)
			return 0;
		if (!slash) {
			*id = at;
			return 1;
		}
		if (*type != GIT_OBJECT_TREE)
			return 0;
		path = slash + 1;
	}
}

/* Is this entry of the records folder (at depth) one the loader reads? */
static int
S_wanted(const struct rentry *e, unsigned depth)
{
	const char *dot;

	if (e->name[0] == '.')
		return 0;
	if (depth == 0)
		return e->mode == GIT_FILEMODE_TREE && schema_kind_lookup(e->name) >= 0;
	if (e->mode == GIT_FILEMODE_TREE)
		return depth < MAX_TREE_DEPTH;
	if (e->mode != GIT_FILEMODE_BLOB && e->mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	dot = strrchr(e->name, '.');
	return dot && dot != e->name &&
	       (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".md"));
}

/* git's order of tree entries: a folder sorts as if its name ended in '/'. */
static int
S_entry_cmp(const struct rentry *a, const struct rentry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = a->len > n ? (unsigned char)a->name[n] : a->mode == GIT_FILEMODE_TREE ? '/' : 0;
	cb = b->len > n ? (unsigned char)b->name[n] : b->mode == GIT_FILEMODE_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

static void
S_emit(struct walk *w, const git_oid *old, const git_oid *new)
{
	struct hist_change *c;

	w->known.ch = xgrow(w->known.ch, sizeof(*w->known.ch), w->known.nch + 1, &w->known.chcap);
	c = &w->known.ch[w->known.nch++];
	c->path = arena_strndup(&w->h->a, w->path.buf, w->path.len);
	if (old)
		git_oid_cpy(&c->old, old);
	else
		memset(&c->old, 0, sizeof(c->old));
	if (new)
		git_oid_cpy(&c->new, new);
	else
		memset(&c->new, 0, sizeof(c->new));
}

static int S_diff(struct walk *w, const git_oid *a, const git_oid *b, unsigned depth);

/* One side of an entry pair; the other side is e (a or b may be NULL). */
static int
S_diff_entry(struct walk *w, const struct rentry *a, const struct rentry *b, unsigned depth)
{
	const struct rentry *e = a ? a : b;
	size_t keep = w->path.len;
	git_oid ia, ib;
	int rc = 0;

	if (a)
		git_oid_fromraw(&ia, a->id);
	if (b)
		git_oid_fromraw(&ib, b->id);
	if (w->path.len)
		buf_addc(&w->path, '/');
	buf_add(&w->path, e->name, e->len);
	if (e->mode == GIT_FILEMODE_TREE)
		rc = S_diff(w, a ? &ia : NULL, b ? &ib : NULL, depth + 1);
	else
		S_emit(w, a ? &ia : NULL, b ? &ib : NULL);
	buf_setlen(&w->path, keep);
	return rc;
}

/* Compares two trees (NULL: empty), emitting the record files that differ. */
static int
S_diff(struct walk *w, const git_oid *a, const git_oid *b, unsigned depth)
{
	struct rtree *ta = NULL, *tb = NULL;
	const unsigned char *pa, *enda, *pb, *endb; /* what is left of each */
	int rc = 0;

	if (a && b && git_oid_equal(a, b))
		return 0;
	if ((a && !(ta = S_tree_get(w, a))) || (b && !(tb = S_tree_get(w, b)))) {
		S_tree_put(ta);
		return -1;
	}
	pa = enda = pb = endb = (const unsigned char *)""; /* an absent tree: empty */
	if (ta)
		pa = ta->obj.data, enda = pa + ta->obj.len;
	if (tb)
		pb = tb->obj.data, endb = pb + tb->obj.len;
	while (rc == 0 && (pa < enda || pb < endb)) {
		struct rentry ea, eb;
		int c;

		if (pa < enda && S_rentry(pa, enda, &ea) < 0)
			goto damaged;
		/* The same bytes on both sides: the same entry, nothing changed. */
		if (pa < enda && (size_t)(endb - pb) >= ea.size && !memcmp(pa, pb, ea.size)) {
			pa += ea.size;
			pb += ea.size;
			continue;
		}
		if (pb < endb && S_rentry(pb, endb, &eb) < 0)
			goto damaged;
		c = pa >= enda ? 1 : pb >= endb ? -1 : S_entry_cmp(&ea, &eb);
		if (c < 0) {
			if (S_wanted(&ea, depth))
				rc = S_diff_entry(w, &ea, NULL, depth);
			pa += ea.size;
		} else if (c > 0) {
			if (S_wanted(&eb, depth))
				rc = S_diff_entry(w, NULL, &eb, depth);
			pb += eb.size;
		} else {
			int wa = S_wanted(&ea, depth), wb = S_wanted(&eb, depth);

			if (wa && wb && (memcmp(ea.id, eb.id, GIT_OID_RAWSZ) || ea.mode != eb.mode))
				rc = S_diff_entry(w, &ea, &eb, depth);
			else if (wa != wb)
				rc = S_diff_entry(w, wa ? &ea : NULL, wb ? &eb : NULL, depth);
			pa += ea.size;
			pb += eb.size;
		}
	}
	S_tree_put(ta);
	S_tree_put(tb);
	return rc;
damaged:
	w->why = "failed to parse tree: the object is damaged";
	S_tree_put(ta);
	S_tree_put(tb);
	return -1;
}

/* The blob at path in the records tree top; 0 when absent. */
static int
S_blob_at(struct walk *w, const git_oid *top, const char *path, git_oid *out)
{
	git_object_t type;

	return !S_is_zero(top) && S_lookup(w, top, path, out, &type) && type == GIT_OBJECT_BLOB;
}

/* The changes of commit c against its parents (their tops already known). */
static int
S_commit_changes(struct walk *w, size_t ci)
{
	struct hist_commit *c = &w->known.v[ci];
	const git_oid *top = S_is_zero(&c->top) ? NULL : &c->top;
	size_t first = w->known.nch, i, k, kept;
	long p0 = -1;
	int rc;

	if (c->nparents && !(c->flags & HC_BOUNDARY))
		p0 = S_map_get(&w->map, w->known.v, &c->parents[0]);
	buf_reset(&w->path);
	if (p0 >= 0)
		rc = S_diff(w, S_is_zero(&w->known.v[p0].top) ? NULL : &w->known.v[p0].top, top, 0);
	else
		rc = S_diff(w, NULL, top, 0);
	if (rc < 0)
		return -1;
	/* A merge keeps what differs from every parent, file by file. */
	kept = first;
	for (i = first; i < w->known.nch; i++) {
		int differs = 1;

		for (k = 1; differs && p0 >= 0 && k < c->nparents; k++) {
			long pk = S_map_get(&w->map, w->known.v, &c->parents[k]);
			git_oid there;
			int has;

			if (pk < 0)
				continue;
			has = S_blob_at(w, &w->known.v[pk].top, w->known.ch[i].path, &there);
			if (S_is_zero(&w->known.ch[i].new)
			        ? !has
			        : has && git_oid_equal(&there, &w->known.ch[i].new))
				differs = 0;
		}
		if (differs)
			w->known.ch[kept++] = w->known.ch[i];
	}
	w->known.nch = kept;
	c = &w->known.v[ci];
	c->first = (uint32_t)first;
	c->nchanges = (uint32_t)(w->known.nch - first);
	return 0;
}

/* The records folder's tree, below a commit's tree; zero when it has none. */
static void
S_top(struct walk *w, const git_oid *tree, git_oid *out)
{
	git_object_t type;

	if (!*w->g->prefix)
		*out = *tree;
	else if (!S_lookup(w, tree, w->g->prefix, out, &type) || type != GIT_OBJECT_TREE)
		memset(out, 0, sizeof(*out));
}

/* Reads a commit not in the cache; -1 when its object is missing or damaged. */
static long
S_add_commit(struct walk *w, const git_oid *oid)
{
	struct hist_commit *c;
	struct gitobj o;
	git_oid tree;
	int rc;

	if (gitrepo_read(w->g, oid, &o) < 0)
		return -1;
	w->known.v = xgrow(w->known.v, sizeof(*w->known.v), w->known.n + 1, &w->known.cap);
	c = &w->known.v[w->known.n];
	memset(c, 0, sizeof(*c));
	git_oid_cpy(&c->oid, oid);
	rc = o.type == GIT_OBJECT_COMMIT
	         ? history_parse_commit(&w->parser, (const char *)o.data, o.len, c, &tree)
	         : -1;
	if (rc == 0)
		S_top(w, &tree, &c->top);
	gitobj_free(&o);
	if (rc < 0) {
		git_error_set_str(GIT_ERROR_OBJECT, "failed to parse commit object");
		return -1;
	}
	w->known.n++;
	S_map_put(&w->map, w->known.v, w->known.n, (uint32_t)(w->known.n - 1));
	return (long)w->known.n - 1;
}

/* ---- order: children before parents, newer before older */

static int
S_newer(const struct hist_commit *v, uint32_t a, uint32_t b)
{
	if (v[a].time != v[b].time)
		return v[a].time > v[b].time;
	return git_oid_cmp(&v[a].oid, &v[b].oid) > 0;
}

static void
S_heap_push(uint32_t *heap, size_t *n, const struct hist_commit *v, uint32_t x)
{
	size_t i = (*n)++;

	while (i > 0 && S_newer(v, x, heap[(i - 1) / 2])) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = x;
}

static uint32_t
S_heap_pop(uint32_t *heap, size_t *n, const struct hist_commit *v)
{
	uint32_t top = heap[0], x = heap[--(*n)];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && S_newer(v, heap[c + 1], heap[c]))
			c++;
		if (!S_newer(v, heap[c], x))
			break;
		heap[i] = heap[c];
		i = c;
	}
	if (*n)
		heap[i] = x;
	return top;
}

/*
 * The commits reach[0..nr) in display order: a commit after all its
 * children, and of those ready the newest first.
 */
static void
S_order(struct walk *w, const uint32_t *reach, size_t nr, uint32_t *out)
{
	uint32_t *children = xcalloc(w->known.n ? w->known.n : 1, sizeof(*children));
	uint32_t *heap = xmalloc((nr ? nr : 1) * sizeof(*heap));
	unsigned char *in = xcalloc(w->known.n ? w->known.n : 1, 1);
	size_t i, k, nh = 0, no = 0;

	for (i = 0; i < nr; i++)
		in[reach[i]] = 1;
	for (i = 0; i < nr; i++) {
		const struct hist_commit *c = &w->known.v[reach[i]];

		for (k = 0; k < c->nparents; k++) {
			long p = S_map_get(&w->map, w->known.v, &c->parents[k]);

			if (p >= 0 && in[p])
				children[p]++;
		}
	}
	for (i = 0; i < nr; i++)
		if (!children[reach[i]])
			S_heap_push(heap, &nh, w->known.v, reach[i]);
	while (nh) {
		uint32_t x = S_heap_pop(heap, &nh, w->known.v);
		const struct hist_commit *c = &w->known.v[x];

		out[no++] = x;
		for (k = 0; k < c->nparents; k++) {
			long p = S_map_get(&w->map, w->known.v, &c->parents[k]);

			/* A parent named twice counts twice, as it was counted. */
			if (p >= 0 && in[p] && --children[p] == 0)
				S_heap_push(heap, &nh, w->known.v, (uint32_t)p);
		}
	}
	free(children);
	free(heap);
	free(in);
}

/* ---- trails */

struct trail_index {
	uint32_t *slot; /* trail index + 1 */
	size_t cap;
};

static struct hist_trail *
S_trail(struct history *h, struct trail_index *ti, size_t *cap, const char *stem, size_t n)
{
	uint64_t hv = hash_bytes(stem, n);
	size_t j, i;

	if (2 * (h->ntrails + 1) > ti->cap) {
		size_t old = ti->cap;
		uint32_t *os = ti->slot;

		ti->cap = old ? old * 2 : 1024;
		ti->slot = xcalloc(ti->cap, sizeof(*ti->slot));
		for (i = 0; i < old; i++)
			if (os[i]) {
				const char *id = h->trails[os[i] - 1].id;

				for (j = hash_slot(hash_bytes(id, strlen(id)), ti->cap);
				     ti->slot[j]; j = (j + 1) & (ti->cap - 1))
					;
				ti->slot[j] = os[i];
			}
		free(os);
	}
	for (j = hash_slot(hv, ti->cap); ti->slot[j]; j = (j + 1) & (ti->cap - 1)) {
		struct hist_trail *t = &h->trails[ti->slot[j] - 1];

		if (!strncmp(t->id, stem, n) && t->id[n] == '\0')
			return t;
	}
	h->trails = xgrow(h->trails, sizeof(*h->trails), h->ntrails + 1, cap);
	memset(&h->trails[h->ntrails], 0, sizeof(h->trails[0]));
	h->trails[h->ntrails].id = arena_strndup(&h->a, stem, n);
	ti->slot[j] = (uint32_t)++h->ntrails;
	return &h->trails[h->ntrails - 1];
}

static int
S_trail_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hist_trail *)a)->id, ((const struct hist_trail *)b)->id);
}

/* The events of each commit, in id order: a counting sort by commit. */
static void
S_by_commit(struct history *h)
{
	size_t t, k, total = 0;
	uint32_t *fill;

	h->by_commit = xcalloc(h->ncommits + 2, sizeof(*h->by_commit));
	for (t = 0; t < h->ntrails; t++)
		for (k = 0; k < h->trails[t].n; k++)
			h->by_commit[h->trails[t].ev[k].commit + 1]++, total++;
	for (k = 0; k < h->ncommits; k++)
		h->by_commit[k + 1] += h->by_commit[k];
	h->refs = xmalloc((total ? total : 1) * sizeof(*h->refs));
	fill = xmalloc((h->ncommits + 1) * sizeof(*fill));
	memcpy(fill, h->by_commit, (h->ncommits + 1) * sizeof(*fill));
	for (t = 0; t < h->ntrails; t++)
		for (k = 0; k < h->trails[t].n; k++) {
			struct hist_ref *r = &h->refs[fill[h->trails[t].ev[k].commit]++];

			r->trail = (uint32_t)t;
			r->event = (uint32_t)k;
		}
	free(fill);
}

static void
S_trails(struct history *h, const struct config *cfg)
{
	struct trail_index ti = {NULL, 0};
	size_t cap = 0, i, k, t;

	for (i = h->ncommits; i-- > 0;) {
		const struct hist_commit *c = &h->commits[i];

		for (k = c->first; k < c->first + c->nchanges; k++) {
			const struct hist_change *ch = &h->changes[k];
			struct hist_trail *tr;
			struct hist_event *ev;
			const char *stem;
			size_t n;
			int kind;

			if (!history_record_path(ch->path, &kind, &stem, &n) ||
			    config_ignored(cfg, ch->path))
				continue;
			tr = S_trail(h, &ti, &cap, stem, n);
			if (!tr->n || tr->ev[tr->n - 1].commit != (uint32_t)i) {
				tr->ev = xrealloc(tr->ev, (tr->n + 1) * sizeof(*tr->ev));
				ev = &tr->ev[tr->n++];
				memset(ev, 0, sizeof(*ev));
				ev->commit = (uint32_t)i;
			}
			ev = &tr->ev[tr->n - 1];
			if (!S_is_zero(&ch->old) && !ev->old_path) {
				ev->old_path = ch->path;
				git_oid_cpy(&ev->old, &ch->old);
			}
			if (!S_is_zero(&ch->new) && !ev->new_path) {
				ev->new_path = ch->path;
				git_oid_cpy(&ev->new, &ch->new);
			}
			tr->kind = kind;
		}
	}
	for (t = 0; t < h->ntrails; t++) {
		struct hist_trail *tr = &h->trails[t];
		int was_deleted = 0;

		for (k = 0; k < tr->n; k++) {
			struct hist_event *ev = &tr->ev[k];

			if (!ev->old_path)
				ev->flags |= EV_ADDED | (was_deleted ? EV_REUSED : 0);
			else if (!ev->new_path)
				ev->flags |= EV_DELETED;
			else if (strcmp(ev->old_path, ev->new_path))
				ev->flags |= EV_MOVED;
			if (!git_oid_equal(&ev->old, &ev->new))
				ev->flags |= EV_CHANGED;
			if (ev->flags & EV_DELETED)
				was_deleted = 1;
		}
	}
	free(ti.slot);
	if (h->ntrails > 1)
		qsort(h->trails, h->ntrails, sizeof(*h->trails), S_trail_cmp);
	S_by_commit(h);
}

/*
 * A record is deleted when no file of its id is in tip's tree. Only a
 * trail with a deletion can be; every path that ever held the id is in
 * its events, so those are the places to look (a merge may have kept any).
 */
static void
S_deleted(struct walk *w, const git_oid *tip)
{
	struct history *h = w->h;
	long ti = S_map_get(&w->map, w->known.v, tip);
	const git_oid *top = ti >= 0 ? &w->known.v[ti].top : NULL;
	size_t t, k;

	for (t = 0; top && t < h->ntrails; t++) {
		struct hist_trail *tr = &h->trails[t];
		int had_delete = 0, present = 0;

		for (k = 0; k < tr->n; k++)
			had_delete |= (tr->ev[k].flags & EV_DELETED) != 0;
		for (k = 0; had_delete && !present && k < tr->n; k++) {
			const char *p = tr->ev[k].new_path;
			git_oid at;

			present = p && S_blob_at(w, top, p, &at);
		}
		tr->deleted = had_delete && !present;
	}
}

const struct hist_trail *
history_trail(const struct history *h, const char *id)
{
	size_t lo = 0, hi = h->ntrails;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(h->trails[mid].id, id);

		if (!c)
			return &h->trails[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- the stage */

/*
 * Every commit tip reaches (NULL: none), into *reach; the cache's
 * ancestors are in the cache. A parent not in the object store is a
 * shallow clone's edge: its child is a boundary. -1 when tip cannot be
 * read.
 */
static int
S_reach(struct walk *w, const git_oid *tip, uint32_t **reach, size_t *nr)
{
	uint32_t *stack = NULL;
	unsigned char *seen = NULL;
	size_t ns = 0, scap = 0, rcap = 0, seen_cap = 0, k;

	*reach = NULL;
	*nr = 0;
	if (tip) {
		long t = S_map_get(&w->map, w->known.v, tip);

		if (t < 0 && (t = S_add_commit(w, tip)) < 0)
			return -1;
		stack = xgrow(stack, sizeof(*stack), 1, &scap);
		stack[ns++] = (uint32_t)t;
	}
	while (ns) {
		uint32_t x = stack[--ns];

		if (x >= seen_cap) {
			size_t old = seen_cap;

			seen = xgrow(seen, 1, w->known.n, &seen_cap);
			memset(seen + old, 0, seen_cap - old);
		}
		if (seen[x])
			continue;
		seen[x] = 1;
		*reach = xgrow(*reach, sizeof(**reach), *nr + 1, &rcap);
		(*reach)[(*nr)++] = x;
		for (k = 0; k < w->known.v[x].nparents; k++) {
			git_oid p;
			long pi;

			git_oid_cpy(&p, &w->known.v[x].parents[k]);
			pi = S_map_get(&w->map, w->known.v, &p);
			if (pi < 0 && (pi = S_add_commit(w, &p)) < 0) {
				w->known.v[x].flags |= HC_BOUNDARY;
				w->h->incomplete = 1;
				continue;
			}
			stack = xgrow(stack, sizeof(*stack), ns + 1, &scap);
			stack[ns++] = (uint32_t)pi;
		}
	}
	free(seen);
	free(stack);
	return 0;
}

/*
 * The commits reach[0..nr) into the history in display order, with the
 * changes of every commit known (handed over).
 */
static void
S_commits(struct walk *w, const uint32_t *reach, size_t nr, size_t ncached)
{
	struct history *h = w->h;
	uint32_t *order = xmalloc((nr ? nr : 1) * sizeof(*order));
	size_t i;

	S_order(w, reach, nr, order);
	h->ncommits = nr;
	h->commits = xmalloc((nr ? nr : 1) * sizeof(*h->commits));
	for (i = 0; i < nr; i++)
		h->commits[i] = w->known.v[order[i]];
	free(order);
	h->changes = w->known.ch;
	h->nchanges = w->known.nch;
	w->known.ch = NULL;
	h->from_cache = 0;
	for (i = 0; i < nr; i++)
		if (reach[i] < ncached)
			h->from_cache++;
}

int
history_load(struct history *h, struct gitrepo *g, const git_oid *tip, const struct config *cfg,
             const struct hist_opts *o)
{
	struct walk w;
	uint32_t *reach = NULL;
	size_t nr = 0, ncached, i;
	int rc = -1;

	memset(h, 0, sizeof(*h));
	arena_init(&h->a);
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.h = h;
	w.parser.a = &h->a;
	S_map_init(&w.map, 1024);
	if (!o || !o->no_cache) {
		history_cache_read(&w.known, g, &h->a);
		for (i = 0; i < w.known.n; i++)
			S_map_put(&w.map, w.known.v, i + 1, (uint32_t)i);
	}
	ncached = w.known.n;
	h->from_cache = (int)ncached;
	if (S_reach(&w, tip, &reach, &nr) < 0) {
		gitrepo_fail("%s", "");
		goto done;
	}
	/* A boundary commit compares with nothing, as git log shows it. */
	for (i = 0; i < nr; i++)
		if (w.known.v[reach[i]].flags & HC_BOUNDARY)
			h->incomplete = 1;
	for (i = ncached; i < w.known.n; i++)
		if (S_commit_changes(&w, i) < 0) {
			if (w.why)
				error_set("%s", w.why);
			else
				gitrepo_fail("%s", "");
			goto done;
		}
	if (w.known.n > ncached && (!o || !o->no_cache))
		history_cache_write(&w.known, g);
	S_commits(&w, reach, nr, ncached);
	S_trails(h, cfg);
	if (tip)
		S_deleted(&w, tip);
	rc = 0;
done:
	free(reach);
	free(w.known.v);
	free(w.known.ch);
	free(w.map.slot);
	buf_free(&w.path);
	buf_free(&w.parser.line);
	buf_free(&w.parser.parents);
	for (i = 0; i < RECENT_TREES; i++)
		S_tree_put(w.recent[i]);
	if (rc < 0)
		history_free(h);
	return rc;
}

void
history_free(struct history *h)
{
	size_t i;

	for (i = 0; i < h->ntrails; i++)
		free(h->trails[i].ev);
	free(h->trails);
	free(h->refs);
	free(h->by_commit);
	free(h->commits);
	free(h->changes);
	arena_free(&h->a);
	memset(h, 0, sizeof(*h));
}

const char *
hist_event_kind(const struct hist_event *e)
{
	if (e->flags & EV_ADDED)
		return "added";
	if (e->flags & EV_DELETED)
		return "deleted";
	if (e->flags & EV_MOVED)
		return "moved";
	if (e->flags & EV_CHANGED)
		return "changed";
	return "mode";
}
