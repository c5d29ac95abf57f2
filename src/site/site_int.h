/*
 * site_int.h - what the parts of the render stage share: the state of a
 * render thread (struct site) and the helpers that make page data. Private
 * to site.c and site_stats.c; the rest of the program sees site.h.
 */
#ifndef SVCGEN_SITE_INT_H
#define SVCGEN_SITE_INT_H

#include <stdatomic.h>
#include <stdint.h>

#include <git2.h>

#include "render/labels.h"
#include "model/schema.h"
#include "site/site.h"
#include "render/template.h"

/* A reference to record `to` from field `field` of record `from`. */
struct backlink {
	uint32_t from;
	uint32_t field; /* enum field_id */
};

/* A reference field's scalar, resolved once (S_prepare). */
struct ref {
	const struct node *node;
	uint32_t target; /* record index + 1; 0: no record has that id */
	uint16_t field;  /* enum field_id */
	uint8_t link;    /* a backlink: the target is of a kind the field names, not self */
};

/*
 * What lists show of a record, derived once for all pages (S_prepare):
 * strings with their lengths, and the targets of its references in the
 * order S_collect_refs meets them.
 */
struct rec_info {
	/* title: cut to SITE_TITLE_MAX characters for lists; full_title: as the record has it */
	const char *title, *full_title, *date, *status, *status_key;
	const char *href; /* "../kind/id.html" (NULL without an id); from the top: href + 3 */
	uint32_t title_len, date_len, status_len, status_key_len, href_len, id_len;
	const struct ref *refs;
	uint32_t nrefs;
};

/*
 * What rendering needs. Pages render on several threads, each with its own
 * copy of this struct: the pointers are shared and read only, the arena,
 * the output buffer and the counts are the thread's own.
 */
struct stats_words;
struct site_attachment;

/*
 * Digests of what many pages are made from, 128 bits each, computed once
 * before the pages (docs/site.md, "Publishing"). global: what every page
 * depends on; the others are added by the pages that read them.
 */
struct site_inputs {
	uint64_t global[2];  /* the program, options, svcgen.yaml, templates, labels */
	uint64_t fields[2];  /* the as-of date, every record's path and fields, the diagnostics */
	uint64_t ids[2];     /* every record's path, id, kind and whether it has a page */
	uint64_t attach[2];  /* how attachments are published (S_attachments_first) */
	uint64_t history[2]; /* the history's tip */
};

struct site {
	const struct records *r;
	const struct diags *d;
	const struct site_opts *o;
	struct publish *pub;
	struct labels *l;
	struct source *tpl_src;
	struct tpl_env *env;
	struct backlink *links; /* grouped by target: links[start[i] .. start[i + 1]) */
	uint32_t *start;
	unsigned char *has_page;    /* per record: does it get a page? */
	struct rec_info *info;      /* per record */
	const struct rec_info *cur; /* the record whose page renders, or NULL */
	uint32_t ref_cur;           /* where in cur->refs to look first */
	/* Built once, shared by every page: labels by field and value, the navigation. */
	const char **field_label; /* per field id */
	const char ***enum_label; /* per T_ENUM field id: per value index */
	const char *kind_label[KIND__COUNT];
	const struct tv *nav[2][KIND__COUNT + 1]; /* per depth, per section (last: none) */
	/* The keys of the maps made for every value, field, list item and index cell. */
	const struct tv_keys *value_keys, *row_keys, *item_keys, *cell_keys, *index_row_keys;
	const struct tv_keys *page_keys, *record_keys;
	git_repository *repo; /* the thread's own handle, for old versions */
	struct arena a;       /* one page's data, reset after the page */
	struct buf out;
	struct tpl_refs refs;       /* the large strings left out of out (tpl_render_refs) */
	struct publish_part *parts; /* out and refs, in order, for publish_parts */
	size_t parts_cap;
	int failed;
	size_t pages, records;
	struct stats_words *words; /* the statistics pages' labels, looked up once (site_stats.c) */
	atomic_size_t *next;       /* the next record to render, shared */
	atomic_size_t *next_index; /* the next kind whose index to render, shared */
	atomic_size_t *done_index; /* how many of those pieces are done, shared */
	/* The attachments not published as they are (attach.h), by path; built before the pages. */
	const struct site_attachment *attach;
	size_t nattach;
	/* What pages are made from: shared digests, and the one of the page at hand. */
	const struct site_inputs *in;
	struct buf dig;
	struct source_near near;     /* the folder of the body read last (record_body) */
	size_t reused, reused_pages; /* files kept by site_reuse, and of those pages */
};

