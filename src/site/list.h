/*
 * list.h - long lists inside pages (docs/site.md, "Long lists"): a page
 * shows a list's count and its first SITE_LIST_HEAD entries and links the
 * whole, in pages of SITE_LIST_PAGE rows of their own, so that no page
 * grows with the number of records.
 */
#ifndef SVCGEN_SITE_LIST_H
#define SVCGEN_SITE_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "site/page.h"

#define SITE_LIST_HEAD 20    /* entries a page shows of a list */
#define SITE_LIST_PAGE 500   /* rows a page of a full list holds */
#define SITE_LIST_GROUPS 100 /* groups a page of figures by breakdown shows */

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
 * <a href="...">ID</a> · names: the link to the record of in (it has a
 * page) from a page `depth` folders down, and the names beside its id
 * (site_record_who). Every list links records through it. The id is read
 * from the link's end; ids need no escaping (record_id_valid).
 */
void site_record_link(struct buf *b, const struct rec_info *in, int depth);
/* <span class="who"> · names</span>: rec_info.who, escaped (nothing when it has none). */
void site_record_who(struct buf *b, const struct rec_info *in);
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
	SITE_LIST_DELETED,  /* deleted records: record, kind, commit, date, author, summary */
	SITE_LIST_EXCLUDED /* durations left out, dates out of order: record, summary, start, end */
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

/*
 * An open ticket as a row of a backlog's table (stats/backlog.html, a
 * report's backlog at its end): link, title, reported date, age in days
 * (age), status.
 */
void site_backlog_row(struct site *s, struct site_rows *rows, uint32_t rec, int64_t age);

#endif
