/*
 * stats_pages.c - the pages of stats/ but the drill-down pages, with a CSV
 * and a JSON beside every table (stats_pages.h).
 */
#include "site/stats_pages.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "check/validate.h"
#include "site/dashboard.h"
#include "site/drill.h"
#include "site/figure.h"
#include "site/list.h"
#include "site/svg.h"

/* The backlog's buckets of age in days: their keys in the CSV, and their words. */
static const char *const S_age_keys[4] = {"0-2", "3-7", "8-30", "31+"};
static const char *const S_age_labels[4] = {"age_0_2", "age_3_7", "age_8_30", "age_31"};

/* cents / per in yuan: `dec` decimals, or (dec < 0) as the JSON writes it; in the page's arena. */
static char *
S_money(struct site *s, stats_cents cents, int64_t per, int dec)
{
	struct buf b = BUF_INIT;
	char *out;

	if (dec < 0)
		stats_format_json_money(&b, cents, per);
	else
		stats_format_money(&b, cents, per, dec);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* ---- Exports ------------------------------------------------------------ */

static void
S_publish(struct site *s, const char *path, const struct buf *b)
{
	if (publish_file(s->pub, path, buf_str(b), b->len) < 0)
		s->failed = 1;
}

/* A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
static void
S_csv(struct buf *b, const char *v, int first)
{
	if (!first)
		buf_addc(b, ',');
	stats_csv_field(b, v);
}

static void
S_csv_end(struct buf *b)
{
	buf_adds(b, "\r\n");
}

/* Publishes a CSV of svcgen stats --format csv with RFC 4180's CRLF line breaks. */
static void
S_publish_crlf(struct site *s, const char *path, const struct buf *csv)
{
	struct buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < csv->len; i++) {
		if (csv->buf[i] == '\n' && (i == 0 || csv->buf[i - 1] != '\r'))
			buf_addc(&out, '\r');
		buf_addc(&out, csv->buf[i]);
	}
	S_publish(s, path, &out);
	buf_free(&out);
}

/*
 * The text of member `key` of the top-level object of JSON text j, as a
 * span. -1 when there is none.
 */
static int
S_json_member(const char *j, size_t n, const char *key, size_t *at, size_t *len)
{
	size_t i, klen = strlen(key), kstart = 0, vstart = 0;
	int depth = 0, in_str = 0, want_key = 0, found = 0;

	for (i = 0; i < n; i++) {
		char c = j[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"') {
				in_str = 0;
				if (depth == 1 && want_key && i - kstart == klen &&
				    !memcmp(j + kstart, key, klen)) {
					size_t k = i + 1;

					while (k < n && (j[k] == ' ' || j[k] == '\n' ||
					                 j[k] == '\t' || j[k] == '\r'))
						k++;
					if (k < n && j[k] == ':') {
						vstart = k + 1;
						found = 1;
					}
				}
				want_key = 0;
			}
			continue;
		}
		if (c == '"') {
			in_str = 1;
			kstart = i + 1;
		} else if (c == '{' || c == '[') {
			if (depth == 0)
				want_key = 1;
			depth++;
		} else if (c == '}' || c == ']' || (c == ',' && depth == 1)) {
			if (depth == 1 && found && vstart) {
				size_t e = i;

				while (vstart < e && (j[vstart] == ' ' || j[vstart] == '\n'))
					vstart++;
				while (e > vstart && (j[e - 1] == ' ' || j[e - 1] == '\n'))
					e--;
				*at = vstart;
				*len = e - vstart;
				return 0;
			}
			if (c != ',')
				depth--;
			want_key = depth == 1;
		}
	}
	return -1;
}

/*
 * Publishes {key: ...} of the figures' JSON (svcgen stats --format json,
 * stats/stats.json, which says as_of and period): a part that changes only
 * when its figures do.
 */
static void
S_publish_json_part(struct site *s, const struct buf *json, const char *key, const char *path)
{
	struct buf out = BUF_INIT;
	size_t at, len;

	if (S_json_member(json->buf, json->len, key, &at, &len) < 0)
		return;
	buf_addf(&out, "{\n  \"%s\": ", key);
	buf_add(&out, json->buf + at, len);
	buf_adds(&out, "\n}\n");
	S_publish(s, path, &out);
	buf_free(&out);
}

/* {csv, json}: the files beside a table, for downloads.mustache. */
static struct tv *
S_downloads(struct site *s, const char *csv, const char *json)
{
	struct tv *d = tv_map(&s->a);

	site_set_ref(s, d, "csv", csv);
	site_set_ref(s, d, "json", json);
	return d;
}

/* ---- stats/: the section's pages -------------------------------------- */

/* The section's navigation, `current` (an SP_ page, or -1) marked. */
static struct tv *
S_subnav(struct site *s, int current)
{
	struct tv *nav = tv_list(&s->a);
	int p;

	for (p = 0; p < SP__COUNT; p++) {
		struct tv *it = tv_map(&s->a);

		site_set_ref(s, it, "href", site_stats_files[p]);
		site_set_ref(s, it, "label", site_stats_word(s, site_stats_titles[p]));
		tv_map_set_bool(it, "current", p == current);
		tv_list_push(nav, it);
	}
	return nav;
}

static struct tv *
S_stats_page(struct site *s, const char *title, int current)
{
	struct tv *page = site_page(s, title, 1, NULL);

	tv_map_set(page, "stats_nav", S_subnav(s, current));
	return page;
}

