/*
 * source.h - where records are read from: a folder of the working tree
 * today, a git tree (no checkout) with --rev. Everything above this
 * interface is the same for both.
 */
#ifndef SVCGEN_SOURCE_H
#define SVCGEN_SOURCE_H

#include <stddef.h>

#include "util.h"

enum entry_type { ENTRY_FILE, ENTRY_DIR, ENTRY_LINK, ENTRY_SUBMODULE, ENTRY_OTHER };

struct source_entry {
	char *name; /* owned by the listing */
	enum entry_type type;
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
	void (*close)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	char *root;    /* the folder, or the git path prefix */
	char *display; /* prefix shown before each path in diagnostics ("" or "dir/") */
};

/* Opens a folder of the file system; NULL with errno when it is not one. */
struct source *source_open_dir(const char *dir);
void source_close(struct source *s);
void source_entries_free(struct source_entry *v, size_t n);
/* What diagnostics show before paths of the folder dir: "" for ".", else "dir/". */
char *source_display_of(const char *dir);
/* "display" + path, in a newly allocated string. */
char *source_display_path(const struct source *s, const char *path);

#endif
