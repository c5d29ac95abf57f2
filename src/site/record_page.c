/*
 * record_page.c - a record's page (record_page.h), and the input digest
 * that lets it be kept from the old site.
 */
#include "site/record_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "check/validate.h"
#include "render/markdown.h"
#include "site/attachments.h"
#include "site/digest.h"
#include "site/list.h"
#include "site/trail_pages.h"
#include "site/values.h"
#include "model/value.h"

/* ---- Backlinks ---------------------------------------------------------- */

/*
 * The full list of group g (the m records of kind that refer to rec,
 * newest first): lists/KIND/ID/WHAT-K.html, a folder of its own per
 * record, so that no id can make a name another page has.
 */
static void
S_backlink_list(struct site *s, const struct record *rec, int kind, const struct dated *list,
                size_t m, struct tv *g, int depth)
{
	const char *owner = site_kind_name(rec->kind), *what = site_kind_name(kind);
	struct site_list l = {0};
	struct site_rows rows;
	size_t k;

	memset(&rows, 0, sizeof(rows));
	l.prefix = arena_printf(&s->a, "lists/%s/%s/%s-", owner, rec->id, what);
	l.depth = 3;
	l.section = owner;
	l.title = site_cat(&s->a, rec->id, " · ", s->kind_label[kind], NULL);
	l.back = arena_printf(&s->a, "../../../%s/%s.html#bl-%s", owner, rec->id, what);
	l.back_label = rec->id;
	l.shape = SITE_LIST_ITEMS;
	for (k = 0; k < m; k++) {
		site_item_row(s, &rows.text, (uint32_t)(list[k].rec - s->r->recs), NULL, 3);
		site_rows_end(&rows);
	}
	site_list_publish(s, &l, &rows);
	tv_map_set(g, "more", site_list_more(s, &l, m, depth));
	site_rows_free(&rows);
}

/*
 * Whether a customer's unit is under warranty on the as-of date (its
 * warranty_until that day or later), for the dossier: it->warranty,
 * {known, in, until}; not known when the unit has no valid warranty_until.
 */
static void
S_warranty(struct site *s, const struct record *unit, struct tv *it)
{
	const struct node *v = record_value(unit, KEY_warranty_until);
	struct tv *w;

	if (!v || v->value != VAL_DATE) {
		/* An empty cell keeps the columns. */
		w = tv_map(&s->a);
		tv_map_set_bool(w, "known", 0);
		tv_map_set(it, "warranty", w);
		return;
	}
	w = tv_map(&s->a);
	tv_map_set_bool(w, "known", 1);
	tv_map_set_bool(w, "in", node_day(v, s->r->cfg.tzoff) >= s->o->today);
	/* HTML (site_time): {{{until}}}. */
	tv_map_set_str(w, "until", site_time_html(s, v->u.str, node_len(v)));
	tv_map_set(it, "warranty", w);
}

/* Records that reference rec, grouped by kind, newest first. */
static struct tv *
S_backlink_groups(struct site *s, const struct record *rec, int depth)
{
	size_t idx = (size_t)(rec - s->r->recs), i, n, k;
	struct tv *groups = tv_list(&s->a);
	struct dated *list;
	int kind;

	n = s->start[idx + 1] - s->start[idx];
	if (!n)
		return groups;
	list = xmalloc(n * sizeof(*list));
	for (kind = 0; kind < KIND__COUNT; kind++) {
		struct tv *g, *items;
		size_t m = 0;

		for (i = s->start[idx]; i < s->start[idx + 1]; i++) {
			const struct record *from = &s->r->recs[s->links[i].from];

			/*
			 * One entry per record, even when it refers here twice: the
			 * links of one record are adjacent (collected record by record).
			 */
			if (from->kind != kind || !from->id || (m && list[m - 1].rec == from))
				continue;
			list[m].rec = from;
			list[m++].date = s->info[s->links[i].from].date;
		}
		if (!m)
			continue;
		qsort(list, m, sizeof(*list), site_dated_cmp);
		g = tv_map(&s->a);
		items = tv_list(&s->a);
		site_set_ref(s, g, "kind", site_kind_name(kind));
		site_set_ref(s, g, "label", s->kind_label[kind]);
		tv_map_set_num(g, "count", (double)m);
		/* The newest; a long group in full on pages of its own (docs/site.md, "Long
		 * lists"). */
		for (k = 0; k < m && k < SITE_LIST_HEAD; k++) {
			struct tv *it = site_item(s, list[k].rec, depth);

			if (rec->kind == OBJ_customers && kind == OBJ_equipment)
				S_warranty(s, list[k].rec, it);
			tv_list_push(items, it);
		}
		if (rec->kind == OBJ_customers && kind == OBJ_equipment) {
			char day[11];

			format_date(day, s->o->today);
			tv_map_set_bool(g, "has_warranty", 1);
			tv_map_set_str(g, "as_of_day", day);
		}
		tv_map_set(g, "items", items);
		tv_map_set(g, "more", tv_null());
		if (m > SITE_LIST_HEAD)
			S_backlink_list(s, rec, kind, list, m, g, depth);
		tv_list_push(groups, g);
	}
	free(list);
	return groups;
}

