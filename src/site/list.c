/*
 * list.c - long lists inside pages (docs/site.md, "Long lists"). A
 * page shows a list's count and its first SITE_LIST_HEAD entries, and
 * links the full list, in pages of SITE_LIST_PAGE rows of their own, so
 * that no page grows with the number of records. The rows are written by
 * the renderer, once, and cut into pages here.
 */
#include "site/list.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/util.h"
#include "model/value.h"
#include "site/values.h"

/* Marks the end of the row written into r->text since the last one. */
void
site_rows_end(struct site_rows *r)
{
	r->end = xgrow(r->end, sizeof(*r->end), r->n + 1, &r->cap);
	r->end[r->n++] = r->text.len;
}

void
site_rows_reset(struct site_rows *r)
{
	buf_reset(&r->text);
	r->n = 0;
}

void
site_rows_free(struct site_rows *r)
{
	buf_free(&r->text);
	free(r->end);
	memset(r, 0, sizeof(*r));
}

/* The bytes of rows [from, to) of r. */
static const struct tv *
S_span(struct site *s, const struct site_rows *r, size_t from, size_t to)
{
	size_t a = from ? r->end[from - 1] : 0, b = to ? r->end[to - 1] : 0;

	return tv_str_ref(&s->a, r->text.buf ? r->text.buf + a : "", b - a);
}

const struct tv *
site_rows_head(struct site *s, const struct site_rows *r)
{
	size_t n = r->n < SITE_LIST_HEAD ? r->n : SITE_LIST_HEAD;

	/* A copy: r may be written again before the page renders. */
	return tv_strn(&s->a, buf_str(&r->text), n ? r->end[n - 1] : 0);
}

/* "../" depth times. */
static const char *
S_up(int depth)
{
	static const char up[] = "../../../../";

	return up + sizeof(up) - 1 - 3 * (size_t)(depth < 4 ? depth : 4);
}

void
site_record_link(struct buf *b, const struct rec_info *in, int depth)
{
	/* in->href is "../kind/ID.html", the link from one folder down. */
	buf_adds(b, "<a href=\"");
	if (depth == 0)
		buf_add(b, in->href + 3, in->href_len - 3);
	else {
		buf_adds(b, S_up(depth - 1));
		buf_add(b, in->href, in->href_len);
	}
	buf_adds(b, "\">");
	buf_add(b, in->href + in->href_len - in->id_len - 5, in->id_len);
	buf_adds(b, "</a>");
	site_record_who(b, in);
}

void
site_record_who(struct buf *b, const struct rec_info *in)
{
	if (!in->who_len)
		return;
	buf_adds(b, "<span class=\"who\"> · ");
	html_escape(b, in->who, in->who_len);
	buf_adds(b, "</span>");
}

void
site_item_row(struct site *s, struct buf *b, uint32_t rec, const int64_t *day, int depth)
{
	const struct rec_info *in = &s->info[rec];
	char d[11];

	buf_adds(b, "<tr><th scope=\"row\">");
	site_record_link(b, in, depth);
	buf_adds(b, "</th><td>");
	html_escape(b, in->title, in->title_len);
	buf_adds(b, "</td><td class=\"date\">");
	if (day) {
		format_date(d, *day);
		site_time(s, b, d, 10);
	} else {
		buf_add(b, in->date_html, in->date_html_len);
	}
	buf_adds(b, "</td><td>");
	site_status_tag(b, in);
	buf_adds(b, "</td></tr>\n");
}

void
site_status_tag(struct buf *b, const struct rec_info *in)
{
	if (!in->status_len)
		return;
	buf_adds(b, "<span class=\"tag t-status k-");
	html_escape(b, in->status_key, in->status_key_len);
	buf_adds(b, "\">");
	html_escape(b, in->status, in->status_len);
	buf_adds(b, "</span>");
}

