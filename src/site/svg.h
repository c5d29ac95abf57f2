/*
 * svg.h - the statistics pages' charts, inline SVG written here (each
 * beside a table of the same data): a trend as a line against its target,
 * counts as bars against a threshold. Every label is escaped here; the
 * markup goes into pages as it is.
 */
#ifndef SVCGEN_SITE_SVG_H
#define SVCGEN_SITE_SVG_H

#include <stddef.h>

#include "base/util.h"
#include "site/page.h"

/* A point of a chart: a month, a week, a bucket. */
struct pt {
	const char *label;
	double v, t; /* the value; the target or threshold */
	int has, has_t;
	int mark; /* lines: met 1, missed 0, -1 neither; bars: over the threshold */
};

/*
 * A trend: the values as a line (broken where a period has none), a marker
 * per value whose shape says met (disc), missed (cross) or neither (ring),
 * and the target as a dashed line; rate: a percentage. small: a sparkline
 * without labels. Appended to b; id names its parts, title and desc are
 * its accessible name and description.
 */
void site_svg_line(struct site *s, struct buf *b, const char *id, const char *title,
                   const char *desc, const struct pt *p, size_t n, int rate, int small);
/*
 * Bars with their counts above them; a bar over the threshold hatched and
 * its count marked ▲, the threshold a dashed line.
 */
void site_svg_bars(struct site *s, struct buf *b, const char *id, const char *title,
                   const char *desc, const struct pt *p, size_t n);
/* A chart's markup (b, then reset) as a value of the page. */
const struct tv *site_chart_tv(struct site *s, struct buf *b);
/* The points of metric m's figures over the periods keys[0..n) of breakdown dim. */
struct pt *site_points(struct site *s, int m, int dim, const char *const *keys, size_t n);
/* A trend chart's description: what it shows, from when to when. */
const char *site_trend_desc(struct site *s, int m, const struct pt *p, size_t n);

#endif