/* ---- Attachments, ratings ----------------------------------------------- */

/*
 * The record's `attachments`: [{name, href}], href null when validation did
 * not accept the file or it is not published (site_attachment_name).
 */
static void
S_attachment_list(struct site *s, const struct record *rec, struct tv *page)
{
	const struct node *list = rec->root ? node_field(rec->root, KEY_attachments) : NULL;
	struct tv *items = tv_list(&s->a);
	size_t i;

	for (i = 0; list && list->type == NODE_SEQ && i < list->n; i++) {
		const struct node *a = &list->u.kids[i];
		struct tv *it;
		struct buf href = BUF_INIT;
		const char *pub;

		if (a->type != NODE_SCALAR)
			continue;
		it = tv_map(&s->a);
		tv_map_set_str(it, "name", a->u.str);
		tv_map_set(it, "href", tv_null());
		/* Accepted by validation, and under the name it is published as (attach.h). */
		if (record_attachment_accepted(a) &&
		    (pub = site_attachment_name(s, a->u.str, NULL)) != NULL) {
			buf_adds(&href, "../attachments/");
			url_path_escape(&href, pub, strlen(pub));
			tv_map_set_str(it, "href", buf_str(&href));
		}
		tv_list_push(items, it);
		buf_free(&href);
	}
	tv_map_set(page, "attachments", items);
	tv_map_set_bool(page, "has_attachments", tv_len(items) > 0);
}

struct S_rating {
	const struct record *rec;
	const char *date;
	double score;
};

static int
S_rating_cmp(const void *pa, const void *pb)
{
	const struct S_rating *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);

	return c ? c : site_natcmp(a->rec->id, b->rec->id);
}

/*
 * Every rating of a customer's visits, newest first, in pages
 * lists/customers/ID/ratings-K.html (docs/site.md, "Long lists"): the link
 * to them from the customer's page, which shows the newest.
 */
static const struct tv *
S_rating_list(struct site *s, const struct record *rec, const struct S_rating *list, size_t m)
{
	struct site_list l = {0};
	struct site_rows rows;
	const struct tv *more;
	size_t k;

	memset(&rows, 0, sizeof(rows));
	l.prefix = arena_printf(&s->a, "lists/customers/%s/ratings-", rec->id);
	l.depth = 3;
	l.section = "customers";
	l.title =
	    site_cat(&s->a, rec->id, " · ", labels_get(s->l, "ui", "satisfaction_trend"), NULL);
	l.back = arena_printf(&s->a, "../../../customers/%s.html#h-satisfaction", rec->id);
	l.back_label = rec->id;
	l.shape = SITE_LIST_UL;
	for (k = m; k-- > 0;) {
		const struct rec_info *in = &s->info[list[k].rec - s->r->recs];
		char score[32];

		/* A rating is 1 to 5, maybe with decimals: %g prints no locale's point for them. */
		snprintf(score, sizeof(score), "%g", list[k].score);
		buf_adds(&rows.text, "<li><span class=\"date\">");
		site_time(s, &rows.text, list[k].date, strlen(list[k].date));
		buf_adds(&rows.text, "</span> <span class=\"num\">");
		buf_adds(&rows.text, score);
		buf_adds(&rows.text, "</span> ");
		site_record_link(&rows.text, in, 3);
		buf_adds(&rows.text, "</li>");
		site_rows_end(&rows);
	}
	site_list_publish(s, &l, &rows);
	more = site_list_more(s, &l, m, 1);
	site_rows_free(&rows);
	return more;
}

/*
 * A customer's satisfaction over time: the ratings of its visits (as the
 * satisfaction rate counts them), oldest first, with their average.
 * satisfaction: [{date, id, href, score, low}]; low: below satisfied_at.
 */
