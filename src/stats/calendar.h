/*
 * calendar.h - the periods of the figures (docs/metrics.md, "Dates,
 * periods, rounding"): ISO 8601 weeks, months, and the reporting periods
 * of svcgen stats --period. Days are local days (value.h).
 */
#ifndef SVCGEN_STATS_CALENDAR_H
#define SVCGEN_STATS_CALENDAR_H

#include <stdint.h>

/*
 * Parses a reporting period: "all", "YYYY", "YYYY-MM" or "YYYY-Www" into
 * [*from, *to] (local days). -1 when it is none of those.
 */
int stats_period(const char *p, int64_t *from, int64_t *to);

/* ISO 8601 week of a day: its week-numbering year and week (1..53). */
void stats_iso_week(int64_t day, int *year, int *week);

/* The Monday of ISO week 1 of year y. */
int64_t stats_week1(int y);

/* The last day of month m (1..12) of year y. */
int64_t stats_month_last(int y, unsigned m);

#endif