/* stats/index.html: every metric overall, the sign-off rating, the section's contents. */
static void
S_index(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	struct tv *page = S_stats_page(s, labels_get(s->l, "ui", "statistics"), SP_INDEX),
	          *rows = tv_list(&s->a);
	struct tv *so = tv_map(&s->a), *pages = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	int m, p;

	for (m = 0; m < METRIC__COUNT; m++)
		tv_list_push(rows, site_metric_figure(s, m, &st->m[m].groups[DIM_ALL][0].fig,
		                                      site_drill_file(s, m, DIM_ALL, 0, ""), 1));
	tv_map_set(page, "figures", rows);
	site_set_ref(s, so, "value",
	             st->signoff.has_value
	                 ? site_ratio(s, 100 * st->signoff.num, st->signoff.den, 1)
	                 : site_stats_word(s, "na"));
	tv_map_set_bool(so, "has_value", st->signoff.has_value);
	tv_map_set_num(so, "num", (double)st->signoff.num);
	tv_map_set_num(so, "den", (double)st->signoff.den);
	tv_map_set(page, "signoff", so);
	for (p = 1; p < SP__COUNT; p++) {
		struct tv *it = tv_map(&s->a);

		site_set_ref(s, it, "href", site_stats_files[p]);
		site_set_ref(s, it, "label", site_stats_word(s, site_stats_titles[p]));
		tv_list_push(pages, it);
	}
	tv_map_set(page, "pages", pages);
	tv_map_set(page, "downloads", S_downloads(s, "overall.csv", "overall.json"));
	site_as_of(s, page);
	site_render(s, "stats", page, "stats/index.html");
	stats_print(&csv, st, STATS_CSV, 1u << DIM_ALL);
	S_publish_crlf(s, "stats/overall.csv", &csv);
	buf_free(&csv);
	S_publish_json_part(s, json, "metrics", "stats/overall.json");
}

/*
 * Every month or week (dim) from first to last, in order: a trend's time
 * axis, where a period without figures is a gap.
 */
static const char **
S_time_keys(struct site *s, int dim, const char *first, const char *last, size_t *n)
{
	int64_t from, to, end, day;
	const char **keys;
	size_t k = 0;

	stats_period(first, &from, &end);
	stats_period(last, &to, &end);
	if (dim == DIM_MONTH) {
		int32_t a = site_month_of(from), b = site_month_of(to), o;

		keys = arena_alloc(&s->a, (size_t)(b - a + 1) * sizeof(*keys));
		for (o = a; o <= b; o++)
			keys[k++] = site_period_key(s, 0, o);
	} else {
		keys = arena_alloc(&s->a, (size_t)((to - from) / 7 + 1) * sizeof(*keys));
		for (day = from; day <= to; day += 7)
			keys[k++] = site_period_key(s, 1, site_week_of(day));
	}
	*n = k;
	return keys;
}

