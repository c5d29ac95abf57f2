/*
 * cache.c - the history's per-commit cache: each commit's ids, dates,
 * author, summary, trailers and changed files, then a checksum of the
 * whole; read all or nothing.
 */
#include "history/cache.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

void
history_cache_write(const struct hist_known *k, const struct gitrepo *g)
{
	struct buf b = BUF_INIT;
	char *path = S_cache_path(g, 1), *tmp;
	uint64_t sum;
	size_t i, j;
	int fd, ok;

	S_put(&b, CACHE_MAGIC, strlen(CACHE_MAGIC));
	S_put32(&b, CACHE_VERSION);
	S_putstr(&b, g->prefix);
	S_put32(&b, (uint32_t)k->n);
	for (i = 0; i < k->n; i++) {
		const struct hist_commit *c = &k->v[i];

		S_put(&b, c->oid.id, GIT_OID_RAWSZ);
		S_put(&b, c->top.id, GIT_OID_RAWSZ);
		S_put64(&b, c->time);
		S_put64(&b, c->author_time);
		S_put32(&b, (uint32_t)c->author_tz);
		S_put32(&b, c->flags);
		S_put32(&b, c->nparents);
		for (j = 0; j < c->nparents; j++)
			S_put(&b, c->parents[j].id, GIT_OID_RAWSZ);
		S_putstr(&b, c->author);
		S_putstr(&b, c->email);
		S_putstr(&b, c->summary);
		S_putstr(&b, c->trailers);
		S_put32(&b, c->nchanges);
		for (j = c->first; j < c->first + c->nchanges; j++) {
			S_putstr(&b, k->ch[j].path);
			S_put(&b, k->ch[j].old.id, GIT_OID_RAWSZ);
			S_put(&b, k->ch[j].new.id, GIT_OID_RAWSZ);
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

/* The cache file's bytes, without their checksum, into text; 0 when missing or damaged. */
static int
S_cache_bytes(const struct gitrepo *g, struct buf *text)
{
	char *path = S_cache_path(g, 0);
	uint64_t sum;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	free(path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 8) {
		close(fd);
		return 0;
	}
	buf_grow(text, (size_t)st.st_size);
	text->len = (size_t)read(fd, text->buf, (size_t)st.st_size);
	close(fd);
	if (text->len != (size_t)st.st_size)
		return 0;
	memcpy(&sum, text->buf + text->len - sizeof(sum), sizeof(sum));
	if (sum != hash_bytes(text->buf, text->len - sizeof(sum)))
		return 0;
	text->len -= sizeof(sum);
	return 1;
}

/* One commit and its changes, appended to k; r->bad when the bytes run out. */
static void
S_read_commit(struct reader *r, struct hist_known *k)
{
	struct hist_commit *c;
	uint32_t j;

	k->v = xgrow(k->v, sizeof(*k->v), k->n + 1, &k->cap);
	c = &k->v[k->n];
	memset(c, 0, sizeof(*c));
	S_get(r, c->oid.id, GIT_OID_RAWSZ);
	S_get(r, c->top.id, GIT_OID_RAWSZ);
	c->time = S_get64(r);
	c->author_time = S_get64(r);
	c->author_tz = (int32_t)S_get32(r);
	c->flags = S_get32(r);
	c->nparents = S_get32(r);
	if (c->nparents > (size_t)(r->end - r->p) / GIT_OID_RAWSZ) {
		r->bad = 1;
		return;
	}
	c->parents = arena_alloc(r->a, (c->nparents ? c->nparents : 1) * sizeof(git_oid));
	for (j = 0; j < c->nparents; j++)
		S_get(r, c->parents[j].id, GIT_OID_RAWSZ);
	c->author = S_getstr(r);
	c->email = S_getstr(r);
	c->summary = S_getstr(r);
	c->trailers = S_getstr(r);
	c->nchanges = S_get32(r);
	c->first = (uint32_t)k->nch;
	for (j = 0; j < c->nchanges && !r->bad; j++) {
		struct hist_change *ch;

		k->ch = xgrow(k->ch, sizeof(*k->ch), k->nch + 1, &k->chcap);
		ch = &k->ch[k->nch++];
		ch->path = S_getstr(r);
		S_get(r, ch->old.id, GIT_OID_RAWSZ);
		S_get(r, ch->new.id, GIT_OID_RAWSZ);
	}
	/* A boundary is read again: the missing parent may have been fetched since. */
	if (c->flags & HC_BOUNDARY) {
		k->nch = c->first;
		return;
	}
	k->n++;
}

void
history_cache_read(struct hist_known *k, const struct gitrepo *g, struct arena *a)
{
	struct buf text = BUF_INIT;
	struct reader r;
	uint32_t n, i;
	size_t n0 = k->n, nch0 = k->nch;
	char magic[sizeof(CACHE_MAGIC) - 1];

	if (!S_cache_bytes(g, &text)) {
		buf_free(&text);
		return;
	}
	r.p = (const unsigned char *)text.buf;
	r.end = r.p + text.len;
	r.bad = 0;
	r.a = a;
	S_get(&r, magic, sizeof(magic));
	if (memcmp(magic, CACHE_MAGIC, sizeof(magic)) || S_get32(&r) != CACHE_VERSION ||
	    strcmp(S_getstr(&r), g->prefix)) {
		buf_free(&text);
		return;
	}
	n = S_get32(&r);
	for (i = 0; i < n && !r.bad; i++)
		S_read_commit(&r, k);
	if (r.bad || r.p != r.end) {
		k->n = n0; /* all or nothing */
		k->nch = nch0;
	}
	buf_free(&text);
}
