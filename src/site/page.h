/*
 * page.h - what every page of the site is made with: the state of a render
 * thread (struct site), what lists show of each record (struct rec_info,
 * derived once by site_prepare), the keys of the maps pages are made of,
 * and the helpers that make a page's data (its frame, links to records,
 * records as list items) and render it through the templates to the
 * publish stage. Every module of src/site uses it and it uses none of
 * them; the rest of the program sees site.h.
 */
#ifndef SVCGEN_SITE_PAGE_H
#define SVCGEN_SITE_PAGE_H

#include <stdatomic.h>
#include <stdint.h>

#include <git2.h>

#include "render/labels.h"
#include "model/schema.h"
#include "site/site.h"
#include "render/template.h"

#define SITE_TITLE_MAX 80 /* characters of a record's name or title that lists show */
#define SITE_NAME_MAX 24  /* characters of each name beside an id (rec_info.who) */

/* A reference to record `to` from field `field` of record `from`. */
struct backlink {
	uint32_t from;
	uint32_t field; /* enum field_id */
};

/* A reference field's scalar, resolved once (site_prepare). */
struct ref {
	const struct node *node;
	uint32_t target; /* record index + 1; 0: no record has that id */
	uint16_t field;  /* enum field_id */
	uint8_t link;    /* a backlink: the target is of a kind the field names, not self */
};

/*
 * What lists show of a record, derived once for all pages (site_prepare):
 * strings with their lengths, and the targets of its references in the
 * order site_prepare meets them.
 */
struct rec_info {
	/* title: cut to SITE_TITLE_MAX characters for lists; full_title: as the record has it */
	const char *title, *full_title, *date, *status, *status_key;
	const char *href; /* "../kind/id.html" (NULL without an id); from the top: href + 3 */
	/*
	 * The human names shown beside the id wherever the record is linked
	 * (site_record_link, site_value): its own name, a unit's model, or a
	 * ticket's, visit's or complaint's customer and engineer ("" when none;
	 * docs/site.md, "Names beside ids").
	 */
	const char *who;
	/* date as pages show it: <time datetime="...">...</time> (site_time), or "" */
	const char *date_html;
	uint32_t date_html_len;
	uint32_t title_len, date_len, status_len, status_key_len, href_len, id_len, who_len;
	const struct ref *refs;
	uint32_t nrefs;
};

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
	uint64_t attach[2];  /* how attachments are published (site_attachments_first) */
	uint64_t history[2]; /* the history's tip */
	uint64_t names[2];   /* every record's names beside its id (rec_info.who) and title */
};

/*
 * What rendering needs. Pages render on several threads, each with its own
 * copy of this struct: the pointers are shared and read only, the arena,
 * the output buffer and the counts are the thread's own.
 */
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
	struct stats_words *words; /* the statistics pages' labels, looked up once (figure.c) */
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

/*
 * The maps made for every value, field, list item, index row and cell, and
 * for pages: their keys (tv_map_keyed, site_tables), named by place.
 */
enum { VK_HREF, VK_MASKED, VK_MISSING, VK_INVALID, VK_TEXT, VK_DATETIME, VK__COUNT };
enum { RK_LABEL, RK_NAME, RK_SUB, RK_TABLE, RK_VALUES, RK__COUNT };
enum { IK_ID, IK_HREF, IK_TITLE, IK_DATE, IK_STATUS, IK_STATUS_KEY, IK_WHO, IK__COUNT };
enum { CK_NAME, CK_LABEL, CK_VALUE, CK_N, CK_KEY, CK_RANK, CK_RANK_DESC, CK__COUNT };
enum { XK_L, XK_ID, XK_HREF, XK_RANK, XK_CELLS, XK__COUNT };
/* Every page's (the layout's), then a record page's after them. */
enum {
	PK_LANG,
	PK_ROOT,
	PK_SITE_TITLE,
	PK_TITLE,
	PK_L,
	PK_NAV,
	PK_HAS_HISTORY,
	PK_ZONE,
	PK__COUNT,
	RP_ID = PK__COUNT,
	RP_KIND,
	RP_KIND_LABEL,
	RP_HEADING,
	RP_SOURCE,
	RP_FIELDS,
	RP_BODY,
	RP_ATTACHMENTS,
	RP_HAS_ATTACHMENTS,
	RP_BACKLINKS,
	RP_HAS_BACKLINKS,
	RP_IS_CUSTOMER,
	RP_HAS_SATISFACTION,
	RP_DELETED,
	RP_AUDIT,
	RP__COUNT
};

/* Labels by field, value and kind, the navigation and the maps' keys, once for all pages. */
void site_tables(struct site *s);
/* Reads template `name` for tpl_env_new; arg is the struct site. */
int site_load_template(void *arg, const char *name, struct buf *text);

/* p1 p2 p3 p4 (NULL: nothing) in one string of the page's arena: hrefs, titles. */
const char *site_cat(struct arena *a, const char *p1, const char *p2, const char *p3,
                     const char *p4);
/*
 * str without a copy: for strings that outlive the page (the records', the
 * labels', the schema's and the tables' built before pages).
 */
const struct tv *site_str(struct site *s, const char *str);
/* Sets key to site_str(str). */
void site_set_ref(struct site *s, struct tv *map, const char *key, const char *str);
/* A kind's name: its folder on the site. */
const char *site_kind_name(int kind);
/* Natural order: runs of digits compare as numbers ("ST-9" < "ST-10"), then bytes. */
int site_natcmp(const char *a, const char *b);
/* The way up to the site's root from a page `depth` (0..3) folders down: "", "../", ... */
const char *site_root(int depth);

/* Renders template tpl_name with data, appending to out. -1 (s->failed) on an error. */
int site_render_to(struct site *s, const char *tpl_name, const struct tv *data, struct buf *out);
/* Renders a page and hands it to the publish stage. */
void site_render(struct site *s, const char *tpl_name, const struct tv *data, const char *out_path);

/* Does this record get a page? The first of its id, with an id at all. */
int site_has_page(const struct site *s, const struct record *rec);
/* The link to a record (with a page) from a page `depth` (0 or 1) folders down. */
const struct tv *site_href(struct site *s, const struct record *rec, int depth);
/* The link to the page of a record by id from `depth` folders down, or null. */
const struct tv *site_id_href(struct site *s, const char *id, int depth);
/* A record in a list: {id, href, title, date, status, status_key, who}. */
struct tv *site_item(struct site *s, const struct record *rec, int depth);
/* The record whose diagnostics carry display path `path`, or NULL. */
const struct record *site_record_at(const struct site *s, const char *path);

/* The data of a page `depth` folders down (0..3) in `section` (a kind, or NULL). */
struct tv *site_page(struct site *s, const char *title, int depth, const char *section);
/* The same from keys whose first ones are every page's (PK_...), those set. */
struct tv *site_page_keyed(struct site *s, const struct tv_keys *keys, const char *title, int depth,
                           const char *section);
/* The as-of date and the count of problems, for pages whose content depends on them. */
void site_as_of(struct site *s, struct tv *page);

/* A record that refers to another, with the date it is sorted by. */
struct dated {
	const struct record *rec;
	const char *date;
};
/* Orders struct dated newest first; ties in record (path) order. For qsort. */
int site_dated_cmp(const void *pa, const void *pb);

#endif
