/*
 * source.h - where records are read from: a folder of the working tree
 * today, a git tree (no checkout) with --rev. Everything above this
 * interface is the same for both.
 */
#ifndef SVCGEN_SOURCE_H
#define SVCGEN_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

enum entry_type { ENTRY_FILE, ENTRY_DIR, ENTRY_LINK, ENTRY_SUBMODULE, ENTRY_OTHER };

struct source_entry {
	char *name; /* owned by the listing */
	enum entry_type type;
	/*
	 * The entry's object id in a git tree (the same id, the same bytes),
	 * else all zero: how a load_cache knows a file it parsed before.
	 */
	unsigned char oid[20];
};

struct source;

struct source_ops {
	/* Lists the folder `dir` ("" for the root), sorted by name in byte order. */
	int (*list)(struct source *s, const char *dir, struct source_entry **out, size_t *n);
	/* Reads a file; more than `max` bytes is an error with *too_large set. */
	int (*read)(struct source *s, const char *path, size_t max, struct buf *out,
	            int *too_large);
	/* The type of one path; -1 when it does not exist. */
	int (*stat)(struct source *s, const char *path, enum entry_type *type);
	/*
	 * Opens the regular file path (an attachment) to read it in pieces:
	 * *size is the size of the file opened, and *fd, in a source of the
	 * file system, a descriptor of it from its start (the caller closes
	 * it); a source of git objects sets *fd to -1 (use read). -1 with
	 * errno when path is not a regular file reached through folders
	 * only: ENOENT or ENOTDIR, ELOOP (a symbolic link on the way or at
	 * the end), EISDIR (a folder), EINVAL (another type).
	 */
	int (*open_file)(struct source *s, const char *path, int *fd, uint64_t *size);
	void (*close)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	char *root;    /* the folder, or the git path prefix */
	char *display; /* prefix shown before each path in diagnostics ("" or "dir/") */
};

/*
 * A reader's folder held open, for source_read_near. Records are read in
 * the order of their paths, so a file is mostly in the folder of the one
 * before: then only its name is looked up, below the folder's descriptor
 * (opened with source_openat as any path is), not each folder on its path
 * again from the source's.
 */
struct source_near {
	char *dir; /* the folder's path; NULL: none */
	int fd;
};
#define SOURCE_NEAR_INIT                                                                           \
	{                                                                                          \
		NULL, -1                                                                           \
	}

/* As ops->read, through near's folder (made the file's) on a source of the file system. */
int source_read_near(struct source *s, struct source_near *near, const char *path, size_t max,
                     struct buf *out, int *too_large);
void source_near_close(struct source_near *near);

/*
 * Opens a folder of the file system; NULL with errno when it is not one.
 * Every path below it is then opened with source_openat from the folder
 * held open, so that no symbolic link is followed on the way.
 */
struct source *source_open_dir(const char *dir);
void source_close(struct source *s);

/*
 * A file built into svcgen: the default templates, labels and assets, made
 * by the Makefile from the project's templates/ (sorted by path).
 */
struct source_file {
	const char *path;
	const unsigned char *data;
	size_t len;
};
extern const struct source_file source_builtin_files[];
extern const size_t source_builtin_count;

/*
 * The templates, each file from the first of (as Hugo looks a theme's
 * files up; docs/site.md, "Templates"): the folder dir (--templates; NULL:
 * none), the folder `templates` of the records' source records when it has
 * one (NULL: none; it stays the caller's), then the files built in. NULL
 * with errno when dir cannot be opened.
 */
struct source *source_open_templates(const char *dir, struct source *records);
void source_entries_free(struct source_entry *v, size_t n);
/* Orders entries by name in byte order: for qsort and bsearch of a listing. */
int source_entry_cmp(const void *a, const void *b);
/* What diagnostics show before paths of the folder dir: "" for ".", else "dir/". */
char *source_display_of(const char *dir);
/* "display" + path, in a newly allocated string. */
char *source_display_path(const struct source *s, const char *path);

/*
 * Opens path (relative, '/' separated; "" is the folder itself) below the
 * folder open as dirfd, so that no component of it can lead out of that
 * folder (docs/architecture.md, "Opening files below a folder"): openat2
 * with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS where
 * the kernel allows it, else one openat(O_NOFOLLOW) per component. flags
 * as for openat (O_NOFOLLOW and O_CLOEXEC are added). A symbolic link
 * anywhere in path, at its end too (even with O_PATH), fails with ELOOP
 * (at the end with O_DIRECTORY: ENOTDIR, as openat says); an absolute path
 * or a ".." component with EXDEV. Returns a descriptor the caller closes,
 * or -1 with errno.
 */
int source_openat(int dirfd, const char *path, int flags);
/*
 * Creates the file rel below the folder dirfd holding data[0..len): each
 * folder on the way made where missing and opened below the one before it,
 * no symbolic link followed (ELOOP or ENOTDIR for one), and the file made
 * new (O_EXCL: never over a file, never through a link). made, when not
 * NULL, is told each folder made, then the file once created, by its path
 * below dirfd, so that a caller can take them back. 0, or -1 with errno.
 */
int source_create_below(int dirfd, const char *rel, const char *data, size_t len,
                        void (*made)(void *ctx, const char *path, int dir), void *ctx);
/*
 * Set: source_openat never tries openat2 and always walks the path one
 * component at a time, as on a kernel without it (SVCGEN_NO_OPENAT2=1,
 * for the tests: docs/testing.md).
 */
extern int source_no_openat2;

#endif
