/*
 * load.h - the first stage: walks a records source (SPEC §1), reads the
 * config and every record file into node trees. Problems of the files
 * themselves (syntax, encoding, size, depth, front matter, folders,
 * symbolic links, personal data in bodies) are reported here; the schema
 * and the rules between records are validate.c's.
 */
#ifndef SVCGEN_LOAD_H
#define SVCGEN_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/diag.h"
#include "model/node.h"
#include "load/source.h"

struct record {
	uint8_t kind;        /* enum object_id, < KIND__COUNT */
	uint8_t body_links;  /* .md: the body holds "attachments/" (LOAD_BODIES) */
	uint8_t id_dup;      /* a record before it (by path) has its id, ignoring case */
	uint8_t id_twin;     /* a record before it has exactly its id (then id_dup too) */
	uint32_t body_line;  /* .md: line where the body starts */
	const char *path;    /* relative to the records root, '/' separated (the end of display) */
	const char *display; /* as diagnostics show it: the source's display, then path */
	struct node *root;   /* the mapping; NULL when the file could not be read */
	const char *id;      /* a valid id, else NULL */
	const struct node *id_node;
	uint64_t sum;    /* hash of the file's bytes (0 when unread; LOAD_SUMS) */
	uint64_t fm_sum; /* hash of the fields' bytes: the front matter of .md, all of .yaml */
	/*
	 * .md, with LOAD_BODIES: where the body starts in the file, and its
	 * bytes. It is not kept (a million bodies are some 180 MB): the site
	 * reads it again with record_body when it renders the record's page.
	 */
	size_t body_off, body_len;
};

struct repo {
	struct source *src;
	struct config cfg;
	struct record *recs; /* sorted by path in byte order */
	size_t n, cap;
	size_t files_read;
	uint64_t config_sum;  /* hash of svcgen.yaml's bytes (0 when absent) */
	struct arena arena;   /* paths and the config walk */
	struct arena *arenas; /* nodes, one arena per parsing thread */
	size_t narenas;
	/* id -> record, exact and ignoring case (open addressing; load.c, S_slot) */
	uint32_t *index, *index_ci;
	size_t index_cap;
	unsigned index_bits; /* of a slot, those of the record's index + 1 */
};

enum load_flags {
	LOAD_BODIES = 1,      /* body_off, body_len and body_links */
	LOAD_CONFIG_ONLY = 2, /* svcgen.yaml alone (for svcgen log) */
	LOAD_SUMS = 4,        /* sum and fm_sum, for the site's digests; else left 0 */
	/*
	 * Values that are the same bytes shared between the records a thread
	 * parses (node_dedup): less memory for a build, which keeps them to
	 * the end, for some time (a check does without).
	 */
	LOAD_SHARE = 8
};

struct load_opts {
	unsigned flags; /* enum load_flags */
	/*
	 * Optional: called for each record that parsed, on the thread that read
	 * it, so per-record work (the schema check) runs in parallel too. It may
	 * only touch rec and add to d.
	 */
	void (*each)(void *ctx, const struct repo *r, struct record *rec, struct diags *d);
	void *each_ctx;
};

/*
 * Reads config and records from src (which the repo now owns). Problems go
 * to d. Returns 0, or -1 on an I/O failure (errno set, message printed).
 */
int repo_load(struct repo *r, struct source *src, struct diags *d, const struct load_opts *opts);
void repo_free(struct repo *r);
/* The first record (by path) whose id is exactly id, or NULL. */
struct record *repo_find(const struct repo *r, const char *id);
/* The record whose diagnostics carry the path `display` (source display + path), or NULL. */
const struct record *repo_find_display(const struct repo *r, const char *display);
/* The first record (by path) whose id equals id ignoring ASCII case, or NULL. */
struct record *repo_find_ci(const struct repo *r, const char *id);
/*
 * Reads rec's file again into text, for its body (LOAD_BODIES and
 * LOAD_SUMS), through near (source_read_near): *body points into text.
 * -1 when it cannot be read or is no longer the file that was loaded (a
 * message is printed).
 */
int record_body(const struct repo *r, struct source_near *near, const struct record *rec,
                struct buf *text, const char **body);

/* The file name of rec without its extension (*len bytes), in its path. */
const char *record_stem(const struct record *rec, size_t *len);

/* Splits a .md file: front matter text, its first line, the body. -1 when malformed. */
int front_matter_split(const char *text, size_t len, size_t *fm_off, size_t *fm_len,
                       size_t *body_off, uint32_t *body_line, int *unclosed);
/* Reports phone and ID-card numbers written into a Markdown body. */
void body_scan_pii(const char *body, size_t len, uint32_t line0, const char *path, struct diags *d);

#endif