static void
S_satisfaction(struct site *s, const struct record *rec, struct tv *page)
{
	size_t idx = (size_t)(rec - s->r->recs), k, m = 0;
	struct S_rating *list = xmalloc((s->start[idx + 1] - s->start[idx] + 1) * sizeof(*list));
	struct tv *points = tv_list(&s->a);
	double sum = 0;
	long tenths;

	for (k = s->start[idx]; k < s->start[idx + 1]; k++) {
		const struct record *from = &s->r->recs[s->links[k].from];
		const struct node *v, *d;

		if (s->links[k].field != F_visits_customer || !site_has_page(s, from))
			continue;
		v = record_value(from, KEY_satisfaction);
		d = record_value(from, KEY_date);
		if (!v || v->type != NODE_SCALAR ||
		    (v->value != VAL_INT && v->value != VAL_NUMBER) || !d || d->type != NODE_SCALAR)
			continue;
		list[m].rec = from;
		/* Its day in the configured zone, as pages show it (site_time). */
		if (d->value == VAL_DATE || d->value == VAL_DATETIME) {
			char day[11];

			format_date(day, node_day(d, s->r->cfg.tzoff));
			list[m].date = arena_strdup(&s->a, day);
		} else {
			list[m].date =
			    node_len(d) > 10 ? arena_strndup(&s->a, d->u.str, 10) : d->u.str;
		}
		list[m].score = v->value == VAL_INT ? (double)v->v.i : v->v.d;
		m++;
	}
	if (m > 1)
		qsort(list, m, sizeof(*list), S_rating_cmp);
	/* The newest SITE_LIST_HEAD, oldest first; the average is of them all. */
	for (k = 0; k < m; k++) {
		struct tv *p;

		sum += list[k].score;
		if (k + SITE_LIST_HEAD < m)
			continue;
		p = tv_map(&s->a);
		tv_map_set_str(p, "date", site_time_html(s, list[k].date, strlen(list[k].date)));
		tv_map_set_str(p, "id", list[k].rec->id);
		tv_map_set(p, "href", site_href(s, list[k].rec, 1));
		tv_map_set_num(p, "score", list[k].score);
		tv_map_set_bool(p, "low", list[k].score < s->r->cfg.satisfied_at);
		tv_list_push(points, p);
	}
	tv_map_set(page, "satisfaction_more",
	           m > SITE_LIST_HEAD ? S_rating_list(s, rec, list, m) : tv_null());
	tv_map_set(page, "satisfaction", points);
	tv_map_set_bool(page, "has_satisfaction", m > 0);
	tv_map_set_num(page, "satisfaction_count", (double)m);
	/* One decimal, without printf's %f (its decimal point is the locale's). */
	tenths = m ? (long)(sum * 10 / (double)m + 0.5) : 0;
	tv_map_set_str(page, "satisfaction_avg",
	               m ? arena_printf(&s->a, "%ld.%ld", tenths / 10, tenths % 10) : "");
	tv_map_set_num(page, "satisfied_at", s->r->cfg.satisfied_at);
	free(list);
}

/* ---- The page --------------------------------------------------------- */

/*
 * The input digest of rec's page (docs/site.md, "Publishing"): besides the
 * global digest (labels, options, svcgen.yaml, templates, the program), all
 * that site_record_page and what it calls read:
 * - the record's path and bytes (rec->sum): its id, kind, fields, title,
 *   date, status and body, what validation made of its values (typecheck
 *   reads nothing but the record and svcgen.yaml);
 * - each reference (site_value, through rec_info.refs): whether a record has
 *   that id, of which kind (the link's folder, or "missing");
 * - each record that refers to it (S_backlink_groups), in record order,
 *   which breaks ties of dates: the field, and what site_item shows (id,
 *   kind, title, date, status); for a customer's visits (S_satisfaction),
 *   whether the visit has a page and its rating and date;
 * - each `attachments` entry (S_attachment_list): whether validation
 *   accepted the file, and the name it is published under; for a body
 *   that holds "attachments/" (site_attachment_suffix), how every attachment
 *   is published (site_inputs.attach);
 * - its trail (site_audit): each event's commit (which names its
 *   author, date, summary and trailers), what happened, the paths and the
 *   two versions' blobs (which name the field-by-field differences), and
 *   the findings about each event.
 * - for a customer, the as-of date and each unit's warranty_until (whether
 *   each is under warranty, S_warranty). No other record page shows the
 *   as-of date.
 */
