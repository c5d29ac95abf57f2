/*
 * drill.h - the drill-down pages of stats/ (docs/metrics.md, "On the
 * site"): for each figure, overall and per month, region, model, type and
 * staff member, the records it counted, those outside its numerator (or
 * over its target) first; and those rows, which weekly reports list too.
 */
#ifndef SVCGEN_SITE_DRILL_H
#define SVCGEN_SITE_DRILL_H

#include <stddef.h>
#include <stdint.h>

#include "site/list.h"
#include "stats/stats.h"

/* A number and whose it is: sorted largest first, then by index (site_secs_desc). */
struct secs_idx {
	int64_t secs;
	uint32_t i;
};
int site_secs_desc(const void *pa, const void *pb);

/* A metric's facts as list items, made once for its drill-down pages (drill.c). */
struct items;

/*
 * The records behind a group's figure, a row each (site_rows_end). For a
 * rate: those outside the numerator as table rows into miss, those in it
 * as list items into all (from it). For a duration: those over the target
 * as rows into miss, every one as a list item into all, longest first.
 * Either buffer may be NULL, and it when all is. Returns the number of
 * rows (outside the numerator, or over the target).
 */
size_t site_fact_rows(struct site *s, int m, const struct group *g, struct site_rows *miss,
                      struct site_rows *all, const struct items *it);
/* The drill-down pages of metric m: overall, and per month, region, model, type, staff. */
void site_drill_metric(struct site *s, int m);

#endif
