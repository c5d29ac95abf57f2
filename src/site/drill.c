/*
 * drill.c - the drill-down pages of stats/ and the rows of records behind
 * a figure (drill.h).
 */
#include "site/drill.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "model/value.h"
#include "site/figure.h"
#include "site/values.h"

/* ---- Lists of the records a figure counted ------------------------------ */

/*
 * Why a shipment line counts or misses, as the record says it: its
 * `issue` (" · 发错零件"), unless none. docs/site.md, "Names beside ids".
 */
static void
S_line_issue(struct site *s, struct buf *b, const struct fact *f)
{
	const struct node *lines = record_list(&s->r->recs[f->rec], KEY_lines), *issue;
	const char *label;

	if (!lines || lines->type != NODE_SEQ || f->line >= lines->n ||
	    lines->u.kids[f->line].type != NODE_MAP)
		return;
	issue = node_field(&lines->u.kids[f->line], KEY_issue);
	if (!issue || issue->type != NODE_SCALAR || node_is_str(issue, "none"))
		return;
	label = site_enum_label(s, F_shipment_line_issue, issue);
	buf_adds(b, " · <span class=\"reason\">");
	html_escape(b, label, strlen(label));
	buf_adds(b, "</span>");
}

/*
 * The record of a counted thing, linked to its page, and a shipment line's
 * number. Ids are made of letters, digits, '.', '_' and '-' (record_id_valid):
 * nothing in them or in the link needs escaping.
 */
static void
S_fact_link(struct site *s, struct buf *b, int m, const struct fact *f)
{
	const struct rec_info *in = &s->info[f->rec];
	/* The id is the end of the link, "../kind/ID.html": the record is not read. */
	const char *id = in->href ? in->href + in->href_len - in->id_len - 5 : NULL;

	if (id && s->has_page[f->rec]) {
		site_record_link(b, in, 1);
	} else if (id) {
		buf_add(b, id, in->id_len);
	}
	if (m == METRIC_PARTS_ACCURACY) {
		const char *line = site_stats_word(s, "line");

		buf_adds(b, " <span class=\"line\">");
		html_escape(b, line, strlen(line));
		buf_addf(b, " %u</span>", f->line + 1);
		S_line_issue(s, b, f);
	}
}

/* secs / unit with one decimal, rounded as stats_format_ratio rounds. */
static void
S_tenths(struct buf *b, int64_t secs, int64_t unit)
{
	char t[24];
	int n = 0;
	int64_t v;

	if (secs < 0) {
		stats_format_ratio(b, secs, unit, 1);
		return;
	}
	v = (20 * secs + unit) / (2 * unit);
	t[n++] = (char)('0' + v % 10);
	t[n++] = '.';
	v /= 10;
	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		buf_addc(b, t[--n]);
}

/*
 * A counted thing outside the numerator, or over the target, as a table
 * row: the record, what it is, its date, and a duration's value.
 */
static void
S_fact_row(struct site *s, struct buf *b, int m, const struct fact *f)
{
	const struct rec_info *in = &s->info[f->rec];
	char day[11];

	buf_adds(b, "<tr><th scope=\"row\">");
	S_fact_link(s, b, m, f);
	buf_adds(b, "</th><td>");
	html_escape(b, in->title, in->title_len);
	format_date(day, f->day);
	buf_adds(b, "</td><td class=\"date\">");
	site_time(s, b, day, 10);
	buf_adds(b, "</td>");
	if (stats_is_duration(m)) {
		const char *over = site_stats_word(s, "over_target");

		buf_adds(b, "<td class=\"num\">");
		S_tenths(b, f->secs, site_unit_secs(m));
		buf_adds(b, "</td><td><span class=\"tag st-missed\">✗ ");
		html_escape(b, over, strlen(over));
		buf_adds(b, "</span></td>");
	}
	buf_adds(b, "</tr>\n");
}

/*
 * The list items of a metric's facts, made once for all its drill-down
 * pages: item i is text[off[i] .. off[i + 1]), "<li>" then the record
 * linked, and a duration's value. A group's facts are in fact order, so
 * its list is read in order, not gathered from the records one by one.
 * </li> is left out (HTML allows it): a list can hold thousands.
 */
struct items {
	struct buf text;
	uint32_t *off;
	uint32_t *order, *rank; /* durations: facts longest first, and each fact's place there */
};