static int
S_strp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Every metric's groups' keys of dim, once each, in byte order (the
 * groups' order): the rows of the tables by dim; their count.
 */
static size_t
S_dim_keys(struct site *s, int dim, const char ***out)
{
	const struct stats *st = s->o->stats;
	const char **keys;
	size_t n = 0, k = 0, i;
	int m;

	/* The metrics' groups and the complaints' (METRIC__COUNT). */
	for (m = 0; m <= METRIC__COUNT; m++)
		n += (m < METRIC__COUNT ? &st->m[m] : &st->complaints)->ngroups[dim];
	keys = arena_alloc(&s->a, (n + 1) * sizeof(*keys));
	for (m = 0; m <= METRIC__COUNT; m++) {
		const struct metric_stats *ms = m < METRIC__COUNT ? &st->m[m] : &st->complaints;

		for (i = 0; i < ms->ngroups[dim]; i++)
			keys[k++] = ms->groups[dim][i].key;
	}
	qsort(keys, n, sizeof(*keys), S_strp_cmp);
	for (i = 0, k = 0; i < n; i++)
		if (!k || strcmp(keys[k - 1], keys[i]))
			keys[k++] = keys[i];
	*out = keys;
	return k;
}

/*
 * Metric m's table on a page of stats/by-DIM.html: {metric, label,
 * is_rate, rows, count, chart}, its groups from *gi on up to the key
 * `end` (NULL: to the last), *gi left after them; on the first page
 * (first) of a time breakdown, its trend.
 */
static struct tv *
S_dim_metric(struct site *s, int dim, int m, const char *end, size_t *gi, int first,
             struct buf *svg)
{
	const struct metric_stats *ms = &s->o->stats->m[m];
	struct tv *sec = tv_map(&s->a), *rows = tv_list(&s->a);
	int time = dim == DIM_MONTH || dim == DIM_WEEK;

	site_set_ref(s, sec, "metric", metric_names[m]);
	site_set_ref(s, sec, "label", site_metric_label(s, m));
	tv_map_set_bool(sec, "is_rate", !stats_is_duration(m));
	for (; *gi < ms->ngroups[dim] && (!end || strcmp(ms->groups[dim][*gi].key, end) < 0);
	     ++*gi) {
		const struct group *g = &ms->groups[dim][*gi];
		struct tv *row =
		    site_figure(s, m, &g->fig, site_figure_href(s, m, dim, *gi, g->key, ""), 1);

		site_stats_key(s, row, dim, g->key, 1);
		tv_list_push(rows, row);
	}
	tv_map_set(sec, "rows", rows);
	/* The count is the metric's, every page: the table holds some of them. */
	tv_map_set_num(sec, "count", (double)ms->ngroups[dim]);
	tv_map_set(sec, "chart", tv_null());
	if (time && ms->ngroups[dim] && first) {
		size_t n;
		const char **tk = S_time_keys(s, dim, ms->groups[dim][0].key,
		                              ms->groups[dim][ms->ngroups[dim] - 1].key, &n);
		struct pt *pt = site_points(s, m, dim, tk, n);

		site_svg_line(s, svg, arena_printf(&s->a, "c-%s", metric_names[m]),
		              arena_printf(&s->a, "%s · %s", site_metric_label(s, m),
		                           site_stats_word(s, site_stats_titles[dim])),
		              site_trend_desc(s, m, pt, n), pt, n, !stats_is_duration(m), 0);
		tv_map_set(sec, "chart", site_chart_tv(s, svg));
	}
	return sec;
}

/*
 * Where the complaints of group gi of breakdown dim are listed, from
 * stats/: a week's and a month's in their report, those of a region, a
 * model or a staff member on a page of their own,
 * stats/complaints-DIM-K.html (K: the group's place in byte order, as
 * the drill-down pages' names).
 */
static const char *
S_complaints_href(struct site *s, int dim, size_t gi, const char *key)
{
	if (dim == DIM_WEEK || dim == DIM_MONTH)
		return arena_printf(&s->a, "../reports/%s-%s.html#h-complaints",
		                    dim == DIM_WEEK ? "week" : "month", key);
	return arena_printf(&s->a, "complaints-%s-%zu.html", stats_dim_names[dim], gi + 1);
}

/*
 * stats/complaints-DIM-K.html: the complaints a group of region, model or
 * staff counted, with their status now; the first 20 and the full list
 * (stats/complaints-DIM-K-received-pN.html).
 */
static void
S_complaints_page(struct site *s, int dim, size_t gi, const struct group *g)
{
	const struct metric_stats *ms = &s->o->stats->complaints;
	const char *file = S_complaints_href(s, dim, gi, g->key);
	uint32_t *recs = xmalloc((g->n + 1) * sizeof(*recs));
	struct tv *page, *row = tv_map(&s->a), *items;
	const struct tv *more = NULL;
	struct site_list l = {0};
	const char *title;
	size_t i;

	for (i = 0; i < g->n; i++)
		recs[i] = ms->facts[g->facts[i]].rec;
	site_stats_key(s, row, dim, g->key, 1);
	/* region, model, staff: the key is the text shown (no type's label) */
	title = arena_printf(&s->a, "%s · %s %s", site_stats_word(s, "complaints"),
	                     labels_get(s->l, "dim", stats_dim_names[dim]), g->key);
	page = site_page(s, title, 1, NULL);
	l.prefix = arena_printf(&s->a, "stats/%.*s-received-p", (int)(strlen(file) - 5), file);
	l.depth = 1;
	l.title = title;
	l.back = file;
	l.back_label = title;
	l.shape = SITE_LIST_ITEMS;
	items = site_list_records(s, &l, recs, g->n, 1, &more);
	tv_map_set(page, "group", row);
	tv_map_set(page, "items", items);
	tv_map_set(page, "more", more);
	tv_map_set_num(page, "received", (double)g->fig.den);
	tv_map_set_num(page, "closed", (double)g->fig.num);
	site_set_ref(s, page, "share", site_ratio(s, 100 * g->fig.num, g->fig.den, 1));
	site_set_ref(s, page, "back", site_stats_files[dim]);
	site_set_ref(s, page, "back_label", site_stats_word(s, site_stats_titles[dim]));
	site_set_ref(s, page, "dim_label", labels_get(s->l, "dim", stats_dim_names[dim]));
	site_render(s, "stats-complaints-group", page, arena_printf(&s->a, "stats/%s", file));
	free(recs);
}

/*
 * The complaints' table on a page of stats/by-DIM.html: {rows, count},
 * a row {key, key_href, key_note, received, closed, share, href} per group
 * from *gi on up to the key `end` (NULL: to the last), as S_dim_metric;
 * each group's complaints listed where href says.
 */
static struct tv *
S_dim_complaints(struct site *s, int dim, const char *end, size_t *gi)
{
	const struct metric_stats *ms = &s->o->stats->complaints;
	struct tv *sec = tv_map(&s->a), *rows = tv_list(&s->a);

	for (; *gi < ms->ngroups[dim] && (!end || strcmp(ms->groups[dim][*gi].key, end) < 0);
	     ++*gi) {
		const struct group *g = &ms->groups[dim][*gi];
		struct tv *row = tv_map(&s->a);

		if (dim != DIM_WEEK && dim != DIM_MONTH)
			S_complaints_page(s, dim, *gi, g);
		site_set_ref(s, row, "href", S_complaints_href(s, dim, *gi, g->key));
		site_stats_key(s, row, dim, g->key, 1);
		tv_map_set_num(row, "received", (double)g->fig.den);
		tv_map_set_num(row, "closed", (double)g->fig.num);
		site_set_ref(s, row, "share",
		             g->fig.den ? site_ratio(s, 100 * g->fig.num, g->fig.den, 1)
		                        : site_stats_word(s, "na"));
		tv_map_set_bool(row, "has_share", g->fig.den > 0);
		tv_list_push(rows, row);
	}
	tv_map_set(sec, "rows", rows);
	tv_map_set_num(sec, "count", (double)ms->ngroups[dim]);
	return sec;
}

/*
 * stats/by-DIM.html: a table per metric, each figure against its target;
 * trends for time. More than SITE_LIST_GROUPS groups are cut into pages
 * (by-DIM.html, by-DIM-p2.html, ...), each with the same keys in every
 * metric's table; the trends are on the first, the downloads whole on each.
 */
static void
S_dim_page(struct site *s, int dim, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	const char *name = stats_dim_names[dim];
	const char **keys;
	struct site_list l = {0};
	size_t nkeys = S_dim_keys(s, dim, &keys), pages, p;
	struct buf svg = BUF_INIT, csv = BUF_INIT;
	size_t gi[METRIC__COUNT] = {0}, gc = 0;
	int m;

	pages = nkeys > SITE_LIST_GROUPS ? (nkeys + SITE_LIST_GROUPS - 1) / SITE_LIST_GROUPS : 1;
	l.prefix = arena_printf(&s->a, "stats/by-%s-p", name);
	l.first = arena_printf(&s->a, "by-%s.html", name);
	for (p = 1; p <= pages && !s->failed; p++) {
		struct tv *page = S_stats_page(s, site_stats_word(s, site_stats_titles[dim]), dim),
		          *secs = tv_list(&s->a);
		/* This page's keys: from keys[lo] to before keys[hi] (none: to the end). */
		size_t lo = (p - 1) * SITE_LIST_GROUPS, hi = p * SITE_LIST_GROUPS;

		for (m = 0; m < METRIC__COUNT; m++)
			tv_list_push(secs, S_dim_metric(s, dim, m, hi < nkeys ? keys[hi] : NULL,
			                                &gi[m], p == 1, &svg));
		tv_map_set(page, "metrics", secs);
		/* Complaints have no ticket type (docs/metrics.md, "Breakdowns"). */
		tv_map_set(page, "complaints",
		           dim == DIM_TYPE
		               ? tv_null()
		               : S_dim_complaints(s, dim, hi < nkeys ? keys[hi] : NULL, &gc));
		site_set_ref(s, page, "dim_label", labels_get(s->l, "dim", name));
		tv_map_set_bool(page, "is_week", dim == DIM_WEEK);
		tv_map_set(page, "downloads",
		           S_downloads(s, arena_printf(&s->a, "by-%s.csv", name),
		                       arena_printf(&s->a, "by-%s.json", name)));
		tv_map_set(page, "pager", pages > 1 ? site_list_pager(s, &l, p, pages) : tv_null());
		tv_map_set_num(page, "page", (double)p);
		tv_map_set_num(page, "pages", (double)pages);
		tv_map_set_num(page, "from_key", (double)(lo + 1));
		tv_map_set_num(page, "to_key", (double)(hi < nkeys ? hi : nkeys));
		tv_map_set_num(page, "keys", (double)nkeys);
		site_render(s, "stats-dim", page,
		            p == 1 ? arena_printf(&s->a, "stats/%s", l.first)
		                   : arena_printf(&s->a, "%s%zu.html", l.prefix, p));
	}
	stats_print(&csv, st, STATS_CSV, 1u << dim);
	S_publish_crlf(s, arena_printf(&s->a, "stats/by-%s.csv", name), &csv);
	S_publish_json_part(s, json, arena_printf(&s->a, "by_%s", name),
	                    arena_printf(&s->a, "stats/by-%s.json", name));
	buf_free(&svg);
	buf_free(&csv);
}

/*
 * The pages of a table of n rows cut into SITE_LIST_GROUPS a page: NAME.html,
 * then NAME-p2.html, ... in stats/ (docs/site.md, "Long lists"). The name of
 * the page holding row i, and page p's {pager, page, pages, from, to, rows}.
 */
static const char *
S_table_file(struct site *s, const char *name, size_t i)
{
	size_t p = i / SITE_LIST_GROUPS + 1;

	return p == 1 ? arena_printf(&s->a, "%s.html", name)
	              : arena_printf(&s->a, "%s-p%zu.html", name, p);
}

static void
S_table_pager(struct site *s, struct tv *page, const char *name, size_t p, size_t n)
{
	size_t pages = site_list_span(page, p, n, SITE_LIST_GROUPS);
	struct site_list l = {0};

	l.prefix = arena_printf(&s->a, "stats/%s-p", name);
	l.first = arena_printf(&s->a, "%s.html", name);
	tv_map_set(page, "pager", pages > 1 ? site_list_pager(s, &l, p, pages) : tv_null());
}

/* The work of stats/key-parts.html: its three CSV files, a part's chart and failing tickets. */
struct parts_work {
	struct buf csv, months, batches, svg;
	struct site_rows rows;
	struct site_list l;
};

/*
 * Key part kp's failures by month: rows {month, failures, alert} into
 * mrows, bars p[0..kp->nmonths) and lines of key-parts-months.csv.
 * Returns the number of months over its threshold.
 */
static size_t
S_part_months(struct site *s, const struct key_part *kp, struct tv *mrows, struct pt *p,
              struct buf *months)
{
	size_t k, na = 0;

	for (k = 0; k < kp->nmonths; k++) {
		struct tv *mr = tv_map(&s->a);
		int alert = kp->by_month[k].n > kp->threshold;

		na += alert;
		site_set_ref(s, mr, "month", kp->by_month[k].key);
		tv_map_set_num(mr, "failures", (double)kp->by_month[k].n);
		tv_map_set_bool(mr, "alert", alert);
		tv_list_push(mrows, mr);
		memset(&p[k], 0, sizeof(p[k]));
		p[k].label = kp->by_month[k].key;
		p[k].v = (double)kp->by_month[k].n;
		p[k].has = 1;
		p[k].has_t = 1;
		p[k].t = kp->threshold;
		p[k].mark = alert;
		S_csv(months, kp->id, 1), S_csv(months, kp->by_month[k].key, 0);
		buf_addf(months, ",%lld,%d,%s", (long long)kp->by_month[k].n, kp->threshold,
		         alert ? "true" : "false");
		S_csv_end(months);
	}
	return na;
}

/* Key part kp's failures by batch: rows {batch, failures} into brows, lines of
 * key-parts-batches.csv. */
static void
S_part_batches(struct site *s, const struct key_part *kp, struct tv *brows, struct buf *batches)
{
	size_t k;

	for (k = 0; k < kp->nbatches; k++) {
		struct tv *br = tv_map(&s->a);
		int unknown = !strcmp(kp->by_batch[k].key, "unknown");

		site_set_ref(s, br, "batch",
		             unknown ? site_stats_word(s, "unknown_batch") : kp->by_batch[k].key);
		tv_map_set_num(br, "failures", (double)kp->by_batch[k].n);
		tv_list_push(brows, br);
		S_csv(batches, kp->id, 1), S_csv(batches, kp->by_batch[k].key, 0);
		buf_addf(batches, ",%lld", (long long)kp->by_batch[k].n);
		S_csv_end(batches);
	}
}

/*
 * Key part i as a row of the page: {id, anchor, href, name, threshold,
 * failures, alerts, months, batches, rows, more, chart}, its failing
 * tickets the first here and all on pages of their own; and its line of
 * key-parts.csv.
 */
static struct tv *
S_part_row(struct site *s, size_t i, struct parts_work *w)
{
	const struct key_part *kp = &s->o->stats->parts[i];
	struct tv *row = tv_map(&s->a), *mrows = tv_list(&s->a), *brows = tv_list(&s->a);
	struct pt *p = arena_alloc(&s->a, (kp->nmonths + 1) * sizeof(*p));
	size_t na, k;

	site_set_ref(s, row, "id", kp->id);
	site_set_ref(s, row, "anchor", arena_printf(&s->a, "p-%zu", i + 1));
	tv_map_set(row, "href", site_id_href(s, kp->id, 1));
	site_set_ref(s, row, "name", kp->name ? kp->name : "");
	tv_map_set_num(row, "threshold", kp->threshold);
	tv_map_set_num(row, "failures", (double)kp->failures);
	na = S_part_months(s, kp, mrows, p, &w->months);
	S_part_batches(s, kp, brows, &w->batches);
	/* The failing tickets: the first here, all on pages of their own. */
	site_rows_reset(&w->rows);
	for (k = 0; k < kp->nrecs; k++)
		if (s->has_page[kp->recs[k]]) {
			site_item_row(s, &w->rows.text, kp->recs[k], NULL, 1);
			site_rows_end(&w->rows);
		}
	w->l.prefix = arena_printf(&s->a, "stats/key-parts-%zu-p", i + 1);
	w->l.title = arena_printf(&s->a, "%s · %s", kp->id, site_stats_word(s, "failing_tickets"));
	w->l.back = arena_printf(&s->a, "%s#p-%zu", S_table_file(s, "key-parts", i), i + 1);
	site_list_publish(s, &w->l, &w->rows);
	tv_map_set(row, "more", site_list_more(s, &w->l, w->rows.n, 1));
	tv_map_set_num(row, "alerts", (double)na);
	tv_map_set(row, "months", mrows);
	tv_map_set(row, "batches", brows);
	tv_map_set(row, "rows", site_rows_head(s, &w->rows));
	tv_map_set(row, "chart", tv_null());
	if (kp->nmonths) {
		site_svg_bars(s, &w->svg, arena_printf(&s->a, "c-p%zu", i + 1),
		              arena_printf(&s->a, "%s %s · %s", kp->id, kp->name ? kp->name : "",
		                           site_stats_word(s, "failures_by_month")),
		              arena_printf(&s->a, "%s %s – %s. %s %d.",
		                           site_stats_word(s, "failures_by_month"),
		                           kp->by_month[0].key, kp->by_month[kp->nmonths - 1].key,
		                           site_stats_word(s, "threshold"), kp->threshold),
		              p, kp->nmonths);
		tv_map_set(row, "chart", site_chart_tv(s, &w->svg));
	}
	S_csv(&w->csv, kp->id, 1), S_csv(&w->csv, kp->name ? kp->name : "", 0);
	buf_addf(&w->csv, ",%d,%lld,%zu", kp->threshold, (long long)kp->failures, na);
	S_csv_end(&w->csv);
	return row;
}

/*
 * stats/key-parts.html: failures per key part per month, alerts, batches;
 * more than SITE_LIST_GROUPS parts go on key-parts-p2.html and on, the
 * alerts on the first page.
 */
static void
S_key_parts(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	size_t pages = st->nparts > SITE_LIST_GROUPS
	                   ? (st->nparts + SITE_LIST_GROUPS - 1) / SITE_LIST_GROUPS
	                   : 1;
	struct tv **summary = arena_alloc(&s->a, pages * sizeof(*summary));
	struct tv **parts = arena_alloc(&s->a, pages * sizeof(*parts)), *alerts;
	const struct tv *more;
	struct parts_work w;
	size_t i, k, nalerts;

	memset(&w, 0, sizeof(w));
	for (k = 0; k < pages; k++) {
		summary[k] = tv_list(&s->a);
		parts[k] = tv_list(&s->a);
	}
	w.l.depth = 1;
	w.l.section = NULL;
	w.l.back_label = site_stats_word(s, "key_parts");
	w.l.shape = SITE_LIST_ITEMS;

	S_csv(&w.csv, "part", 1), S_csv(&w.csv, "name", 0), S_csv(&w.csv, "threshold", 0);
	S_csv(&w.csv, "failures", 0), S_csv(&w.csv, "alerts", 0), S_csv_end(&w.csv);
	S_csv(&w.months, "part", 1), S_csv(&w.months, "month", 0), S_csv(&w.months, "failures", 0);
	S_csv(&w.months, "threshold", 0), S_csv(&w.months, "alert", 0), S_csv_end(&w.months);
	S_csv(&w.batches, "part", 1), S_csv(&w.batches, "batch", 0);
	S_csv(&w.batches, "failures", 0), S_csv_end(&w.batches);
	for (i = 0; i < st->nparts; i++) {
		struct tv *row = S_part_row(s, i, &w);

		/* Every part in the summary; those with failures by month charted. */
		if (st->parts[i].nmonths)
			tv_list_push(parts[i / SITE_LIST_GROUPS], row);
		tv_list_push(summary[i / SITE_LIST_GROUPS], row);
	}
	alerts = site_part_alerts(s, 1, 1, &more, &nalerts);
	for (k = 0; k < pages && !s->failed; k++) {
		struct tv *page = S_stats_page(s, site_stats_word(s, "key_parts"), SP_KEY_PARTS);

		tv_map_set(page, "summary", summary[k]);
		tv_map_set(page, "parts", parts[k]);
		tv_map_set_bool(page, "first", k == 0);
		tv_map_set(page, "alerts", alerts);
		tv_map_set(page, "alerts_more", more);
		tv_map_set_num(page, "alerts_count", (double)nalerts);
		tv_map_set(page, "downloads", S_downloads(s, "key-parts.csv", "key-parts.json"));
		tv_map_set(page, "downloads_months",
		           S_downloads(s, "key-parts-months.csv", "key-parts.json"));
		tv_map_set(page, "downloads_batches",
		           S_downloads(s, "key-parts-batches.csv", "key-parts.json"));
		S_table_pager(s, page, "key-parts", k + 1, st->nparts);
		site_render(s, "stats-parts", page,
		            arena_printf(&s->a, "stats/%s",
		                         S_table_file(s, "key-parts", k * SITE_LIST_GROUPS)));
	}
	S_publish(s, "stats/key-parts.csv", &w.csv);
	S_publish(s, "stats/key-parts-months.csv", &w.months);
	S_publish(s, "stats/key-parts-batches.csv", &w.batches);
	S_publish_json_part(s, json, "key_parts", "stats/key-parts.json");
	buf_free(&w.svg);
	buf_free(&w.csv);
	buf_free(&w.months);
	buf_free(&w.batches);
	site_rows_free(&w.rows);
}

/* The place of a value among an enumeration's (fi), or after them all. */
static size_t
S_enum_rank(int fi, const char *key)
{
	const char *const *v = schema_fields[fi].values;
	size_t k;

	for (k = 0; v && v[k] && strcmp(v[k], key); k++)
		;
	return k;
}

/*
 * The counts of an enumeration's values (field fi) as rows {key, label,
 * count} in the enumeration's order (severities low to critical, statuses
 * in their workflow), and as CSV rows "key,count" (named: "field,key,count")
 * in the figures' order (as the JSON).
 */
static struct tv *
S_counts(struct site *s, int fi, const struct count *v, size_t n, struct buf *csv, int named)
{
	const char *name = schema_fields[fi].name;
	struct tv *rows = tv_list(&s->a);
	size_t i, k, last = 0;

	for (i = 0; i < n; i++) {
		if (named)
			S_csv(csv, name, 1);
		S_csv(csv, v[i].key, !named);
		buf_addf(csv, ",%lld", (long long)v[i].n);
		S_csv_end(csv);
		k = S_enum_rank(fi, v[i].key);
		last = k > last ? k : last;
	}
	for (k = 0; k <= last; k++)
		for (i = 0; i < n; i++) {
			struct tv *r;

			if (S_enum_rank(fi, v[i].key) != k)
				continue;
			r = tv_map(&s->a);
			site_set_ref(s, r, "key", v[i].key);
			site_set_ref(s, r, "label", labels_get3(s->l, "enum", name, v[i].key));
			tv_map_set_num(r, "count", (double)v[i].n);
			tv_list_push(rows, r);
		}
	return rows;
}

/*
 * The open tickets, oldest first: the first SITE_LIST_HEAD as the page's
 * tickets (site_item and age), all of them on pages stats/backlog-pK.html
 * (more).
 */
static void
S_backlog_tickets(struct site *s, struct tv *page)
{
	const struct stats *st = s->o->stats;
	struct tv *tickets = tv_list(&s->a);
	struct secs_idx *v = xmalloc((st->nbacklog + 1) * sizeof(*v)); /* age, record */
	struct site_rows rows;
	struct site_list l = {0};
	size_t i, n = 0;

	for (i = 0; i < st->nbacklog; i++) {
		const struct record *rec = &s->r->recs[st->backlog_recs[i]];
		const struct node *rep = record_value(rec, KEY_reported);

		if (!site_has_page(s, rec) || !rep)
			continue;
		v[n].i = st->backlog_recs[i];
		v[n++].secs = st->today - node_day(rep, s->r->cfg.tzoff);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), site_secs_desc);
	/* The oldest here, all on pages of their own (docs/site.md, "Long lists"). */
	memset(&rows, 0, sizeof(rows));
	for (i = 0; i < n; i++) {
		struct tv *it;

		if (n > SITE_LIST_HEAD)
			site_backlog_row(s, &rows, v[i].i, v[i].secs);
		if (i >= SITE_LIST_HEAD)
			continue;
		it = site_item(s, &s->r->recs[v[i].i], 1);
		tv_map_set_num(it, "age", (double)v[i].secs);
		tv_list_push(tickets, it);
	}
	free(v);
	l.prefix = "stats/backlog-p";
	l.depth = 1;
	l.section = NULL;
	l.title = arena_printf(&s->a, "%s · %s", site_stats_word(s, "backlog"),
	                       labels_get(s->l, "ui", "open_tickets"));
	l.back = "backlog.html#h-open";
	l.back_label = site_stats_word(s, "backlog");
	l.shape = SITE_LIST_BACKLOG;
	site_list_publish(s, &l, &rows);
	tv_map_set(page, "more", site_list_more(s, &l, n, 1));
	site_rows_free(&rows);
	tv_map_set(page, "tickets", tickets);
}

