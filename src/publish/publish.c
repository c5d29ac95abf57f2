/*
 * publish.c - the publish stage: the new site is built in a folder beside
 * OUT and exchanged with it in one rename.
 *
 * Begin reads OUT's manifest and walks OUT once (readdir and lstat, no file
 * reads), so that each published file is classified by a hash of its bytes
 * and a table lookup: "same" (OUT already holds these bytes, trusted as
 * publish.h says) or "write". The first "write" creates the temporary folder
 * T = OUT/../.NAME.tmp-XXXXXX and files are written into it as they come.
 * Commit then: if nothing was written and OUT holds nothing else, returns
 * without a single write (the no-change rebuild). Otherwise it walks OUT
 * again and hard-links every "same" file into T (same inode and mtime, no
 * data written), writes T/.svcgen-manifest, exchanges T and OUT with
 * renameat2(RENAME_EXCHANGE) (or, where that is not supported, renames OUT
 * aside and T into place, with a recovery at the next build), and keeps
 * the old tree beside OUT as .NAME.prev. The next build makes that its T
 * instead of an empty folder, and links and removes only where it differs
 * (see "The previous site" below): time in proportion to the change.
 *
 * A file may also be kept without being published again (publish_reuse):
 * the manifest lists beside each file the input digest it was published
 * under (publish_scope, a thread-local setting, so that whatever the render
 * stage calls to publish a page gets it), and all the old files of a given
 * digest are claimed "same" at once when each of them is trusted.
 *
 * Builds into one OUT exclude each other: each holds an flock on OUT (on the
 * old site, which becomes the tree deleted after the exchange) and on T. A
 * .NAME.tmp-* or .NAME.old-* folder beside OUT that nobody holds a lock on
 * is what a killed build left, and the next build removes it (or, for an
 * old site set aside when OUT is missing, puts it back).
 *
 * Every walk opens folders with O_NOFOLLOW relative to their parent and
 * never enters a folder on another mount (S_place: the mount id, not only
 * the file system, so that a bind mount of a folder of the same file system
 * is told apart too), so links and mount points inside OUT lead nowhere
 * outside it. A mount inside OUT makes begin refuse the build: the exchange
 * would carry it along into the old tree, which could then not be removed.
 */
#define _GNU_SOURCE /* renameat2, statx, name_to_handle_at */
#include "publish/publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/schema.h"
#include "base/escape.h"
#include "base/util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Deeper trees in OUT are not walked (and so never trusted nor fully removed). */
#define MAX_DEPTH 128
/* A published path: at most this long, each component at most NAME_MAX. */
#define MAX_PATH 1024
/* Version 2 adds each file's input digest; a version 1 manifest still gives sizes and hashes. */
#define MANIFEST_HEADER "svcgen-manifest 2\n"
#define MANIFEST_HEADER_1 "svcgen-manifest 1\n"
#define COPY_CHUNK 65536

/* What OUT held at a path before the build. */
enum {
	OLD_NONE,
	OLD_LISTED,    /* in the manifest, not (yet) found in OUT */
	OLD_FILE,      /* a file holding the bytes the manifest lists */
	OLD_UNTRUSTED, /* any other file */
	OLD_DIR,
	OLD_OTHER /* a link, a device, a folder on another file system */
};

/*
 * Where a folder lives: its file system and, where the kernel tells, its
 * mount. Two folders are on one mount when both agree.
 */
struct place {
	dev_t dev;
	uint64_t mnt;
	int have_mnt;
};

/* What the new site holds at a path. */
enum { NEW_NONE, NEW_SAME, NEW_WRITTEN, NEW_DIR };

struct entry {
	char *path;
	size_t len;
	uint64_t key; /* hash of the path */
	uint64_t size, sum[2];
	uint64_t ino; /* of an OLD_FILE */
	/* What the file is made from (publish_reuse): the old manifest's, then this build's. */
	uint64_t input[2];
	struct entry *same_input; /* the next old entry of the same input digest */
	unsigned char has_input;
	unsigned char old, now;
	unsigned char made;      /* a folder created in the temporary tree */
	unsigned char linked;    /* a NEW_SAME file linked into it */
	unsigned char prev_diff; /* the kept previous tree differs from OUT here */
	unsigned char odd_mode;  /* an OLD_DIR whose mode is not 0755 */
	unsigned char copied;    /* a NEW_SAME file copied, not linked: another inode */
};

struct publish {
	char *out;       /* OUT as given, for messages */
	char *parent;    /* OUT's parent folder, canonical */
	char *name;      /* OUT's name in it */
	char *path;      /* OUT, canonical (S_resolve) */
	char *tmp_name;  /* the temporary folder's name in parent, once made */
	char *prev_name; /* .NAME.prev: the previous site, kept beside OUT */
	int parent_fd, out_fd, tmp_fd;
	int prev_fd;                   /* it, locked, when it can become the temporary tree */
	int prev_stale;                /* it exists but cannot: removed at commit */
	int from_prev;                 /* the temporary tree began as it */
	struct timespec new_man_mtime; /* the new manifest's */
	struct place place;            /* OUT's mount: no walk leaves it */
	char *mount_inside;            /* the first folder of OUT on another mount, relative */
	mode_t umask;

	pthread_mutex_t lock; /* the table, the counts, the temporary folder */
	struct arena arena;
	struct entry **slots;
	size_t cap, count;
	/* The old entries that have an input digest, by it (chained by same_input). */
	struct entry **islots;
	size_t icap, icount;

	int have_manifest;         /* OUT holds a (readable) manifest */
	struct timespec man_mtime; /* its mtime: older files are trusted */
	struct timespec newest;    /* a bound on the mtimes the new site will hold */
	size_t n_listed, n_found;  /* manifest entries, and those found in OUT */
	size_t n_old_files;        /* OLD_FILE entries */
	size_t n_old_dirs;         /* OLD_DIR entries */
	size_t n_old_nondir;       /* entries of OUT that are not folders */
	size_t n_replaced;         /* of those, published again as files */
	size_t n_same, n_written, n_new_dirs;
	size_t n_reused;                   /* of n_same: kept by publish_reuse, never made again */
	int dirty;                         /* OUT holds something the new site will not */
	int relist;                        /* a file's input digest is not the old manifest's */
	char old_input[65], new_input[65]; /* input digests: OUT's manifest's, this build's */
	int no_exchange; /* test the fallback for file systems without RENAME_EXCHANGE */

	atomic_int failed;
	atomic_int reported;
};

static atomic_int S_signal;
/* The process's umask, read once before any thread runs (umask(2) has no getter). */
static mode_t S_umask;
static int S_umask_read;

/*
 * The input digest that files published by this thread get (publish_scope):
 * a thread renders one page or group at a time, and every file it publishes
 * meanwhile, whatever calls publish_file, belongs to it.
 */
static _Thread_local struct {
	const struct publish *p;
	uint64_t input[2];
} S_scope;

/* ---- Signals ---------------------------------------------------------- */

static void
S_on_signal(int sig)
{
	atomic_store(&S_signal, sig);
}

void
publish_install_signal_handlers(void)
{
	struct sigaction sa;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = S_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
	S_umask = umask(022);
	umask(S_umask);
	S_umask_read = 1;
}

int
publish_interrupted(void)
{
	return atomic_load(&S_signal);
}

/* ---- Content hash: xxHash64 under two seeds --------------------------- */

#define P1 11400714785074694791ULL
#define P2 14029467366897019727ULL
#define P3 1609587929392839161ULL
#define P4 9650029242287828579ULL
#define P5 2870177450012600261ULL
#define SEED2 0x9E3779B97F4A7C15ULL

/*
 * The two hashes read the same bytes, so they share the buffer of a partial
 * stripe, and each stripe goes through both in one loop: eight independent
 * multiply chains instead of four keep the multiplier busy.
 */
struct hasher {
	uint64_t v[2][4], total;
	unsigned char mem[32];
	size_t memsize;
};

static const uint64_t S_seed[2] = {0, SEED2};

