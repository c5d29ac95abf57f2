/*
 * figure.h - what the statistics pages share (docs/metrics.md, "On the
 * site"): their words, looked up once a part; numbers as the figures'
 * JSON and pages write them; ISO weeks and months; the pages of stats/
 * and the links between them and reports/; and a figure as pages show
 * it, against its target. The figures are the statistics stage's
 * (site_opts.stats, all time as of today): nothing here recomputes them.
 */
#ifndef SVCGEN_SITE_FIGURE_H
#define SVCGEN_SITE_FIGURE_H

#include <stddef.h>
#include <stdint.h>

#include "site/page.h"
#include "stats/stats.h"

#define HOUR_SECS 3600
#define DAY_SECS 86400

/* The pages of stats/, in the order of its navigation: index, by-DIM (1..6), then these. */
enum {
	SP_INDEX,
	SP_KEY_PARTS = DIM__COUNT,
	SP_BACKLOG,
	SP_COST,
	SP_STAFF,
	SP_COMPLAINTS,
	SP__COUNT
};
/* Their files in stats/, and the words of their titles (site_stats_word). */
extern const char *const site_stats_files[SP__COUNT];
extern const char *const site_stats_titles[SP__COUNT];

/*
 * The labels of the statistics pages, kept as they are looked up: a page
 * of figures asks for the same few words thousands of times. Keyed by the
 * key's address: every key passed is a string literal or in a static table.
 * A part of the pages sets s->words to one of these, zeroed, and back to
 * NULL when done; without one, every word is looked up.
 */
#define WORDS 128
struct stats_words {
	const char *key[WORDS], *val[WORDS];
	const char *metric[METRIC__COUNT];
};

/* ---- Words and numbers ---- */

/* Word `key` of the labels' stats section. */
const char *site_stats_word(struct site *s, const char *key);
/* A metric's name on the site. */
const char *site_metric_label(struct site *s, int m);
/* p / q with `dec` decimals, rounded as docs/metrics.md says; in the page's arena. */
char *site_ratio(struct site *s, int64_t p, int64_t q, int dec);
/* p / q as the JSON of svcgen stats writes it: three decimals at most. */
char *site_ratio_json(struct site *s, int64_t p, int64_t q);
/* A target or a threshold, as the JSON writes it. */
const char *site_number(struct site *s, double d);
/* The seconds of metric m's unit (a duration's: hours, or days for complaints). */
int64_t site_unit_secs(int m);
/* Metric m's unit as pages say it: percent, hours or days. */
const char *site_unit(struct site *s, int m);

/* ---- Periods ---- */

/* The ISO 8601 week of a day: its week-numbering year and week, as y * 100 + w. */
int32_t site_week_of(int64_t day);
/* A month as y * 12 + (m - 1). */
int32_t site_month_of(int64_t day);
/* The key of a week ("2026-W09") or a month ("2026-03") from its order. */
const char *site_period_key(struct site *s, int week, int32_t order);

/* ---- Links between the pages ---- */

/*
 * The drill-down page (its name in stats/) of group gi of metric m's
 * breakdown dim; NULL for a week, whose figures its weekly report shows.
 */
const char *site_drill_file(struct site *s, int m, int dim, size_t gi, const char *key);
/* The weekly report of a week from a page of stats/ or reports/ (from_stats), or NULL. */
const char *site_week_href(struct site *s, const char *key, int from_stats);
/* Where a figure of group gi links from a page `prefix` away from stats/. */
const char *site_figure_href(struct site *s, int m, int dim, size_t gi, const char *key,
                             const char *prefix);

/* ---- A figure as pages show it ---- */

/*
 * A figure: {value, has_value, unit, is_rate, num, den, p90, target_text,
 * status_key, status, mark, source, source_href, href}.
 */
struct tv *site_figure(struct site *s, int m, const struct figure *f, const char *href, int depth);
/* A figure with the metric it is of: {metric, label, figure...}. */
struct tv *site_metric_figure(struct site *s, int m, const struct figure *f, const char *href,
                              int depth);
/* What a breakdown's key shows on row: {key, key_href, key_note}. */
void site_stats_key(struct site *s, struct tv *row, int dim, const char *key, int depth);
/* The group of metric m's breakdown dim with this key (its index into *gi), or NULL. */
const struct group *site_stats_group(const struct stats *st, int m, int dim, const char *key,
                                     size_t *gi);

#endif