/* stats/backlog.html: open tickets by age and status, each listed, oldest first. */
static void
S_backlog(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	struct tv *page = S_stats_page(s, site_stats_word(s, "backlog"), SP_BACKLOG);
	struct tv *ages = tv_list(&s->a), *statuses;
	struct buf svg = BUF_INIT, csv = BUF_INIT, scsv = BUF_INIT;
	struct pt p[4];
	size_t i;

	S_csv(&csv, "age", 1), S_csv(&csv, "tickets", 0), S_csv_end(&csv);
	S_csv(&scsv, "status", 1), S_csv(&scsv, "tickets", 0), S_csv_end(&scsv);
	for (i = 0; i < 4; i++) {
		struct tv *a = tv_map(&s->a);

		site_set_ref(s, a, "label", site_stats_word(s, S_age_labels[i]));
		tv_map_set_num(a, "count", (double)st->backlog_age[i]);
		tv_list_push(ages, a);
		memset(&p[i], 0, sizeof(p[i]));
		p[i].label = site_stats_word(s, S_age_labels[i]);
		p[i].v = (double)st->backlog_age[i];
		p[i].has = 1;
		buf_addf(&csv, "%s,%lld", S_age_keys[i], (long long)st->backlog_age[i]);
		S_csv_end(&csv);
	}
	statuses = S_counts(s, F_service_status, st->backlog_status, st->nbacklog_status, &scsv, 0);
	S_backlog_tickets(s, page);
	site_svg_bars(s, &svg, "c-age", site_stats_word(s, "backlog_by_age"),
	              arena_printf(&s->a, "%s: %lld", site_stats_word(s, "backlog_by_age"),
	                           (long long)st->backlog_total),
	              p, 4);
	tv_map_set(page, "chart", site_chart_tv(s, &svg));
	tv_map_set(page, "ages", ages);
	tv_map_set(page, "statuses", statuses);
	tv_map_set_num(page, "total", (double)st->backlog_total);
	tv_map_set(page, "downloads", S_downloads(s, "backlog-age.csv", "backlog.json"));
	tv_map_set(page, "downloads_status", S_downloads(s, "backlog-status.csv", "backlog.json"));
	site_as_of(s, page);
	site_render(s, "stats-backlog", page, "stats/backlog.html");
	S_publish(s, "stats/backlog-age.csv", &csv);
	S_publish(s, "stats/backlog-status.csv", &scsv);
	S_publish_json_part(s, json, "backlog", "stats/backlog.json");
	buf_free(&svg);
	buf_free(&csv);
	buf_free(&scsv);
}