static uint64_t
S_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t
S_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static uint64_t
S_le32(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

static uint64_t
S_round(uint64_t acc, uint64_t in)
{
	acc += in * P2;
	acc = S_rotl(acc, 31);
	return acc * P1;
}

static uint64_t
S_merge(uint64_t acc, uint64_t v)
{
	acc ^= S_round(0, v);
	return acc * P1 + P4;
}

static void
S_hash_init(struct hasher *h)
{
	int k;

	memset(h, 0, sizeof(*h));
	for (k = 0; k < 2; k++) {
		h->v[k][0] = S_seed[k] + P1 + P2;
		h->v[k][1] = S_seed[k] + P2;
		h->v[k][2] = S_seed[k];
		h->v[k][3] = S_seed[k] - P1;
	}
}

static void
S_stripe(struct hasher *h, const unsigned char *p)
{
	uint64_t w[4] = {S_le64(p), S_le64(p + 8), S_le64(p + 16), S_le64(p + 24)};
	int i;

	for (i = 0; i < 4; i++) {
		h->v[0][i] = S_round(h->v[0][i], w[i]);
		h->v[1][i] = S_round(h->v[1][i], w[i]);
	}
}

static void
S_hash_update(struct hasher *h, const void *data, size_t n)
{
	const unsigned char *p = data;

	if (n == 0)
		return;
	h->total += n;
	if (h->memsize + n < 32) {
		memcpy(h->mem + h->memsize, p, n);
		h->memsize += n;
		return;
	}
	if (h->memsize) {
		size_t k = 32 - h->memsize;

		memcpy(h->mem + h->memsize, p, k);
		S_stripe(h, h->mem);
		p += k;
		n -= k;
		h->memsize = 0;
	}
	for (; n >= 32; p += 32, n -= 32)
		S_stripe(h, p);
	memcpy(h->mem, p, n);
	h->memsize = n;
}

/* xxHash64's digest of the bytes under seed k. */
static uint64_t
S_digest(const struct hasher *x, int k)
{
	const unsigned char *p = x->mem;
	const uint64_t *v = x->v[k];
	size_t n = x->memsize;
	uint64_t h;

	if (x->total >= 32) {
		h = S_rotl(v[0], 1) + S_rotl(v[1], 7) + S_rotl(v[2], 12) + S_rotl(v[3], 18);
		h = S_merge(h, v[0]);
		h = S_merge(h, v[1]);
		h = S_merge(h, v[2]);
		h = S_merge(h, v[3]);
	} else {
		h = S_seed[k] + P5;
	}
	h += x->total;
	for (; n >= 8; p += 8, n -= 8) {
		h ^= S_round(0, S_le64(p));
		h = S_rotl(h, 27) * P1 + P4;
	}
	if (n >= 4) {
		h ^= S_le32(p) * P1;
		h = S_rotl(h, 23) * P2 + P3;
		p += 4;
		n -= 4;
	}
	for (; n > 0; p++, n--) {
		h ^= *p * P5;
		h = S_rotl(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

static void
S_hash_final(const struct hasher *h, uint64_t sum[2])
{
	sum[0] = S_digest(h, 0);
	sum[1] = S_digest(h, 1);
}

void
publish_hash(const void *data, size_t len, uint64_t out[2])
{
	struct hasher h;

	S_hash_init(&h);
	S_hash_update(&h, data, len);
	S_hash_final(&h, out);
}

/* ---- Messages and failure -------------------------------------------- */

/* The first failure of a build prints its one line; later ones are quiet. */
static void S_fail(struct publish *p, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void S_open_prev(struct publish *p);
static int S_take_prev(struct publish *p);
static int S_tmp_clear(struct publish *p, const char *rel);

static void
S_fail(struct publish *p, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	atomic_store(&p->failed, 1);
	if (atomic_exchange(&p->reported, 1))
		return;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	term_error("%s; the previous site is left as it was", buf_str(&msg));
	buf_free(&msg);
}

/* Whether the build can go on; an interruption is noticed (and told) here. */
static int
S_stopped(struct publish *p)
{
	int sig = atomic_load(&S_signal);

	if (sig && !atomic_load(&p->failed))
		S_fail(p, "%s: interrupted by signal %d", p->out, sig);
	return atomic_load(&p->failed);
}

/* ---- Paths ------------------------------------------------------------ */

/* Why relpath cannot be published, or NULL. */
static const char *
S_bad_path(const char *rel)
{
	const char *s = rel, *c;
	size_t n;

	if (!*rel)
		return "empty";
	if (*rel == '/')
		return "absolute";
	if (strlen(rel) > MAX_PATH)
		return "too long";
	if (!strcmp(rel, PUBLISH_MANIFEST))
		return "the manifest's name";
	for (;;) {
		c = strchr(s, '/');
		n = c ? (size_t)(c - s) : strlen(s);
		if (n == 0)
			return "an empty component";
		if (n > NAME_MAX)
			return "a component too long";
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return "a '.' or '..' component";
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
				return "a control character or backslash";
		if (!c)
			return NULL;
		s = c + 1;
	}
}

/* ---- The table of paths ---------------------------------------------- */

static struct entry *
S_find(struct publish *p, const char *path, size_t len, int create)
{
	uint64_t key = hash_bytes(path, len);
	size_t i, mask;
	struct entry *e;

	if (p->cap) {
		mask = p->cap - 1;
		for (i = hash_slot(key, p->cap); (e = p->slots[i]); i = (i + 1) & mask)
			if (e->key == key && e->len == len && !memcmp(e->path, path, len))
				return e;
	}
	if (!create)
		return NULL;
	if ((p->count + 1) * 2 > p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 1024, j;
		struct entry **ns = xcalloc(ncap, sizeof(*ns));

		for (j = 0; j < p->cap; j++) {
			if (!(e = p->slots[j]))
				continue;
			for (i = hash_slot(e->key, ncap); ns[i]; i = (i + 1) & (ncap - 1))
				;
			ns[i] = e;
		}
		free(p->slots);
		p->slots = ns;
		p->cap = ncap;
	}
	mask = p->cap - 1;
	for (i = hash_slot(key, p->cap); p->slots[i]; i = (i + 1) & mask)
		;
	e = arena_alloc(&p->arena, sizeof(*e));
	memset(e, 0, sizeof(*e));
	e->path = arena_strndup(&p->arena, path, len);
	e->len = len;
	e->key = key;
	p->slots[i] = e;
	p->count++;
	return e;
}

/* The first old entry of input digest in (the others follow by same_input), or NULL. */
static struct entry *
S_find_input(const struct publish *p, const uint64_t in[2])
{
	struct entry *e;
	size_t i;

	if (!p->icap)
		return NULL;
	for (i = hash_slot(in[0], p->icap); (e = p->islots[i]); i = (i + 1) & (p->icap - 1))
		if (e->input[0] == in[0] && e->input[1] == in[1])
			return e;
	return NULL;
}

/* Indexes the old entry e by its input digest. */
static void
S_add_input(struct publish *p, struct entry *e)
{
	struct entry *head = S_find_input(p, e->input);
	size_t i, j;

	if (head) {
		e->same_input = head->same_input;
		head->same_input = e;
		return;
	}
	if ((p->icount + 1) * 2 > p->icap) {
		size_t ncap = p->icap ? p->icap * 2 : 1024;
		struct entry **ns = xcalloc(ncap, sizeof(*ns));

		for (j = 0; j < p->icap; j++) {
			if (!p->islots[j])
				continue;
			for (i = hash_slot(p->islots[j]->input[0], ncap); ns[i];
			     i = (i + 1) & (ncap - 1))
				;
			ns[i] = p->islots[j];
		}
		free(p->islots);
		p->islots = ns;
		p->icap = ncap;
	}
	for (i = hash_slot(e->input[0], p->icap); p->islots[i]; i = (i + 1) & (p->icap - 1))
		;
	p->islots[i] = e;
	p->icount++;
}

/* 32 hex digits (lowercase) into two 64-bit numbers. Returns 0 or -1. */
static int
S_parse_hex128(const char *s, uint64_t v[2])
{
	int i;

	v[0] = v[1] = 0;
	for (i = 0; i < 32; i++) {
		int c = s[i], d = c >= '0' && c <= '9'   ? c - '0'
		                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                                         : -1;

		if (d < 0)
			return -1;
		v[i / 16] = v[i / 16] << 4 | (uint64_t)d;
	}
	return 0;
}

static int
S_ts_less(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* ---- Mounts ---------------------------------------------------------- */

/*
 * The place of the open folder fd (its stat in *st, when st is given).
 * The mount id comes from statx (STATX_MNT_ID, Linux 5.8), else from
 * name_to_handle_at (which reports it even when the handle does not fit,
 * Linux 2.6.39, on file systems that export handles); where neither tells,
 * only the file system is compared, and a bind mount of a folder of the
 * same file system is not told apart (documented in docs/site.md).
 * SVCGEN_NO_STATX_MNT_ID=1 skips statx, to test the second way.
 * Returns 0 or -1 (fstat failed).
 */
static int
S_place(int fd, struct place *pl, struct stat *st)
{
	struct stat st0;
	struct file_handle fh; /* no room: the handle never fits, the mount id comes */
	int mid;

	if (!st)
		st = &st0;
	memset(pl, 0, sizeof(*pl));
	if (fstat(fd, st) < 0)
		return -1;
	pl->dev = st->st_dev;
#ifdef STATX_MNT_ID
	if (!getenv("SVCGEN_NO_STATX_MNT_ID")) {
		struct statx sx;

		if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &sx) == 0 &&
		    (sx.stx_mask & STATX_MNT_ID)) {
			pl->mnt = sx.stx_mnt_id;
			pl->have_mnt = 1;
			return 0;
		}
	}
#endif
	memset(&fh, 0, sizeof(fh));
	if (name_to_handle_at(fd, "", &fh, &mid, AT_EMPTY_PATH) == 0 || errno == EOVERFLOW) {
		pl->mnt = (uint64_t)(unsigned)mid;
		pl->have_mnt = 1;
	}
	return 0;
}

static int
S_same_place(const struct place *a, const struct place *b)
{
	return a->dev == b->dev && a->have_mnt == b->have_mnt && (!a->have_mnt || a->mnt == b->mnt);
}

/* ---- Removing a tree, never following links -------------------------- */

/*
 * Empties the folder fd (which it closes), on the mount top. Returns 0, or
 * -1 if anything stayed (a folder on another mount is neither entered nor
 * removed).
 */
static int
S_empty_dir(int fd, const struct place *top, int depth)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	struct place pl;
	int rc = 0, pass, seen;

	if (S_place(fd, &pl, &st) < 0 || !S_same_place(&pl, top) || depth > MAX_DEPTH) {
		close(fd);
		return -1;
	}
	/* A folder of the old site made read-only by hand is still ours to empty. */
	if ((st.st_mode & 0700) != 0700)
		fchmod(fd, (st.st_mode & 07777) | 0700);
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	/* Another pass when a pass removed something: readdir need not show all
	 * entries of a folder being changed. */
	for (pass = 0, seen = 1; seen && pass < 4; pass++) {
		rewinddir(d);
		seen = 0;
		rc = 0;
		while ((de = readdir(d))) {
			const char *n = de->d_name;
			int isdir = de->d_type == DT_DIR, sub;

			if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
				continue;
			seen = 1;
			if (de->d_type == DT_UNKNOWN) {
				if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0)
					continue;
				isdir = S_ISDIR(st.st_mode);
			}
			if (!isdir) {
				if (unlinkat(dirfd(d), n, 0) < 0 && errno != ENOENT)
					rc = -1;
				continue;
			}
			sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				if (errno != ENOENT)
					rc = -1;
				continue;
			}
			if (S_empty_dir(sub, top, depth + 1) < 0)
				rc = -1;
			if (unlinkat(dirfd(d), n, AT_REMOVEDIR) < 0 && errno != ENOENT)
				rc = -1;
		}
		if (rc < 0)
			break;
	}
	closedir(d);
	return rc;
}

/*
 * Removes the folder name of parent_fd and all it holds; a folder on
 * another mount than parent_fd's (name itself, or any folder in it) is
 * neither entered nor removed, and then -1.
 */
static int
S_remove_tree(int parent_fd, const char *name)
{
	int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct place top;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (S_place(parent_fd, &top, NULL) < 0) {
		close(fd);
		return -1;
	}
	if (S_empty_dir(fd, &top, 0) < 0)
		return -1;
	if (unlinkat(parent_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* ---- Begin: which folder, and what it holds -------------------------- */

/*
 * path made absolute and canonical, whether it exists or not: the realpath
 * of its longest existing part, then the names that follow, which do not
 * exist (a "." or ".." among them fails with ENOENT, as the kernel would).
 * Returns a string to free, or NULL with errno set.
 */
static char *
S_resolve(const char *path)
{
	char *s = xstrdup(path), *canon = NULL, *cut;
	const char *rest = NULL, *c;
	struct buf b = BUF_INIT;
	size_t n;

	for (;;) {
		if ((canon = realpath(*s ? s : ".", NULL)))
			break;
		if (errno != ENOENT && errno != ENOTDIR) {
			free(s);
			return NULL;
		}
		cut = strrchr(s, '/');
		rest = path + (cut ? (size_t)(cut - s) + 1 : 0);
		if (cut == s)
			s[1] = '\0'; /* "/" */
		else if (cut)
			*cut = '\0';
		else
			*s = '\0'; /* "." */
	}
	free(s);
	buf_adds(&b, canon);
	free(canon);
	for (c = rest; c && *c; c += n + (c[n] == '/')) {
		n = strcspn(c, "/");
		if (n == 0)
			continue;
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) {
			buf_free(&b);
			errno = ENOENT;
			return NULL;
		}
		if (strcmp(b.buf, "/"))
			buf_addc(&b, '/');
		buf_add(&b, c, n);
	}
	return buf_detach(&b);
}

/*
 * Where path (canonical) goes on below the folder target, when target is
 * path itself ("") or one of its ancestors; else NULL. Folders are compared
 * by device and inode, so another path to target counts too.
 */
static const char *
S_below(const char *path, const struct stat *target)
{
	char *s = xstrdup(path), *slash;
	const char *rest = NULL;
	struct stat st;

	for (;;) {
		if (stat(*s ? s : "/", &st) == 0 && st.st_dev == target->st_dev &&
		    st.st_ino == target->st_ino) {
			rest = path + strlen(s);
			rest += *rest == '/';
			break;
		}
		if (!*s || !(slash = strrchr(s, '/')))
			break;
		*slash = '\0';
	}
	free(s);
	return rest;
}

/* Whether b (canonical) is a or a folder inside it. */
static int
S_under(const char *b, const char *a)
{
	size_t n = strlen(a);

	return !strcmp(a, "/") || (!strncmp(b, a, n) && (b[n] == '/' || !b[n]));
}

/*
 * Whether a folder at rel (below the records folder, not empty) could be
 * read as records, now or once it is made: when its first name is a kind's,
 * attachments, svcgen.yaml, or one edit away from a kind's or attachments
 * (ignoring case: a misspelt kind's folder is read for the kind-folder
 * warning, and a file system may ignore case). Hidden names are never read.
 * See docs/site.md.
 */
static int
S_read_as_records(const char *rel, char *first, size_t size)
{
	size_t n = strcspn(rel, "/");
	int k;

	snprintf(first, size, "%.*s", (int)n, rel);
	if (rel[0] == '.')
		return 0;
	for (k = 0; k < KIND__COUNT; k++)
		if (edit_distance(first, schema_object(k)->name, 1) <= 1)
			return 1;
	return edit_distance(first, "attachments", 1) <= 1 || str_eq_ci(first, "svcgen.yaml");
}

/*
 * The refusals that depend on where OUT (p->path) is, beside the records,
 * the templates and the current folder; out_st: OUT's, when it exists.
 * Returns 0, or -1 after a message.
 */
static int
S_check_place(struct publish *p, const struct publish_opts *o, const struct stat *out_st)
{
	struct stat rs;
	char *rc_path = NULL, *tpl = NULL, cwd[PATH_MAX], first[NAME_MAX + 1];
	const char *rel;
	int rc = -1, records = o && o->records_dir;

	/* A records folder that is not there holds nothing to read back (its load fails). */
	if (records && stat(o->records_dir, &rs) < 0) {
		if (errno != ENOENT) {
			term_error("%s: %s", o->records_dir, strerror(errno));
			goto done;
		}
		records = 0;
	}
	if (records) {
		if (!(rc_path = realpath(o->records_dir, NULL))) {
			term_error("%s: %s", o->records_dir, strerror(errno));
			goto done;
		}
		if ((rel = S_below(p->path, &rs)) && !*rel) {
			term_error("%s: the output folder is the records folder", p->out);
			goto done;
		}
		if (rel && S_read_as_records(rel, first, sizeof(first))) {
			fprintf(
			    stderr,
			    "svcgen: %s: the output folder would be in '%s' of the records "
			    "folder %s, where its files could be read back as records (a kind's "
			    "folder, attachments, svcgen.yaml, or a name one letter away from "
			    "one); choose one outside the records folder, or of another name in "
			    "it\n",
			    p->out, first, o->records_dir);
			goto done;
		}
		if (out_st && S_below(rc_path, out_st)) {
			term_error("%s: the output folder contains the records folder %s", p->out,
			           o->records_dir);
			goto done;
		}
	}
	if (o && o->templates_dir) {
		if (!(tpl = S_resolve(o->templates_dir))) {
			term_error("%s: %s", o->templates_dir, strerror(errno));
			goto done;
		}
		/* By inode when OUT exists (another path to it counts), else by name. */
		if (out_st ? S_below(tpl, out_st) != NULL : S_under(tpl, p->path)) {
			term_error("%s: the templates folder %s is inside the output folder, "
			           "which the build replaces; keep the templates outside it",
			           p->out, o->templates_dir);
			goto done;
		}
	}
	if (out_st && getcwd(cwd, sizeof(cwd)) && S_below(cwd, out_st)) {
		term_error("%s: the output folder contains the current folder; "
		           "run svcgen from outside it",
		           p->out);
		goto done;
	}
	rc = 0;
done:
	free(rc_path);
	free(tpl);
	return rc;
}

/*
 * Resolves OUT (p->path; its parent and name in it) and makes the refusals
 * that depend on its path alone. *exists: whether it exists. Returns 0, or
 * -1 after a message.
 */
static int
S_locate(struct publish *p, const char *out_dir, const struct publish_opts *o, int *exists)
{
	char *s = xstrdup(out_dir), *slash;
	size_t n = strlen(s);
	struct stat st;
	int rc = -1;

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	p->out = xstrdup(s);
	if (!*s) {
		term_error("the output folder's name is empty");
		goto done;
	}
	if (lstat(s, &st) == 0 && S_ISLNK(st.st_mode)) {
		term_error("%s: the output folder is a symbolic link; "
		           "give the folder itself",
		           s);
		goto done;
	}
	if (!(p->path = S_resolve(s))) {
		term_error("%s: %s", s, strerror(errno));
		goto done;
	}
	if (!strcmp(p->path, "/")) {
		term_error("%s: refusing / as the output folder", p->out);
		goto done;
	}
	*exists = lstat(p->path, &st) == 0;
	if (*exists && !S_ISDIR(st.st_mode)) {
		term_error("%s: exists and is not a folder", s);
		goto done;
	}
	if (S_check_place(p, o, *exists ? &st : NULL) < 0)
		goto done;
	slash = strrchr(p->path, '/');
	p->name = xstrdup(slash + 1);
	p->parent = slash == p->path ? xstrdup("/") : xstrndup(p->path, (size_t)(slash - p->path));
	if (!*exists && stat(p->parent, &st) < 0) {
		term_error("%s: the folder to hold it: %s", p->out, strerror(errno));
		goto done;
	}
	if (!*exists && !S_ISDIR(st.st_mode)) {
		term_error("%s: the folder to hold it: %s", p->out, strerror(ENOTDIR));
		goto done;
	}
	rc = 0;
done:
	free(s);
	return rc;
}

/* Opens and locks OUT. Returns 0, 1 if OUT is missing, or -1 after a message. */
static int
S_open_out(struct publish *p, const struct publish_opts *o)
{
	struct stat st;
	struct place pp;

	p->out_fd = openat(p->parent_fd, p->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->out_fd < 0) {
		if (errno == ENOENT) {
			if (S_check_place(p, o, NULL) < 0)
				return -1;
			return 1;
		}
		if (errno == ELOOP || errno == ENOTDIR)
			term_error("%s: not a folder (a link or a file)", p->out);
		else
			term_error("%s: %s", p->out, strerror(errno));
		return -1;
	}
	if (S_place(p->out_fd, &p->place, &st) < 0 || S_place(p->parent_fd, &pp, NULL) < 0) {
		term_error("%s: %s", p->out, strerror(errno));
		return -1;
	}
	if (S_check_place(p, o, &st) < 0)
		return -1;
	if (!S_same_place(&p->place, &pp)) {
		term_error("%s: is a mount point; the site is built beside it and swapped "
		           "in, which cannot move a mount: use a folder inside it",
		           p->out);
		return -1;
	}
	if (flock(p->out_fd, LOCK_EX | LOCK_NB) < 0) {
		term_error("%s: another svcgen build is writing this folder", p->out);
		return -1;
	}
	if ((st.st_mode & 07777) != 0755)
		p->dirty = 1;
	return 0;
}

/* Whether name is .NAME.tmp-XXXXXX or .NAME.old-XXXXXX; sets *old for the latter. */
static int
S_is_leftover(const struct publish *p, const char *name, int *old)
{
	size_t n = strlen(p->name);

	if (name[0] != '.' || strncmp(name + 1, p->name, n))
		return 0;
	name += 1 + n;
	if (strncmp(name, ".tmp-", 5) && strncmp(name, ".old-", 5))
		return 0;
	*old = name[1] == 'o';
	return strlen(name + 5) == 6;
}

/*
 * Removes what killed builds left beside OUT, and puts back an old site set
 * aside by a build killed before it could put the new one in its place.
 * Folders that a live build holds locked are left alone.
 */
static void
S_clean_leftovers(struct publish *p, int out_missing)
{
	int dfd = openat(p->parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	struct dirent *de;
	int old, fd;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d))) {
		if (!S_is_leftover(p, de->d_name, &old))
			continue;
		fd = openat(p->parent_fd, de->d_name,
		            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			continue;
		}
		if (old && out_missing &&
		    renameat2(p->parent_fd, de->d_name, p->parent_fd, p->name, RENAME_NOREPLACE) ==
		        0) {
			term_error("%s: put back the previous site, which a killed build had "
			           "left in %s",
			           p->out, de->d_name);
			out_missing = 0;
		} else if (S_remove_tree(p->parent_fd, de->d_name) < 0) {
			term_error("warning: %s/%s: could not remove all of it", p->parent,
			           de->d_name);
		}
		close(fd);
	}
	closedir(d);
}

/* Forgets every entry: what a manifest that failed to parse had put in the table. */
static void
S_table_clear(struct publish *p)
{
	arena_free(&p->arena);
	arena_init(&p->arena);
	free(p->slots);
	free(p->islots);
	p->slots = p->islots = NULL;
	p->cap = p->count = p->icap = p->icount = 0;
	p->n_listed = 0;
	p->old_input[0] = '\0';
}

/*
 * Parses "HEX32 SIZE INPUT PATH\n" lines, INPUT being 32 hex digits or "-"
 * (version 1: "HEX32 SIZE PATH\n", no input digests, so nothing is reused),
 * into the table. Returns 0, or -1 (the table then holds part of it).
 */
static int
S_parse_manifest(struct publish *p, const char *s, const char *end)
{
	int v2;

	if ((size_t)(end - s) < sizeof(MANIFEST_HEADER) - 1)
		return -1;
	v2 = !memcmp(s, MANIFEST_HEADER, sizeof(MANIFEST_HEADER) - 1);
	if (!v2 && memcmp(s, MANIFEST_HEADER_1, sizeof(MANIFEST_HEADER_1) - 1))
		return -1;
	s += sizeof(MANIFEST_HEADER) - 1;
	/* An optional line "input HEX": the digest of what the site was made from. */
	if ((size_t)(end - s) > 6 && !memcmp(s, "input ", 6)) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n;

		if (!nl || (n = (size_t)(nl - s - 6)) >= sizeof(p->old_input))
			return -1;
		memcpy(p->old_input, s + 6, n);
		p->old_input[n] = '\0';
		s = nl + 1;
	}
	while (s < end) {
		uint64_t sum[2] = {0, 0}, size = 0, input[2] = {0, 0};
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *path;
		char tmp[MAX_PATH + 1];
		struct entry *e;
		int has_input = 0;

		if (!nl || nl - s < 35 || S_parse_hex128(s, sum) < 0 || s[32] != ' ')
			return -1;
		for (s += 33; s < nl && *s >= '0' && *s <= '9'; s++) {
			if (size > (UINT64_MAX - 9) / 10)
				return -1;
			size = size * 10 + (uint64_t)(*s - '0');
		}
		if (s >= nl || *s != ' ')
			return -1;
		s++;
		if (v2 && nl - s > 2 && s[0] == '-' && s[1] == ' ') {
			s += 2;
		} else if (v2) {
			if (nl - s < 34 || S_parse_hex128(s, input) < 0 || s[32] != ' ')
				return -1;
			has_input = 1;
			s += 33;
		}
		if ((size_t)(nl - s) > MAX_PATH)
			return -1;
		path = s;
		memcpy(tmp, path, (size_t)(nl - path));
		tmp[nl - path] = '\0';
		if (S_bad_path(tmp))
			return -1;
		e = S_find(p, path, (size_t)(nl - path), 1);
		if (e->old == OLD_NONE) {
			e->old = OLD_LISTED;
			e->size = size;
			e->sum[0] = sum[0];
			e->sum[1] = sum[1];
			p->n_listed++;
			if (has_input) {
				e->input[0] = input[0];
				e->input[1] = input[1];
				e->has_input = 1;
				S_add_input(p, e);
			}
		}
		s = nl + 1;
	}
	return 0;
}

