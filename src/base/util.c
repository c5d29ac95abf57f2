/* util.c - memory, string buffers and small helpers. */
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

/*
 * Out of memory, or a thread that cannot start: a fixed message, since
 * nothing more can be allocated (die, in escape.c, escapes what it prints).
 */
static ATTR_NORETURN void
S_fail(const char *what, size_t n)
{
	if (n)
		fprintf(stderr, "svcgen: %s (%zu bytes)\n", what, n);
	else
		fprintf(stderr, "svcgen: %s\n", what);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		S_fail("out of memory", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		S_fail("out of memory", 0);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		S_fail("out of memory", n);
	return p;
}

void *
xgrow(void *p, size_t size, size_t need, size_t *cap)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need)
		c += c / 2;
	if (c > SIZE_MAX / size)
		S_fail("out of memory", 0);
	*cap = c;
	return xrealloc(p, c * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char buf_slop[1];

void
buf_init(struct buf *b)
{
	b->buf = buf_slop;
	b->len = b->cap = 0;
}

void
buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		b->buf = xgrow(b->cap ? b->buf : NULL, 1, b->len + extra + 1, &b->cap);
		b->buf[b->len] = '\0'; /* a fresh buffer is "" too */
	}
}

void
buf_add(struct buf *b, const void *data, size_t n)
{
	buf_grow(b, n);
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		S_fail("bad format string", 0);
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap) /* buf_slop is never written */
		b->buf[0] = '\0';
}

void
buf_setlen(struct buf *b, size_t n)
{
	b->len = n;
	if (b->cap)
		b->buf[n] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *s = b->cap ? b->buf : xstrdup("");

	buf_init(b);
	return s;
}

void
buf_free(struct buf *b)
{
	if (b->cap)
		free(b->buf);
	buf_init(b);
}

const char *
buf_str(const struct buf *b)
{
	return b->cap ? b->buf : ""; /* a zeroed buffer too */
}

struct arena_chunk {
	struct arena_chunk *next;
	max_align_t data[];
};

#define ARENA_CHUNK (256 * 1024)

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
	a->debug = getenv("SVCGEN_ARENA_MALLOC") != NULL;
}

void
arena_init_chunk(struct arena *a, size_t chunk)
{
	arena_init(a);
	a->chunk = chunk;
}

static size_t
S_chunk(const struct arena *a)
{
	return a->chunk ? a->chunk : ARENA_CHUNK;
}

static void *
S_arena_new_chunk(struct arena *a, size_t n)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + n);

	c->next = a->chunks;
	a->chunks = c;
	return c->data;
}

/* Strings need no alignment: packing them saves a third of a record's memory. */
static void *
S_arena_bytes(struct arena *a, size_t n)
{
	char *p;

	if (a->debug || n > S_chunk(a) / 4)
		return S_arena_new_chunk(a, n);
	if ((size_t)(a->end - a->cur) < n) {
		a->cur = S_arena_new_chunk(a, S_chunk(a));
		a->end = a->cur + S_chunk(a);
	}
	p = a->cur;
	a->cur += n;
	return p;
}

void *
arena_alloc_align(struct arena *a, size_t n, size_t align)
{
	size_t pad = (size_t)(-(uintptr_t)a->cur & (align - 1));

	if ((size_t)(a->end - a->cur) >= pad)
		a->cur += pad;
	return S_arena_bytes(a, (n + align - 1) & ~(align - 1));
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return arena_alloc_align(a, n, sizeof(max_align_t));
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = S_arena_bytes(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks = NULL;
	a->cur = a->end = NULL;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next, *keep = NULL;

	/* The current chunk is a standard one when cur points into it. */
	for (c = a->chunks; c; c = next) {
		next = c->next;
		if (!keep && !a->debug && a->cur && (char *)c->data <= a->cur &&
		    a->cur <= (char *)c->data + S_chunk(a) &&
		    a->end == (char *)c->data + S_chunk(a)) {
			keep = c;
			continue;
		}
		free(c);
	}
	a->chunks = keep;
	if (keep) {
		keep->next = NULL;
		a->cur = (char *)keep->data;
		a->end = a->cur + S_chunk(a);
	} else {
		a->cur = a->end = NULL;
	}
}

size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

size_t
utf8_count(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
		} else {
			k = utf8_seq(p + i, n - i);
			i += k ? k : 1;
		}
		count++;
	}
	return count;
}

unsigned
utf8_decode(const unsigned char *s, size_t k)
{
	unsigned cp = k == 1 ? s[0] : k == 2 ? s[0] & 0x1F : k == 3 ? s[0] & 0x0F : s[0] & 0x07;
	size_t i;

	for (i = 1; i < k; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

int
utf8_wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t
utf8_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, k;

	while (i < n) {
		k = p[i] < 0x80 ? 1 : utf8_seq(p + i, n - i);
		if (!k) {
			i++, w++;
			continue;
		}
		w += k > 1 && utf8_wide(utf8_decode(p + i, k)) ? 2 : 1;
		i += k;
	}
	return w;
}

static int
S_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

size_t
edit_distance(const char *a, const char *b, int ci)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t small[64], *row, prev, tmp, best;

	if (la > 200 || lb > 200)
		return la > lb ? la : lb;
	row = lb + 1 <= ARRAY_LEN(small) ? small : xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			int ca = (unsigned char)a[i - 1], cb = (unsigned char)b[j - 1];
			int same = ci ? S_lower(ca) == S_lower(cb) : ca == cb;

			tmp = row[j];
			best = prev + (same ? 0 : 1);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	if (row != small)
		free(row);
	return best;
}

uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

size_t
hash_slot(uint64_t h, size_t cap)
{
	/* splitmix64's finaliser: every bit of h moves the low bits the mask keeps */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return (size_t)h & (cap - 1);
}

uint64_t
hash_str_ci(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)S_lower((unsigned char)*s);
		h *= 1099511628211ULL;
	}
	return h;
}

int
str_eq_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (S_lower((unsigned char)*a) != S_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

double
clock_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

unsigned
jobs_for(size_t items)
{
	const char *env = getenv("SVCGEN_JOBS");
	long n = env && *env ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);

	if (items < 256 && !(env && *env))
		return 1;
	return n < 1 ? 1 : n > 16 ? 16 : (unsigned)n;
}

void
threads_run(void *(*fn)(void *), void *workers, size_t size, unsigned n)
{
	pthread_t *tid = xcalloc(n ? n : 1, sizeof(*tid));
	char *w = workers;
	unsigned j;

	for (j = 1; j < n; j++)
		if (pthread_create(&tid[j], NULL, fn, w + j * size) != 0)
			S_fail("cannot start a thread", 0);
	fn(w);
	for (j = 1; j < n; j++)
		pthread_join(tid[j], NULL);
	free(tid);
}

int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len < ((size_t)1 << 30) ? len : (size_t)1 << 30);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}