/*
 * Renders stats/NAME.html (template tpl) with its table's CSV and its part
 * `key` of the figures' JSON beside it, as NAME.csv and NAME.json.
 */
static void
S_table_page(struct site *s, struct tv *page, const char *tpl, const char *name,
             const struct buf *csv, const struct buf *json, const char *key)
{
	tv_map_set(page, "downloads",
	           S_downloads(s, arena_printf(&s->a, "%s.csv", name),
	                       arena_printf(&s->a, "%s.json", name)));
	site_render(s, tpl, page, arena_printf(&s->a, "stats/%s.html", name));
	S_publish(s, arena_printf(&s->a, "stats/%s.csv", name), csv);
	S_publish_json_part(s, json, key, arena_printf(&s->a, "stats/%s.json", name));
}

/* stats/cost.html: labour, parts, travel and their total, overall and per ticket. */
static void
S_cost(struct site *s, const struct buf *json)
{
	static const char *const names[4] = {"labor", "parts", "travel", "total"};
	static const char *const labels[4] = {"cost_labor", "cost_parts", "cost_travel",
	                                      "cost_total"};
	const struct stats *st = s->o->stats;
	const stats_cents sums[4] = {st->cost_labor, st->cost_parts, st->cost_travel,
	                             st->cost_labor + st->cost_parts + st->cost_travel};
	struct tv *page = S_stats_page(s, site_stats_word(s, "cost"), SP_COST),
	          *rows = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	int k;

	S_csv(&csv, "item", 1), S_csv(&csv, "total", 0), S_csv(&csv, "per_ticket", 0);
	S_csv_end(&csv);
	for (k = 0; k < 4; k++) {
		struct tv *r = tv_map(&s->a);

		site_set_ref(s, r, "label", site_stats_word(s, labels[k]));
		tv_map_set_bool(r, "total", k == 3);
		site_set_ref(s, r, "sum", S_money(s, sums[k], 1, 2));
		site_set_ref(s, r, "per_ticket",
		             st->cost_tickets ? S_money(s, sums[k], st->cost_tickets, 2)
		                              : site_stats_word(s, "na"));
		tv_list_push(rows, r);
		/* As stats.json writes them (stats_format_json_money): the same rounding. */
		buf_addf(&csv, "%s,%s,%s", names[k], S_money(s, sums[k], 1, -1),
		         st->cost_tickets ? S_money(s, sums[k], st->cost_tickets, -1) : "");
		S_csv_end(&csv);
	}
	tv_map_set(page, "rows", rows);
	tv_map_set_num(page, "tickets", (double)st->cost_tickets);
	S_table_page(s, page, "stats-cost", "cost", &csv, json, "cost");
	buf_free(&csv);
}