/* The name of page k (from 1) of l, from the site's root. */
static const char *
S_page_path(struct site *s, const struct site_list *l, size_t k)
{
	const char *slash = strrchr(l->prefix, '/');

	if (k == 1 && l->first)
		return arena_printf(&s->a, "%.*s%s", slash ? (int)(slash + 1 - l->prefix) : 0,
		                    l->prefix, l->first);
	return arena_printf(&s->a, "%s%zu.html", l->prefix, k);
}

/* The same from another page of the list: the last part of the path. */
static const char *
S_page_name(struct site *s, const struct site_list *l, size_t k)
{
	const char *slash = strrchr(l->prefix, '/');

	if (k == 1 && l->first)
		return l->first;
	return arena_printf(&s->a, "%s%zu.html", slash ? slash + 1 : l->prefix, k);
}

const struct tv *
site_list_more(struct site *s, const struct site_list *l, size_t n, int depth)
{
	struct tv *more;

	if (n <= SITE_LIST_HEAD)
		return tv_null();
	more = tv_map(&s->a);
	tv_map_set_str(more, "href",
	               site_cat(&s->a, S_up(depth), S_page_path(s, l, 1), NULL, NULL));
	tv_map_set_num(more, "count", (double)n);
	tv_map_set_num(more, "shown", SITE_LIST_HEAD);
	return more;
}

/* A link of the page navigation: page k, or a gap (k = 0). */
static struct tv *
S_pager_link(struct site *s, const struct site_list *l, size_t k, size_t current)
{
	struct tv *a = tv_map(&s->a);

	tv_map_set_bool(a, "gap", k == 0);
	tv_map_set(a, "href", k ? tv_str(&s->a, S_page_name(s, l, k)) : tv_null());
	tv_map_set_num(a, "n", (double)k);
	tv_map_set_bool(a, "current", k == current);
	return a;
}

/*
 * The navigation of page p of pages: previous and next, the first and the
 * last page and the two on each side of p, gaps between: at most eleven
 * links however many pages there are.
 */
struct tv *
site_list_pager(struct site *s, const struct site_list *l, size_t p, size_t pages)
{
	struct tv *nav = tv_map(&s->a), *links = tv_list(&s->a);
	size_t show[7], n = 0, i, k;

	show[n++] = 1;
	for (k = p > 2 ? p - 2 : 1; k <= p + 2 && k <= pages; k++)
		if (k > 1 && k < pages)
			show[n++] = k;
	if (pages > 1)
		show[n++] = pages;
	for (i = 0; i < n; i++) {
		if (i && show[i] > show[i - 1] + 1)
			tv_list_push(links, S_pager_link(s, l, 0, p));
		tv_list_push(links, S_pager_link(s, l, show[i], p));
	}
	tv_map_set(nav, "prev", p > 1 ? tv_str(&s->a, S_page_name(s, l, p - 1)) : tv_null());
	tv_map_set(nav, "next", p < pages ? tv_str(&s->a, S_page_name(s, l, p + 1)) : tv_null());
	tv_map_set(nav, "links", links);
	return nav;
}

size_t
site_list_span(struct tv *page, size_t p, size_t n, size_t per)
{
	size_t pages = n > per ? (n + per - 1) / per : 1, to = p * per < n ? p * per : n;

	tv_map_set_num(page, "count", (double)n);
	tv_map_set_num(page, "page", (double)p);
	tv_map_set_num(page, "pages", (double)pages);
	tv_map_set_num(page, "from", (double)((p - 1) * per + 1));
	tv_map_set_num(page, "to", (double)to);
	return pages;
}