static void
S_record_digest(struct site *s, const struct record *rec, const char *path)
{
	size_t i = (size_t)(rec - s->r->recs), k;
	const struct rec_info *in = &s->info[i];
	const struct node *list = rec->root ? node_field(rec->root, KEY_attachments) : NULL;

	site_dig_begin(s, path);
	site_dig_str(s, rec->path);
	site_dig_u64(s, rec->sum);
	site_dig_refs(s, in);
	if (rec->kind == OBJ_customers)
		site_dig_u64(s, (uint64_t)s->o->today);
	site_dig_u64(s, s->start[i + 1] - s->start[i]);
	for (k = s->start[i]; k < s->start[i + 1]; k++) {
		const struct record *from = &s->r->recs[s->links[k].from];

		site_dig_u64(s, s->links[k].field);
		site_dig_item(s, from);
		if (rec->kind == OBJ_customers && from->kind == OBJ_equipment) {
			const struct node *w = record_value(from, KEY_warranty_until);

			site_dig_str(s, w && w->type == NODE_SCALAR ? w->u.str : NULL);
			site_dig_u64(s, w ? w->value : UINT64_MAX);
		}
		if (rec->kind == OBJ_customers && s->links[k].field == F_visits_customer) {
			const struct node *v = record_value(from, KEY_satisfaction);
			const struct node *d = record_value(from, KEY_date);

			site_dig_u64(s, site_has_page(s, from));
			site_dig_u64(s, v ? (uint64_t)v->type << 8 | v->value : UINT64_MAX);
			if (v && v->type == NODE_SCALAR) {
				/* Without a value, the length holds its place (node.h): 0, as ever.
				 */
				int64_t val = v->value != VAL_NONE ? v->v.i : 0;

				site_dig_str(s, v->u.str);
				site_dig(s, &val, sizeof(val));
			}
			site_dig_u64(s, d ? (uint64_t)d->type : UINT64_MAX);
			site_dig_str(s, d && d->type == NODE_SCALAR ? d->u.str : NULL);
		}
	}
	for (k = 0; list && list->type == NODE_SEQ && k < list->n; k++) {
		const struct node *a = &list->u.kids[k];

		if (a->type != NODE_SCALAR)
			continue;
		site_dig_u64(s, (uint64_t)record_attachment_accepted(a));
		site_dig_str(s, site_attachment_name(s, a->u.str, NULL));
	}
	if (rec->body_links)
		site_dig(s, s->in->attach, sizeof(s->in->attach));
	site_dig_trail(s, s->o->history && rec->id ? history_trail(s->o->history, rec->id) : NULL);
}

void
site_record_page(struct site *s, const struct record *rec)
{
	struct tv *page, *links;
	struct buf body = BUF_INIT;
	const char *title = s->info[rec - s->r->recs].full_title;
	const char *path = site_cat(&s->a, site_kind_name(rec->kind), "/", rec->id, ".html");

	S_record_digest(s, rec, path);
	if (site_reuse(s))
		return;
	page = site_page_keyed(s, s->record_keys,
	                       *title ? site_cat(&s->a, rec->id, " · ", title, NULL) : rec->id, 1,
	                       site_kind_name(rec->kind));
	tv_map_set_at(page, RP_ID, site_str(s, rec->id));
	tv_map_set_at(page, RP_KIND, site_str(s, site_kind_name(rec->kind)));
	tv_map_set_at(page, RP_KIND_LABEL, site_str(s, s->kind_label[rec->kind]));
	tv_map_set_at(page, RP_HEADING, site_str(s, title));
	tv_map_set_at(page, RP_SOURCE, site_str(s, rec->path));
	site_set_cur(s, rec);
	tv_map_set_at(page, RP_FIELDS, site_field_rows(s, rec->kind, rec->root, 1));
	if (rec->body_len) {
		struct markdown_opts mo;
		struct buf text = BUF_INIT;
		const char *md;

		/* The body is not kept in memory: read again, it is checked to be the same. */
		if (load_record_body(s->r, &s->near, rec, &text, &md) < 0) {
			s->failed = 1;
			buf_free(&text);
			buf_free(&body);
			return;
		}
		site_body_opts(s, &mo);
		if (markdown_render(&body, md, rec->body_len, &mo) >= 0)
			tv_map_set_at(page, RP_BODY, tv_strn(&s->a, body.buf, body.len));
		buf_free(&text);
	}
	S_attachment_list(s, rec, page);
	links = S_backlink_groups(s, rec, 1);
	tv_map_set_at(page, RP_BACKLINKS, links);
	tv_map_set_at(page, RP_HAS_BACKLINKS, tv_bool(tv_len(links) > 0));
	tv_map_set_at(page, RP_IS_CUSTOMER, tv_bool(rec->kind == OBJ_customers));
	if (rec->kind == OBJ_customers)
		S_satisfaction(s, rec, page);
	site_audit(s, rec->id, page);
	site_render(s, "record", page, path);
	buf_free(&body);
}