static void
S_read_manifest(struct publish *p)
{
	int fd = openat(p->out_fd, PUBLISH_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	char *text;
	size_t got = 0;
	ssize_t r;

	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > ((off_t)1 << 30)) {
		close(fd);
		return;
	}
	p->have_manifest = 1;
	p->man_mtime = st.st_mtim;
	text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, text + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	/* A manifest that does not parse trusts nothing: every file is written. */
	if (got != (size_t)st.st_size || S_parse_manifest(p, text, text + got) < 0) {
		S_table_clear(p);
		p->dirty = 1;
	}
	free(text);
}

/* A name of a folder of OUT as S_scan reads it: its type, and its lstat. */
struct scan_item {
	size_t name; /* offset in the folder's names */
	unsigned char type;
	unsigned char stat_ok;
	struct stat st;
};

/* Every core stats a share of a folder's files (S_scan_stat). */
struct scan_worker {
	int dfd;
	const char *names;
	struct scan_item *v;
	size_t n;
	atomic_size_t *next;
};

#define SCAN_CHUNK 256

static void *
S_scan_worker(void *arg)
{
	struct scan_worker *w = arg;
	size_t i, k, end;

	while ((k = atomic_fetch_add(w->next, SCAN_CHUNK)) < w->n)
		for (i = k, end = k + SCAN_CHUNK < w->n ? k + SCAN_CHUNK : w->n; i < end; i++)
			if (w->v[i].type != DT_DIR)
				w->v[i].stat_ok = fstatat(w->dfd, w->names + w->v[i].name,
				                          &w->v[i].st, AT_SYMLINK_NOFOLLOW) == 0;
	return NULL;
}

