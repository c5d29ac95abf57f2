/*
 * figures.h - what the statistics stage makes (docs/metrics.md): each
 * metric's facts, their groups per breakdown with the group's figure, the
 * counts beside them; the figures computed per group from (key, fact)
 * pairs put in order by a radix sort, on every core; the exact rounding
 * every output of a figure goes through.
 */
#ifndef SVCGEN_STATS_FIGURES_H
#define SVCGEN_STATS_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "load/load.h"
#include "base/util.h"

/* The breakdowns of every metric. */
enum stats_dim {
	DIM_ALL,   /* the reporting period: one group */
	DIM_MONTH, /* "2026-03" */
	DIM_WEEK,  /* "2026-W09" */
	DIM_REGION,
	DIM_MODEL,
	DIM_TYPE,
	DIM_STAFF,
	DIM__COUNT
};

/* One thing a metric counts. */
struct fact {
	uint32_t rec;         /* the record it comes from (its page) */
	uint32_t line;        /* a shipment line's index, else 0 */
	int32_t day;          /* its grouping date (local days) */
	uint8_t hit;          /* rates: in the numerator */
	uint8_t excluded;     /* durations: end before start, in no figure (docs/metrics.md) */
	uint8_t by_closed;    /* resolution_hours: it ends at `closed` (no `resolved`) */
	int64_t secs;         /* durations: the exact seconds */
	uint32_t keys, nkeys; /* its breakdown keys: stats.keys[keys .. keys + nkeys) */
};

struct stats_key {
	uint8_t dim;   /* DIM_REGION .. DIM_STAFF */
	uint32_t rank; /* the string's place in byte order among all keys: compared for s */
	const char *s;
};

/*
 * A figure: a rate (num / den, %), or a duration (median and p90 of n
 * values, in seconds; num / den: within the target / n for a metric in
 * hours that has a target, stats_has_within; n / n otherwise). has_value
 * 0: n/a.
 */
struct figure {
	int has_value;
	int64_t num, den;
	int64_t med2; /* twice the median, in seconds: exact for the mean of two */
	int64_t p90;  /* seconds */
	int has_target;
	double target;
	const char *target_source; /* "config" or a standard's id */
	int met;                   /* 1, 0, or -1 without value or target */
	int64_t excluded;          /* durations: the facts left out, their dates out of order */
};

struct group {
	const char *key; /* "" for DIM_ALL */
	struct figure fig;
	uint32_t *facts; /* indices into the metric's facts */
	size_t n;
};

struct metric_stats {
	struct fact *facts;
	size_t n, cap;
	struct group *groups[DIM__COUNT];
	size_t ngroups[DIM__COUNT];
	struct arena a; /* the groups' keys and fact lists */
};

struct count {
	const char *key;
	int64_t n;
};

struct key_part {
	const char *id, *name; /* id first: found by bsearch on it */
	int threshold;
	int64_t failures;
	struct count *by_month, *by_batch; /* months in order; batches in byte order */
	size_t nmonths, nbatches;
	uint32_t *recs; /* the failing tickets */
	size_t nrecs;
};

struct staff_stats {
	const char *id; /* first: found by bsearch on it */
	uint32_t rec;
	int64_t tickets, complaints, trainings, assessments;
	struct figure arrival, satisfaction;
};

/*
 * A sum of money in cents. Each amount is at most 999,999,999,999.99
 * (value.h, MONEY_MAX_CENTS) and records are fewer than 2^32, so a sum of
 * three such amounts per record stays below 2^81: 128 bits hold any sum
 * exactly, with room to round it (docs/metrics.md, "cost").
 */
__extension__ typedef __int128 stats_cents;

struct stats {
	const struct records *r;
	int64_t today;
	int64_t from, to;   /* the reporting period, local days, inclusive */
	const char *period; /* "all", "2026", "2026-03", "2026-W09" */
	struct metric_stats m[METRIC__COUNT];
	struct figure signoff;
	struct stats_key *keys;
	size_t nkeys, keycap;
	/* complaints */
	int64_t complaints_received, complaints_closed;
	/*
	 * A fact per complaint received in the period (hit: closed), grouped
	 * like a metric's: each group's figure counts received (den) and closed
	 * (num), without a target (docs/metrics.md, "complaints").
	 */
	struct metric_stats complaints;
	struct count *by_category, *by_severity, *by_status;
	size_t ncategory, nseverity, nstatus;
	/* backlog, as of today */
	int64_t backlog_total, backlog_age[4];
	struct count *backlog_status;
	size_t nbacklog_status;
	uint32_t *backlog_recs;
	size_t nbacklog;
	/* cost: the tickets with a cost, and the sums */
	int64_t cost_tickets;
	stats_cents cost_labor, cost_parts, cost_travel;
	struct key_part *parts;
	size_t nparts;
	struct staff_stats *staff;
	size_t nstaff;
	/* the standards that set targets: a group without records still has its target */
	const struct record **stds;
	size_t nstds;
	struct arena a;
};

