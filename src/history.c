/*
 * history.c - the history stage (SPEC §5, §10 "Audit trail").
 *
 * One pass over the commits that tip reaches. Each commit's records folder
 * is compared with its parents' by walking both trees side by side and
 * skipping every sub-tree whose object id did not change, which is what
 * makes a commit that touches one file cost a few tree reads whatever the
 * size of the repository. A non-merge commit keeps what differs from its
 * parent; a merge keeps the files that differ from every parent (git log
 * --full-history --no-merges -- PATH, plus conflict resolutions).
 */
#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

#define MAX_TREE_DEPTH 64

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

struct walk {
	struct gitrepo *g;
	struct history *h;
	struct hist_commit *v; /* every commit known: the cache's, then the new ones */
	size_t n, cap;
	struct hist_change *ch;
	size_t nch, chcap;
	struct oidmap map;
	struct buf path;
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

/* Is this entry of the records folder (at depth) one the loader reads? */
static int
S_wanted(const git_tree_entry *e, unsigned depth)
{
	const char *name = git_tree_entry_name(e), *dot;
	git_filemode_t mode = git_tree_entry_filemode(e);

	if (name[0] == '.')
		return 0;
	if (depth == 0)
		return mode == GIT_FILEMODE_TREE && schema_kind_lookup(name) >= 0;
	if (mode == GIT_FILEMODE_TREE)
		return depth < MAX_TREE_DEPTH;
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	dot = strrchr(name, '.');
	return dot && dot != name &&
	       (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".md"));
}

/* git's order of tree entries: a folder sorts as if its name ended in '/'. */
static int
S_entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > n ? (unsigned char)na[n]
	     : git_tree_entry_filemode(a) == GIT_FILEMODE_TREE ? '/'
	                                                       : 0;
	cb = lb > n ? (unsigned char)nb[n]
	     : git_tree_entry_filemode(b) == GIT_FILEMODE_TREE ? '/'
	                                                       : 0;
	return (int)ca - (int)cb;
}

static void
S_emit(struct walk *w, const git_oid *old, const git_oid *new)
{
	struct hist_change *c;

	w->ch = xgrow(w->ch, sizeof(*w->ch), w->nch + 1, &w->chcap);
	c = &w->ch[w->nch++];
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
S_diff_entry(struct walk *w, const git_tree_entry *a, const git_tree_entry *b, unsigned depth)
{
	const git_tree_entry *e = a ? a : b;
	const char *name = git_tree_entry_name(e);
	size_t keep = w->path.len;
	int rc = 0;

	if (w->path.len)
		buf_addc(&w->path, '/');
	buf_adds(&w->path, name);
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_TREE)
		rc = S_diff(w, a ? git_tree_entry_id(a) : NULL, b ? git_tree_entry_id(b) : NULL,
		            depth + 1);
	else
		S_emit(w, a ? git_tree_entry_id(a) : NULL, b ? git_tree_entry_id(b) : NULL);
	w->path.len = keep;
	w->path.buf[keep] = '\0';
	return rc;
}

/* Compares two trees (NULL: empty), emitting the record files that differ. */
static int
S_diff(struct walk *w, const git_oid *a, const git_oid *b, unsigned depth)
{
	git_tree *ta = NULL, *tb = NULL;
	size_t i = 0, j = 0, na, nb;
	int rc = 0;

	if (a && b && git_oid_equal(a, b))
		return 0;
	if ((a && git_tree_lookup(&ta, w->g->repo, a) < 0) ||
	    (b && git_tree_lookup(&tb, w->g->repo, b) < 0)) {
		w->why = git_why();
		git_tree_free(ta);
		return -1;
	}
	na = ta ? git_tree_entrycount(ta) : 0;
	nb = tb ? git_tree_entrycount(tb) : 0;
	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(tb, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : S_entry_cmp(ea, eb);

		if (c < 0) {
			if (S_wanted(ea, depth))
				rc = S_diff_entry(w, ea, NULL, depth);
			i++;
		} else if (c > 0) {
			if (S_wanted(eb, depth))
				rc = S_diff_entry(w, NULL, eb, depth);
			j++;
		} else {
			int wa = S_wanted(ea, depth), wb = S_wanted(eb, depth);

			if (wa && wb &&
			    (!git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) ||
			     git_tree_entry_filemode(ea) != git_tree_entry_filemode(eb)))
				rc = S_diff_entry(w, ea, eb, depth);
			else if (wa != wb)
				rc = S_diff_entry(w, wa ? ea : NULL, wb ? eb : NULL, depth);
			i++;
			j++;
		}
	}
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

