/*
 * file_cache.h - record files parsed by one load, kept for the next
 * (svcgen check --range; docs/history.md, "--range A..B"). A file of a
 * git tree is known by its path and object id: the same under the same
 * svcgen.yaml is the same record with the same problems, so a load of the
 * next commit reads and parses only the files that commit changed. A
 * ticket that names attachments was checked against the attachments
 * folder: it is kept for that folder's id only.
 */
#ifndef SVCGEN_FILE_CACHE_H
#define SVCGEN_FILE_CACHE_H

#include <stddef.h>

#include "model/diag.h"
#include "model/record.h"

struct load_cache;

/* A file kept: its record as its load left it, and that load's problems of it. */
struct cached_file {
	struct record rec; /* path and display are not kept: the load's own */
	const struct diag *d;
	size_t nd;
};

struct load_cache *load_cache_new(void);
void load_cache_free(struct load_cache *c);

/*
 * Starts a load of a tree whose svcgen.yaml and attachments folder have
 * these ids (zero: absent), its paths shown after display. Forgets every
 * file when svcgen.yaml or display differ from the last load's, else the
 * files neither of the last two loads used. The records of a load are
 * valid until the next one begins.
 */
void load_cache_begin(struct load_cache *c, const unsigned char config[20],
                      const unsigned char attachments[20], const char *display);
/*
 * The arena job (0, 1, ...) of this load parses about files files into:
 * what it parses may be kept. Asked for every job before any starts.
 */
struct arena *load_cache_arena(struct load_cache *c, unsigned job, size_t files);
/* The file path with id oid, as a load kept it; NULL when none. */
const struct cached_file *load_cache_get(struct load_cache *c, const char *path,
                                         const unsigned char oid[20]);
/*
 * Keeps rec, just parsed by job from the file with id oid, with its
 * problems d[0..n). Safe from the jobs' threads.
 */
void load_cache_put(struct load_cache *c, unsigned job, const unsigned char oid[20],
                    const struct record *rec, const struct diag *d, size_t n);

#endif