/* p1 p2 p3 p4 (NULL: nothing) in one string of the page's arena: hrefs, titles. */
const char *site_cat(struct arena *a, const char *p1, const char *p2, const char *p3,
                     const char *p4);
/* The data of a page `depth` folders down (0..2) in `section` (a kind, or NULL). */
struct tv *site_page(struct site *s, const char *title, int depth, const char *section);
/* The as-of date and the count of problems, for pages whose content depends on them. */
void site_as_of(struct site *s, struct tv *page);
/* Renders template tpl_name with data, appending to out. -1 (s->failed) on an error. */
int site_render_to(struct site *s, const char *tpl_name, const struct tv *data, struct buf *out);
/* Renders a page and hands it to the publish stage. */
void site_render(struct site *s, const char *tpl_name, const struct tv *data, const char *out_path);
/* Does this record get a page? The first of its id, with an id at all. */
int site_has_page(const struct site *s, const struct record *rec);
/* Writes search/index.js and its shards (site_search.c). */
void site_search_publish(struct site *s);
/* The link to a record (with a page) from a page `depth` (0 or 1) folders down. */
const struct tv *site_href(struct site *s, const struct record *rec, int depth);
/* A record in a list: {id, href, title, date, status, status_key}. */
struct tv *site_item(struct site *s, const struct record *rec, int depth);
/* The record whose diagnostics carry display path `path`, or NULL. */
const struct record *site_record_at(const struct site *s, const char *path);

/*
 * A page's input digest (docs/site.md, "Publishing"): site_dig_begin starts
 * it with the global digest and the name of the page (its path) or group of
 * files; what the page reads is added; then site_reuse either keeps the
 * files the old site made from the same digest (returns 1: nothing to
 * render) or returns 0, and what the thread publishes until the page or
 * piece is done carries the digest. A page that never calls site_reuse is
 * rendered every time.
 */
void site_dig_begin(struct site *s, const char *name);
void site_dig(struct site *s, const void *p, size_t n);
void site_dig_str(struct site *s, const char *str); /* NULL too */
void site_dig_u64(struct site *s, uint64_t v);
/* What site_item shows of rec (id, kind, title, date, status). */
void site_dig_item(struct site *s, const struct record *rec);
int site_reuse(struct site *s);

/* ---- The statistics pages (site_stats.c) ---- */

/* The KPI cards and the alerts of the statistics on the dashboard's data. */
void site_stats_dashboard(struct site *s, struct tv *page);
/* The pieces of stats/ and reports/, each rendered by one worker. */
#define SITE_STATS_PARTS (METRIC__COUNT + 2)
void site_stats_part(struct site *s, int part);

/* ---- Long lists (site_list.c; docs/site.md, "Long lists") ---- */

#define SITE_LIST_HEAD 20    /* entries a page shows of a list */
#define SITE_LIST_PAGE 500   /* rows a page of a full list holds */
#define SITE_LIST_GROUPS 100 /* groups a page of figures by breakdown shows */
#define SITE_TITLE_MAX 80    /* characters of a record's name or title that lists show */