/* The blob (with its mode) at path in the records tree top; 0 when absent. */
static int
S_blob_at(struct walk *w, const git_oid *top, const char *path, git_oid *out,
          git_filemode_t *mode)
{
	git_tree *t;
	git_tree_entry *e = NULL;
	int found = 0;

	if (S_is_zero(top) || git_tree_lookup(&t, w->g->repo, top) < 0)
		return 0;
	if (git_tree_entry_bypath(&e, t, path) == 0 && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_cpy(out, git_tree_entry_id(e));
		*mode = git_tree_entry_filemode(e);
		found = 1;
	}
	git_tree_entry_free(e);
	git_tree_free(t);
	return found;
}

/* The changes of commit c against its parents (their tops already known). */
static int
S_commit_changes(struct walk *w, size_t ci)
{
	struct hist_commit *c = &w->v[ci];
	const git_oid *top = S_is_zero(&c->top) ? NULL : &c->top;
	size_t first = w->nch, i, k, kept;
	long p0 = -1;
	int rc;

	if (c->nparents && !(c->flags & HC_BOUNDARY))
		p0 = S_map_get(&w->map, w->v, &c->parents[0]);
	buf_reset(&w->path);
	if (p0 >= 0)
		rc = S_diff(w, S_is_zero(&w->v[p0].top) ? NULL : &w->v[p0].top, top, 0);
	else
		rc = S_diff(w, NULL, top, 0);
	if (rc < 0)
		return -1;
	/* A merge keeps what differs from every parent, file by file. */
	kept = first;
	for (i = first; i < w->nch; i++) {
		int differs = 1;

		for (k = 1; differs && p0 >= 0 && k < c->nparents; k++) {
			long pk = S_map_get(&w->map, w->v, &c->parents[k]);
			git_oid there;
			git_filemode_t mode = 0;
			int has;

			if (pk < 0)
				continue;
			has = S_blob_at(w, &w->v[pk].top, w->ch[i].path, &there, &mode);
			if (S_is_zero(&w->ch[i].new) ? !has
			                             : has && git_oid_equal(&there, &w->ch[i].new))
				differs = 0;
		}
		if (differs)
			w->ch[kept++] = w->ch[i];
	}
	w->nch = kept;
	c = &w->v[ci];
	c->first = (uint32_t)first;
	c->nchanges = (uint32_t)(w->nch - first);
	return 0;
}

/* The records folder's tree of a commit; zero when it has none. */
static void
S_top(struct walk *w, git_commit *gc, git_oid *out)
{
	git_tree *root = NULL;
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (!*w->g->prefix) {
		git_oid_cpy(out, git_commit_tree_id(gc));
		return;
	}
	if (git_commit_tree(&root, gc) == 0 &&
	    git_tree_entry_bypath(&e, root, w->g->prefix) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(root);
}

/* The trailers of a message ("Reviewed-by: ..."), one per line. */
static const char *
S_trailers(struct walk *w, const char *message)
{
	git_message_trailer_array arr;
	struct buf b = BUF_INIT;
	const char *out;
	size_t i;

	if (git_message_trailers(&arr, message) < 0)
		return "";
	for (i = 0; i < arr.count; i++)
		buf_addf(&b, "%s: %s\n", arr.trailers[i].key, arr.trailers[i].value);
	git_message_trailer_array_free(&arr);
	out = arena_strndup(&w->h->a, b.buf ? b.buf : "", b.len);
	buf_free(&b);
	return out;
}

/* Reads a commit not in the cache; -1 when its object is missing. */
static long
S_add_commit(struct walk *w, const git_oid *oid)
{
	struct hist_commit *c;
	const git_signature *au;
	git_commit *gc;
	const char *sum;
	unsigned k;

	if (git_commit_lookup(&gc, w->g->repo, oid) < 0)
		return -1;
	w->v = xgrow(w->v, sizeof(*w->v), w->n + 1, &w->cap);
	c = &w->v[w->n];
	memset(c, 0, sizeof(*c));
	git_oid_cpy(&c->oid, oid);
	S_top(w, gc, &c->top);
	c->time = (int64_t)git_commit_time(gc);
	au = git_commit_author(gc);
	c->author_time = (int64_t)au->when.time;
	c->author_tz = au->when.offset;
	c->author = arena_strdup(&w->h->a, au->name ? au->name : "");
	c->email = arena_strdup(&w->h->a, au->email ? au->email : "");
	sum = git_commit_summary(gc);
	c->summary = arena_strdup(&w->h->a, sum ? sum : "");
	c->trailers = S_trailers(w, git_commit_message(gc) ? git_commit_message(gc) : "");
	c->nparents = git_commit_parentcount(gc);
	c->parents = arena_alloc(&w->h->a, (c->nparents ? c->nparents : 1) * sizeof(git_oid));
	for (k = 0; k < c->nparents; k++)
		git_oid_cpy(&c->parents[k], git_commit_parent_id(gc, k));
	if (c->nparents > 1)
		c->flags |= HC_MERGE;
	git_commit_free(gc);
	w->n++;
	S_map_put(&w->map, w->v, w->n, (uint32_t)(w->n - 1));
	return (long)w->n - 1;
}

/* ---- the cache: <gitdir>/svcgen/history-<prefix hash>.cache */

#define CACHE_MAGIC "svcgen-history\n"
#define CACHE_VERSION 1u

static char *
S_cache_path(const struct gitrepo *g, int mkdir_too)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%ssvcgen", g->gitdir);
	if (mkdir_too)
		(void)mkdir(b.buf, 0777);
	buf_addf(&b, "/history-%016llx.cache",
	         (unsigned long long)hash_bytes(g->prefix, strlen(g->prefix)));
	return buf_detach(&b);
}