/* Page p of stats/staff.html, holding rows of n staff members. */
static void
S_staff_page(struct site *s, struct tv *rows, size_t p, size_t n)
{
	struct tv *page = S_stats_page(s, site_stats_word(s, "staff_figures"), SP_STAFF);

	tv_map_set(page, "rows", rows);
	tv_map_set(page, "downloads", S_downloads(s, "staff.csv", "staff.json"));
	S_table_pager(s, page, "staff", p, n);
	site_render(
	    s, "stats-staff", page,
	    arena_printf(&s->a, "stats/%s", S_table_file(s, "staff", (p - 1) * SITE_LIST_GROUPS)));
}

/*
 * stats/staff.html: each staff member's figures, linked to their page;
 * SITE_LIST_GROUPS a page (S_table_file).
 */
static void
S_staff(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	struct tv *rows = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	size_t i;

	buf_adds(&csv, "staff,name,tickets,arrival_hours,satisfaction_rate,complaints,trainings,"
	               "assessments\r\n");
	for (i = 0; i < st->nstaff; i++) {
		const struct staff_stats *ss = &st->staff[i];
		const struct rec_info *in = &s->info[ss->rec];
		struct tv *r = tv_map(&s->a);
		const char *arr = ss->arrival.has_value
		                      ? site_ratio(s, ss->arrival.med2, 2 * HOUR_SECS, 1)
		                      : site_stats_word(s, "na");
		const char *sat =
		    ss->satisfaction.has_value
		        ? site_ratio(s, 100 * ss->satisfaction.num, ss->satisfaction.den, 1)
		        : site_stats_word(s, "na");

		site_set_ref(s, r, "id", ss->id);
		tv_map_set(r, "href", site_id_href(s, ss->id, 1));
		site_set_ref(s, r, "name", in->title);
		tv_map_set_num(r, "tickets", (double)ss->tickets);
		site_set_ref(s, r, "arrival", arr);
		tv_map_set_bool(r, "has_arrival", ss->arrival.has_value);
		site_set_ref(s, r, "satisfaction", sat);
		tv_map_set_bool(r, "has_satisfaction", ss->satisfaction.has_value);
		tv_map_set_num(r, "complaints", (double)ss->complaints);
		tv_map_set_num(r, "trainings", (double)ss->trainings);
		tv_map_set_num(r, "assessments", (double)ss->assessments);
		tv_list_push(rows, r);
		if ((i + 1) % SITE_LIST_GROUPS == 0 || i + 1 == st->nstaff) {
			S_staff_page(s, rows, i / SITE_LIST_GROUPS + 1, st->nstaff);
			rows = tv_list(&s->a);
		}
		S_csv(&csv, ss->id, 1), S_csv(&csv, in->full_title, 0);
		buf_addf(&csv, ",%lld,%s,%s,%lld,%lld,%lld", (long long)ss->tickets,
		         ss->arrival.has_value ? site_ratio_json(s, ss->arrival.med2, 2 * HOUR_SECS)
		                               : "",
		         ss->satisfaction.has_value
		             ? site_ratio_json(s, 100 * ss->satisfaction.num, ss->satisfaction.den)
		             : "",
		         (long long)ss->complaints, (long long)ss->trainings,
		         (long long)ss->assessments);
		S_csv_end(&csv);
	}
	if (!st->nstaff)
		S_staff_page(s, rows, 1, 0);
	S_publish(s, "stats/staff.csv", &csv);
	S_publish_json_part(s, json, "staff", "stats/staff.json");
	buf_free(&csv);
}

