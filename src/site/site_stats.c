/*
 * site_stats.c - the statistics pages of the site (SPEC §6; docs/site.md,
 * docs/metrics.md "On the site"): the KPI cards and alerts of the
 * dashboard; stats/, every figure overall and per breakdown against its
 * target, a drill-down page per figure listing the records it counted, key
 * parts, backlog, cost, staff and complaints, each table of figures with a
 * CSV and a JSON file beside it; reports/, a report per ISO week and per
 * month. Charts are inline SVG written here, each with a data table.
 *
 * The figures are the statistics stage's (site_opts.stats, all time as of
 * today): nothing here recomputes them. Reports add counts of records
 * (tickets reported or closed in a period, visits, complaints, actions
 * due), found in one pass over the records.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "model/schema.h"
#include "site/list.h"
#include "site/site_stats.h"
#include "stats/stats.h"
#include "check/validate.h"
#include "model/value.h"

#define HOUR_SECS 3600
#define DAY_SECS 86400
#define KPI_MONTHS 12 /* the dashboard's trends: the months up to today */

/* The breakdowns with drill-down pages; weeks link to their weekly report instead. */
static const int S_drill_dims[] = {DIM_ALL, DIM_MONTH, DIM_REGION, DIM_MODEL, DIM_TYPE, DIM_STAFF};

/* The pages of stats/, in the order of its navigation: index, by-DIM (1..6), then these. */
enum { P_INDEX, P_KEY_PARTS = DIM__COUNT, P_BACKLOG, P_COST, P_STAFF, P_COMPLAINTS, P__COUNT };
static const char *const S_page_file[P__COUNT] = {
    "index.html",    "by-month.html", "by-week.html",  "by-region.html",
    "by-model.html", "by-type.html",  "by-staff.html", "key-parts.html",
    "backlog.html",  "cost.html",     "staff.html",    "complaints.html"};
static const char *const S_page_label[P__COUNT] = {
    "overview", "by_month",  "by_week", "by_region", "by_model",      "by_type",
    "by_staff", "key_parts", "backlog", "cost",      "staff_figures", "complaints"};

static const char *const S_age_keys[4] = {"0-2", "3-7", "8-30", "31+"};
static const char *const S_age_labels[4] = {"age_0_2", "age_3_7", "age_8_30", "age_31"};

/* ---- Words and numbers ------------------------------------------------ */

/*
 * The labels of the statistics pages, kept as they are looked up: a page
 * of figures asks for the same few words thousands of times. Keyed by the
 * key's address: every key passed is a string literal or in a static table.
 */
#define WORDS 128
struct stats_words {
	const char *key[WORDS], *val[WORDS];
	const char *metric[METRIC__COUNT];
};

static const char *
S_l(struct site *s, const char *key)
{
	struct stats_words *w = s->words;
	size_t h = ((uintptr_t)key >> 3) % WORDS, k;

	for (k = 0; w && k < WORDS; k++, h = (h + 1) % WORDS) {
		if (w->key[h] == key)
			return w->val[h];
		if (!w->key[h]) {
			w->key[h] = key;
			return w->val[h] = labels_get(s->l, "stats", key);
		}
	}
	return labels_get(s->l, "stats", key);
}

/* A metric's name on the site. */
static const char *
S_metric(struct site *s, int m)
{
	if (!s->words)
		return labels_get(s->l, "metric", stats_metric_names[m]);
	if (!s->words->metric[m])
		s->words->metric[m] = labels_get(s->l, "metric", stats_metric_names[m]);
	return s->words->metric[m];
}

/* Sets key to a string that outlives the page (arena, labels, records): not copied. */
static void
S_set(struct site *s, struct tv *map, const char *key, const char *str)
{
	tv_map_set(map, key, tv_str_ref(&s->a, str, strlen(str)));
}