int
site_secs_desc(const void *pa, const void *pb)
{
	const struct secs_idx *a = pa, *b = pb;

	if (a->secs != b->secs)
		return a->secs < b->secs ? 1 : -1;
	return (a->i > b->i) - (a->i < b->i);
}

static void
S_items(struct site *s, int m, struct items *it)
{
	const struct metric_stats *ms = &s->o->stats->m[m];
	size_t i;

	memset(it, 0, sizeof(*it));
	it->off = xmalloc((ms->n + 1) * sizeof(*it->off));
	for (i = 0; i < ms->n; i++) {
		it->off[i] = (uint32_t)it->text.len;
		buf_adds(&it->text, "<li>");
		S_fact_link(s, &it->text, m, &ms->facts[i]);
		if (stats_is_duration(m) && !ms->facts[i].excluded) {
			buf_addc(&it->text, ' ');
			S_tenths(&it->text, ms->facts[i].secs, site_unit_secs(m));
		}
	}
	it->off[ms->n] = (uint32_t)it->text.len;
	if (stats_is_duration(m)) {
		struct secs_idx *v = xmalloc((ms->n + 1) * sizeof(*v));

		it->order = xmalloc((ms->n + 1) * sizeof(*it->order));
		it->rank = xmalloc((ms->n + 1) * sizeof(*it->rank));
		for (i = 0; i < ms->n; i++) {
			v[i].secs = ms->facts[i].secs;
			v[i].i = (uint32_t)i;
		}
		qsort(v, ms->n, sizeof(*v), site_secs_desc);
		for (i = 0; i < ms->n; i++) {
			it->order[i] = v[i].i;
			it->rank[v[i].i] = (uint32_t)i;
		}
		free(v);
	}
}