void
site_list_publish(struct site *s, const struct site_list *l, const struct site_rows *r)
{
	static const char *const shapes[] = {
	    [SITE_LIST_ITEMS] = "is_items",     [SITE_LIST_DRILL] = "is_drill",
	    [SITE_LIST_UL] = "is_ul",           [SITE_LIST_OL] = "is_ol",
	    [SITE_LIST_BACKLOG] = "is_backlog", [SITE_LIST_OVER] = "is_over",
	    [SITE_LIST_DIAGS] = "is_diags",     [SITE_LIST_FINDINGS] = "is_findings",
	    [SITE_LIST_DELETED] = "is_deleted", [SITE_LIST_EXCLUDED] = "is_excluded"};
	struct arena outer = s->a;
	size_t pages, p, from, to;
	int k;

	if (r->n <= SITE_LIST_HEAD)
		return;
	pages = (r->n + SITE_LIST_PAGE - 1) / SITE_LIST_PAGE;
	/* The pages' data in an arena of their own: the caller's page is still being made. */
	arena_init(&s->a);
	for (p = 1; p <= pages && !s->failed; p++) {
		struct tv *page = site_page(s, l->title, l->depth, l->section);

		from = (p - 1) * SITE_LIST_PAGE;
		to = from + SITE_LIST_PAGE < r->n ? from + SITE_LIST_PAGE : r->n;
		tv_map_set_str(page, "back", l->back);
		tv_map_set_str(page, "back_label", l->back_label);
		site_list_span(page, p, r->n, SITE_LIST_PAGE);
		tv_map_set(page, "pager", site_list_pager(s, l, p, pages));
		for (k = 0; k < (int)ARRAY_LEN(shapes); k++)
			tv_map_set_bool(page, shapes[k], (int)l->shape == k);
		tv_map_set(page, "unit", l->unit ? tv_str(&s->a, l->unit) : tv_null());
		tv_map_set(page, "rows", S_span(s, r, from, to));
		site_render(s, "list", page, S_page_path(s, l, p));
		arena_reset(&s->a);
	}
	arena_free(&s->a);
	s->a = outer;
}

struct tv *
site_list_records(struct site *s, const struct site_list *l, const uint32_t *recs, size_t n,
                  int depth, const struct tv **more)
{
	struct tv *head = tv_list(&s->a);
	struct site_rows rows;
	size_t i;

	for (i = 0; i < n && i < SITE_LIST_HEAD; i++)
		tv_list_push(head, site_item(s, &s->r->recs[recs[i]], depth));
	*more = site_list_more(s, l, n, depth);
	if (n <= SITE_LIST_HEAD)
		return head;
	memset(&rows, 0, sizeof(rows));
	for (i = 0; i < n; i++) {
		site_item_row(s, &rows.text, recs[i], NULL, l->depth);
		site_rows_end(&rows);
	}
	site_list_publish(s, l, &rows);
	site_rows_free(&rows);
	return head;
}

void
site_list_dashboard(struct site *s, struct tv *page, const char *key, const char *name,
                    const char *title, const uint32_t *recs, size_t n)
{
	struct site_list l = {0};
	const struct tv *more;

	l.prefix = arena_printf(&s->a, "lists/%s-", name);
	l.depth = 1;
	l.section = NULL;
	l.title = title;
	l.back = "../index.html";
	l.back_label = labels_get(s->l, "ui", "dashboard");
	l.shape = SITE_LIST_ITEMS;
	tv_map_set(page, key, site_list_records(s, &l, recs, n, 0, &more));
	tv_map_set(page, arena_printf(&s->a, "%s_more", key), more);
	tv_map_set_num(page, arena_printf(&s->a, "%s_count", key), (double)n);
	tv_map_set_bool(page, arena_printf(&s->a, "has_%s", key), n > 0);
}

void
site_backlog_row(struct site *s, struct site_rows *rows, uint32_t rec, int64_t age)
{
	const struct rec_info *in = &s->info[rec];
	struct buf *b = &rows->text;

	buf_adds(b, "<tr><th scope=\"row\">");
	site_record_link(b, in, 1);
	buf_adds(b, "</th><td>");
	html_escape(b, in->title, in->title_len);
	buf_adds(b, "</td><td class=\"date\">");
	buf_add(b, in->date_html, in->date_html_len);
	buf_addf(b, "</td><td class=\"num\">%lld</td><td>", (long long)age);
	site_status_tag(b, in);
	buf_adds(b, "</td></tr>\n");
	site_rows_end(rows);
}