/* p / q with `dec` decimals, rounded as docs/metrics.md says; in the page's arena. */
static char *
S_ratio(struct site *s, int64_t p, int64_t q, int dec)
{
	struct buf b = BUF_INIT;
	char *out;

	stats_format_ratio(&b, p, q, dec);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* p / q as the JSON of svcgen stats writes it: three decimals at most. */
static char *
S_ratio3(struct site *s, int64_t p, int64_t q)
{
	struct buf b = BUF_INIT;
	char *out;

	stats_format_json_ratio(&b, p, q);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

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

/* A target or a threshold, as the JSON writes it. */
static const char *
S_number(struct site *s, double d)
{
	return S_ratio3(s, (int64_t)llround(d * 1000), 1000);
}

static int64_t
S_unit_secs(int m)
{
	return m == METRIC_COMPLAINT_CLOSE_DAYS ? DAY_SECS : HOUR_SECS;
}

static const char *
S_unit(struct site *s, int m)
{
	return S_l(s, !stats_is_duration(m)              ? "unit_percent"
	              : m == METRIC_COMPLAINT_CLOSE_DAYS ? "unit_days"
	                                                 : "unit_hours");
}

/* A figure's value as a number (has_value), for charts. */
static double
S_value(int m, const struct figure *f)
{
	return stats_is_duration(m) ? (double)f->med2 / (2.0 * (double)S_unit_secs(m))
	                            : 100.0 * (double)f->num / (double)f->den;
}

/* A figure's value as pages show it: one decimal, or the label of n/a. */
static const char *
S_value_text(struct site *s, int m, const struct figure *f)
{
	struct buf b = BUF_INIT;
	const char *out;

	if (!f->has_value)
		return S_l(s, "na");
	stats_format_value(&b, m, f, 1);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

static const char *
S_date(struct site *s, int64_t day)
{
	char d[11];

	format_date(d, day);
	return arena_strndup(&s->a, d, 10);
}

/* ---- Periods ------------------------------------------------------------ */

/* The ISO 8601 week of a day: its week-numbering year and week, as y * 100 + w. */
static int32_t
S_week_of(int64_t day)
{
	int y, w;

	stats_iso_week(day, &y, &w);
	return (int32_t)(y * 100 + w);
}

/* A month as y * 12 + (m - 1). */
static int32_t
S_month_of(int64_t day)
{
	unsigned m, d;
	int y;

	civil_from_days(day, &y, &m, &d);
	return (int32_t)(y * 12 + (int)m - 1);
}

/* The key of a week ("2026-W09") or a month ("2026-03") from its order. */
static const char *
S_period_key(struct site *s, int week, int32_t order)
{
	if (week)
		return arena_printf(&s->a, "%04d-W%02d", (int)(order / 100), (int)(order % 100));
	return arena_printf(&s->a, "%04d-%02d", (int)(order / 12), (int)(order % 12) + 1);
}

/*
 * Is key fit for a file name as it is: letters, digits and '-' only, not
 * empty, short. Months and weeks always are; other keys get an index.
 */
static int
S_safe_key(const char *key)
{
	size_t n = 0;

	for (; key[n]; n++)
		if (!((key[n] >= '0' && key[n] <= '9') || (key[n] >= 'A' && key[n] <= 'Z') ||
		      (key[n] >= 'a' && key[n] <= 'z') || key[n] == '-') ||
		    n >= 16)
			return 0;
	return n > 0;
}

/* ---- Links between the pages ------------------------------------------ */

/*
 * The drill-down page (its name in stats/) of group gi of metric m's
 * breakdown dim; NULL for a week, whose figures its weekly report shows.
 */
static const char *
S_drill_file(struct site *s, int m, int dim, size_t gi, const char *key)
{
	const char *name = stats_metric_names[m];

	if (dim == DIM_ALL)
		return arena_printf(&s->a, "%s-all.html", name);
	if (dim == DIM_WEEK)
		return NULL;
	if (dim == DIM_MONTH && S_safe_key(key))
		return arena_printf(&s->a, "%s-month-%s.html", name, key);
	return arena_printf(&s->a, "%s-%s-%zu.html", name, stats_dim_names[dim], gi + 1);
}

/* The weekly report of a week from a page of stats/ or reports/ (from_stats), or NULL. */
static const char *
S_week_href(struct site *s, const char *key, int from_stats)
{
	if (!S_safe_key(key))
		return NULL;
	return arena_printf(&s->a, "%sweek-%s.html", from_stats ? "../reports/" : "", key);
}

/* Where a figure of group gi links from a page `prefix` away from stats/. */
static const char *
S_figure_href(struct site *s, int m, int dim, size_t gi, const char *key, const char *prefix)
{
	const char *file = S_drill_file(s, m, dim, gi, key);

	if (file)
		return site_cat(&s->a, prefix, file, NULL, NULL);
	file = S_week_href(s, key, 1);
	return file ? arena_printf(&s->a, "%s#m-%s", file, stats_metric_names[m]) : NULL;
}

/* The link to the page of a record by id from `depth` folders down, or null. */
static const struct tv *
S_id_href(struct site *s, const char *id, int depth)
{
	const struct record *rec = id ? repo_find(s->r, id) : NULL;

	return rec && site_has_page(s, rec) ? site_href(s, rec, depth) : tv_null();
}

/* ---- A figure as pages show it ---------------------------------------- */

/* Who set the target: "svcgen.yaml", or a standard, linked. */
static void
S_source(struct site *s, struct tv *v, const char *src, int depth)
{
	int config = src && !strcmp(src, "config");

	S_set(s, v, "source", !src ? "" : config ? S_l(s, "source_config") : src);
	tv_map_set(v, "source_href", src && !config ? S_id_href(s, src, depth) : tv_null());
}

/*
 * A figure: {value, has_value, unit, is_rate, num, den, p90, target_text,
 * status_key, status, mark, source, source_href, href}. Every key is set
 * (null when it does not apply), so that none is found in an outer context.
 */
static struct tv *
S_figure(struct site *s, int m, const struct figure *f, const char *href, int depth)
{
	static const char *const keys[3] = {"none", "missed", "met"}, *const marks[3] = {"–", "✗",
	                                                                                 "✓"};
	struct tv *v = tv_map(&s->a);
	const char *unit = S_unit(s, m);
	int dur = stats_is_duration(m), k = f->met < 0 ? 0 : f->met ? 2 : 1;

	S_set(s, v, "value", S_value_text(s, m, f));
	tv_map_set_bool(v, "has_value", f->has_value);
	S_set(s, v, "unit", unit);
	tv_map_set_bool(v, "is_rate", !dur);
	tv_map_set_num(v, "num", (double)f->num);
	tv_map_set_num(v, "den", (double)f->den);
	tv_map_set(v, "p90",
	           dur && f->has_value ? tv_str(&s->a, S_ratio(s, f->p90, S_unit_secs(m), 1))
	                               : tv_null());
	tv_map_set(v, "target_text",
	           f->has_target ? tv_str(&s->a, arena_printf(&s->a, "%s %s %s", dur ? "≤" : "≥",
	                                                      S_number(s, f->target), unit))
	                         : tv_null());
	S_set(s, v, "status_key", keys[k]);
	S_set(s, v, "mark", marks[k]);
	S_set(s, v, "status", S_l(s, k ? keys[k] : !f->has_target ? "no_target" : "na"));
	S_source(s, v, f->target_source, depth);
	tv_map_set(v, "href", href ? tv_str_ref(&s->a, href, strlen(href)) : tv_null());
	return v;
}

/* A figure with the metric it is of: {metric, label, figure...}. */
static struct tv *
S_metric_figure(struct site *s, int m, const struct figure *f, const char *href, int depth)
{
	struct tv *v = S_figure(s, m, f, href, depth);

	S_set(s, v, "metric", stats_metric_names[m]);
	S_set(s, v, "label", S_metric(s, m));
	return v;
}

/* The group of metric m's breakdown dim with this key, or NULL. */
static const struct group *
S_group(const struct stats *st, int m, int dim, const char *key, size_t *gi)
{
	const struct metric_stats *ms = &st->m[m];
	size_t lo = 0, hi = ms->ngroups[dim];

	/* Months and weeks are in time order, which is their keys' byte order. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(ms->groups[dim][mid].key, key);

		if (!c) {
			if (gi)
				*gi = mid;
			return &ms->groups[dim][mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- Charts: inline SVG ------------------------------------------------ */

/* A point of a chart: a month, a week, a bucket. */
struct pt {
	const char *label;
	double v, t; /* the value; the target or threshold */
	int has, has_t;
	int mark; /* lines: met 1, missed 0, -1 neither; bars: over the threshold */
};

struct scale {
	double lo, hi;
	int x0, x1, y0, y1; /* the plot area */
};

static int
S_y(const struct scale *c, double v)
{
	return (int)lround(c->y1 - (v - c->lo) / (c->hi - c->lo) * (c->y1 - c->y0));
}

static int
S_x(const struct scale *c, size_t i, size_t n)
{
	return n < 2 ? (c->x0 + c->x1) / 2
	             : (int)lround(c->x0 + (double)i * (c->x1 - c->x0) / (double)(n - 1));
}

static void
S_esc(struct buf *b, const char *t)
{
	html_escape(b, t, strlen(t));
}

/* <svg> with its accessible name (title) and description. */
static void
S_svg_head(struct buf *b, const char *cls, int w, int h, const char *id, const char *title,
           const char *desc)
{
	buf_addf(b,
	         "<svg class=\"chart %s\" viewBox=\"0 0 %d %d\" role=\"img\" "
	         "aria-labelledby=\"%s-t\" aria-describedby=\"%s-d\"><title id=\"%s-t\">",
	         cls, w, h, id, id, id);
	S_esc(b, title);
	buf_addf(b, "</title><desc id=\"%s-d\">", id);
	S_esc(b, desc);
	buf_adds(b, "</desc>");
}

/* The x labels, at most about eight, under the plot. */
static void
S_svg_xlabels(struct buf *b, const struct scale *c, const struct pt *p, size_t n, int bars)
{
	size_t step = n > 8 ? (n + 7) / 8 : 1, i;

	for (i = 0; i < n; i += step) {
		int x = bars ? c->x0 + (int)(((double)i + 0.5) * (c->x1 - c->x0) / (double)n)
		             : S_x(c, i, n);

		buf_addf(b, "<text class=\"xl\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x,
		         c->y1 + 16);
		S_esc(b, p[i].label);
		buf_adds(b, "</text>");
	}
}

/*
 * A trend: the values as a line (broken where a period has none), a marker
 * per value whose shape says met (disc), missed (cross) or neither (ring),
 * and the target as a dashed line. small: a sparkline without labels.
 */
static void
S_svg_line(struct site *s, struct buf *b, const char *id, const char *title, const char *desc,
           const struct pt *p, size_t n, int rate, int small)
{
	int w = small ? 240 : 640, h = small ? 64 : 220, run = 0, x, y;
	struct scale c;
	size_t i;

	c.x0 = small ? 6 : 52;
	c.x1 = w - (small ? 6 : 20);
	c.y0 = small ? 6 : 14;
	c.y1 = h - (small ? 6 : 30);
	c.lo = INFINITY;
	c.hi = -INFINITY;
	for (i = 0; i < n; i++) {
		if (p[i].has)
			c.lo = fmin(c.lo, p[i].v), c.hi = fmax(c.hi, p[i].v);
		if (p[i].has_t)
			c.lo = fmin(c.lo, p[i].t), c.hi = fmax(c.hi, p[i].t);
	}
	if (c.lo > c.hi)
		c.lo = 0, c.hi = rate ? 100 : 1;
	if (c.hi - c.lo < 1e-9) {
		c.lo -= 1;
		c.hi += 1;
	} else {
		double pad = (c.hi - c.lo) * 0.1;

		c.lo -= pad;
		c.hi += pad;
	}
	if (c.lo < 0)
		c.lo = 0;
	if (rate && c.hi > 100)
		c.hi = 100;
	if (c.hi - c.lo < 1e-9)
		c.hi = c.lo + 1;
	S_svg_head(b, small ? "line spark" : "line", w, h, id, title, desc);
	if (!small) {
		buf_addf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", c.x0,
		         c.y1, c.x1, c.y1);
		buf_addf(b, "<text class=\"yl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
		         c.x0 - 6, c.y0 + 4, S_ratio(s, (int64_t)llround(c.hi * 10), 10, 1));
		buf_addf(b, "<text class=\"yl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
		         c.x0 - 6, c.y1 + 4, S_ratio(s, (int64_t)llround(c.lo * 10), 10, 1));
		S_svg_xlabels(b, &c, p, n, 0);
	}
	/*
	 * The target: a dashed step over each period that has one, half a
	 * period either side of its point (a lone period's too).
	 */
	for (i = 0, run = 0; i < n; i++) {
		int half = n < 2 ? 20 : (c.x1 - c.x0) / (int)(2 * (n - 1)) + 1;

		if (!p[i].has_t)
			continue;
		x = S_x(&c, i, n);
		buf_addf(b, "%s M%d %dH%d", run++ ? "" : "<path class=\"target\" d=\"",
		         x - half < c.x0 ? c.x0 : x - half, S_y(&c, p[i].t),
		         x + half > c.x1 ? c.x1 : x + half);
	}
	if (run) {
		buf_adds(b, "\"/>");
		run = 0;
	}
	for (i = 0; i < n; i++) {
		if (!p[i].has)
			continue;
		if (!run++ && i + 1 < n && p[i + 1].has)
			buf_adds(b, "<polyline class=\"series\" points=\"");
		if (run > 1 || (i + 1 < n && p[i + 1].has))
			buf_addf(b, "%s%d,%d", run > 1 ? " " : "", S_x(&c, i, n), S_y(&c, p[i].v));
		if (i + 1 == n || !p[i + 1].has) {
			if (run > 1)
				buf_adds(b, "\"/>");
			run = 0;
		}
	}
	for (i = 0; i < n; i++) {
		if (!p[i].has)
			continue;
		x = S_x(&c, i, n);
		y = S_y(&c, p[i].v);
		if (p[i].mark == 0)
			buf_addf(b, "<path class=\"pt missed\" d=\"M%d %dl6 6m0 -6l-6 6\"/>", x - 3,
			         y - 3);
		else
			buf_addf(b, "<circle class=\"pt %s\" cx=\"%d\" cy=\"%d\" r=\"%d\"/>",
			         p[i].mark > 0 ? "met" : "none", x, y, small ? 2 : 3);
	}
	if (!small)
		for (i = n; i-- > 0;)
			if (p[i].has_t) {
				buf_addf(
				    b, "<text class=\"tl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
				    c.x1 + 16, S_y(&c, p[i].t) - 5);
				S_esc(b, S_l(s, "target"));
				buf_adds(b, "</text>");
				break;
			}
	buf_adds(b, "</svg>");
}

/*
 * Bars with their counts above them; a bar over the threshold hatched and
 * its count marked ▲, the threshold a dashed line.
 */
static void
S_svg_bars(struct site *s, struct buf *b, const char *id, const char *title, const char *desc,
           const struct pt *p, size_t n)
{
	int w = 640, h = 200, alert = 0;
	struct scale c = {0, 1, 16, 620, 18, 170};
	double slot;
	size_t i;

	for (i = 0; i < n; i++) {
		c.hi = fmax(c.hi, p[i].v * 1.15);
		if (p[i].has_t)
			c.hi = fmax(c.hi, p[i].t * 1.15);
		alert |= p[i].mark;
	}
	slot = (double)(c.x1 - c.x0) / (double)(n ? n : 1);
	S_svg_head(b, "bars", w, h, id, title, desc);
	if (alert)
		buf_addf(
		    b,
		    "<defs><pattern id=\"%s-h\" width=\"6\" height=\"6\" "
		    "patternUnits=\"userSpaceOnUse\" "
		    "patternTransform=\"rotate(45)\"><rect class=\"hatch-bg\" width=\"6\" "
		    "height=\"6\"/>"
		    "<line class=\"hatch\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern></defs>",
		    id);
	buf_addf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", c.x0, c.y1,
	         c.x1, c.y1);
	for (i = 0; i < n; i++) {
		int x = c.x0 + (int)lround(((double)i + 0.15) * slot), bw = (int)lround(slot * 0.7);
		int y = S_y(&c, p[i].v);

		if (bw < 1)
			bw = 1;
		buf_addf(b, "<rect class=\"bar%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"",
		         p[i].mark ? " alert" : "", x, y, bw, c.y1 - y);
		if (p[i].mark)
			buf_addf(b, " fill=\"url(#%s-h)\"", id);
		buf_addf(
		    b, "/><text class=\"bl\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s%s</text>",
		    x + bw / 2, y - 4, S_number(s, p[i].v), p[i].mark ? " ▲" : "");
	}
	S_svg_xlabels(b, &c, p, n, 1);
	if (n && p[0].has_t) {
		int y = S_y(&c, p[0].t);

		buf_addf(b, "<line class=\"target\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
		         c.x0, y, c.x1, y);
		buf_addf(b, "<text class=\"tl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", c.x1,
		         y - 5);
		S_esc(b, S_l(s, "threshold"));
		buf_addf(b, " %s</text>", S_number(s, p[0].t));
	}
	buf_adds(b, "</svg>");
}

/* A chart's markup as a value of the page (raw HTML made here, escaped here). */
static const struct tv *
S_chart_tv(struct site *s, struct buf *b)
{
	const struct tv *v = tv_strn(&s->a, b->buf ? b->buf : "", b->len);

	buf_reset(b);
	return v;
}

/* The points of metric m's figures over the periods keys[0..n) of breakdown dim. */
static struct pt *
S_points(struct site *s, int m, int dim, const char *const *keys, size_t n)
{
	struct pt *p = arena_alloc(&s->a, (n ? n : 1) * sizeof(*p));
	size_t i;

	for (i = 0; i < n; i++) {
		const struct group *g = S_group(s->o->stats, m, dim, keys[i], NULL);

		memset(&p[i], 0, sizeof(p[i]));
		p[i].label = keys[i];
		p[i].mark = -1;
		if (!g)
			continue;
		p[i].has = g->fig.has_value;
		p[i].v = g->fig.has_value ? S_value(m, &g->fig) : 0;
		p[i].has_t = g->fig.has_target;
		p[i].t = g->fig.target;
		p[i].mark = g->fig.met;
	}
	return p;
}

/* A trend chart's description: what it shows, from when to when. */
static const char *
S_trend_desc(struct site *s, int m, const struct pt *p, size_t n)
{
	return arena_printf(&s->a, "%s, %s – %s. %s", S_metric(s, m), n ? p[0].label : "",
	                    n ? p[n - 1].label : "", S_l(s, "chart_note"));
}

/* ---- Exports ------------------------------------------------------------ */

static void
S_publish(struct site *s, const char *path, const struct buf *b)
{
	if (publish_file(s->pub, path, b->buf ? b->buf : "", b->len) < 0)
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

	S_set(s, d, "csv", csv);
	S_set(s, d, "json", json);
	return d;
}

/* ---- Lists of the records a figure counted ------------------------------ */

/*
 * The record of a counted thing, linked to its page, and a shipment line's
 * number. Ids are made of letters, digits, '.', '_' and '-' (id_valid):
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
		buf_adds(b, " <span class=\"line\">");
		S_esc(b, S_l(s, "line"));
		buf_addf(b, " %u</span>", f->line + 1);
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
	buf_addf(b, "</td><td class=\"date\">%s</td>", day);
	if (stats_is_duration(m)) {
		buf_adds(b, "<td class=\"num\">");
		S_tenths(b, f->secs, S_unit_secs(m));
		buf_adds(b, "</td><td><span class=\"tag st-missed\">✗ ");
		S_esc(b, S_l(s, "over_target"));
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

/* A number and whose it is: sorted largest first, then by index. */
struct secs_idx {
	int64_t secs;
	uint32_t i;
};

static int
S_secs_desc(const void *pa, const void *pb)
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
		if (stats_is_duration(m)) {
			buf_addc(&it->text, ' ');
			S_tenths(&it->text, ms->facts[i].secs, S_unit_secs(m));
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
		qsort(v, ms->n, sizeof(*v), S_secs_desc);
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
static size_t
S_fact_rows(struct site *s, int m, const struct group *g, struct site_rows *miss,
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
		double limit = g->fig.target * (double)S_unit_secs(m);
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
			qsort(w, g->n, sizeof(*w), S_secs_desc);
			for (i = 0; i < g->n; i++)
				v[i] = w[i].i;
		}
		for (i = 0; i < g->n; i++) {
			int over;

			f = v[i];
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

/* ---- The dashboard ---------------------------------------------------- */

struct alert {
	const struct key_part *kp;
	const struct count *month;
};

static int
S_alert_cmp(const void *pa, const void *pb)
{
	const struct alert *a = pa, *b = pb;
	int c = strcmp(b->month->key, a->month->key);

	return c ? c : strcmp(a->kp->id, b->kp->id);
}

/*
 * Every month over a key part's threshold, newest first: the first
 * SITE_LIST_HEAD as [{id, href, name, month, failures, threshold}] for a
 * page `depth` folders down, *more the link to all of them, which the
 * key-parts page (publish) puts on pages stats/key-parts-alerts-pK.html.
 */
static struct tv *
S_part_alerts(struct site *s, int depth, int publish, const struct tv **more, size_t *count)
{
	const struct stats *st = s->o->stats;
	struct tv *list = tv_list(&s->a);
	struct alert *v = NULL;
	struct site_rows rows;
	struct site_list l = {0};
	size_t n = 0, cap = 0, i, k;

	memset(&rows, 0, sizeof(rows));
	for (i = 0; i < st->nparts; i++)
		for (k = 0; k < st->parts[i].nmonths; k++)
			if (st->parts[i].by_month[k].n > st->parts[i].threshold) {
				v = xgrow(v, sizeof(*v), n + 1, &cap);
				v[n].kp = &st->parts[i];
				v[n++].month = &st->parts[i].by_month[k];
			}
	if (n > 1)
		qsort(v, n, sizeof(*v), S_alert_cmp);
	for (i = 0; i < n; i++) {
		const char *name = v[i].kp->name ? v[i].kp->name : "";
		struct tv *a;

		if (publish && n > SITE_LIST_HEAD) {
			const struct record *rec = repo_find(s->r, v[i].kp->id);
			int linked = rec && site_has_page(s, rec);

			buf_adds(&rows.text, "<li>");
			if (linked)
				site_record_link(&rows.text, &s->info[rec - s->r->recs], 1);
			else
				html_escape(&rows.text, v[i].kp->id, strlen(v[i].kp->id));
			buf_adds(&rows.text, " ");
			html_escape(&rows.text, name, strlen(name));
			buf_addf(&rows.text, " · <span class=\"date\">%s</span> · %lld ▲ / %d</li>",
			         v[i].month->key, (long long)v[i].month->n, v[i].kp->threshold);
			site_rows_end(&rows);
		}
		if (i >= SITE_LIST_HEAD)
			continue;
		a = tv_map(&s->a);
		S_set(s, a, "id", v[i].kp->id);
		tv_map_set(a, "href", S_id_href(s, v[i].kp->id, depth));
		S_set(s, a, "name", name);
		S_set(s, a, "month", v[i].month->key);
		tv_map_set_num(a, "failures", (double)v[i].month->n);
		tv_map_set_num(a, "threshold", v[i].kp->threshold);
		tv_list_push(list, a);
	}
	l.prefix = "stats/key-parts-alerts-p";
	l.depth = 1;
	l.title = arena_printf(&s->a, "%s · %s", S_l(s, "key_parts"), S_l(s, "alerts"));
	l.back = "key-parts.html#h-alerts";
	l.back_label = S_l(s, "key_parts");
	l.shape = SITE_LIST_UL;
	if (publish)
		site_list_publish(s, &l, &rows);
	*more = site_list_more(s, &l, n, depth);
	*count = n;
	site_rows_free(&rows);
	free(v);
	return list;
}

/*
 * The months of the dashboard's trends: the KPI_MONTHS up to today's, oldest
 * first, none before 0001-01 (docs/records.md, "Dates and times"); their count.
 */
static size_t
S_kpi_months(struct site *s, const char **keys)
{
	int32_t now = S_month_of(s->o->stats->today), first = now - (KPI_MONTHS - 1);
	size_t n = 0;

	for (first = first < 12 ? 12 : first; first <= now; first++)
		keys[n++] = S_period_key(s, 0, first);
	return n;
}

static void S_dashboard(struct site *s, struct tv *page);

void
site_stats_dashboard(struct site *s, struct tv *page)
{
	struct stats_words w;

	memset(&w, 0, sizeof(w));
	s->words = &w;
	S_dashboard(s, page);
	s->words = NULL;
}

static void
S_dashboard(struct site *s, struct tv *page)
{
	const struct stats *st = s->o->stats;
	struct tv *kpis = tv_list(&s->a), *alerts;
	const struct tv *more;
	const char *months[KPI_MONTHS];
	struct buf svg = BUF_INIT;
	uint32_t *stale;
	size_t i, nmonths, nstale = 0, nalerts;
	int m;

	tv_map_set_bool(page, "has_stats", st != NULL);
	if (!st)
		return;
	nmonths = S_kpi_months(s, months);
	for (m = 0; m < METRIC__COUNT; m++) {
		const struct group *g = &st->m[m].groups[DIM_ALL][0];
		struct tv *k = S_metric_figure(s, m, &g->fig,
		                               S_figure_href(s, m, DIM_ALL, 0, "", "stats/"), 0);
		struct pt *p = S_points(s, m, DIM_MONTH, months, nmonths);
		struct tv *rows = tv_list(&s->a);
		const char *id = arena_printf(&s->a, "kpi-%d", m);

		S_svg_line(s, &svg, id,
		           arena_printf(&s->a, "%s · %s", S_metric(s, m), S_l(s, "last_12_months")),
		           S_trend_desc(s, m, p, nmonths), p, nmonths, !stats_is_duration(m), 1);
		tv_map_set(k, "chart", S_chart_tv(s, &svg));
		for (i = 0; i < nmonths; i++) {
			const struct group *mg = S_group(st, m, DIM_MONTH, months[i], NULL);
			struct figure none;
			struct tv *row;

			memset(&none, 0, sizeof(none));
			none.met = -1;
			row = S_figure(s, m, mg ? &mg->fig : &none, NULL, 0);
			S_set(s, row, "key", months[i]);
			tv_list_push(rows, row);
		}
		tv_map_set(k, "months", rows);
		tv_list_push(kpis, k);
	}
	buf_free(&svg);
	tv_map_set(page, "kpis", kpis);
	alerts = S_part_alerts(s, 0, 0, &more, &nalerts);
	tv_map_set(page, "part_alerts", alerts);
	tv_map_set(page, "part_alerts_more", more);
	tv_map_set_num(page, "part_alerts_count", (double)nalerts);
	stale = xmalloc((s->d->n + 1) * sizeof(*stale));
	for (i = 0; i < s->d->n; i++) {
		const struct record *rec = site_record_at(s, s->d->v[i].path);

		if (s->d->v[i].rule == RULE_COMPLAINT_STALE && rec && site_has_page(s, rec))
			stale[nstale++] = (uint32_t)(rec - s->r->recs);
	}
	site_list_dashboard(s, page, "stale_complaints", "stale-complaints",
	                    S_l(s, "stale_complaints"), stale, nstale);
	free(stale);
}

/* ---- stats/: the section's pages -------------------------------------- */

/* The section's navigation, `current` (a P_ page, or -1) marked. */
static struct tv *
S_subnav(struct site *s, int current)
{
	struct tv *nav = tv_list(&s->a);
	int p;

	for (p = 0; p < P__COUNT; p++) {
		struct tv *it = tv_map(&s->a);

		S_set(s, it, "href", S_page_file[p]);
		S_set(s, it, "label", S_l(s, S_page_label[p]));
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

/* What a breakdown's key shows: a type's label, a staff member's id (their name beside). */
static void
S_key(struct site *s, struct tv *row, int dim, const char *key, int depth)
{
	const struct record *who = dim == DIM_STAFF ? repo_find(s->r, key) : NULL;

	S_set(s, row, "key",
	      dim == DIM_ALL    ? S_l(s, "overall")
	      : dim == DIM_TYPE ? labels_get3(s->l, "enum", "type", key)
	                        : key);
	tv_map_set(row, "key_href",
	           dim == DIM_STAFF ? S_id_href(s, key, depth)
	           : dim == DIM_WEEK && depth == 1 && S_week_href(s, key, 1)
	               ? tv_str(&s->a, S_week_href(s, key, 1))
	               : tv_null());
	S_set(s, row, "key_note",
	      who && site_has_page(s, who) ? s->info[who - s->r->recs].title : "");
}

/* stats/index.html: every metric overall, the sign-off rating, the section's contents. */
static void
S_index(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	struct tv *page = S_stats_page(s, labels_get(s->l, "ui", "statistics"), P_INDEX),
	          *rows = tv_list(&s->a);
	struct tv *so = tv_map(&s->a), *pages = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	int m, p;

	for (m = 0; m < METRIC__COUNT; m++)
		tv_list_push(rows, S_metric_figure(s, m, &st->m[m].groups[DIM_ALL][0].fig,
		                                   S_drill_file(s, m, DIM_ALL, 0, ""), 1));
	tv_map_set(page, "figures", rows);
	S_set(s, so, "value",
	      st->signoff.has_value ? S_ratio(s, 100 * st->signoff.num, st->signoff.den, 1)
	                            : S_l(s, "na"));
	tv_map_set_bool(so, "has_value", st->signoff.has_value);
	tv_map_set_num(so, "num", (double)st->signoff.num);
	tv_map_set_num(so, "den", (double)st->signoff.den);
	tv_map_set(page, "signoff", so);
	for (p = 1; p < P__COUNT; p++) {
		struct tv *it = tv_map(&s->a);

		S_set(s, it, "href", S_page_file[p]);
		S_set(s, it, "label", S_l(s, S_page_label[p]));
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
		int32_t a = S_month_of(from), b = S_month_of(to), o;

		keys = arena_alloc(&s->a, (size_t)(b - a + 1) * sizeof(*keys));
		for (o = a; o <= b; o++)
			keys[k++] = S_period_key(s, 0, o);
	} else {
		keys = arena_alloc(&s->a, (size_t)((to - from) / 7 + 1) * sizeof(*keys));
		for (day = from; day <= to; day += 7)
			keys[k++] = S_period_key(s, 1, S_week_of(day));
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

	for (m = 0; m < METRIC__COUNT; m++)
		n += st->m[m].ngroups[dim];
	keys = arena_alloc(&s->a, (n + 1) * sizeof(*keys));
	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < st->m[m].ngroups[dim]; i++)
			keys[k++] = st->m[m].groups[dim][i].key;
	qsort(keys, n, sizeof(*keys), S_strp_cmp);
	for (i = 0, k = 0; i < n; i++)
		if (!k || strcmp(keys[k - 1], keys[i]))
			keys[k++] = keys[i];
	*out = keys;
	return k;
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
	size_t gi[METRIC__COUNT] = {0};
	int time = dim == DIM_MONTH || dim == DIM_WEEK, m;

	pages = nkeys > SITE_LIST_GROUPS ? (nkeys + SITE_LIST_GROUPS - 1) / SITE_LIST_GROUPS : 1;
	l.prefix = arena_printf(&s->a, "stats/by-%s-p", name);
	l.first = arena_printf(&s->a, "by-%s.html", name);
	for (p = 1; p <= pages && !s->failed; p++) {
		struct tv *page = S_stats_page(s, S_l(s, S_page_label[dim]), dim),
		          *secs = tv_list(&s->a);
		/* This page's keys: from keys[lo] to before keys[hi] (none: to the end). */
		size_t lo = (p - 1) * SITE_LIST_GROUPS, hi = p * SITE_LIST_GROUPS;

		for (m = 0; m < METRIC__COUNT; m++) {
			const struct metric_stats *ms = &st->m[m];
			struct tv *sec = tv_map(&s->a), *rows = tv_list(&s->a);

			S_set(s, sec, "metric", stats_metric_names[m]);
			S_set(s, sec, "label", S_metric(s, m));
			tv_map_set_bool(sec, "is_rate", !stats_is_duration(m));
			for (; gi[m] < ms->ngroups[dim] &&
			       (hi >= nkeys || strcmp(ms->groups[dim][gi[m]].key, keys[hi]) < 0);
			     gi[m]++) {
				const struct group *g = &ms->groups[dim][gi[m]];
				struct tv *row = S_figure(
				    s, m, &g->fig, S_figure_href(s, m, dim, gi[m], g->key, ""), 1);

				S_key(s, row, dim, g->key, 1);
				tv_list_push(rows, row);
			}
			tv_map_set(sec, "rows", rows);
			/* The count is the metric's, every page: the table holds some of them. */
			tv_map_set_num(sec, "count", (double)ms->ngroups[dim]);
			tv_map_set(sec, "chart", tv_null());
			if (time && ms->ngroups[dim] && p == 1) {
				size_t n;
				const char **tk =
				    S_time_keys(s, dim, ms->groups[dim][0].key,
				                ms->groups[dim][ms->ngroups[dim] - 1].key, &n);
				struct pt *pt = S_points(s, m, dim, tk, n);

				S_svg_line(
				    s, &svg, arena_printf(&s->a, "c-%s", stats_metric_names[m]),
				    arena_printf(&s->a, "%s · %s", S_metric(s, m),
				                 S_l(s, S_page_label[dim])),
				    S_trend_desc(s, m, pt, n), pt, n, !stats_is_duration(m), 0);
				tv_map_set(sec, "chart", S_chart_tv(s, &svg));
			}
			tv_list_push(secs, sec);
		}
		tv_map_set(page, "metrics", secs);
		S_set(s, page, "dim_label", labels_get(s->l, "dim", name));
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
	struct buf svg = BUF_INIT, csv = BUF_INIT, months = BUF_INIT, batches = BUF_INIT;
	struct site_rows rows;
	struct site_list l = {0};
	size_t i, k, nalerts;

	memset(&rows, 0, sizeof(rows));
	for (k = 0; k < pages; k++) {
		summary[k] = tv_list(&s->a);
		parts[k] = tv_list(&s->a);
	}
	l.depth = 1;
	l.section = NULL;
	l.back_label = S_l(s, "key_parts");
	l.shape = SITE_LIST_ITEMS;

	S_csv(&csv, "part", 1), S_csv(&csv, "name", 0), S_csv(&csv, "threshold", 0);
	S_csv(&csv, "failures", 0), S_csv(&csv, "alerts", 0), S_csv_end(&csv);
	S_csv(&months, "part", 1), S_csv(&months, "month", 0), S_csv(&months, "failures", 0);
	S_csv(&months, "threshold", 0), S_csv(&months, "alert", 0), S_csv_end(&months);
	S_csv(&batches, "part", 1), S_csv(&batches, "batch", 0), S_csv(&batches, "failures", 0);
	S_csv_end(&batches);
	for (i = 0; i < st->nparts; i++) {
		const struct key_part *kp = &st->parts[i];
		struct tv *row = tv_map(&s->a), *mrows = tv_list(&s->a), *brows = tv_list(&s->a);
		struct pt *p = arena_alloc(&s->a, (kp->nmonths + 1) * sizeof(*p));
		size_t na = 0;

		S_set(s, row, "id", kp->id);
		S_set(s, row, "anchor", arena_printf(&s->a, "p-%zu", i + 1));
		tv_map_set(row, "href", S_id_href(s, kp->id, 1));
		S_set(s, row, "name", kp->name ? kp->name : "");
		tv_map_set_num(row, "threshold", kp->threshold);
		tv_map_set_num(row, "failures", (double)kp->failures);
		for (k = 0; k < kp->nmonths; k++) {
			struct tv *mr = tv_map(&s->a);
			int alert = kp->by_month[k].n > kp->threshold;

			na += alert;
			S_set(s, mr, "month", kp->by_month[k].key);
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
			S_csv(&months, kp->id, 1), S_csv(&months, kp->by_month[k].key, 0);
			buf_addf(&months, ",%lld,%d,%s", (long long)kp->by_month[k].n,
			         kp->threshold, alert ? "true" : "false");
			S_csv_end(&months);
		}
		for (k = 0; k < kp->nbatches; k++) {
			struct tv *br = tv_map(&s->a);
			int unknown = !strcmp(kp->by_batch[k].key, "unknown");

			S_set(s, br, "batch",
			      unknown ? S_l(s, "unknown_batch") : kp->by_batch[k].key);
			tv_map_set_num(br, "failures", (double)kp->by_batch[k].n);
			tv_list_push(brows, br);
			S_csv(&batches, kp->id, 1), S_csv(&batches, kp->by_batch[k].key, 0);
			buf_addf(&batches, ",%lld", (long long)kp->by_batch[k].n);
			S_csv_end(&batches);
		}
		/* The failing tickets: the first here, all on pages of their own. */
		site_rows_reset(&rows);
		for (k = 0; k < kp->nrecs; k++)
			if (s->has_page[kp->recs[k]]) {
				site_item_row(s, &rows.text, kp->recs[k], NULL, 1);
				site_rows_end(&rows);
			}
		l.prefix = arena_printf(&s->a, "stats/key-parts-%zu-p", i + 1);
		l.title = arena_printf(&s->a, "%s · %s", kp->id, S_l(s, "failing_tickets"));
		l.back = arena_printf(&s->a, "%s#p-%zu", S_table_file(s, "key-parts", i), i + 1);
		site_list_publish(s, &l, &rows);
		tv_map_set(row, "more", site_list_more(s, &l, rows.n, 1));
		tv_map_set_num(row, "alerts", (double)na);
		tv_map_set(row, "months", mrows);
		tv_map_set(row, "batches", brows);
		tv_map_set(row, "rows", site_rows_head(s, &rows));
		tv_map_set(row, "chart", tv_null());
		if (kp->nmonths) {
			S_svg_bars(
			    s, &svg, arena_printf(&s->a, "c-p%zu", i + 1),
			    arena_printf(&s->a, "%s %s · %s", kp->id, kp->name ? kp->name : "",
			                 S_l(s, "failures_by_month")),
			    arena_printf(&s->a, "%s %s – %s. %s %d.", S_l(s, "failures_by_month"),
			                 kp->by_month[0].key, kp->by_month[kp->nmonths - 1].key,
			                 S_l(s, "threshold"), kp->threshold),
			    p, kp->nmonths);
			tv_map_set(row, "chart", S_chart_tv(s, &svg));
			tv_list_push(parts[i / SITE_LIST_GROUPS], row);
		}
		tv_list_push(summary[i / SITE_LIST_GROUPS], row);
		S_csv(&csv, kp->id, 1), S_csv(&csv, kp->name ? kp->name : "", 0);
		buf_addf(&csv, ",%d,%lld,%zu", kp->threshold, (long long)kp->failures, na);
		S_csv_end(&csv);
	}
	alerts = S_part_alerts(s, 1, 1, &more, &nalerts);
	for (k = 0; k < pages && !s->failed; k++) {
		struct tv *page = S_stats_page(s, S_l(s, "key_parts"), P_KEY_PARTS);

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
	S_publish(s, "stats/key-parts.csv", &csv);
	S_publish(s, "stats/key-parts-months.csv", &months);
	S_publish(s, "stats/key-parts-batches.csv", &batches);
	S_publish_json_part(s, json, "key_parts", "stats/key-parts.json");
	buf_free(&svg);
	buf_free(&csv);
	buf_free(&months);
	buf_free(&batches);
	site_rows_free(&rows);
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
			S_set(s, r, "key", v[i].key);
			S_set(s, r, "label", labels_get3(s->l, "enum", name, v[i].key));
			tv_map_set_num(r, "count", (double)v[i].n);
			tv_list_push(rows, r);
		}
	return rows;
}

/* An open ticket as a row of the backlog's table, as stats-backlog.mustache writes it. */
static void
S_backlog_row(struct site *s, struct site_rows *rows, uint32_t rec, int64_t age)
{
	const struct rec_info *in = &s->info[rec];
	struct buf *b = &rows->text;

	buf_adds(b, "<tr><th scope=\"row\">");
	site_record_link(b, in, 1);
	buf_adds(b, "</th><td>");
	html_escape(b, in->title, in->title_len);
	buf_adds(b, "</td><td class=\"date\">");
	html_escape(b, in->date, in->date_len);
	buf_addf(b, "</td><td class=\"num\">%lld</td><td>", (long long)age);
	site_status_tag(b, in);
	buf_adds(b, "</td></tr>\n");
	site_rows_end(rows);
}

/* stats/backlog.html: open tickets by age and status, each listed, oldest first. */
static void
S_backlog(struct site *s, const struct buf *json)
{
	const struct stats *st = s->o->stats;
	struct tv *page = S_stats_page(s, S_l(s, "backlog"), P_BACKLOG);
	struct tv *ages = tv_list(&s->a), *statuses, *tickets = tv_list(&s->a);
	struct buf svg = BUF_INIT, csv = BUF_INIT, scsv = BUF_INIT;
	struct secs_idx *v = xmalloc((st->nbacklog + 1) * sizeof(*v)); /* age, record */
	struct site_rows rows;
	struct site_list l = {0};
	struct pt p[4];
	size_t i, n = 0;

	S_csv(&csv, "age", 1), S_csv(&csv, "tickets", 0), S_csv_end(&csv);
	S_csv(&scsv, "status", 1), S_csv(&scsv, "tickets", 0), S_csv_end(&scsv);
	for (i = 0; i < 4; i++) {
		struct tv *a = tv_map(&s->a);

		S_set(s, a, "label", S_l(s, S_age_labels[i]));
		tv_map_set_num(a, "count", (double)st->backlog_age[i]);
		tv_list_push(ages, a);
		memset(&p[i], 0, sizeof(p[i]));
		p[i].label = S_l(s, S_age_labels[i]);
		p[i].v = (double)st->backlog_age[i];
		p[i].has = 1;
		buf_addf(&csv, "%s,%lld", S_age_keys[i], (long long)st->backlog_age[i]);
		S_csv_end(&csv);
	}
	statuses = S_counts(s, F_service_status, st->backlog_status, st->nbacklog_status, &scsv, 0);
	for (i = 0; i < st->nbacklog; i++) {
		const struct record *rec = &s->r->recs[st->backlog_recs[i]];
		const struct node *rep = rec_value(rec, "reported");

		if (!site_has_page(s, rec) || !rep)
			continue;
		v[n].i = st->backlog_recs[i];
		v[n++].secs = st->today - node_day(rep, s->r->cfg.tzoff);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), S_secs_desc);
	/* The oldest here, all on pages of their own (docs/site.md, "Long lists"). */
	memset(&rows, 0, sizeof(rows));
	for (i = 0; i < n; i++) {
		struct tv *it;

		if (n > SITE_LIST_HEAD)
			S_backlog_row(s, &rows, v[i].i, v[i].secs);
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
	l.title = arena_printf(&s->a, "%s · %s", S_l(s, "backlog"),
	                       labels_get(s->l, "ui", "open_tickets"));
	l.back = "backlog.html#h-open";
	l.back_label = S_l(s, "backlog");
	l.shape = SITE_LIST_BACKLOG;
	site_list_publish(s, &l, &rows);
	tv_map_set(page, "more", site_list_more(s, &l, n, 1));
	site_rows_free(&rows);
	S_svg_bars(
	    s, &svg, "c-age", S_l(s, "backlog_by_age"),
	    arena_printf(&s->a, "%s: %lld", S_l(s, "backlog_by_age"), (long long)st->backlog_total),
	    p, 4);
	tv_map_set(page, "chart", S_chart_tv(s, &svg));
	tv_map_set(page, "ages", ages);
	tv_map_set(page, "statuses", statuses);
	tv_map_set(page, "tickets", tickets);
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
	struct tv *page = S_stats_page(s, S_l(s, "cost"), P_COST), *rows = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	int k;

	S_csv(&csv, "item", 1), S_csv(&csv, "total", 0), S_csv(&csv, "per_ticket", 0);
	S_csv_end(&csv);
	for (k = 0; k < 4; k++) {
		struct tv *r = tv_map(&s->a);

		S_set(s, r, "label", S_l(s, labels[k]));
		tv_map_set_bool(r, "total", k == 3);
		S_set(s, r, "sum", S_money(s, sums[k], 1, 2));
		S_set(s, r, "per_ticket",
		      st->cost_tickets ? S_money(s, sums[k], st->cost_tickets, 2) : S_l(s, "na"));
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
	struct tv *page = S_stats_page(s, S_l(s, "staff_figures"), P_STAFF);

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
		                      ? S_ratio(s, ss->arrival.med2, 2 * HOUR_SECS, 1)
		                      : S_l(s, "na");
		const char *sat =
		    ss->satisfaction.has_value
		        ? S_ratio(s, 100 * ss->satisfaction.num, ss->satisfaction.den, 1)
		        : S_l(s, "na");

		S_set(s, r, "id", ss->id);
		tv_map_set(r, "href", S_id_href(s, ss->id, 1));
		S_set(s, r, "name", in->title);
		tv_map_set_num(r, "tickets", (double)ss->tickets);
		S_set(s, r, "arrival", arr);
		tv_map_set_bool(r, "has_arrival", ss->arrival.has_value);
		S_set(s, r, "satisfaction", sat);
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
		         ss->arrival.has_value ? S_ratio3(s, ss->arrival.med2, 2 * HOUR_SECS) : "",
		         ss->satisfaction.has_value
		             ? S_ratio3(s, 100 * ss->satisfaction.num, ss->satisfaction.den)
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
	struct tv *page = S_stats_page(s, S_l(s, "complaints"), P_COMPLAINTS),
	          *figs = tv_list(&s->a);
	struct buf csv = BUF_INIT;
	int m;

	buf_adds(&csv, "field,key,count\r\n");
	buf_addf(&csv, "total,received,%lld\r\ntotal,closed,%lld\r\n",
	         (long long)st->complaints_received, (long long)st->complaints_closed);
	tv_map_set_num(page, "received", (double)st->complaints_received);
	tv_map_set_num(page, "closed", (double)st->complaints_closed);
	S_set(s, page, "closed_share",
	      st->complaints_received ? arena_printf(&s->a, "%s %s",
	                                             S_ratio(s, 100 * st->complaints_closed,
	                                                     st->complaints_received, 1),
	                                             S_l(s, "unit_percent"))
	                              : S_l(s, "na"));
	tv_map_set(page, "by_category",
	           S_counts(s, F_complaints_category, st->by_category, st->ncategory, &csv, 1));
	tv_map_set(page, "by_severity",
	           S_counts(s, F_complaints_severity, st->by_severity, st->nseverity, &csv, 1));
	tv_map_set(page, "by_status",
	           S_counts(s, F_complaints_status, st->by_status, st->nstatus, &csv, 1));
	for (m = METRIC_COMPLAINT_CLOSE_DAYS; m <= METRIC_CLOSED_LOOP_RATE; m++)
		tv_list_push(figs, S_metric_figure(s, m, &st->m[m].groups[DIM_ALL][0].fig,
		                                   S_drill_file(s, m, DIM_ALL, 0, ""), 1));
	tv_map_set(page, "figures", figs);
	S_table_page(s, page, "stats-complaints", "complaints", &csv, json, "complaints");
	buf_free(&csv);
}

/* Every page of stats/ but the drill-down pages, and stats/stats.json. */
static void
S_section(struct site *s)
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

/* ---- stats/: drill-down pages ---------------------------------------- */

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
	l.title = arena_printf(&s->a, "%s · %s", title, S_l(s, label));
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
	const char *mlabel = S_metric(s, m);
	const char *klabel = dim == DIM_ALL    ? S_l(s, "overall")
	                     : dim == DIM_TYPE ? labels_get3(s->l, "enum", "type", g->key)
	                                       : g->key;
	const char *title =
	    dim == DIM_ALL ? arena_printf(&s->a, "%s · %s", mlabel, klabel)
	                   : arena_printf(&s->a, "%s · %s %s", mlabel,
	                                  labels_get(s->l, "dim", stats_dim_names[dim]), klabel);
	const char *file = S_drill_file(s, m, dim, gi, g->key);
	struct tv *page = site_page(s, title, 1, NULL),
	          *fig = S_metric_figure(s, m, &g->fig, NULL, 1);
	int rate = !stats_is_duration(m);
	size_t over;

	site_rows_reset(miss);
	site_rows_reset(hit);
	/* A duration's records over the target are marked in the list of all. */
	over = S_fact_rows(s, m, g, rate ? miss : NULL, hit, it);
	S_key(s, fig, dim, g->key, 1);
	tv_map_set(page, "figure", fig);
	S_set(s, page, "mlabel", mlabel);
	S_set(s, page, "dim_label", labels_get(s->l, "dim", stats_dim_names[dim]));
	tv_map_set_bool(page, "is_all", dim == DIM_ALL);
	S_set(s, page, "back", dim == DIM_ALL ? "index.html" : S_page_file[dim]);
	S_set(s, page, "back_label", S_l(s, dim == DIM_ALL ? "overview" : S_page_label[dim]));
	tv_map_set_bool(page, "is_rate", rate);
	tv_map_set_bool(page, "is_parts", m == METRIC_PARTS_ACCURACY);
	tv_map_set_num(page, "missing", (double)(g->fig.den - g->fig.num));
	tv_map_set_num(page, "counted", (double)g->fig.num);
	tv_map_set_num(page, "all", (double)g->n);
	tv_map_set_num(page, "over", (double)over);
	S_set(s, page, "unit", S_unit(s, m));
	/* Each list's head here, the whole on pages of its own (docs/site.md, "Long lists"). */
	tv_map_set(page, "missing_html", site_rows_head(s, miss));
	tv_map_set(page, "counted_html", site_rows_head(s, hit));
	tv_map_set(
	    page, "more_missing",
	    rate ? S_drill_list(s, file, title, "missing", "drill_missing", SITE_LIST_DRILL, miss)
	         : tv_null());
	tv_map_set(page, "more_counted",
	           rate
	               ? S_drill_list(s, file, title, "counted", "drill_counted", SITE_LIST_UL, hit)
	               : S_drill_list(s, file, title, "all", "drill_all", SITE_LIST_OL, hit));
	site_render(s, "stats-drill", page, site_cat(&s->a, "stats/", file, NULL, NULL));
}

/* The drill-down pages of metric m: overall, and per month, region, model, type, staff. */
static void
S_drill_metric(struct site *s, int m)
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

/* ---- reports/: a report per ISO week and per month --------------------- */

/* What a report counts, in the order it shows them. */
enum { EV_NEW, EV_CLOSED, EV_VISIT, EV_COMPLAINT, EV_OVERDUE, EV_FAILURE, EV_ACTION, EV__COUNT };

/* Something that happened on a day: a ticket reported, a visit made, an action due... */
struct ev {
	int32_t period; /* the week or month it falls in (S_week_of, S_month_of) */
	int32_t day;
	uint8_t what;
	uint32_t rec;
	uint32_t extra; /* a failure: the key part's index; an action: its index */
};

struct evs {
	struct ev *v;
	size_t n, cap;
};

static void
S_ev(struct evs *e, int what, int64_t day, size_t rec, size_t extra)
{
	e->v = xgrow(e->v, sizeof(*e->v), e->n + 1, &e->cap);
	e->v[e->n].period = 0;
	e->v[e->n].day = (int32_t)day;
	e->v[e->n].what = (uint8_t)what;
	e->v[e->n].rec = (uint32_t)rec;
	e->v[e->n++].extra = (uint32_t)extra;
}

/* The local day of a checked date or datetime, or 0. */
static int
S_day(const struct node *v, int tz, int64_t *day)
{
	if (!v || v->type != NODE_SCALAR || (v->value != VAL_DATE && v->value != VAL_DATETIME))
		return 0;
	*day = node_day(v, tz);
	return 1;
}

/* A visit's actions due (`due`, not `done`), each an event. */
static void
S_actions(struct evs *e, const struct node *acts, size_t rec)
{
	size_t k;

	for (k = 0; acts->type == NODE_SEQ && k < acts->n; k++) {
		const struct node *a = &acts->u.kids[k], *due, *done;

		if (a->type != NODE_MAP)
			continue;
		due = node_get(a, "due");
		done = node_get(a, "done");
		if (!due || due->type != NODE_SCALAR || due->value != VAL_DATE ||
		    (done && done->type == NODE_SCALAR && done->value == VAL_BOOL && done->v.i))
			continue;
		S_ev(e, EV_ACTION, due->v.i, rec, k);
	}
}

/*
 * Everything the reports count, in one pass over the records (their keys
 * compared as the loader interned them, first of a name wins, as
 * rec_value) and the figures' facts.
 */
static void
S_events(struct site *s, struct evs *e)
{
	const struct stats *st = s->o->stats;
	const struct metric_stats *fu = &st->m[METRIC_FOLLOW_UP_RATE];
	const char *const names[5] = {schema_intern("reported", 8), schema_intern("closed", 6),
	                              schema_intern("received", 8), schema_intern("date", 4),
	                              schema_intern("actions", 7)};
	static const int what[5] = {EV_NEW, EV_CLOSED, EV_COMPLAINT, EV_VISIT, EV_ACTION};
	int tz = s->r->cfg.tzoff;
	int64_t day;
	size_t i, j, k;

	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];
		const struct node *map = rec->root;
		unsigned seen = 0, want;

		if (rec->kind == OBJ_service)
			want = 1u << 0 | 1u << 1;
		else if (rec->kind == OBJ_complaints)
			want = 1u << 2;
		else if (rec->kind == OBJ_visits)
			want = 1u << 3 | 1u << 4;
		else
			continue;
		if (!map || map->type != NODE_MAP || !site_has_page(s, rec))
			continue;
		for (j = 0; j < map->n && seen != want; j++) {
			const struct node *key = &map->u.kids[2 * j], *v = &map->u.kids[2 * j + 1];

			for (k = 0; k < 5 && (key->type != NODE_SCALAR || key->u.str != names[k]);
			     k++)
				;
			if (k == 5 || !(want & (1u << k)) || (seen & (1u << k)))
				continue;
			seen |= 1u << k;
			if (what[k] == EV_ACTION)
				S_actions(e, v, i);
			else if (S_day(v, tz, &day))
				S_ev(e, what[k], day, i, 0);
		}
	}
	/* Follow-ups whose window ended without a qualifying visit: on the window's last day. */
	for (i = 0; i < fu->n; i++)
		if (!fu->facts[i].hit && site_has_page(s, &s->r->recs[fu->facts[i].rec]))
			S_ev(e, EV_OVERDUE, fu->facts[i].day + s->r->cfg.follow_up_window_days,
			     fu->facts[i].rec, 0);
	for (k = 0; k < st->nparts; k++)
		for (i = 0; i < st->parts[k].nrecs; i++) {
			const struct record *t = &s->r->recs[st->parts[k].recs[i]];

			if (site_has_page(s, t) && S_day(rec_value(t, "reported"), tz, &day))
				S_ev(e, EV_FAILURE, day, st->parts[k].recs[i], k);
		}
}

/* A report: a week or a month with data, and the events that fall in it. */
struct report {
	int week;
	char key[16];
	int64_t from, to;
	const struct ev *ev; /* by what, then in the order made */
	size_t nev;
	size_t count[EV__COUNT];
	size_t alerts; /* key parts with a failure in a month over their threshold */
};

/*
 * The reports of weeks (week) or months: the periods with data, in time
 * order, those of the figures' facts and of the events but actions due
 * (which may lie ahead). Sorts e->v by period, then what (a counting sort
 * over the periods' span: otherwise in the order they were made, records
 * in path order).
 */
static size_t
S_reports(struct site *s, struct evs *e, int week, struct report **out)
{
	const struct stats *st = s->o->stats;
	int32_t lo = INT32_MAX, hi = INT32_MIN, p;
	uint32_t *first;
	unsigned char *has;
	struct ev *sorted;
	struct report *v;
	size_t n = 0, i, k, span;
	int m;

	for (i = 0; i < e->n; i++) {
		p = e->v[i].period = week ? S_week_of(e->v[i].day) : S_month_of(e->v[i].day);
		lo = p < lo ? p : lo;
		hi = p > hi ? p : hi;
	}
	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < st->m[m].n; i++) {
			p = week ? S_week_of(st->m[m].facts[i].day)
			         : S_month_of(st->m[m].facts[i].day);
			lo = p < lo ? p : lo;
			hi = p > hi ? p : hi;
		}
	if (lo > hi) {
		*out = NULL;
		return 0;
	}
	span = (size_t)(hi - lo) + 1;
	has = xcalloc(span, 1);
	first = xcalloc(span * EV__COUNT + 1, sizeof(*first));
	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < st->m[m].n; i++)
			has[(week ? S_week_of(st->m[m].facts[i].day)
			          : S_month_of(st->m[m].facts[i].day)) -
			    lo] = 1;
	for (i = 0; i < e->n; i++) {
		has[e->v[i].period - lo] |= e->v[i].what != EV_ACTION;
		first[(size_t)(e->v[i].period - lo) * EV__COUNT + e->v[i].what + 1]++;
	}
	for (k = 1; k <= span * EV__COUNT; k++)
		first[k] += first[k - 1];
	sorted = xmalloc((e->n ? e->n : 1) * sizeof(*sorted));
	for (i = 0; i < e->n; i++)
		sorted[first[(size_t)(e->v[i].period - lo) * EV__COUNT + e->v[i].what]++] = e->v[i];
	free(e->v);
	e->v = sorted;
	for (k = 0; k < span; k++)
		n += has[k];
	v = xcalloc(n ? n : 1, sizeof(*v));
	for (k = 0, n = 0, i = 0; k < span; k++) {
		/* After the fill, first[] holds each (period, what)'s end. */
		size_t end = first[k * EV__COUNT + EV__COUNT - 1];
		struct report *r;

		if (!has[k]) {
			i = end;
			continue;
		}
		r = &v[n++];
		r->week = week;
		snprintf(r->key, sizeof(r->key), "%s", S_period_key(s, week, lo + (int32_t)k));
		stats_period(r->key, &r->from, &r->to);
		/* ISO week 9999-W52 runs into 10000: the calendar ends before (docs/records.md). */
		if (r->to > DAY_LAST)
			r->to = DAY_LAST;
		r->ev = &e->v[i];
		r->nev = end - i;
		for (; i < end; i++)
			r->count[e->v[i].what]++;
	}
	free(has);
	free(first);
	*out = v;
	return n;
}

static const char *
S_report_file(struct site *s, const struct report *r)
{
	return arena_printf(&s->a, "%s-%s.html", r->week ? "week" : "month", r->key);
}

/*
 * A report's records of one kind of event: {count, rows, more} for
 * items-rows.mustache, the first 20; all of them on pages of their own,
 * reports/REPORT-NAME-pK.html (docs/site.md, "Long lists").
 */
static struct tv *
S_ev_list(struct site *s, const struct report *r, int what, struct site_rows *rows)
{
	static const char *const names[EV__COUNT] = {[EV_NEW] = "new",
	                                             [EV_CLOSED] = "closed",
	                                             [EV_COMPLAINT] = "complaints",
	                                             [EV_OVERDUE] = "overdue"};
	const char *label = what == EV_NEW         ? S_l(s, "new_tickets")
	                    : what == EV_CLOSED    ? S_l(s, "closed_tickets")
	                    : what == EV_COMPLAINT ? S_l(s, "complaints_received")
	                                           : labels_get(s->l, "ui", "overdue_follow_ups");
	const char *file = S_report_file(s, r), *title;
	struct tv *l = tv_map(&s->a);
	struct site_list sl = {0};
	size_t i;

	site_rows_reset(rows);
	for (i = 0; i < r->nev; i++)
		if (r->ev[i].what == what) {
			site_item_row(s, &rows->text, r->ev[i].rec, &(int64_t){r->ev[i].day}, 1);
			site_rows_end(rows);
		}
	title = arena_printf(&s->a, "%s %s", S_l(s, r->week ? "weekly_report" : "monthly_report"),
	                     r->key);
	sl.prefix =
	    arena_printf(&s->a, "reports/%.*s-%s-p", (int)(strlen(file) - 5), file, names[what]);
	sl.depth = 1;
	sl.title = arena_printf(&s->a, "%s · %s", title, label);
	sl.back = file;
	sl.back_label = title;
	sl.shape = SITE_LIST_ITEMS;
	site_list_publish(s, &sl, rows);
	tv_map_set(l, "rows", site_rows_head(s, rows));
	tv_map_set_num(l, "count", (double)r->count[what]);
	tv_map_set(l, "more", site_list_more(s, &sl, rows->n, 1));
	return l;
}

/* The count of failures of key part kp in month `key`. */
static int64_t
S_part_month(const struct key_part *kp, const char *key)
{
	size_t k;

	for (k = 0; k < kp->nmonths; k++)
		if (!strcmp(kp->by_month[k].key, key))
			return kp->by_month[k].n;
	return 0;
}

/* Failure events by part, then in the report's order. */
struct part_ev {
	size_t part, ev;
};

static int
S_part_ev_cmp(const void *a, const void *b)
{
	const struct part_ev *x = a, *y = b;

	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return (x->ev > y->ev) - (x->ev < y->ev);
}

/*
 * The key parts that failed in the period: [{id, href, name, failures,
 * threshold, alert, links, more}]; alert: a failure in a month over the
 * threshold; links: the first SITE_LIST_HEAD tickets, all of them on
 * pages reports/REPORT-part-ID-pK.html (more).
 */
static struct tv *
S_report_parts(struct site *s, struct report *r)
{
	const struct stats *st = s->o->stats;
	const char *file = S_report_file(s, r);
	struct tv *parts = tv_list(&s->a);
	struct buf links = BUF_INIT;
	struct part_ev *v = xmalloc((r->count[EV_FAILURE] + 1) * sizeof(*v));
	uint32_t *recs = xmalloc((r->count[EV_FAILURE] + 1) * sizeof(*recs));
	size_t n = 0, i, j, k;

	r->alerts = 0;
	for (i = 0; i < r->nev; i++)
		if (r->ev[i].what == EV_FAILURE && r->ev[i].extra < st->nparts)
			v[n++] = (struct part_ev){r->ev[i].extra, i};
	qsort(v, n, sizeof(*v), S_part_ev_cmp);
	for (i = 0; i < n; i = j) {
		const struct key_part *kp = &st->parts[v[i].part];
		struct site_list sl = {0};
		struct tv *cur;
		int alert = 0;

		buf_reset(&links);
		for (j = i; j < n && v[j].part == v[i].part; j++) {
			const struct ev *e = &r->ev[v[j].ev];
			const struct rec_info *in = &s->info[e->rec];

			recs[j - i] = e->rec;
			alert |= S_part_month(kp, S_period_key(s, 0, S_month_of(e->day))) >
			         kp->threshold;
			if (j - i >= SITE_LIST_HEAD)
				continue;
			site_record_link(&links, in, 1);
			buf_addc(&links, ' ');
		}
		cur = tv_map(&s->a);
		S_set(s, cur, "id", kp->id);
		tv_map_set(cur, "href", S_id_href(s, kp->id, 1));
		S_set(s, cur, "name", kp->name ? kp->name : "");
		tv_map_set_num(cur, "failures", (double)(j - i));
		tv_map_set_num(cur, "threshold", kp->threshold);
		tv_map_set_bool(cur, "alert", alert);
		tv_map_set(cur, "links", tv_strn(&s->a, buf_str(&links), links.len));
		sl.prefix = arena_printf(&s->a, "reports/%.*s-part-%s-p", (int)(strlen(file) - 5),
		                         file, kp->id);
		sl.depth = 1;
		sl.title = arena_printf(&s->a, "%s %s · %s %s",
		                        S_l(s, r->week ? "weekly_report" : "monthly_report"),
		                        r->key, S_l(s, "key_part_failures"), kp->id);
		sl.back = arena_printf(&s->a, "%s#h-parts", file);
		sl.back_label = arena_printf(
		    &s->a, "%s %s", S_l(s, r->week ? "weekly_report" : "monthly_report"), r->key);
		sl.shape = SITE_LIST_ITEMS;
		k = j - i;
		if (k > SITE_LIST_HEAD) {
			const struct tv *more = NULL;

			site_list_records(s, &sl, recs, k, 1, &more);
			tv_map_set(cur, "more", more);
		}
		r->alerts += alert;
		tv_list_push(parts, cur);
	}
	buf_free(&links);
	free(recs);
	free(v);
	return parts;
}

/* An action due: the visit as a list item, with {action, owner, owner_href, due}. */
static struct tv *
S_action(struct site *s, const struct ev *e, const char *what, const char *owner, const char *due)
{
	struct tv *it = site_item(s, &s->r->recs[e->rec], 1);

	S_set(s, it, "action", what);
	S_set(s, it, "owner", owner);
	tv_map_set(it, "owner_href", *owner ? S_id_href(s, owner, 1) : tv_null());
	S_set(s, it, "due", due);
	return it;
}

/*
 * The actions due in the period: the first SITE_LIST_HEAD as `actions`
 * (S_action), their count, and all of them on pages
 * reports/REPORT-actions-pK.html (actions_more), a line each.
 */
static void
S_report_actions(struct site *s, const struct report *r, struct tv *page, struct site_rows *rows)
{
	const char *file = S_report_file(s, r);
	const char *title = arena_printf(
	    &s->a, "%s %s", S_l(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	struct tv *actions = tv_list(&s->a);
	struct site_list sl = {0};
	size_t i;

	site_rows_reset(rows);
	for (i = 0; i < r->nev; i++) {
		const struct ev *e = &r->ev[i];
		const struct node *a, *wn, *on;
		const char *what, *owner, *due;

		if (e->what != EV_ACTION)
			continue;
		a = &node_get(s->r->recs[e->rec].root, "actions")->u.kids[e->extra];
		wn = node_get(a, "action");
		on = node_get(a, "owner");
		what = wn && wn->type == NODE_SCALAR ? wn->u.str : "";
		owner = on && on->type == NODE_SCALAR ? on->u.str : "";
		due = S_date(s, e->day);
		if (rows->n < SITE_LIST_HEAD)
			tv_list_push(actions, S_action(s, e, what, owner, due));
		buf_adds(&rows->text, "<li>");
		site_record_link(&rows->text, &s->info[e->rec], 1);
		buf_addc(&rows->text, ' ');
		html_escape(&rows->text, what, strlen(what));
		buf_adds(&rows->text, " · ");
		html_escape(&rows->text, owner, strlen(owner));
		buf_adds(&rows->text, " · <span class=\"date\">");
		html_escape(&rows->text, due, strlen(due));
		buf_adds(&rows->text, "</span></li>");
		site_rows_end(rows);
	}
	sl.prefix = arena_printf(&s->a, "reports/%.*s-actions-p", (int)(strlen(file) - 5), file);
	sl.depth = 1;
	sl.title = arena_printf(&s->a, "%s · %s", title, S_l(s, "actions_due"));
	sl.back = arena_printf(&s->a, "%s#h-actions", file);
	sl.back_label = title;
	sl.shape = SITE_LIST_UL;
	site_list_publish(s, &sl, rows);
	tv_map_set(page, "actions", actions);
	tv_map_set_num(page, "actions_count", (double)rows->n);
	tv_map_set(page, "actions_more", site_list_more(s, &sl, rows->n, 1));
}

/*
 * A week's records outside metric m's numerator (or over its target), rows
 * written by S_fact_rows: the first 20 on the report as x's rows_html and
 * more, all on pages reports/REPORT-METRIC-pK.html (docs/site.md, "Long
 * lists").
 */
static void
S_exceptions(struct site *s, struct tv *x, const struct report *r, int m,
             const struct site_rows *rows)
{
	const char *file = S_report_file(s, r);
	const char *title = arena_printf(
	    &s->a, "%s %s", S_l(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	struct site_list l = {0};

	l.prefix = arena_printf(&s->a, "reports/%.*s-%s-p", (int)(strlen(file) - 5), file,
	                        stats_metric_names[m]);
	l.depth = 1;
	l.title = arena_printf(&s->a, "%s · %s · %s", title, S_l(s, "exceptions"), S_metric(s, m));
	l.back = arena_printf(&s->a, "%s#x-%s", file, stats_metric_names[m]);
	l.back_label = title;
	l.shape = stats_is_duration(m) ? SITE_LIST_OVER : SITE_LIST_DRILL;
	l.unit = S_unit(s, m);
	site_list_publish(s, &l, rows);
	tv_map_set(x, "rows_html", site_rows_head(s, rows));
	tv_map_set(x, "more", site_list_more(s, &l, rows->n, 1));
}

/* The complaints of the period by status: [{key, label, count}], in the workflow's order. */
static struct tv *
S_report_statuses(struct site *s, const struct report *r)
{
	const char *const *order = schema_fields[F_complaints_status].values;
	struct tv *list = tv_list(&s->a);
	size_t k, i, n;

	for (k = 0; order[k]; k++) {
		struct tv *c;

		for (i = n = 0; i < r->nev; i++)
			n += r->ev[i].what == EV_COMPLAINT &&
			     node_is_str(rec_value(&s->r->recs[r->ev[i].rec], "status"), order[k]);
		if (!n)
			continue;
		c = tv_map(&s->a);
		S_set(s, c, "key", order[k]);
		S_set(s, c, "label", labels_get3(s->l, "enum", "status", order[k]));
		tv_map_set_num(c, "count", (double)n);
		tv_list_push(list, c);
	}
	return list;
}

/*
 * One report: the period's figures (a week's records outside the figures'
 * numerators listed, a month's figures linked to their drill-down pages),
 * then what happened: tickets, visits, complaints, overdue follow-ups, key
 * part failures, actions due. weeks: the weekly reports, for a month's.
 */
static void
S_report(struct site *s, struct report *r, const struct report *prev, const struct report *next,
         const struct report *weeks, size_t nweeks, struct site_rows *xrows)
{
	const struct stats *st = s->o->stats;
	int dim = r->week ? DIM_WEEK : DIM_MONTH, m;
	struct tv *page, *figs = tv_list(&s->a), *exc = tv_list(&s->a);
	struct tv *wl = tv_list(&s->a), *parts;
	size_t i;

	page = site_page(s,
	                 arena_printf(&s->a, "%s %s",
	                              S_l(s, r->week ? "weekly_report" : "monthly_report"), r->key),
	                 1, NULL);
	S_set(s, page, "key", r->key);
	tv_map_set_bool(page, "is_week", r->week);
	S_set(s, page, "from", S_date(s, r->from));
	S_set(s, page, "to", S_date(s, r->to));
	tv_map_set(page, "prev", prev ? tv_str(&s->a, S_report_file(s, prev)) : tv_null());
	tv_map_set(page, "next", next ? tv_str(&s->a, S_report_file(s, next)) : tv_null());
	for (m = 0; m < METRIC__COUNT; m++) {
		size_t gi = 0;
		const struct group *g = S_group(st, m, dim, r->key, &gi);
		const char *href = NULL;
		struct figure none;

		memset(&none, 0, sizeof(none));
		none.met = -1;
		site_rows_reset(xrows);
		if (g && r->week && S_fact_rows(s, m, g, xrows, NULL, NULL) > 0) {
			struct tv *x = tv_map(&s->a);

			href = arena_printf(&s->a, "#x-%s", stats_metric_names[m]);
			S_set(s, x, "metric", stats_metric_names[m]);
			S_set(s, x, "label", S_metric(s, m));
			tv_map_set_bool(x, "is_rate", !stats_is_duration(m));
			tv_map_set_bool(x, "is_parts", m == METRIC_PARTS_ACCURACY);
			S_set(s, x, "unit", S_unit(s, m));
			tv_map_set_num(x, "count", (double)xrows->n);
			S_exceptions(s, x, r, m, xrows);
			tv_list_push(exc, x);
		} else if (g && !r->week) {
			href = S_figure_href(s, m, dim, gi, r->key, "../stats/");
		}
		tv_list_push(figs, S_metric_figure(s, m, g ? &g->fig : &none, href, 1));
	}
	tv_map_set(page, "figures", figs);
	tv_map_set(page, "exceptions", exc);
	tv_map_set_bool(page, "has_exceptions", tv_len(exc) > 0);
	/* A month counts its tickets and visits; its weeks list them. */
	tv_map_set(page, "new_tickets", r->week ? S_ev_list(s, r, EV_NEW, xrows) : tv_null());
	tv_map_set(page, "closed_tickets", r->week ? S_ev_list(s, r, EV_CLOSED, xrows) : tv_null());
	tv_map_set_num(page, "new_count", (double)r->count[EV_NEW]);
	tv_map_set_num(page, "closed_count", (double)r->count[EV_CLOSED]);
	tv_map_set_num(page, "visits_count", (double)r->count[EV_VISIT]);
	tv_map_set(page, "complaints", S_ev_list(s, r, EV_COMPLAINT, xrows));
	tv_map_set(page, "complaint_statuses", S_report_statuses(s, r));
	tv_map_set(page, "overdue", S_ev_list(s, r, EV_OVERDUE, xrows));
	S_report_actions(s, r, page, xrows);
	parts = S_report_parts(s, r);
	tv_map_set(page, "parts", parts);
	tv_map_set_num(page, "parts_count", (double)tv_len(parts));
	tv_map_set_num(page, "alerts_count", (double)r->alerts);
	for (i = 0; i < nweeks; i++)
		if (weeks[i].from <= r->to && weeks[i].to >= r->from) {
			struct tv *w = tv_map(&s->a);

			S_set(s, w, "key", weeks[i].key);
			S_set(s, w, "href", S_report_file(s, &weeks[i]));
			tv_list_push(wl, w);
		}
	tv_map_set(page, "weeks", wl);
	site_render(s, "report", page,
	            site_cat(&s->a, "reports/", S_report_file(s, r), NULL, NULL));
}

/* The index's row of a report. */
static struct tv *
S_report_row(struct site *s, const struct report *r)
{
	struct tv *row = tv_map(&s->a);

	S_set(s, row, "key", r->key);
	S_set(s, row, "href", S_report_file(s, r));
	S_set(s, row, "from", S_date(s, r->from));
	S_set(s, row, "to", S_date(s, r->to));
	tv_map_set_num(row, "new", (double)r->count[EV_NEW]);
	tv_map_set_num(row, "closed", (double)r->count[EV_CLOSED]);
	tv_map_set_num(row, "visits", (double)r->count[EV_VISIT]);
	tv_map_set_num(row, "complaints", (double)r->count[EV_COMPLAINT]);
	tv_map_set_num(row, "overdue", (double)r->count[EV_OVERDUE]);
	tv_map_set_num(row, "alerts", (double)r->alerts);
	tv_map_set_num(row, "actions", (double)r->count[EV_ACTION]);
	return row;
}

/* reports/: a report per week and per month with data, newest last, and their index. */
static void
S_reports_all(struct site *s)
{
	struct evs weeks_ev = {0}, months_ev;
	struct report *weeks, *months;
	struct tv *page, *wl, *ml;
	struct site_rows rows;
	size_t nw, nm, i;

	memset(&rows, 0, sizeof(rows));
	S_events(s, &weeks_ev);
	months_ev = weeks_ev;
	months_ev.v = xmalloc((weeks_ev.n ? weeks_ev.n : 1) * sizeof(*months_ev.v));
	if (weeks_ev.n) /* no events: weeks_ev.v is NULL, which memcpy may not take */
		memcpy(months_ev.v, weeks_ev.v, weeks_ev.n * sizeof(*months_ev.v));
	nw = S_reports(s, &weeks_ev, 1, &weeks);
	nm = S_reports(s, &months_ev, 0, &months);
	arena_reset(&s->a);
	for (i = 0; i < nw && !s->failed && !publish_interrupted(); i++) {
		S_report(s, &weeks[i], i ? &weeks[i - 1] : NULL, i + 1 < nw ? &weeks[i + 1] : NULL,
		         NULL, 0, &rows);
		arena_reset(&s->a);
	}
	for (i = 0; i < nm && !s->failed && !publish_interrupted(); i++) {
		S_report(s, &months[i], i ? &months[i - 1] : NULL,
		         i + 1 < nm ? &months[i + 1] : NULL, weeks, nw, &rows);
		arena_reset(&s->a);
	}
	page = site_page(s, labels_get(s->l, "ui", "reports"), 1, NULL);
	wl = tv_list(&s->a);
	ml = tv_list(&s->a);
	for (i = nw; i-- > 0;)
		tv_list_push(wl, S_report_row(s, &weeks[i]));
	for (i = nm; i-- > 0;)
		tv_list_push(ml, S_report_row(s, &months[i]));
	tv_map_set(page, "weeks", wl);
	tv_map_set(page, "months", ml);
	tv_map_set_bool(page, "has_weeks", nw > 0);
	tv_map_set_bool(page, "has_months", nm > 0);
	site_render(s, "reports", page, "reports/index.html");
	free(weeks);
	free(months);
	free(weeks_ev.v);
	free(months_ev.v);
	site_rows_free(&rows);
}

/* ---- The parts, one a worker ------------------------------------------ */

void
site_stats_part(struct site *s, int part)
{
	struct stats_words w;

	if (!s->o->stats || s->failed)
		return;
	memset(&w, 0, sizeof(w));
	s->words = &w;
	if (part < METRIC__COUNT)
		S_drill_metric(s, part);
	else if (part == METRIC__COUNT)
		S_section(s);
	else
		S_reports_all(s);
	s->words = NULL;
}