/* stats/complaints.html: counts by category, severity and status; closing figures. */
static void
S_complaints(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	struct tv *page = S_stats_page(s, site_stats_word(s, "complaints"), SP_COMPLAINTS),
	          *figs = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	int m;

	buf_adds(&csv, "field,key,count\r\n");
	buf_addf(&csv, "total,received,%lld\r\ntotal,closed,%lld\r\n",
	         (long long)st->complaints_received, (long long)st->complaints_closed);
	tv_map_set_num(page, "received", (double)st->complaints_received);
	tv_map_set_num(page, "closed", (double)st->complaints_closed);
	site_set_ref(s, page, "closed_share",
	             st->complaints_received
	                 ? arena_printf(&s->a, "%s %s",
	                                site_ratio(s, 100 * st->complaints_closed,
	                                           st->complaints_received, 1),
	                                site_stats_word(s, "unit_percent"))
	                 : site_stats_word(s, "na"));
	tv_map_set(page, "by_category",
	           S_counts(s, F_complaints_category, st->by_category, st->ncategory, &csv, 1));
	tv_map_set(page, "by_severity",
	           S_counts(s, F_complaints_severity, st->by_severity, st->nseverity, &csv, 1));
	tv_map_set(page, "by_status",
	           S_counts(s, F_complaints_status, st->by_status, st->nstatus, &csv, 1));
	for (m = METRIC_COMPLAINT_CLOSE_DAYS; m <= METRIC_CLOSED_LOOP_RATE; m++)
		tv_list_push(figs, site_metric_figure(s, m, &st->m[m].groups[DIM_ALL][0].fig,
		                                      site_drill_file(s, m, DIM_ALL, 0, ""), 1));
	tv_map_set(page, "figures", figs);
	S_table_page(s, page, "stats-complaints", "complaints", &csv, json, "complaints");
	buf_free(&csv);
}

/* Every page of stats/ but the drill-down pages, and stats/stats.json. */
void
site_stats_section(struct site *s)
{
	struct buf json = BUF_INIT;
	int dim;

	stats_print(&json, s->o->stats, STATS_JSON, 1u << DIM_ALL);
	S_publish(s, "stats/stats.json", &json);
	S_index(s, &json);
	arena_reset(&s->a);
	for (dim = DIM_MONTH; dim < DIM__COUNT && !s->failed; dim++) {
		S_dim_page(s, dim, &json);
		arena_reset(&s->a);
	}
	S_key_parts(s, &json);
	arena_reset(&s->a);
	S_backlog(s, &json);
	arena_reset(&s->a);
	S_cost(s, &json);
	arena_reset(&s->a);
	S_staff(s, &json);
	arena_reset(&s->a);
	S_complaints(s, &json);
	buf_free(&json);
}