/* Rows written one after the other: row i is text[end[i - 1] .. end[i]) (end[-1]: 0). */
struct site_rows {
	struct buf text;
	size_t *end;
	size_t n, cap;
};
/* Marks the end of the row written into r->text since the last one. */
void site_rows_end(struct site_rows *r);
void site_rows_reset(struct site_rows *r);
void site_rows_free(struct site_rows *r);
/* The first SITE_LIST_HEAD rows (or fewer) as one string, copied into the page's arena. */
const struct tv *site_rows_head(struct site *s, const struct site_rows *r);
/*
 * Record rec as a row of items.mustache's table (id, title, date: its own
 * or *day, status) for a page `depth` folders down.
 */
void site_item_row(struct site *s, struct buf *b, uint32_t rec, const int64_t *day, int depth);
/*
 * <a href="...">ID</a>: the link to the record of in (it has a page) from
 * a page `depth` folders down. The id is read from the link's end; ids
 * need no escaping (id_valid).
 */
void site_record_link(struct buf *b, const struct rec_info *in, int depth);
/* A record's status as the tag the lists show (nothing when it has none). */
void site_status_tag(struct buf *b, const struct rec_info *in);

/* What a full list's rows are, and so the table or list around them (list.mustache). */
enum site_list_shape {
	SITE_LIST_ITEMS,    /* site_item_row's */
	SITE_LIST_DRILL,    /* a figure's records outside the numerator: record, summary, date */
	SITE_LIST_UL,       /* <li> items */
	SITE_LIST_OL,       /* <li> items, numbered across the pages */
	SITE_LIST_BACKLOG,  /* open tickets with their age */
	SITE_LIST_OVER,     /* durations over the target: record, summary, date, value, status */
	SITE_LIST_DIAGS,    /* diagnostics of one rule: file, position, severity, message */
	SITE_LIST_FINDINGS, /* audit findings: record, finding, commit, date, author, summary */
	SITE_LIST_DELETED   /* deleted records: record, kind, commit, date, author, summary */
};

/* A full list: its pages are prefix1.html, prefix2.html, ... (from the site's root). */
struct site_list {
	const char *prefix;
	int depth;                     /* of those pages: folders below the root */
	const char *section;           /* the kind the navigation marks, or NULL */
	const char *title;             /* their heading */
	const char *back, *back_label; /* the page the list belongs to, linked from its pages */
	enum site_list_shape shape;
	const char *first; /* page 1's name in prefix's folder, when not prefix1.html; or NULL */
	const char *unit;  /* SITE_LIST_OVER: the values' unit, for the heading; or NULL */
};
/*
 * {href, count, shown}: the link from a page `depth` folders down to the full
 * list of n entries; null when n <= SITE_LIST_HEAD (the page shows them all).
 */
const struct tv *site_list_more(struct site *s, const struct site_list *l, size_t n, int depth);
/*
 * The navigation of page p (from 1) of pages of l, for list-pager.mustache:
 * {prev, next, links: [{n, href, current, gap}]}, links relative to l's folder.
 */
struct tv *site_list_pager(struct site *s, const struct site_list *l, size_t p, size_t pages);
/*
 * What page p (from 1) of n entries, `per` a page, says of its place on
 * the page's map: count, page, pages, from and to. Returns the number of
 * pages (1 for none).
 */
size_t site_list_span(struct tv *page, size_t p, size_t n, size_t per);
/* Renders the full list's pages, when r has more than SITE_LIST_HEAD rows. */
void site_list_publish(struct site *s, const struct site_list *l, const struct site_rows *r);
/*
 * A list of n records (indexes into the repo's): the first SITE_LIST_HEAD
 * as site_item()s for a page `depth` folders down, returned, and *more
 * (site_list_more); the whole list published in pages as SITE_LIST_ITEMS.
 */
struct tv *site_list_records(struct site *s, const struct site_list *l, const uint32_t *recs,
                             size_t n, int depth, const struct tv **more);
/*
 * A list of the dashboard: the head of recs (n, in their order) as `key`,
 * key_more, key_count and has_key on the page; the whole list in
 * lists/NAME-K.html, headed `title`.
 */
void site_list_dashboard(struct site *s, struct tv *page, const char *key, const char *name,
                         const char *title, const uint32_t *recs, size_t n);

#endif