/* Sorts v[0..n) (each < 2^32, at most max) in place: a radix sort, 8 bits a pass. */
static void
S_radix(uint32_t *v, uint32_t *tmp, size_t n, uint32_t max)
{
	unsigned shift;
	size_t i, count[257];

	for (shift = 0; shift < 32 && (max >> shift); shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[((v[i] >> shift) & 255) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			tmp[count[(v[i] >> shift) & 255]++] = v[i];
		memcpy(v, tmp, n * sizeof(*v));
	}
}

static void
S_items_free(struct items *it)
{
	buf_free(&it->text);
	free(it->off);
	free(it->order);
	free(it->rank);
}

/* Item i of a metric's list, marked when over the target. */
static void
S_item(struct buf *b, const struct items *it, uint32_t i, int over)
{
	buf_add(b, it->text.buf + it->off[i], it->off[i + 1] - it->off[i]);
	if (over)
		buf_adds(b, " ✗");
}

/*
 * The records behind a group's figure, a row each (site_rows_end). For a
 * rate: those outside the numerator as table rows into miss, those in it
 * as list items into all.
 * For a duration: those over the target as rows into miss, every one as a
 * list item into all (from it), longest first. Either buffer may be NULL. Returns
 * the number of rows (outside the numerator, or over the target).
 */
size_t
site_fact_rows(struct site *s, int m, const struct group *g, struct site_rows *miss,
               struct site_rows *all, const struct items *it)
{
	const struct fact *facts = s->o->stats->m[m].facts;
	size_t i, n = 0;

	if (!stats_is_duration(m)) {
		for (i = 0; i < g->n; i++) {
			const struct fact *f = &facts[g->facts[i]];

			if (f->hit && all) {
				S_item(&all->text, it, g->facts[i], 0);
				site_rows_end(all);
			} else if (!f->hit && miss) {
				S_fact_row(s, &miss->text, m, f);
				site_rows_end(miss);
			}
			n += !f->hit;
		}
		return n;
	}
	{
		double limit = g->fig.target * (double)site_unit_secs(m);
		uint32_t *v = xmalloc((g->n ? g->n : 1) * sizeof(*v)), *tmp = NULL, f;
		struct secs_idx *w = NULL;

		/* Longest first: by the metric's ranks (a radix sort), or sorted here. */
		if (it && it->rank) {
			tmp = xmalloc((g->n ? g->n : 1) * sizeof(*tmp));
			for (i = 0; i < g->n; i++)
				v[i] = it->rank[g->facts[i]];
			S_radix(v, tmp, g->n, (uint32_t)s->o->stats->m[m].n);
			for (i = 0; i < g->n; i++)
				v[i] = it->order[v[i]];
		} else {
			w = xmalloc((g->n ? g->n : 1) * sizeof(*w));
			for (i = 0; i < g->n; i++) {
				w[i].secs = facts[g->facts[i]].secs;
				w[i].i = g->facts[i];
			}
			qsort(w, g->n, sizeof(*w), site_secs_desc);
			for (i = 0; i < g->n; i++)
				v[i] = w[i].i;
		}
		for (i = 0; i < g->n; i++) {
			int over;

			f = v[i];
			if (facts[f].excluded)
				continue; /* listed apart: S_excluded_rows */
			over = g->fig.has_target && (double)facts[f].secs > limit;
			if (all) {
				S_item(&all->text, it, f, over);
				site_rows_end(all);
			}
			if (over && miss) {
				S_fact_row(s, &miss->text, m, &facts[f]);
				site_rows_end(miss);
			}
			n += over;
		}
		free(v);
		free(tmp);
		free(w);
	}
	return n;
}

/* A date of record rec as pages show it, after its field's name. */
static void
S_dated(struct site *s, struct buf *b, const struct record *rec, enum schema_key k,
        const char *field)
{
	const struct node *v = record_value(rec, k);
	const char *label = labels_get(s->l, "field", field);

	buf_adds(b, "<span class=\"field\">");
	html_escape(b, label, strlen(label));
	buf_adds(b, "</span> ");
	if (v && v->type == NODE_SCALAR)
		site_time(s, b, v->u.str, node_len(v));
}

/*
 * The records of a duration's group left out of its figure, their dates
 * out of order (docs/metrics.md, "Durations out of order"), as rows: the
 * record, what it is, and its two dates, start and end. Returns their
 * number.
 */
static size_t
S_excluded_rows(struct site *s, int m, const struct group *g, struct site_rows *rows)
{
	const struct fact *facts = s->o->stats->m[m].facts;
	int complaint = m == METRIC_COMPLAINT_CLOSE_DAYS;
	size_t i, n = 0;

	for (i = 0; i < g->n; i++) {
		const struct fact *f = &facts[g->facts[i]];
		const struct record *rec = &s->r->recs[f->rec];
		const struct rec_info *in = &s->info[f->rec];
		const char *end = m == METRIC_ARRIVAL_HOURS ? "arrived"
		                  : f->by_closed            ? "closed"
		                                            : "resolved";

		if (!f->excluded)
			continue;
		buf_adds(&rows->text, "<tr><th scope=\"row\">");
		S_fact_link(s, &rows->text, m, f);
		buf_adds(&rows->text, "</th><td>");
		html_escape(&rows->text, in->title, in->title_len);
		buf_adds(&rows->text, "</td><td class=\"date\">");
		S_dated(s, &rows->text, rec, complaint ? KEY_received : KEY_reported,
		        complaint ? "received" : "reported");
		buf_adds(&rows->text, "</td><td class=\"date\">");
		S_dated(s, &rows->text, rec,
		        m == METRIC_ARRIVAL_HOURS ? KEY_arrived
		        : f->by_closed            ? KEY_closed
		                                  : KEY_resolved,
		        end);
		buf_adds(&rows->text, "</td></tr>\n");
		site_rows_end(rows);
		n++;
	}
	return n;
}

/* ---- stats/: drill-down pages ---------------------------------------- */

/* The breakdowns with drill-down pages; weeks link to their weekly report instead. */
static const int S_drill_dims[] = {DIM_ALL, DIM_MONTH, DIM_REGION, DIM_MODEL, DIM_TYPE, DIM_STAFF};

/*
 * A drill-down page's list `what` (missing, counted, all) in full, when the
 * page shows only its head: stats/NAME-WHAT-pK.html beside the page
 * stats/NAME.html. Returns its link for the page (site_list_more).
 */
static const struct tv *
S_drill_list(struct site *s, const char *file, const char *title, const char *what,
             const char *label, enum site_list_shape shape, const struct site_rows *rows)
{
	struct site_list l = {0};

	if (rows->n <= SITE_LIST_HEAD)
		return tv_null();
	l.prefix = arena_printf(&s->a, "stats/%.*s-%s-p", (int)(strlen(file) - 5), file, what);
	l.depth = 1;
	l.section = NULL;
	l.title = arena_printf(&s->a, "%s · %s", title, site_stats_word(s, label));
	l.back = file;
	l.back_label = title;
	l.shape = shape;
	site_list_publish(s, &l, rows);
	return site_list_more(s, &l, rows->n, 1);
}

/* The drill-down page of group gi of metric m by dim: the records behind the figure. */
static void
S_drill_page(struct site *s, int m, int dim, size_t gi, const struct items *it,
             struct site_rows *miss, struct site_rows *hit)
{
	const struct group *g = &s->o->stats->m[m].groups[dim][gi];
	const char *mlabel = site_metric_label(s, m);
	const char *klabel = dim == DIM_ALL    ? site_stats_word(s, "overall")
	                     : dim == DIM_TYPE ? labels_get3(s->l, "enum", "type", g->key)
	                                       : g->key;
	const char *title =
	    dim == DIM_ALL ? arena_printf(&s->a, "%s · %s", mlabel, klabel)
	                   : arena_printf(&s->a, "%s · %s %s", mlabel,
	                                  labels_get(s->l, "dim", stats_dim_names[dim]), klabel);
	const char *file = site_drill_file(s, m, dim, gi, g->key);
	struct tv *page = site_page(s, title, 1, NULL),
	          *fig = site_metric_figure(s, m, &g->fig, NULL, 1);
	int rate = !stats_is_duration(m);
	size_t over;

	site_rows_reset(miss);
	site_rows_reset(hit);
	/* A duration's records over the target are marked in the list of all. */
	over = site_fact_rows(s, m, g, rate ? miss : NULL, hit, it);
	/* A duration's records left out, dates out of order: into miss, unused for it. */
	if (!rate)
		S_excluded_rows(s, m, g, miss);
	site_stats_key(s, fig, dim, g->key, 1);
	tv_map_set(page, "figure", fig);
	site_set_ref(s, page, "mlabel", mlabel);
	site_set_ref(s, page, "dim_label", labels_get(s->l, "dim", stats_dim_names[dim]));
	tv_map_set_bool(page, "is_all", dim == DIM_ALL);
	site_set_ref(s, page, "back", dim == DIM_ALL ? "index.html" : site_stats_files[dim]);
	site_set_ref(s, page, "back_label",
	             site_stats_word(s, dim == DIM_ALL ? "overview" : site_stats_titles[dim]));
	tv_map_set_bool(page, "is_rate", rate);
	tv_map_set_bool(page, "is_parts", m == METRIC_PARTS_ACCURACY);
	tv_map_set_num(page, "missing", (double)(g->fig.den - g->fig.num));
	tv_map_set_num(page, "counted", (double)g->fig.num);
	tv_map_set_num(page, "all", (double)(rate ? g->n : (size_t)g->fig.den));
	tv_map_set_num(page, "excluded", (double)g->fig.excluded);
	tv_map_set_num(page, "over", (double)over);
	site_set_ref(s, page, "unit", site_unit(s, m));
	/* Each list's head here, the whole on pages of its own (docs/site.md, "Long lists"). */
	tv_map_set(page, "missing_html", site_rows_head(s, miss));
	tv_map_set(page, "counted_html", site_rows_head(s, hit));
	tv_map_set(
	    page, "more_missing",
	    rate ? S_drill_list(s, file, title, "missing", "drill_missing", SITE_LIST_DRILL, miss)
	         : S_drill_list(s, file, title, "excluded", "drill_excluded", SITE_LIST_EXCLUDED,
	                        miss));
	tv_map_set(page, "more_counted",
	           rate
	               ? S_drill_list(s, file, title, "counted", "drill_counted", SITE_LIST_UL, hit)
	               : S_drill_list(s, file, title, "all", "drill_all", SITE_LIST_OL, hit));
	site_render(s, "stats-drill", page, site_cat(&s->a, "stats/", file, NULL, NULL));
}

/* The drill-down pages of metric m: overall, and per month, region, model, type, staff. */
void
site_drill_metric(struct site *s, int m)
{
	const struct metric_stats *ms = &s->o->stats->m[m];
	struct site_rows miss, hit;
	struct items it;
	size_t d, gi;

	memset(&miss, 0, sizeof(miss));
	memset(&hit, 0, sizeof(hit));
	S_items(s, m, &it);
	for (d = 0; d < ARRAY_LEN(S_drill_dims); d++)
		for (gi = 0;
		     gi < ms->ngroups[S_drill_dims[d]] && !s->failed && !publish_interrupted();
		     gi++) {
			S_drill_page(s, m, S_drill_dims[d], gi, &it, &miss, &hit);
			arena_reset(&s->a);
		}
	S_items_free(&it);
	site_rows_free(&miss);
	site_rows_free(&hit);
}
