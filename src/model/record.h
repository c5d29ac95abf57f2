/*
 * record.h - the record model: a record, the set of them with its id
 * index, and the facts about a record that every stage reads the same
 * way (its checked values, its stem, whether it is open, the target in
 * force). load fills the set; the stages after it only read it.
 */
#ifndef SVCGEN_RECORD_H
#define SVCGEN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/node.h"

struct source;

struct record {
	uint8_t kind;                 /* enum object_id, < KIND__COUNT */
	unsigned char body_links : 1; /* .md: the body holds "attachments/" (LOAD_BODIES) */
	unsigned char id_dup : 1;     /* a record before it (by path) has its id, ignoring case */
	unsigned char id_twin : 1;    /* a record before it has exactly its id (then id_dup too) */
	/*
	 * A closed ticket under warranty whose follow-up is overdue, as check
	 * reports it (follow-up-overdue, unless svcgen.yaml turns that rule
	 * off): set by validate_records, read by the dashboard. Likewise an
	 * open complaint past its target (complaint-stale).
	 */
	unsigned char follow_up_overdue : 1, complaint_stale : 1;
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

struct records {
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

/* Indexes the ids of r->recs[0..n) (sorted by path): the first by path wins. */
void records_index(struct records *r);
/* The first record (by path) whose id is exactly id, or NULL. */
struct record *records_find(const struct records *r, const char *id);
/* The first record (by path) whose id equals id ignoring ASCII case, or NULL. */
struct record *records_find_ci(const struct records *r, const char *id);
/* The record whose diagnostics carry the path `display` (source display + path), or NULL. */
const struct record *records_find_display(const struct records *r, const char *display);

/* The file name of rec without its extension (*len bytes), in its path. */
const char *record_stem(const struct record *rec, size_t *len);
/* Is s[0..n) a valid record id (docs/rules/id-format.md)? */
int record_id_valid(const char *s, size_t n);
/*
 * A record's field by its key (model/schema.h): the node as it is (or
 * NULL when absent); a checked scalar value (NULL when absent, null or
 * invalid); a list (NULL when it is not one).
 */
static inline const struct node *
record_field(const struct record *rec, enum schema_key k)
{
	return rec->root ? node_field(rec->root, k) : NULL;
}

static inline const struct node *
record_value(const struct record *rec, enum schema_key k)
{
	const struct node *n = record_field(rec, k);

	return n && n->type == NODE_SCALAR ? n : NULL;
}

static inline const struct node *
record_list(const struct record *rec, enum schema_key k)
{
	const struct node *n = record_field(rec, k);

	return n && n->type == NODE_SEQ ? n : NULL;
}
/*
 * The field that dates a record of kind, by which its index lists it and a
 * department may file it (docs/site.md, "Index pages"): a ticket's
 * `reported`, a visit's or shipment's `date`, a complaint's `received`, a
 * unit's `delivered`, a standard's `effective`; KEY__COUNT for the kinds
 * without one.
 */
enum schema_key record_date_key(int kind);
/*
 * Is rec open: a service ticket not yet resolved, closed or cancelled
 * (open, assigned, in_progress, awaiting_parts), or a complaint open or
 * under investigation? Other kinds never are.
 */
int record_is_open(const struct record *rec);
/*
 * The target of metric (its name, and m of enum metric) in force on day
 * (docs/metrics.md, "Targets"): among the standards effective that day whose targets
 * name it (stds[0..n), or every record when stds is NULL), the latest
 * effective, then the id that sorts last (*by); else svcgen.yaml's (*by
 * NULL). -1 when there is none.
 */
int records_target_in_force(const struct records *r, const struct record *const *stds, size_t n,
                            const char *metric, int m, int64_t day, double *out,
                            const struct record **by);
/* Is standard std effective on local day `day` (docs/metrics.md, "Targets")? */
int record_standard_effective(const struct record *std, int64_t day);
/*
 * Did validation accept a, an entry of a ticket's `attachments`: a regular
 * file in attachments/, reached through folders only, within
 * limits.attachment_bytes (its size is then a->v.i)? Only those are linked
 * and published; the site does not look at the file system to decide.
 */
int record_attachment_accepted(const struct node *a);

#endif