/*
 * The lstat of every name of the folder dfd that is not a folder: the
 * trust rule reads each file's size, time and mode. A folder of many
 * files (a kind's pages) is shared among the cores.
 */
static void
S_scan_stat(int dfd, const char *names, struct scan_item *v, size_t n)
{
	unsigned jobs = n >= 4 * SCAN_CHUNK ? jobs_for(n) : 1, j;
	struct scan_worker *w = xcalloc(jobs, sizeof(*w));
	atomic_size_t next;

	atomic_init(&next, 0);
	for (j = 0; j < jobs; j++)
		w[j] = (struct scan_worker){dfd, names, v, n, &next};
	threads_run(S_scan_worker, w, sizeof(*w), jobs);
	free(w);
}

/* Walks the folder fd (closed here) at rel, recording what OUT holds. */
static void
S_scan(struct publish *p, int fd, struct buf *rel, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	struct buf names = BUF_INIT;
	struct scan_item *v = NULL;
	size_t base = rel->len, n = 0, cap = 0, i;

	if (!d) {
		close(fd);
		p->dirty = 1;
		return;
	}
	while ((de = readdir(d))) {
		const char *nm = de->d_name;

		if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))
			continue;
		if (depth == 0 && !strcmp(nm, PUBLISH_MANIFEST) && p->have_manifest)
			continue;
		v = xgrow(v, sizeof(*v), n + 1, &cap);
		memset(&v[n], 0, sizeof(v[n]));
		v[n].name = names.len;
		v[n].type = de->d_type;
		buf_add(&names, nm, strlen(nm) + 1);
		n++;
	}
	S_scan_stat(dirfd(d), names.buf, v, n);
	for (i = 0; i < n; i++) {
		const char *nm = names.buf + v[i].name;
		unsigned char type = v[i].type;
		struct stat *st = &v[i].st;
		struct place pl;
		struct entry *e;
		int sub;

		rel->len = base;
		if (base)
			buf_addc(rel, '/');
		buf_adds(rel, nm);
		if (type != DT_DIR) {
			if (!v[i].stat_ok) {
				p->dirty = 1;
				continue;
			}
			type = S_ISDIR(st->st_mode)   ? DT_DIR
			       : S_ISREG(st->st_mode) ? DT_REG
			                              : DT_LNK;
		}
		e = S_find(p, rel->buf, rel->len, 1);
		if (e->old == OLD_LISTED)
			p->n_found++;
		if (type == DT_DIR) {
			sub = openat(dirfd(d), nm, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0 &&
			    (S_place(sub, &pl, st) < 0 || !S_same_place(&pl, &p->place))) {
				/* Another mount: begin refuses the build (see the top). */
				if (!p->mount_inside)
					p->mount_inside = xstrdup(rel->buf);
				close(sub);
				sub = -1;
			}
			if (sub < 0 || depth + 1 >= MAX_DEPTH) {
				if (sub >= 0)
					close(sub);
				e->old = OLD_OTHER;
				p->n_old_nondir++;
				p->dirty = 1;
				continue;
			}
			e->old = OLD_DIR;
			p->n_old_dirs++;
			if ((st->st_mode & 07777) != 0755)
				p->dirty = e->odd_mode = 1;
			S_scan(p, sub, rel, depth + 1);
			continue;
		}
		p->n_old_nondir++;
		if (type == DT_REG && e->old == OLD_LISTED && (st->st_mode & 07777) == 0644 &&
		    (uint64_t)st->st_size == e->size && S_ts_less(&st->st_mtim, &p->man_mtime)) {
			e->old = OLD_FILE;
			e->ino = (uint64_t)st->st_ino;
			p->n_old_files++;
			continue;
		}
		e->old = type == DT_REG ? OLD_UNTRUSTED : OLD_OTHER;
		p->dirty = 1;
	}
	rel->len = base;
	rel->buf[base] = '\0';
	closedir(d);
	free(v);
	buf_free(&names);
}

/* Whether OUT, holding no manifest, is empty but for .gitkeep. */
static int
S_is_empty(struct publish *p)
{
	int fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;
	int empty = 1;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		const char *n = de->d_name;

		if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".gitkeep"))
			continue;
		empty = 0;
		break;
	}
	closedir(d);
	return empty;
}

static void
S_free(struct publish *p)
{
	publish_scope_end(p);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->tmp_fd >= 0)
		close(p->tmp_fd);
	if (p->prev_fd >= 0)
		close(p->prev_fd);
	if (p->parent_fd >= 0)
		close(p->parent_fd);
	pthread_mutex_destroy(&p->lock);
	arena_free(&p->arena);
	free(p->slots);
	free(p->islots);
	free(p->out);
	free(p->parent);
	free(p->name);
	free(p->path);
	free(p->tmp_name);
	free(p->prev_name);
	free(p->mount_inside);
	free(p);
}

int
publish_check_out(const char *out_dir, const struct publish_opts *o)
{
	struct publish *p = xcalloc(1, sizeof(*p));
	int exists, rc;

	p->parent_fd = p->out_fd = p->tmp_fd = p->prev_fd = -1;
	pthread_mutex_init(&p->lock, NULL);
	arena_init(&p->arena);
	rc = S_locate(p, out_dir, o, &exists);
	S_free(p);
	return rc;
}