static void
S_put(struct buf *b, const void *p, size_t n)
{
	buf_add(b, p, n);
}

static void
S_put32(struct buf *b, uint32_t v)
{
	S_put(b, &v, sizeof(v));
}

static void
S_put64(struct buf *b, int64_t v)
{
	S_put(b, &v, sizeof(v));
}

static void
S_putstr(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	S_put32(b, (uint32_t)n);
	S_put(b, s, n);
}

struct reader {
	const unsigned char *p, *end;
	int bad;
	struct arena *a;
};

static void
S_get(struct reader *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
}

static uint32_t
S_get32(struct reader *r)
{
	uint32_t v;

	S_get(r, &v, sizeof(v));
	return v;
}

static int64_t
S_get64(struct reader *r)
{
	int64_t v;

	S_get(r, &v, sizeof(v));
	return v;
}

static const char *
S_getstr(struct reader *r)
{
	uint32_t n = S_get32(r);
	const char *s;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return "";
	}
	s = arena_strndup(r->a, (const char *)r->p, n);
	r->p += n;
	return s;
}

static void
S_cache_write(struct walk *w)
{
	struct buf b = BUF_INIT;
	char *path = S_cache_path(w->g, 1), *tmp;
	uint64_t sum;
	size_t i, k;
	int fd, ok;

	S_put(&b, CACHE_MAGIC, strlen(CACHE_MAGIC));
	S_put32(&b, CACHE_VERSION);
	S_putstr(&b, w->g->prefix);
	S_put32(&b, (uint32_t)w->n);
	for (i = 0; i < w->n; i++) {
		const struct hist_commit *c = &w->v[i];

		S_put(&b, c->oid.id, GIT_OID_RAWSZ);
		S_put(&b, c->top.id, GIT_OID_RAWSZ);
		S_put64(&b, c->time);
		S_put64(&b, c->author_time);
		S_put32(&b, (uint32_t)c->author_tz);
		S_put32(&b, c->flags);
		S_put32(&b, c->nparents);
		for (k = 0; k < c->nparents; k++)
			S_put(&b, c->parents[k].id, GIT_OID_RAWSZ);
		S_putstr(&b, c->author);
		S_putstr(&b, c->email);
		S_putstr(&b, c->summary);
		S_putstr(&b, c->trailers);
		S_put32(&b, c->nchanges);
		for (k = c->first; k < c->first + c->nchanges; k++) {
			S_putstr(&b, w->ch[k].path);
			S_put(&b, w->ch[k].old.id, GIT_OID_RAWSZ);
			S_put(&b, w->ch[k].new.id, GIT_OID_RAWSZ);
		}
	}
	sum = hash_bytes(b.buf, b.len);
	S_put(&b, &sum, sizeof(sum));
	tmp = xmalloc(strlen(path) + 16);
	sprintf(tmp, "%s.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	ok = fd >= 0 && write(fd, b.buf, b.len) == (ssize_t)b.len;
	if (fd >= 0)
		ok &= close(fd) == 0;
	/* A cache that cannot be written only costs time next run. */
	if (!ok || rename(tmp, path) < 0)
		(void)unlink(tmp);
	free(tmp);
	free(path);
	buf_free(&b);
}

/* Loads the cache into w; a missing, stale or damaged one loads nothing. */
static void
S_cache_read(struct walk *w)
{
	char *path = S_cache_path(w->g, 0);
	struct buf text = BUF_INIT;
	struct reader r;
	uint64_t sum;
	uint32_t n, i, k;
	size_t n0 = w->n, nch0 = w->nch;
	char magic[sizeof(CACHE_MAGIC) - 1];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	free(path);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 8) {
		close(fd);
		return;
	}
	buf_grow(&text, (size_t)st.st_size);
	text.len = (size_t)read(fd, text.buf, (size_t)st.st_size);
	close(fd);
	if (text.len != (size_t)st.st_size) {
		buf_free(&text);
		return;
	}
	memcpy(&sum, text.buf + text.len - sizeof(sum), sizeof(sum));
	if (sum != hash_bytes(text.buf, text.len - sizeof(sum))) {
		buf_free(&text);
		return;
	}
	r.p = (const unsigned char *)text.buf;
	r.end = r.p + text.len - sizeof(sum);
	r.bad = 0;
	r.a = &w->h->a;
	S_get(&r, magic, sizeof(magic));
	if (memcmp(magic, CACHE_MAGIC, sizeof(magic)) || S_get32(&r) != CACHE_VERSION ||
	    strcmp(S_getstr(&r), w->g->prefix)) {
		buf_free(&text);
		return;
	}
	n = S_get32(&r);
	for (i = 0; i < n && !r.bad; i++) {
		struct hist_commit *c;

		w->v = xgrow(w->v, sizeof(*w->v), w->n + 1, &w->cap);
		c = &w->v[w->n];
		memset(c, 0, sizeof(*c));
		S_get(&r, c->oid.id, GIT_OID_RAWSZ);
		S_get(&r, c->top.id, GIT_OID_RAWSZ);
		c->time = S_get64(&r);
		c->author_time = S_get64(&r);
		c->author_tz = (int32_t)S_get32(&r);
		c->flags = S_get32(&r);
		c->nparents = S_get32(&r);
		if (c->nparents > (size_t)(r.end - r.p) / GIT_OID_RAWSZ) {
			r.bad = 1;
			break;
		}
		c->parents = arena_alloc(&w->h->a, (c->nparents ? c->nparents : 1) * sizeof(git_oid));
		for (k = 0; k < c->nparents; k++)
			S_get(&r, c->parents[k].id, GIT_OID_RAWSZ);
		c->author = S_getstr(&r);
		c->email = S_getstr(&r);
		c->summary = S_getstr(&r);
		c->trailers = S_getstr(&r);
		c->nchanges = S_get32(&r);
		c->first = (uint32_t)w->nch;
		for (k = 0; k < c->nchanges && !r.bad; k++) {
			struct hist_change *ch;

			w->ch = xgrow(w->ch, sizeof(*w->ch), w->nch + 1, &w->chcap);
			ch = &w->ch[w->nch++];
			ch->path = S_getstr(&r);
			S_get(&r, ch->old.id, GIT_OID_RAWSZ);
			S_get(&r, ch->new.id, GIT_OID_RAWSZ);
		}
		/* A boundary is read again: the missing parent may have been fetched since. */
		if (c->flags & HC_BOUNDARY) {
			w->nch = c->first;
			continue;
		}
		w->n++;
	}
	if (r.bad || r.p != r.end) {
		w->n = n0; /* all or nothing */
		w->nch = nch0;
	}
	for (i = (uint32_t)n0; i < w->n; i++)
		S_map_put(&w->map, w->v, i + 1, i);
	buf_free(&text);
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
	uint32_t *children = xcalloc(w->n ? w->n : 1, sizeof(*children));
	uint32_t *heap = xmalloc((nr ? nr : 1) * sizeof(*heap));
	unsigned char *in = xcalloc(w->n ? w->n : 1, 1);
	size_t i, k, nh = 0, no = 0;

	for (i = 0; i < nr; i++)
		in[reach[i]] = 1;
	for (i = 0; i < nr; i++) {
		const struct hist_commit *c = &w->v[reach[i]];

		for (k = 0; k < c->nparents; k++) {
			long p = S_map_get(&w->map, w->v, &c->parents[k]);

			if (p >= 0 && in[p])
				children[p]++;
		}
	}
	for (i = 0; i < nr; i++)
		if (!children[reach[i]])
			S_heap_push(heap, &nh, w->v, reach[i]);
	while (nh) {
		uint32_t x = S_heap_pop(heap, &nh, w->v);
		const struct hist_commit *c = &w->v[x];

		out[no++] = x;
		for (k = 0; k < c->nparents; k++) {
			long p = S_map_get(&w->map, w->v, &c->parents[k]);

			/* A parent named twice counts twice, as it was counted. */
			if (p >= 0 && in[p] && --children[p] == 0)
				S_heap_push(heap, &nh, w->v, (uint32_t)p);
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

				for (j = hash_bytes(id, strlen(id)) & (ti->cap - 1); ti->slot[j];
				     j = (j + 1) & (ti->cap - 1))
					;
				ti->slot[j] = os[i];
			}
		free(os);
	}
	for (j = hv & (ti->cap - 1); ti->slot[j]; j = (j + 1) & (ti->cap - 1)) {
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
	long ti = S_map_get(&w->map, w->v, tip);
	const git_oid *top = ti >= 0 ? &w->v[ti].top : NULL;
	size_t t, k;

	for (t = 0; top && t < h->ntrails; t++) {
		struct hist_trail *tr = &h->trails[t];
		int had_delete = 0, present = 0;

		for (k = 0; k < tr->n; k++)
			had_delete |= (tr->ev[k].flags & EV_DELETED) != 0;
		for (k = 0; had_delete && !present && k < tr->n; k++) {
			const char *p = tr->ev[k].new_path;
			git_filemode_t mode;
			git_oid at;

			present = p && S_blob_at(w, top, p, &at, &mode);
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

int
history_load(struct history *h, struct gitrepo *g, const git_oid *tip,
             const struct config *cfg, const struct hist_opts *o, const char **why)
{
	struct walk w;
	uint32_t *stack = NULL, *reach = NULL, *order;
	unsigned char *seen;
	size_t ns = 0, scap = 0, nr = 0, rcap = 0, ncached, i, k;
	int rc = -1;

	memset(h, 0, sizeof(*h));
	arena_init(&h->a);
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.h = h;
	S_map_init(&w.map, 1024);
	if (!o || !o->no_cache)
		S_cache_read(&w);
	ncached = w.n;
	h->from_cache = (int)ncached;
	/* Every commit tip reaches; the cache's ancestors are in the cache. */
	if (tip) {
		long t = S_map_get(&w.map, w.v, tip);

		if (t < 0 && (t = S_add_commit(&w, tip)) < 0) {
			*why = git_why();
			goto done;
		}
		stack = xgrow(stack, sizeof(*stack), 1, &scap);
		stack[ns++] = (uint32_t)t;
	}
	seen = NULL;
	{
		size_t seen_cap = 0;

		while (ns) {
			uint32_t x = stack[--ns];

			if (x >= seen_cap) {
				size_t old = seen_cap;

				seen = xgrow(seen, 1, w.n, &seen_cap);
				memset(seen + old, 0, seen_cap - old);
			}
			if (seen[x])
				continue;
			seen[x] = 1;
			reach = xgrow(reach, sizeof(*reach), nr + 1, &rcap);
			reach[nr++] = x;
			for (k = 0; k < w.v[x].nparents; k++) {
				git_oid p;
				long pi;

				git_oid_cpy(&p, &w.v[x].parents[k]);
				pi = S_map_get(&w.map, w.v, &p);
				if (pi < 0 && (pi = S_add_commit(&w, &p)) < 0) {
					/* Not in the object store: a shallow clone's edge. */
					w.v[x].flags |= HC_BOUNDARY;
					h->incomplete = 1;
					continue;
				}
				stack = xgrow(stack, sizeof(*stack), ns + 1, &scap);
				stack[ns++] = (uint32_t)pi;
			}
		}
		free(seen);
	}
	/* A boundary commit compares with nothing, as git log shows it. */
	for (i = 0; i < nr; i++)
		if (w.v[reach[i]].flags & HC_BOUNDARY)
			h->incomplete = 1;
	for (i = ncached; i < w.n; i++)
		if (S_commit_changes(&w, i) < 0) {
			*why = w.why;
			goto done;
		}
	if (w.n > ncached && (!o || !o->no_cache))
		S_cache_write(&w);
	order = xmalloc((nr ? nr : 1) * sizeof(*order));
	S_order(&w, reach, nr, order);
	h->ncommits = nr;
	h->commits = xmalloc((nr ? nr : 1) * sizeof(*h->commits));
	for (i = 0; i < nr; i++)
		h->commits[i] = w.v[order[i]];
	free(order);
	h->changes = w.ch;
	h->nchanges = w.nch;
	w.ch = NULL;
	h->from_cache = 0;
	for (i = 0; i < nr; i++)
		if (reach[i] < ncached)
			h->from_cache++;
	S_trails(h, cfg);
	if (tip)
		S_deleted(&w, tip);
	rc = 0;
done:
	free(stack);
	free(reach);
	free(w.v);
	free(w.ch);
	free(w.map.slot);
	buf_free(&w.path);
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