extern const char *const stats_dim_names[DIM__COUNT];

/* Is metric m a duration (median and p90) rather than a rate (metrics.def)? */
int stats_is_duration(int m);
/*
 * Does metric m give the share of its values within the target (a
 * duration in hours: arrival_hours, resolution_hours; docs/metrics.md)?
 */
int stats_has_within(int m);
/* The unit of a duration metric, in seconds: an hour, or a day for complaint_close_days. */
int64_t stats_unit(int m);

/*
 * A key (a month's or week's time order, a key's rank, a duration, a key
 * part's month or batch) and the fact or record it belongs to, as
 * stats_sort_pairs puts them in order.
 */
struct stats_pair {
	int64_t order;
	uint32_t fact;
};

/*
 * Sorts v by order, equal orders staying as they come, in linear time:
 * pairs made in the order of their facts come out sorted by (order, fact).
 */
void stats_sort_pairs(struct stats_pair *v, size_t n);

/* What grouping reads besides the facts. */
struct stats_grouping {
	const struct records *r;
	const struct record **stds; /* the standards that set targets */
	size_t nstds;
	const char **ranked; /* a breakdown key's text by its rank (stats_key.rank) */
};

/*
 * Groups each metric's facts by every breakdown (the metrics on every
 * core) and computes each group's figure against the target in force.
 */
void stats_group(struct stats *s, const struct stats_grouping *g);

/*
 * Metric m's figure over the months first .. last ("2025-12", "2026-11")
 * into f, from those months' groups (no pass over the facts): against the
 * target in force on the last month's last day, or today if it has not
 * ended (the dashboard's last 12 months, docs/site.md).
 */
void stats_months_figure(const struct stats *s, int m, const char *first, const char *last,
                         struct figure *f);

/* A group of a breakdown by its key, or NULL: groups are in the byte order of their keys. */
const struct group *stats_find_group(const struct metric_stats *ms, int dim, const char *key);

/*
 * The day whose target a group of breakdown dim takes (docs/metrics.md,
 * "Targets"): a month's or week's last day, or today if it has not ended;
 * any other group's, the reporting period's.
 */
int64_t stats_target_day(const struct stats *s, int dim, const char *key);

/*
 * Metric m's figure for the group `key` of breakdown dim: the group's, or,
 * when no record of m falls in it, *tmp filled as n/a with the target in
 * force for the group all the same (a period's target never depends on
 * whether it has data). Returns the group's figure or tmp.
 */
const struct figure *stats_group_figure(const struct stats *s, int m, int dim, const char *key,
                                        struct figure *tmp);

/*
 * p / q rounded to `decimals` places, half away from zero, as text into b:
 * the exact rounding of docs/metrics.md.
 */
void stats_format_ratio(struct buf *b, int64_t p, int64_t q, int decimals);
/* p / q as the JSON of svcgen stats writes it: three decimals, trailing zeros dropped. */
void stats_format_json_ratio(struct buf *b, int64_t p, int64_t q);
/*
 * cents / per in yuan (a sum, per 1; an average, per the count), rounded to
 * `decimals` places as stats_format_ratio rounds: exact for any sum.
 */
void stats_format_money(struct buf *b, stats_cents cents, int64_t per, int decimals);
/*
 * The same as the JSON of svcgen stats writes it: three decimals at most,
 * trailing zeros dropped. The site's CSV files write money with it too, so
 * a figure reads the same in stats.json and in cost.csv.
 */
void stats_format_json_money(struct buf *b, stats_cents cents, int64_t per);
/* A figure's value as text (rate %, hours or days), or "n/a". */
void stats_format_value(struct buf *b, int m, const struct figure *f, int decimals);

#endif
