/*
 * load.h - the first stage: walks a records source (docs/records.md), reads the
 * config and every record file into node trees. Problems of the files
 * themselves (syntax, encoding, size, depth, front matter, folders,
 * symbolic links, personal data in bodies) are reported here; the schema
 * and the rules between records are validate.c's.
 */
#ifndef SVCGEN_LOAD_H
#define SVCGEN_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "load/source.h"
#include "model/diag.h"
#include "model/record.h"

enum load_flags {
	LOAD_BODIES = 1,      /* body_off, body_len and body_links */
	LOAD_CONFIG_ONLY = 2, /* svcgen.yaml alone (for svcgen log) */
	LOAD_SUMS = 4,        /* sum and fm_sum, for the site's digests; else left 0 */
	/*
	 * Values that are the same bytes shared between the records a thread
	 * parses (node_dedup): less memory for a build, which keeps them to
	 * the end, for some time (a check does without).
	 */
	LOAD_SHARE = 8,
	/*
	 * Diagnostics in the language svcgen.yaml gives the site (a build's,
	 * without --lang): chosen as soon as the config is read.
	 */
	LOAD_CONFIG_LANG = 16
};

struct load_cache;

struct load_opts {
	unsigned flags; /* enum load_flags */
	/*
	 * Optional: called for each record that parsed, on the thread that read
	 * it, so per-record work (the schema check) runs in parallel too. It may
	 * only touch rec and add to d.
	 */
	void (*each)(void *ctx, const struct records *r, struct record *rec, struct diags *d);
	void *each_ctx;
	/*
	 * Optional: the files of earlier loads (load/file_cache.h), for a load
	 * of commit after commit. Those it holds are not read again; what is
	 * parsed is kept in it, with each's problems (each must then depend
	 * only on the record, its config and its attachments, and every load
	 * through one cache must have the same flags and each).
	 */
	struct load_cache *cache;
};

/*
 * Reads config and records from src (which the repo now owns). Problems go
 * to d. Returns 0, or -1 on an I/O failure (errno set, message printed).
 */
int load_records(struct records *r, struct source *src, struct diags *d,
                 const struct load_opts *opts);
void load_free(struct records *r);
/*
 * Reads rec's file again into text, for its body (LOAD_BODIES and
 * LOAD_SUMS), through near (source_read_near): *body points into text.
 * -1 when it cannot be read or is no longer the file that was loaded (a
 * message is printed).
 */
int load_record_body(const struct records *r, struct source_near *near, const struct record *rec,
                     struct buf *text, const char **body);

/* Splits a .md file: front matter text, its first line, the body. -1 when malformed. */
int load_front_matter(const char *text, size_t len, size_t *fm_off, size_t *fm_len,
                      size_t *body_off, uint32_t *body_line, int *unclosed);
/* Reports phone and ID-card numbers written into a Markdown body. */
void load_scan_pii(const char *body, size_t len, uint32_t line0, const char *path, struct diags *d);

#endif
