/*
 * publish_int.h - what the modules of the publish stage share: the state of
 * a build (struct publish) with its table of paths, and what each module
 * gives the others (names beginning with pub_). Private to src/publish/;
 * the rest of the program sees publish.h.
 *
 * The modules, each using only those above it:
 *   hash.c      the content hash: xxHash64 under two seeds
 *   signals.c   the signals that interrupt a build; the umask
 *   remove.c    where a folder lives (its mount); removing a tree
 *   state.c     the handle, its failure, the table of paths, the scope
 *   refuse.c    which folders may be OUT; OUT opened and locked
 *   scan.c      reading OUT: what each path holds, the trust rule
 *   tree.c      the temporary tree, and writing and copying into it
 *   manifest.c  the manifest, read and written
 *   write.c     publish_file, publish_parts, publish_copy, publish_reuse
 *   link.c      unchanged files linked into an empty temporary tree
 *   prev.c      the previous site kept beside OUT, brought up to date
 *   publish.c   begin, the exchange, commit
 */
#ifndef SVCGEN_PUBLISH_INT_H
#define SVCGEN_PUBLISH_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h> /* renameat2 and its flags, with _GNU_SOURCE */
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "base/util.h"

struct publish_opts;

/* renameat2's flags (publish.c, prev.c), where the C library does not name them. */
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
/* Files are copied and hashed in pieces of this size. */
#define COPY_CHUNK 65536
/* The list of differences the kept previous site holds (prev.c). */
#define PREV_LIST ".svcgen-prev"

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

/* A path of OUT or of the new site, in the table (state.c). */
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

/* A build: what publish.h calls struct publish. */
struct publish {
	char *out;       /* OUT as given, for messages */
	char *parent;    /* OUT's parent folder, canonical */
	char *name;      /* OUT's name in it */
	char *path;      /* OUT, canonical (refuse.c) */
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

/* Names of folders, for workers to take one at a time. */
struct names {
	char **v;
	size_t n, cap;
};

/* Whether a is before b. */
static inline int
pub_ts_less(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* ---- hash.c ----------------------------------------------------------- */

void pub_hash_init(struct hasher *h);
void pub_hash_update(struct hasher *h, const void *data, size_t n);
void pub_hash_final(const struct hasher *h, uint64_t sum[2]);

/* ---- signals.c -------------------------------------------------------- */

/* The process's umask, read once (publish_install_signal_handlers, or now). */
mode_t pub_umask(void);

/* ---- remove.c --------------------------------------------------------- */

/* The place of the open folder fd (its stat in *st when st is given). Returns 0 or -1. */
int pub_place(int fd, struct place *pl, struct stat *st);
int pub_same_place(const struct place *a, const struct place *b);
/* Empties the folder fd (closed here), on the mount top. Returns 0, or -1 if anything stayed. */
int pub_empty_dir(int fd, const struct place *top, int depth);
/* Removes the folder name of parent_fd and all it holds, on parent_fd's mount. Returns 0 or -1. */
int pub_remove_tree(int parent_fd, const char *name);
/* pub_remove_tree of a tree of about `files` files, its folders emptied on every core. */
int pub_remove_all(int parent_fd, const char *name, size_t files);
void pub_names_add(struct names *l, const char *name);
void pub_names_free(struct names *l);

/* ---- state.c ---------------------------------------------------------- */

/* A new handle, holding nothing yet; pub_free frees it. */
struct publish *pub_new(void);
void pub_free(struct publish *p);
/* The first failure of a build prints its one line (fmt: as error_set's); later ones are quiet. */
void pub_fail(struct publish *p, const char *fmt, ...) ATTR_PRINTF(2, 3);
/* Whether the build can go on; an interruption is noticed (and told) here. */
int pub_stopped(struct publish *p);
/* Why relpath cannot be published (English, for tr_term()), or NULL. */
const char *pub_bad_path(const char *rel);
/* The table's entry of path[0..len), made (empty) when create is set; else NULL. */
struct entry *pub_find(struct publish *p, const char *path, size_t len, int create);
/* The first old entry of input digest in (the others follow by same_input), or NULL. */
struct entry *pub_find_input(const struct publish *p, const uint64_t in[2]);
void pub_add_input(struct publish *p, struct entry *e);
/* Forgets every entry. */
void pub_table_clear(struct publish *p);
/* Whether the calling thread publishes for p in a scope; *in: its input digest, else 0s. */
int pub_scope_input(const struct publish *p, uint64_t in[2]);

/* ---- refuse.c --------------------------------------------------------- */

/* Resolves OUT and makes the refusals of its path alone. Returns 0, or -1 after a message. */
int pub_locate(struct publish *p, const char *out_dir, const struct publish_opts *o, int *exists);
/* Opens and locks OUT. Returns 0, 1 if OUT is missing, or -1 after a message. */
int pub_open_out(struct publish *p, const struct publish_opts *o);

/* ---- scan.c ----------------------------------------------------------- */

/* Walks the folder fd (closed here) at rel, recording what OUT holds. */
void pub_scan(struct publish *p, int fd, struct buf *rel, int depth);
/* Whether OUT, holding no manifest, is empty but for .gitkeep. */
int pub_is_empty(struct publish *p);

/* ---- tree.c ----------------------------------------------------------- */

/* Makes the temporary folder, if not made yet. Under the lock. Returns 0 or -1 (failed). */
int pub_need_tmp(struct publish *p);
/* Makes the folders above rel in the temporary tree. Under the lock. Returns 0 or -1. */
int pub_make_dirs(struct publish *p, const char *rel);
/* The folder holding rel below dirfd, and *base, rel's last name. Returns a descriptor or -1. */
int pub_open_parent(int dirfd, const char *rel, const char **base);
/* Removes whatever the temporary tree holds at rel. Returns 0 or -1. */
int pub_tmp_clear(struct publish *p, const char *rel);
/* Creates rel in the temporary tree, mode 0644. Returns the fd, or -1 (failed). */
int pub_create(struct publish *p, const char *rel);
/* Copies in to out (rel), which must give len bytes hashing to sum: 0, or -1 (pub_fail). */
int pub_copy_fd(struct publish *p, int in, int out, const char *rel, uint64_t len,
                const uint64_t sum[2]);
/*
 * Where OUT's unchanged file e (name in dir) cannot be linked as rel of the
 * temporary tree, copies it, keeping its mtime. Returns 0 or -1 (failed).
 */
int pub_keep_by_copy(struct publish *p, int dir, const char *name, const char *rel,
                     const struct entry *e);

/* ---- manifest.c ------------------------------------------------------- */

/* Reads OUT's manifest into the table; one that does not parse trusts nothing. */
void pub_manifest_read(struct publish *p);
/* Writes the new manifest into the temporary tree, dated past every file. Returns 0 or -1. */
int pub_manifest_write(struct publish *p);

/* ---- link.c ----------------------------------------------------------- */

/* Links every unchanged file of OUT into the temporary tree. Returns how many, or -1. */
long pub_link_all(struct publish *p);

/* ---- prev.c ----------------------------------------------------------- */

/* Takes the kept previous site for this build when it describes OUT as it is. */
void pub_prev_open(struct publish *p);
/* Brings the temporary tree, begun as the previous site, to the new site. Returns 0 or -1. */
int pub_prev_sync(struct publish *p);
/* Keeps the old site, now named p->tmp_name, as .NAME.prev. Returns 0 or -1. */
int pub_prev_keep(struct publish *p, uint64_t out_ino);

#endif
