/*
 * figure.c - what the statistics pages share (figure.h): words, numbers,
 * periods, links between the pages, a figure as pages show it.
 */
#include "site/figure.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "model/value.h"

/* The pages of stats/: their files, and the words of their titles. */
const char *const site_stats_files[SP__COUNT] = {
    "index.html",    "by-month.html", "by-week.html",  "by-region.html",
    "by-model.html", "by-type.html",  "by-staff.html", "key-parts.html",
    "backlog.html",  "cost.html",     "staff.html",    "complaints.html"};
const char *const site_stats_titles[SP__COUNT] = {
    "overview", "by_month",  "by_week", "by_region", "by_model",      "by_type",
    "by_staff", "key_parts", "backlog", "cost",      "staff_figures", "complaints"};

/* ---- Words and numbers ------------------------------------------------ */

/* A word of the statistics pages, looked up once a part (struct stats_words). */
const char *
site_stats_word(struct site *s, const char *key)
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
const char *
site_metric_label(struct site *s, int m)
{
	if (!s->words)
		return labels_get(s->l, "metric", metric_names[m]);
	if (!s->words->metric[m])
		s->words->metric[m] = labels_get(s->l, "metric", metric_names[m]);
	return s->words->metric[m];
}

/* p / q with `dec` decimals, rounded as docs/metrics.md says; in the page's arena. */
char *
site_ratio(struct site *s, int64_t p, int64_t q, int dec)
{
	struct buf b = BUF_INIT;
	char *out;

	stats_format_ratio(&b, p, q, dec);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* p / q as the JSON of svcgen stats writes it: three decimals at most. */
char *
site_ratio_json(struct site *s, int64_t p, int64_t q)
{
	struct buf b = BUF_INIT;
	char *out;

	stats_format_json_ratio(&b, p, q);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* A target or a threshold, as the JSON writes it. */
const char *
site_number(struct site *s, double d)
{
	return site_ratio_json(s, (int64_t)llround(d * 1000), 1000);
}

int64_t
site_unit_secs(int m)
{
	return m == METRIC_COMPLAINT_CLOSE_DAYS ? DAY_SECS : HOUR_SECS;
}

const char *
site_unit(struct site *s, int m)
{
	return site_stats_word(s, !stats_is_duration(m)              ? "unit_percent"
	                          : m == METRIC_COMPLAINT_CLOSE_DAYS ? "unit_days"
	                                                             : "unit_hours");
}

/* A figure's value as pages show it: one decimal, or the label of n/a. */
static const char *
S_value_text(struct site *s, int m, const struct figure *f)
{
	struct buf b = BUF_INIT;
	const char *out;

	if (!f->has_value)
		return site_stats_word(s, "na");
	stats_format_value(&b, m, f, 1);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* ---- Periods ------------------------------------------------------------ */

/* The ISO 8601 week of a day: its week-numbering year and week, as y * 100 + w. */
int32_t
site_week_of(int64_t day)
{
	int y, w;

	stats_iso_week(day, &y, &w);
	return (int32_t)(y * 100 + w);
}

/* A month as y * 12 + (m - 1). */
int32_t
site_month_of(int64_t day)
{
	unsigned m, d;
	int y;

	civil_from_days(day, &y, &m, &d);
	return (int32_t)(y * 12 + (int)m - 1);
}

/* The key of a week ("2026-W09") or a month ("2026-03") from its order. */
const char *
site_period_key(struct site *s, int week, int32_t order)
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
const char *
site_drill_file(struct site *s, int m, int dim, size_t gi, const char *key)
{
	const char *name = metric_names[m];

	if (dim == DIM_ALL)
		return arena_printf(&s->a, "%s-all.html", name);
	if (dim == DIM_WEEK)
		return NULL;
	if (dim == DIM_MONTH && S_safe_key(key))
		return arena_printf(&s->a, "%s-month-%s.html", name, key);
	return arena_printf(&s->a, "%s-%s-%zu.html", name, stats_dim_names[dim], gi + 1);
}

/* The weekly report of a week from a page of stats/ or reports/ (from_stats), or NULL. */
const char *
site_week_href(struct site *s, const char *key, int from_stats)
{
	if (!S_safe_key(key))
		return NULL;
	return arena_printf(&s->a, "%sweek-%s.html", from_stats ? "../reports/" : "", key);
}

/* Where a figure of group gi links from a page `prefix` away from stats/. */
const char *
site_figure_href(struct site *s, int m, int dim, size_t gi, const char *key, const char *prefix)
{
	const char *file = site_drill_file(s, m, dim, gi, key);

	if (file)
		return site_cat(&s->a, prefix, file, NULL, NULL);
	file = site_week_href(s, key, 1);
	return file ? arena_printf(&s->a, "%s#m-%s", file, metric_names[m]) : NULL;
}

/* ---- A figure as pages show it ---------------------------------------- */

/* Who set the target: "svcgen.yaml", or a standard, linked. */
static void
S_source(struct site *s, struct tv *v, const char *src, int depth)
{
	int config = src && !strcmp(src, "config");

	site_set_ref(s, v, "source",
	             !src     ? ""
	             : config ? site_stats_word(s, "source_config")
	                      : src);
	tv_map_set(v, "source_href", src && !config ? site_id_href(s, src, depth) : tv_null());
}

/*
 * A figure: {value, has_value, unit, is_rate, num, den, p90, target_text,
 * within, status_key, status, mark, source, source_href, href}; within:
 * "≤ 24 h: 90.2 %", the share within the target of a metric in hours. Every key is set
 * (null when it does not apply), so that none is found in an outer context.
 */
struct tv *
site_figure(struct site *s, int m, const struct figure *f, const char *href, int depth)
{
	static const char *const keys[3] = {"none", "missed", "met"}, *const marks[3] = {"–", "✗",
	                                                                                 "✓"};
	struct tv *v = tv_map(&s->a);
	const char *unit = site_unit(s, m);
	int dur = stats_is_duration(m), k = f->met < 0 ? 0 : f->met ? 2 : 1;

	site_set_ref(s, v, "value", S_value_text(s, m, f));
	tv_map_set_bool(v, "has_value", f->has_value);
	site_set_ref(s, v, "unit", unit);
	tv_map_set_bool(v, "is_rate", !dur);
	tv_map_set_num(v, "num", (double)f->num);
	tv_map_set_num(v, "den", (double)f->den);
	tv_map_set(v, "p90",
	           dur && f->has_value ? tv_str(&s->a, site_ratio(s, f->p90, site_unit_secs(m), 1))
	                               : tv_null());
	tv_map_set(v, "target_text",
	           f->has_target ? tv_str(&s->a, arena_printf(&s->a, "%s %s %s", dur ? "≤" : "≥",
	                                                      site_number(s, f->target), unit))
	                         : tv_null());
	tv_map_set(
	    v, "within",
	    stats_has_within(m) && f->has_value && f->has_target
	        ? tv_str(&s->a, arena_printf(&s->a, "≤ %s %s: %s %s", site_number(s, f->target),
	                                     unit, site_ratio(s, 100 * f->num, f->den, 1),
	                                     site_stats_word(s, "unit_percent")))
	        : tv_null());
	site_set_ref(s, v, "status_key", keys[k]);
	site_set_ref(s, v, "mark", marks[k]);
	site_set_ref(s, v, "status",
	             site_stats_word(s, k                ? keys[k]
	                                : !f->has_target ? "no_target"
	                                                 : "na"));
	S_source(s, v, f->target_source, depth);
	tv_map_set(v, "href", href ? tv_str_ref(&s->a, href, strlen(href)) : tv_null());
	return v;
}

/* A figure with the metric it is of: {metric, label, figure...}. */
struct tv *
site_metric_figure(struct site *s, int m, const struct figure *f, const char *href, int depth)
{
	struct tv *v = site_figure(s, m, f, href, depth);

	site_set_ref(s, v, "metric", metric_names[m]);
	site_set_ref(s, v, "label", site_metric_label(s, m));
	return v;
}

/* The group of metric m's breakdown dim with this key, or NULL. */
const struct group *
site_stats_group(const struct stats *st, int m, int dim, const char *key, size_t *gi)
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

/* What a breakdown's key shows: a type's label, a staff member's id (their name beside). */
void
site_stats_key(struct site *s, struct tv *row, int dim, const char *key, int depth)
{
	const struct record *who = dim == DIM_STAFF ? records_find(s->r, key) : NULL;

	site_set_ref(s, row, "key",
	             dim == DIM_ALL    ? site_stats_word(s, "overall")
	             : dim == DIM_TYPE ? labels_get3(s->l, "enum", "type", key)
	                               : key);
	tv_map_set(row, "key_href",
	           dim == DIM_STAFF ? site_id_href(s, key, depth)
	           : dim == DIM_WEEK && depth == 1 && site_week_href(s, key, 1)
	               ? tv_str(&s->a, site_week_href(s, key, 1))
	               : tv_null());
	site_set_ref(s, row, "key_note",
	             who && site_has_page(s, who) ? s->info[who - s->r->recs].title : "");
}