struct publish *
publish_begin(const char *out_dir, const struct publish_opts *o)
{
	struct publish *p = xcalloc(1, sizeof(*p));
	struct buf rel = BUF_INIT;
	int exists = 0, rc, fd;

	p->parent_fd = p->out_fd = p->tmp_fd = p->prev_fd = -1;
	p->no_exchange = getenv("SVCGEN_NO_RENAME_EXCHANGE") != NULL;
	pthread_mutex_init(&p->lock, NULL);
	arena_init(&p->arena);
	if (S_locate(p, out_dir, o, &exists) < 0)
		goto fail;
	p->parent_fd = open(p->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->parent_fd < 0) {
		term_error("%s: %s", p->parent, strerror(errno));
		goto fail;
	}
	if ((rc = S_open_out(p, o)) < 0)
		goto fail;
	S_clean_leftovers(p, rc == 1);
	if (rc == 1 && (rc = S_open_out(p, o)) < 0)
		goto fail;
	p->prev_name = xmalloc(strlen(p->name) + 7);
	sprintf(p->prev_name, ".%s.prev", p->name);
	/* A previous site kept for an OUT that is gone is of no use. */
	if (rc == 1 && S_remove_tree(p->parent_fd, p->prev_name) < 0)
		term_error("warning: %s/%s: could not remove all of it", p->parent, p->prev_name);
	/* umask(2) has no getter: read at the start, as other threads may run now. */
	if (!S_umask_read) {
		S_umask = umask(022);
		umask(S_umask);
		S_umask_read = 1;
	}
	p->umask = S_umask;
	if (rc == 1)
		return p;
	S_read_manifest(p);
	if (!p->have_manifest && !S_is_empty(p)) {
		term_error("%s: not empty and not a site svcgen built (no %s); "
		           "refusing to replace what it holds",
		           p->out, PUBLISH_MANIFEST);
		goto fail;
	}
	if ((fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		term_error("%s: %s", p->out, strerror(errno));
		goto fail;
	}
	buf_grow(&rel, 256);
	S_scan(p, fd, &rel, 0);
	buf_free(&rel);
	if (p->mount_inside) {
		term_error(
		    "%s/%s: a mount point inside the output folder (another file "
		    "system, or a bind mount); svcgen never enters nor removes another mount: "
		    "unmount it, or choose another output folder",
		    p->out, p->mount_inside);
		goto fail;
	}
	if (p->n_found != p->n_listed)
		p->dirty = 1;
	p->newest = p->man_mtime;
	S_open_prev(p);
	return p;
fail:
	S_free(p);
	return NULL;
}

/* ---- Writing the new tree -------------------------------------------- */

/* Makes the temporary folder, if not made yet. Under the lock. */
static int
S_need_tmp(struct publish *p)
{
	struct buf path = BUF_INIT;
	char *slash;

	if (p->tmp_fd >= 0)
		return 0;
	buf_adds(&path, p->parent);
	if (strcmp(p->parent, "/"))
		buf_addc(&path, '/');
	buf_addf(&path, ".%s.tmp-XXXXXX", p->name);
	if (!mkdtemp(path.buf)) {
		S_fail(p, "%s: cannot make a temporary folder beside it: %s", p->out,
		       strerror(errno));
		buf_free(&path);
		return -1;
	}
	slash = strrchr(path.buf, '/');
	p->tmp_name = xstrdup(slash + 1);
	buf_free(&path);
	/* The previous site, when kept, replaces the empty folder. */
	if (p->prev_fd >= 0 && S_take_prev(p) == 0)
		return p->tmp_fd < 0 ? -1 : 0;
	p->tmp_fd =
	    openat(p->parent_fd, p->tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->tmp_fd < 0 || flock(p->tmp_fd, LOCK_EX | LOCK_NB) < 0 ||
	    fchmod(p->tmp_fd, 0755) < 0) {
		S_fail(p, "%s/%s: %s", p->parent, p->tmp_name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Makes the folder dir of the temporary tree, 0755 whatever the umask; a
 * tree begun as the previous site may hold it already, or something else
 * in its place. Returns 0 or -1 (errno).
 */
static int
S_mkdir(struct publish *p, const char *dir)
{
	struct stat st;

	if (mkdirat(p->tmp_fd, dir, 0755) == 0)
		return (p->umask & 0755) ? fchmodat(p->tmp_fd, dir, 0755, 0) : 0;
	if (errno != EEXIST || !p->from_prev ||
	    fstatat(p->tmp_fd, dir, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return (st.st_mode & 07777) != 0755 ? fchmodat(p->tmp_fd, dir, 0755, 0) : 0;
	if (S_tmp_clear(p, dir) < 0 || mkdirat(p->tmp_fd, dir, 0755) < 0)
		return -1;
	return (p->umask & 0755) ? fchmodat(p->tmp_fd, dir, 0755, 0) : 0;
}

/* Makes the folders above rel in the temporary tree. Under the lock. */
static int
S_make_dirs(struct publish *p, const char *rel)
{
	const char *c;

	for (c = strchr(rel, '/'); c; c = strchr(c + 1, '/')) {
		struct entry *e = S_find(p, rel, (size_t)(c - rel), 1);
		char *dir;

		if (e->made)
			continue;
		dir = e->path;
		if (S_mkdir(p, dir) < 0) {
			S_fail(p, "%s/%s: %s", p->out, dir, strerror(errno));
			return -1;
		}
		e->made = 1;
	}
	return 0;
}

/* What publish must do with a file of this content, decided under the lock. */
enum { CLAIM_FAIL = -1, CLAIM_SAME, CLAIM_WRITE };

/*
 * Marks the folders above the file rel as folders of the new site. Under
 * the lock. Returns 0, or -1 (failed) when one of them is a file of it.
 */
static int
S_claim_dirs(struct publish *p, const char *rel)
{
	const char *c;
	struct entry *e;

	for (c = strchr(rel, '/'); c; c = strchr(c + 1, '/')) {
		e = S_find(p, rel, (size_t)(c - rel), 1);
		if (e->now == NEW_SAME || e->now == NEW_WRITTEN) {
			S_fail(p, "%s: %s is both a file and a folder", p->out, e->path);
			return -1;
		}
		if (e->now == NEW_NONE) {
			e->now = NEW_DIR;
			p->n_new_dirs++;
		}
	}
	return 0;
}

static int
S_claim(struct publish *p, const char *rel, uint64_t size, const uint64_t sum[2])
{
	const char *why = S_bad_path(rel);
	struct entry *e;
	uint64_t in[2];
	int rc = CLAIM_FAIL;

	if (why) {
		S_fail(p, "%s: refusing the output path \"%s\": %s", p->out, rel, why);
		return CLAIM_FAIL;
	}
	pthread_mutex_lock(&p->lock);
	if (S_claim_dirs(p, rel) < 0)
		goto done;
	e = S_find(p, rel, strlen(rel), 1);
	if (e->now == NEW_DIR) {
		S_fail(p, "%s: %s is both a file and a folder", p->out, rel);
		goto done;
	}
	if (e->now != NEW_NONE) {
		S_fail(p, "%s: %s published twice", p->out, rel);
		goto done;
	}
	if (e->old == OLD_FILE || e->old == OLD_UNTRUSTED || e->old == OLD_OTHER)
		p->n_replaced++;
	/* The input digest the new manifest lists: this thread's scope's, or none. */
	in[0] = S_scope.p == p ? S_scope.input[0] : 0;
	in[1] = S_scope.p == p ? S_scope.input[1] : 0;
	if (e->has_input != (S_scope.p == p) || e->input[0] != in[0] || e->input[1] != in[1])
		p->relist = 1; /* the manifest must say it, even if no file changes */
	e->has_input = S_scope.p == p;
	e->input[0] = in[0];
	e->input[1] = in[1];
	if (e->old == OLD_FILE && e->size == size && e->sum[0] == sum[0] && e->sum[1] == sum[1]) {
		e->now = NEW_SAME;
		p->n_same++;
		rc = CLAIM_SAME;
		goto done;
	}
	e->now = NEW_WRITTEN;
	e->size = size;
	e->sum[0] = sum[0];
	e->sum[1] = sum[1];
	p->n_written++;
	if (S_need_tmp(p) == 0 && S_make_dirs(p, rel) == 0)
		rc = CLAIM_WRITE;
done:
	pthread_mutex_unlock(&p->lock);
	return rc;
}

static int
S_write_all(int fd, const char *data, size_t len)
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

/* Creates rel in the temporary tree, mode 0644 whatever the umask. Returns the fd or -1. */
static int
S_create(struct publish *p, const char *rel)
{
	int fd;

	/* Never into a file of the previous site: OUT may share its inode. */
	if (p->from_prev && S_tmp_clear(p, rel) < 0) {
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		return -1;
	}
	fd = openat(p->tmp_fd, rel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd >= 0 && (p->umask & 0644) && fchmod(fd, 0644) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
	return fd;
}

/*
 * Closes a file written into the temporary tree. Its mtime is not read:
 * the manifest, made after every file, is dated past them (S_write_manifest).
 */
static int
S_finish(struct publish *p, int fd, const char *rel)
{
	if (close(fd) < 0) {
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		return -1;
	}
	return 0;
}

int
publish_parts(struct publish *p, const char *relpath, const struct publish_part *parts, size_t n)
{
	struct hasher h;
	uint64_t sum[2], len = 0;
	size_t i;
	int fd, rc;

	if (S_stopped(p))
		return -1;
	S_hash_init(&h);
	for (i = 0; i < n; i++) {
		S_hash_update(&h, parts[i].data, parts[i].len);
		len += parts[i].len;
	}
	S_hash_final(&h, sum);
	rc = S_claim(p, relpath, len, sum);
	if (rc != CLAIM_WRITE)
		return rc == CLAIM_SAME ? 0 : -1;
	if ((fd = S_create(p, relpath)) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (S_write_all(fd, parts[i].data, parts[i].len) < 0) {
			S_fail(p, "%s/%s: %s", p->out, relpath, strerror(errno));
			close(fd);
			return -1;
		}
	return S_finish(p, fd, relpath);
}

int
publish_file(struct publish *p, const char *relpath, const void *data, size_t len)
{
	struct publish_part part = {data, len};

	return publish_parts(p, relpath, &part, 1);
}

/*
 * Copies in (from its start) to out, hashing what it copies. Returns 0 when
 * len bytes hashing to sum were copied, else -1 with *why set.
 */
static int
S_copy_fd(int in, int out, uint64_t len, const uint64_t sum[2], const char **why)
{
	char *chunk = xmalloc(COPY_CHUNK);
	struct hasher h;
	uint64_t total = 0, got[2];
	ssize_t r;
	int rc = 0;

	S_hash_init(&h);
	if (lseek(in, 0, SEEK_SET) < 0) {
		*why = strerror(errno);
		rc = -1;
	}
	while (rc == 0 && (r = read(in, chunk, COPY_CHUNK)) != 0) {
		if (r < 0) {
			if (errno != EINTR) {
				*why = strerror(errno);
				rc = -1;
			}
			continue;
		}
		S_hash_update(&h, chunk, (size_t)r);
		total += (uint64_t)r;
		if (S_write_all(out, chunk, (size_t)r) < 0) {
			*why = strerror(errno);
			rc = -1;
		}
	}
	free(chunk);
	S_hash_final(&h, got);
	if (rc == 0 && (total != len || got[0] != sum[0] || got[1] != sum[1])) {
		*why = "changed while it was copied";
		rc = -1;
	}
	return rc;
}

int
publish_copy(struct publish *p, const char *relpath, int in, uint64_t max, const char *name)
{
	int fd;
	struct stat st;
	struct hasher h;
	uint64_t sum[2], total = 0;
	const char *why = NULL;
	char *chunk;
	ssize_t r = 0;

	if (S_stopped(p))
		return -1;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		S_fail(p, "%s: not a regular file, not copied", name);
		return -1;
	}
	if (lseek(in, 0, SEEK_SET) < 0) {
		S_fail(p, "%s: %s", name, strerror(errno));
		return -1;
	}
	chunk = xmalloc(COPY_CHUNK);
	S_hash_init(&h);
	while (total <= max && (r = read(in, chunk, COPY_CHUNK)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		S_hash_update(&h, chunk, (size_t)r);
		total += (uint64_t)r;
	}
	free(chunk);
	S_hash_final(&h, sum);
	if (r < 0) {
		S_fail(p, "%s: %s", name, strerror(errno));
		return -1;
	}
	if (total > max) {
		S_fail(p, "%s: larger than %llu bytes, not copied", name, (unsigned long long)max);
		return -1;
	}
	switch (S_claim(p, relpath, total, sum)) {
	case CLAIM_SAME:
		return 0;
	case CLAIM_FAIL:
		return -1;
	}
	if ((fd = S_create(p, relpath)) < 0)
		return -1;
	if (S_copy_fd(in, fd, total, sum, &why) < 0) {
		S_fail(p, "%s/%s: %s", p->out, relpath, why);
		close(fd);
		return -1;
	}
	return S_finish(p, fd, relpath);
}

/* ---- Commit: unchanged files ---------------------------------------- */

/*
 * Where a hard link cannot be made (a file system without them, too many
 * links), an unchanged file is copied instead, keeping its mtime.
 */
static int
S_keep_by_copy(struct publish *p, int dir, const char *name, const char *rel, const struct entry *e)
{
	const char *why = NULL;
	struct timespec t[2];
	struct stat st;
	int in, out, rc = -1;

	if (errno != EMLINK && errno != EPERM && errno != EXDEV && errno != EOPNOTSUPP &&
	    errno != ENOTSUP) {
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		return -1;
	}
	in = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) < 0) {
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		if (in >= 0)
			close(in);
		return -1;
	}
	if ((out = S_create(p, rel)) < 0) {
		close(in);
		return -1;
	}
	t[0].tv_sec = 0;
	t[0].tv_nsec = UTIME_OMIT;
	t[1] = st.st_mtim;
	if (S_copy_fd(in, out, e->size, e->sum, &why) < 0)
		S_fail(p, "%s/%s: %s", p->out, rel, why);
	else if (futimens(out, t) < 0)
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
	else
		rc = 0;
	close(in);
	if (close(out) < 0 && rc == 0) {
		S_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* Names of folders, for workers to take one at a time. */
struct names {
	char **v;
	size_t n, cap;
};

static void
S_names_add(struct names *l, const char *name)
{
	l->v = xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = xstrdup(name);
}

static void
S_names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/*
 * Links the unchanged files of the folder fd (closed here) at rel into the
 * temporary tree, walking OUT as begin did; with defer, the folders of
 * this one are not walked but named there, for S_link_all's workers, which
 * walk several at once. Returns 0 or -1 (failed).
 */
static int
S_link_same(struct publish *p, int fd, struct buf *rel, size_t *linked, int depth,
            struct names *defer)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	size_t base = rel->len;
	int rc = 0;

	if (!d) {
		close(fd);
		S_fail(p, "%s/%s: %s", p->out, rel->buf, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		struct entry *e;
		struct place pl;
		int sub;

		if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
			continue;
		rel->len = base;
		if (base)
			buf_addc(rel, '/');
		buf_adds(rel, n);
		e = S_find(p, rel->buf, rel->len, 0);
		if (!e)
			continue;
		if (e->old == OLD_DIR && e->now == NEW_DIR && defer) {
			S_names_add(defer, rel->buf);
			continue;
		}
		if (e->old == OLD_DIR && e->now == NEW_DIR) {
			sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue; /* counted as missing below */
			if (S_place(sub, &pl, NULL) < 0 || !S_same_place(&pl, &p->place) ||
			    depth + 1 >= MAX_DEPTH) {
				close(sub);
				continue;
			}
			rc = S_link_same(p, sub, rel, linked, depth + 1, NULL);
			continue;
		}
		if (e->old != OLD_FILE || e->now != NEW_SAME || e->linked ||
		    (uint64_t)de->d_ino != e->ino)
			continue;
		if ((*linked & 1023) == 0 && S_stopped(p)) {
			rc = -1;
			break;
		}
		/* Under the lock, as everywhere: the workers share the table. */
		pthread_mutex_lock(&p->lock);
		rc = S_make_dirs(p, rel->buf);
		pthread_mutex_unlock(&p->lock);
		if (rc < 0)
			break;
		if (linkat(dirfd(d), n, p->tmp_fd, rel->buf, 0) < 0 &&
		    S_keep_by_copy(p, dirfd(d), n, rel->buf, e) < 0) {
			rc = -1;
			break;
		}
		e->linked = 1;
		(*linked)++;
	}
	rel->len = base;
	rel->buf[base] = '\0';
	closedir(d);
	return rc;
}

/* A worker of S_link_all. */
struct link_worker {
	struct publish *p;
	const struct names *dirs;
	atomic_size_t *next;
	size_t linked;
	int rc;
};

static void *
S_link_worker(void *arg)
{
	struct link_worker *w = arg;
	struct buf rel = BUF_INIT;
	struct place pl;
	size_t i;
	int fd;

	while (w->rc == 0 && (i = atomic_fetch_add(w->next, 1)) < w->dirs->n) {
		fd = openat(w->p->out_fd, w->dirs->v[i],
		            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue; /* counted as missing by the caller */
		if (S_place(fd, &pl, NULL) < 0 || !S_same_place(&pl, &w->p->place)) {
			close(fd);
			continue;
		}
		buf_reset(&rel);
		buf_adds(&rel, w->dirs->v[i]);
		if (S_link_same(w->p, fd, &rel, &w->linked, 1, NULL) < 0)
			w->rc = -1;
	}
	buf_free(&rel);
	return NULL;
}

/*
 * Links every unchanged file of OUT into the temporary tree: OUT's own
 * files, then its folders on every core, a folder a worker at a time (a
 * link costs the kernel a few microseconds: at 50,000 files, a good part
 * of a build that changed little). Returns how many, or -1 (failed).
 */
static long
S_link_all(struct publish *p)
{
	struct names dirs = {NULL, 0, 0};
	struct link_worker *w;
	struct buf rel = BUF_INIT;
	atomic_size_t next;
	size_t linked = 0;
	unsigned jobs = jobs_for(p->n_same), j;
	int fd, rc;

	if ((fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		S_fail(p, "%s: %s", p->out, strerror(errno));
		return -1;
	}
	buf_grow(&rel, 256);
	rc = S_link_same(p, fd, &rel, &linked, 0, &dirs);
	buf_free(&rel);
	atomic_init(&next, 0);
	w = xcalloc(jobs, sizeof(*w));
	for (j = 0; j < jobs; j++) {
		w[j].p = p;
		w[j].dirs = &dirs;
		w[j].next = &next;
	}
	if (rc == 0)
		threads_run(S_link_worker, w, sizeof(*w), jobs);
	for (j = 0; j < jobs; j++) {
		linked += w[j].linked;
		rc |= w[j].rc;
	}
	free(w);
	S_names_free(&dirs);
	return rc < 0 ? -1 : (long)linked;
}

/* A worker of S_remove_all: removes folders of the folder dfd, one at a time. */
struct remove_worker {
	int dfd;
	const struct names *dirs;
	const struct place *top;
	atomic_size_t *next;
};

static void *
S_remove_worker(void *arg)
{
	struct remove_worker *w = arg;
	size_t i;
	int fd;

	while ((i = atomic_fetch_add(w->next, 1)) < w->dirs->n) {
		fd = openat(w->dfd, w->dirs->v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* What stays (another mount, a failure) is left to S_remove_tree after. */
		if (fd >= 0 && S_empty_dir(fd, w->top, 1) == 0)
			unlinkat(w->dfd, w->dirs->v[i], AT_REMOVEDIR);
	}
	return NULL;
}

/*
 * S_remove_tree of the old site after the exchange, its folders emptied
 * on every core first (as many unlinks as it has files).
 */
static int
S_remove_all(struct publish *p, const char *name, size_t files)
{
	int dfd = openat(p->parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	unsigned jobs = jobs_for(files), j;
	struct names dirs = {NULL, 0, 0};
	struct remove_worker *w;
	struct dirent *de;
	struct place top;
	atomic_size_t next;
	DIR *d;

	if (dfd >= 0 && jobs > 1 && S_place(p->parent_fd, &top, NULL) == 0 &&
	    (d = fdopendir(dup(dfd)))) {
		while ((de = readdir(d)))
			if (de->d_type == DT_DIR && strcmp(de->d_name, ".") &&
			    strcmp(de->d_name, ".."))
				S_names_add(&dirs, de->d_name);
		closedir(d);
		atomic_init(&next, 0);
		w = xcalloc(jobs, sizeof(*w));
		for (j = 0; j < jobs; j++)
			w[j] = (struct remove_worker){dfd, &dirs, &top, &next};
		threads_run(S_remove_worker, w, sizeof(*w), jobs);
		free(w);
		S_names_free(&dirs);
	}
	if (dfd >= 0)
		close(dfd);
	return S_remove_tree(p->parent_fd, name);
}

/* ---- The previous site, kept beside OUT ------------------------------ */

/*
 * After the exchange the old site is not deleted but kept as .NAME.prev,
 * holding PREV_LIST: which OUT it is the previous site of (OUT's inode and
 * its manifest's mtime) and every path where the two differ. Unchanged
 * files are hard links shared with OUT, so it costs the space of what the
 * last build changed. The next build starts its temporary tree from it and
 * brings only those paths, and what it changes itself, up to date, instead
 * of linking every unchanged file into an empty tree and deleting every
 * file of the old one (docs/site.md, "Publishing").
 */
#define PREV_LIST ".svcgen-prev"
#define PREV_HEADER "svcgen-prev 1"

/*
 * Reads .NAME.prev/PREV_LIST and, when it describes OUT as it is, holds the
 * folder locked (p->prev_fd) and marks the paths where it differs. Any
 * doubt: it is not used, and is removed at commit.
 */
static void
S_open_prev(struct publish *p)
{
	struct stat st, out_st;
	struct place pl;
	unsigned long long ino, sec, nsec;
	char *text = NULL, *s, *end, *nl;
	int fd = -1, lfd = -1, n = 0;
	ssize_t r;
	size_t got = 0;

	p->prev_fd =
	    openat(p->parent_fd, p->prev_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->prev_fd < 0) {
		p->prev_stale = errno != ENOENT;
		return;
	}
	fd = p->prev_fd;
	p->prev_fd = -1;
	p->prev_stale = 1;
	/* Ours, on OUT's mount, no other build using it, and OUT a site of ours. */
	if (!p->have_manifest || p->dirty || S_place(fd, &pl, &st) < 0 ||
	    !S_same_place(&pl, &p->place) || st.st_uid != geteuid() ||
	    (st.st_mode & 07777) != 0755 || fstat(p->out_fd, &out_st) < 0 ||
	    flock(fd, LOCK_EX | LOCK_NB) < 0)
		goto done;
	lfd = openat(fd, PREV_LIST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (lfd < 0 || fstat(lfd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 30))
		goto done;
	text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       ((r = read(lfd, text + got, (size_t)st.st_size - got)) > 0 ||
	        (r < 0 && errno == EINTR)))
		got += r > 0 ? (size_t)r : 0;
	text[got] = '\0';
	end = text + got;
	if (got != (size_t)st.st_size || memchr(text, '\0', got) ||
	    sscanf(text, PREV_HEADER " %llu %llu %llu%n", &ino, &sec, &nsec, &n) != 3 ||
	    text[n] != '\n' || ino != (unsigned long long)out_st.st_ino ||
	    sec != (unsigned long long)p->man_mtime.tv_sec ||
	    nsec != (unsigned long long)p->man_mtime.tv_nsec)
		goto done;
	for (s = text + n + 1; s < end; s = nl + 1) {
		if (!(nl = memchr(s, '\n', (size_t)(end - s))))
			goto done;
		*nl = '\0';
		if (S_bad_path(s))
			goto done;
	}
	for (s = text + n + 1; s < end; s += strlen(s) + 1)
		S_find(p, s, strlen(s), 1)->prev_diff = 1;
	p->prev_fd = fd;
	fd = -1;
	p->prev_stale = 0;
done:
	if (lfd >= 0)
		close(lfd);
	if (fd >= 0)
		close(fd);
	free(text);
}

/*
 * Makes the kept previous site the temporary tree (under a temporary
 * folder's name, so that a build killed meanwhile leaves a leftover the
 * next one removes): p->tmp_name, made empty by mkdtemp, which rename
 * replaces. Returns 0 (p->tmp_fd is -1 if it then failed), or -1 when it
 * cannot be moved (the empty folder is used instead).
 */
static int
S_take_prev(struct publish *p)
{
	if (renameat(p->parent_fd, p->prev_name, p->parent_fd, p->tmp_name) < 0) {
		close(p->prev_fd);
		p->prev_fd = -1;
		p->prev_stale = 1;
		return -1;
	}
	p->tmp_fd = p->prev_fd;
	p->prev_fd = -1;
	p->from_prev = 1;
	if (unlinkat(p->tmp_fd, PREV_LIST, 0) < 0 && errno != ENOENT) {
		S_fail(p, "%s/%s: %s", p->parent, p->tmp_name, strerror(errno));
		close(p->tmp_fd);
		p->tmp_fd = -1;
	}
	return 0;
}

/*
 * The folder holding rel below the folder dirfd, opened without following
 * a link at its end (dirfd itself for a name at the top), and *base, rel's
 * last name. Returns the descriptor, to close unless it is dirfd, or -1.
 */
static int
S_open_parent(int dirfd, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	char *dir;
	int fd;

	*base = slash ? slash + 1 : rel;
	if (!slash)
		return dirfd;
	dir = xstrndup(rel, (size_t)(slash - rel));
	fd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	free(dir);
	return fd;
}

/*
 * Removes whatever the temporary tree holds at rel (a file, a link, a
 * folder and all it holds): it began as the previous site. Returns 0 or -1.
 */
static int
S_tmp_clear(struct publish *p, const char *rel)
{
	const char *base;
	int dfd = S_open_parent(p->tmp_fd, rel, &base), rc = 0;

	if (dfd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? 0 : -1;
	if (unlinkat(dfd, base, 0) < 0 && errno != ENOENT)
		rc = errno == EISDIR || errno == EPERM ? S_remove_tree(dfd, base) : -1;
	if (dfd != p->tmp_fd)
		close(dfd);
	return rc;
}

/* The hard link of OUT's file e into the temporary tree, where it differs. */
static int
S_prev_link(struct publish *p, struct entry *e)
{
	const char *base;
	int dfd = S_open_parent(p->out_fd, e->path, &base), rc = -1;
	struct stat st;

	if (dfd < 0) {
		S_fail(p, "%s: changed while the site was being built", p->out);
		return -1;
	}
	if (S_tmp_clear(p, e->path) < 0 || S_make_dirs(p, e->path) < 0) {
		S_fail(p, "%s/%s: %s", p->out, e->path, strerror(errno));
		goto done;
	}
	if (linkat(dfd, base, p->tmp_fd, e->path, 0) < 0) {
		if (S_keep_by_copy(p, dfd, base, e->path, e) < 0)
			goto done;
		e->copied = 1;
	} else if (fstatat(p->tmp_fd, e->path, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	           (uint64_t)st.st_ino != e->ino || st.st_dev != p->place.dev) {
		/* Not the file begin trusted: OUT was changed meanwhile. */
		S_fail(p, "%s: changed while the site was being built", p->out);
		goto done;
	}
	rc = 0;
done:
	if (dfd != p->out_fd)
		close(dfd);
	return rc;
}

/*
 * Brings the temporary tree, begun as the previous site, to the new site:
 * the files written are there already; where the previous site differs
 * from OUT, OUT's unchanged files are linked in, and every path the new
 * site lacks is removed. Returns 0 or -1.
 */
static int
S_sync_prev(struct publish *p)
{
	/* A copy of the table: making folders may add to it. */
	struct entry **v = xmalloc((p->count + 1) * sizeof(*v)), *e;
	size_t i, n = 0;
	int rc = -1;

	for (i = 0; i < p->cap; i++)
		if (p->slots[i])
			v[n++] = p->slots[i];
	for (i = 0; i < n; i++) {
		e = v[i];
		if ((i & 1023) == 0 && S_stopped(p))
			goto done;
		if (e->now == NEW_SAME && e->prev_diff && S_prev_link(p, e) < 0)
			goto done;
		if (e->now == NEW_DIR && (e->prev_diff || e->odd_mode) && !e->made) {
			struct buf dir = BUF_INIT;
			int made;

			buf_add(&dir, e->path, e->len);
			buf_addc(&dir, '/');
			made = S_make_dirs(p, dir.buf);
			buf_free(&dir);
			if (made < 0)
				goto done;
		}
		if (e->now == NEW_NONE && (e->old != OLD_NONE || e->prev_diff) &&
		    S_tmp_clear(p, e->path) < 0) {
			S_fail(p, "%s/%s: %s", p->out, e->path, strerror(errno));
			goto done;
		}
	}
	rc = 0;
done:
	free(v);
	return rc;
}

/*
 * Keeps the old site, now named p->tmp_name, as .NAME.prev with the list of
 * where it differs from the new OUT (out_ino). Returns 0, or -1 when it
 * could not (the caller deletes it then).
 */
static int
S_keep_prev(struct publish *p, uint64_t out_ino)
{
	struct buf b = BUF_INIT;
	struct entry *e;
	size_t i;
	int fd, rc = -1;

	if (p->prev_stale && S_remove_tree(p->parent_fd, p->prev_name) < 0)
		return -1;
	buf_addf(&b, PREV_HEADER " %llu %llu %llu\n", (unsigned long long)out_ino,
	         (unsigned long long)p->new_man_mtime.tv_sec,
	         (unsigned long long)p->new_man_mtime.tv_nsec);
	for (i = 0; i < p->cap; i++) {
		if (!(e = p->slots[i]))
			continue;
		if (e->now == NEW_WRITTEN || (e->now == NEW_SAME && e->copied) ||
		    (e->now == NEW_NONE && e->old != OLD_NONE && e->old != OLD_LISTED) ||
		    (e->now == NEW_DIR && (e->old != OLD_DIR || e->odd_mode))) {
			buf_add(&b, e->path, e->len);
			buf_addc(&b, '\n');
		}
	}
	/* The old tree is p->out_fd's folder: it was OUT until the exchange. */
	if (unlinkat(p->out_fd, PREV_LIST, 0) < 0 && errno != ENOENT)
		goto done;
	fd = openat(p->out_fd, PREV_LIST, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	            0644);
	if (fd < 0)
		goto done;
	if (S_write_all(fd, b.buf, b.len) < 0) {
		close(fd);
		goto done;
	}
	if (close(fd) < 0 || fchmod(p->out_fd, 0755) < 0 ||
	    renameat2(p->parent_fd, p->tmp_name, p->parent_fd, p->prev_name, RENAME_NOREPLACE) < 0)
		goto done;
	rc = 0;
done:
	buf_free(&b);
	return rc;
}

/* ---- Commit ----------------------------------------------------------- */

static int
S_entry_cmp(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->path, y->path, n);

	return c ? c : x->len < y->len ? -1 : x->len > y->len;
}

/*
 * Writes the manifest into the temporary tree: every file, sorted by path.
 * Its mtime is made newer than every file's, which the next build relies on.
 */
static int
S_write_manifest(struct publish *p)
{
	struct entry **files = xmalloc((p->n_same + p->n_written + 1) * sizeof(*files));
	struct buf b = BUF_INIT;
	struct timespec t[2];
	struct stat st;
	size_t i, n = 0;
	int fd, rc = -1, step;

	for (i = 0; i < p->cap; i++)
		if (p->slots[i] &&
		    (p->slots[i]->now == NEW_SAME || p->slots[i]->now == NEW_WRITTEN))
			files[n++] = p->slots[i];
	if (n > 1)
		qsort(files, n, sizeof(*files), S_entry_cmp);
	buf_adds(&b, MANIFEST_HEADER);
	if (p->new_input[0])
		buf_addf(&b, "input %s\n", p->new_input);
	for (i = 0; i < n; i++) {
		buf_addf(&b, "%016llx%016llx %llu ", (unsigned long long)files[i]->sum[0],
		         (unsigned long long)files[i]->sum[1], (unsigned long long)files[i]->size);
		if (files[i]->has_input)
			buf_addf(&b, "%016llx%016llx ", (unsigned long long)files[i]->input[0],
			         (unsigned long long)files[i]->input[1]);
		else
			buf_adds(&b, "- ");
		buf_add(&b, files[i]->path, files[i]->len);
		buf_addc(&b, '\n');
	}
	if ((fd = S_create(p, PUBLISH_MANIFEST)) < 0)
		goto done;
	if (S_write_all(fd, b.buf, b.len) < 0 || fstat(fd, &st) < 0) {
		S_fail(p, "%s/%s: %s", p->out, PUBLISH_MANIFEST, strerror(errno));
		close(fd);
		goto done;
	}
	/*
	 * The file system's clock dated every file of the new site before it
	 * dated the manifest, so none is newer than the manifest's own mtime (a
	 * clock stepped back only makes files look newer: untrusted, rewritten
	 * next time). The manifest is dated 1 ns past that and the old
	 * manifest, else (a file system with coarse times) 1 s, then 2 s past.
	 */
	if (S_ts_less(&p->newest, &st.st_mtim))
		p->newest = st.st_mtim;
	for (step = 0; step < 3 && !S_ts_less(&p->newest, &st.st_mtim); step++) {
		t[0].tv_sec = 0;
		t[0].tv_nsec = UTIME_OMIT;
		t[1] = p->newest;
		if (step == 0 && ++t[1].tv_nsec == 1000000000) {
			t[1].tv_sec++;
			t[1].tv_nsec = 0;
		}
		t[1].tv_sec += step;
		if (futimens(fd, t) < 0 || fstat(fd, &st) < 0) {
			S_fail(p, "%s/%s: %s", p->out, PUBLISH_MANIFEST, strerror(errno));
			close(fd);
			goto done;
		}
	}
	if (close(fd) < 0) {
		S_fail(p, "%s/%s: %s", p->out, PUBLISH_MANIFEST, strerror(errno));
		goto done;
	}
	p->new_man_mtime = st.st_mtim;
	rc = 0;
done:
	buf_free(&b);
	free(files);
	return rc;
}

/*
 * Puts the temporary tree in OUT's place. Afterwards p->tmp_name names the
 * old site (to delete), or is freed when there was none. Returns 0 or -1
 * (nothing changed).
 */
static int
S_swap(struct publish *p)
{
	struct buf aside = BUF_INIT;
	struct stat st;
	char *slash;

	if (p->out_fd < 0) {
		if ((!p->no_exchange && renameat2(p->parent_fd, p->tmp_name, p->parent_fd, p->name,
		                                  RENAME_NOREPLACE) == 0) ||
		    ((p->no_exchange || errno == EINVAL || errno == ENOSYS) &&
		     fstatat(p->parent_fd, p->name, &st, AT_SYMLINK_NOFOLLOW) < 0 &&
		     errno == ENOENT &&
		     renameat(p->parent_fd, p->tmp_name, p->parent_fd, p->name) == 0)) {
			free(p->tmp_name);
			p->tmp_name = NULL;
			return 0;
		}
		S_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		return -1;
	}
	if (!p->no_exchange &&
	    renameat2(p->parent_fd, p->tmp_name, p->parent_fd, p->name, RENAME_EXCHANGE) == 0)
		return 0;
	if (!p->no_exchange && errno != EINVAL && errno != ENOSYS) {
		S_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		return -1;
	}
	/*
	 * No atomic exchange here: OUT goes aside (onto an empty folder of a
	 * leftover's name, which rename replaces), then the new tree into its
	 * place. A build killed between the two leaves no OUT; the next one puts
	 * the old site back (see S_clean_leftovers).
	 */
	buf_adds(&aside, p->parent);
	if (strcmp(p->parent, "/"))
		buf_addc(&aside, '/');
	buf_addf(&aside, ".%s.old-XXXXXX", p->name);
	if (!mkdtemp(aside.buf)) {
		S_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		buf_free(&aside);
		return -1;
	}
	slash = strrchr(aside.buf, '/') + 1;
	if (renameat(p->parent_fd, p->name, p->parent_fd, slash) < 0) {
		S_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		unlinkat(p->parent_fd, slash, AT_REMOVEDIR);
		buf_free(&aside);
		return -1;
	}
	if (renameat(p->parent_fd, p->tmp_name, p->parent_fd, p->name) < 0) {
		S_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		renameat(p->parent_fd, slash, p->parent_fd, p->name);
		buf_free(&aside);
		return -1;
	}
	free(p->tmp_name);
	p->tmp_name = xstrdup(slash);
	buf_free(&aside);
	return 0;
}

static void
S_discard(struct publish *p)
{
	if (p->tmp_name && S_remove_tree(p->parent_fd, p->tmp_name) < 0)
		term_error("warning: %s/%s: could not remove all of it", p->parent, p->tmp_name);
	S_free(p);
}

int
publish_commit(struct publish *p, struct publish_stats *st)
{
	struct publish_stats s;
	struct stat tmp_st;
	long linked;
	int fd;

	memset(&s, 0, sizeof(s));
	if (S_stopped(p))
		goto fail;
	s.written = p->n_written;
	s.unchanged = p->n_same;
	s.reused = p->n_reused;
	s.removed = p->n_old_nondir - p->n_replaced;
	/* Nothing to do, unless the manifest must learn a new input digest. */
	if (p->out_fd >= 0 && p->have_manifest && !p->dirty && !p->relist && p->n_written == 0 &&
	    p->n_same == p->n_old_files && p->n_new_dirs == p->n_old_dirs &&
	    !strcmp(p->old_input, p->new_input)) {
		s.noop = 1;
		goto done;
	}
	pthread_mutex_lock(&p->lock);
	fd = S_need_tmp(p);
	pthread_mutex_unlock(&p->lock);
	if (fd < 0)
		goto fail;
	if (p->from_prev) {
		if (S_sync_prev(p) < 0)
			goto fail;
	} else if (p->n_same) {
		if ((linked = S_link_all(p)) < 0)
			goto fail;
		if ((size_t)linked != p->n_same) {
			S_fail(p, "%s: changed while the site was being built", p->out);
			goto fail;
		}
	}
	if (S_write_manifest(p) < 0 || fstat(p->tmp_fd, &tmp_st) < 0 || S_stopped(p))
		goto fail;
	/* From here on the build completes: a signal now changes nothing. */
	if (S_swap(p) < 0)
		goto fail;
	/* The old site stays as the next build's start, or goes. */
	if (p->tmp_name && S_keep_prev(p, (uint64_t)tmp_st.st_ino) < 0 &&
	    S_remove_all(p, p->tmp_name, p->n_old_nondir) < 0)
		term_error("warning: %s/%s: the previous site, could not remove all of it",
		           p->parent, p->tmp_name);
	free(p->tmp_name);
	p->tmp_name = NULL;
done:
	if (st)
		*st = s;
	S_free(p);
	return 0;
fail:
	S_discard(p);
	return -1;
}

void
publish_abort(struct publish *p)
{
	if (!p)
		return;
	S_stopped(p);
	S_discard(p);
}

void
publish_set_input(struct publish *p, const char *digest)
{
	snprintf(p->new_input, sizeof(p->new_input), "%s", digest);
}

int
publish_same_input(const struct publish *p, const char *digest)
{
	/* OUT must be exactly what its manifest lists, untouched since. */
	return p->have_manifest && !p->dirty && p->n_old_files == p->n_listed && p->old_input[0] &&
	       !strcmp(p->old_input, digest);
}

/* ---- Reuse ------------------------------------------------------------ */

void
publish_scope(struct publish *p, const uint64_t input[2])
{
	S_scope.p = p;
	S_scope.input[0] = input[0];
	S_scope.input[1] = input[1];
}

void
publish_scope_end(struct publish *p)
{
	if (S_scope.p == p)
		S_scope.p = NULL;
}

/* Whether the file of e is a page (the render stage's word): named *.html or *.atom. */
static int
S_is_page(const struct entry *e)
{
	const char *end = e->path + e->len - 5;

	return e->len > 5 && (!memcmp(end, ".html", 5) || !memcmp(end, ".atom", 5));
}

size_t
publish_reuse(struct publish *p, const uint64_t input[2], size_t *pages)
{
	struct entry *head, *e;
	size_t n = 0;

	*pages = 0;
	if (S_stopped(p))
		return 0;
	pthread_mutex_lock(&p->lock);
	head = S_find_input(p, input);
	/* All or none: every file of the digest must still be there as it was. */
	for (e = head; e; e = e->same_input)
		if (e->old != OLD_FILE || e->now != NEW_NONE)
			goto done;
	for (e = head; e; e = e->same_input) {
		if (S_claim_dirs(p, e->path) < 0) {
			n = 0;
			goto done;
		}
		e->now = NEW_SAME;
		p->n_replaced++;
		p->n_same++;
		p->n_reused++;
		n++;
		*pages += (size_t)S_is_page(e);
	}
done:
	pthread_mutex_unlock(&p->lock);
	return n;
}
