/* util.h - memory, string buffers and small helpers shared by every stage. */
#ifndef SVCGEN_UTIL_H
#define SVCGEN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define ATTR_NORETURN __attribute__((noreturn))
#else
#define ATTR_PRINTF(a, b)
#define ATTR_NORETURN
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Out of memory ends the program with one line (exit 3). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (of *cap elements of size) so that it holds at least need elements. */
void *xgrow(void *p, size_t size, size_t need, size_t *cap);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A growable byte buffer, always NUL-terminated. Made with BUF_INIT or
 * buf_init, and again after buf_free or buf_detach, buf is never NULL: it
 * points at buf_slop, a shared empty string, until the first byte is added
 * (as git's strbuf does), so that it can be read as "" without a check.
 * cap is 0 while nothing is allocated; a buffer zeroed with its struct
 * is taken as empty too.
 */
struct buf {
	char *buf;
	size_t len, cap;
};
extern char buf_slop[1];
#define BUF_INIT                                                                                   \
	{                                                                                          \
		buf_slop, 0, 0                                                                     \
	}
void buf_init(struct buf *b);

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) ATTR_PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) ATTR_PRINTF(2, 0);
void buf_reset(struct buf *b);
/* Cuts b to its first n bytes (n <= b->len). */
void buf_setlen(struct buf *b, size_t n);
/* Hands the string over to the caller, who frees it; b is left empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
const char *buf_str(const struct buf *b);

/*
 * An arena: many small allocations freed in one call. With the
 * environment variable SVCGEN_ARENA_MALLOC set, every allocation goes
 * through malloc so that sanitizers and valgrind see each one.
 */
struct arena {
	struct arena_chunk *chunks;
	char *cur, *end;
	size_t chunk; /* bytes a chunk holds; 0: 256 KiB */
	int debug;
};
void arena_init(struct arena *a);
/* An arena of chunks of `chunk` bytes: for many arenas that hold little each. */
void arena_init_chunk(struct arena *a, size_t chunk);
void *arena_alloc(struct arena *a, size_t n);
/* Aligned to align (a power of two, at most that of max_align_t) only. */
void *arena_alloc_align(struct arena *a, size_t n, size_t align);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) ATTR_PRINTF(2, 3);
void arena_free(struct arena *a);
/* Frees everything but keeps one chunk for reuse: for one arena per page. */
void arena_reset(struct arena *a);

/*
 * How many threads to give `items` pieces of work: SVCGEN_JOBS, else the
 * cores online (1 to 16), and 1 for small work that threads would slow.
 */
unsigned jobs_for(size_t items);
/* Seconds on a monotonic clock, for the phase timings (SVCGEN_TIMINGS). */
double clock_seconds(void);
/*
 * Runs fn on each of n workers (an array of n elements of `size` bytes):
 * the first on this thread, the others on threads of their own, and
 * returns when all are done.
 */
void threads_run(void *(*fn)(void *), void *workers, size_t size, unsigned n);

/* UTF-8 */
/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. */
size_t utf8_seq(const unsigned char *s, size_t n);
/* Number of code points in s[0..n), counting each invalid byte as one. */
size_t utf8_count(const char *s, size_t n);
/* The code point of the valid sequence of k bytes at s (k from utf8_seq). */
unsigned utf8_decode(const unsigned char *s, size_t k);
/* Is code point cp shown two columns wide on a terminal (East Asian wide)? */
int utf8_wide(unsigned cp);
/*
 * Columns s[0..n) takes on a terminal: two for each wide code point, one
 * for any other and for each invalid byte.
 */
size_t utf8_width(const char *s, size_t n);

/* Levenshtein distance; ci compares ASCII letters case-insensitively. */
size_t edit_distance(const char *a, const char *b, int ci);
/* Writes all of data[0..len) to fd, again after EINTR. Returns 0 or -1 (errno). */
int write_all(int fd, const char *data, size_t len);

/* A 64-bit FNV-1a hash. */
uint64_t hash_bytes(const void *p, size_t n);
uint64_t hash_str_ci(const char *s);
/*
 * The first slot for hash h in an open-addressing table of cap slots (a power
 * of two).  FNV-1a's low bits hardly depend on the high bits of the input
 * bytes, so ids that differ only in a few digits (SR-2026-000123) would crowd
 * together under a plain `h & (cap - 1)`; this mixes all of h in first.
 */
size_t hash_slot(uint64_t h, size_t cap);

int str_eq_ci(const char *a, const char *b);

#endif
