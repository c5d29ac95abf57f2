/*
 * stats_pages.h - the pages of stats/ but the drill-down pages
 * (docs/metrics.md, "On the site"): every figure overall and by month,
 * week, region, model, type and staff member against its target, with
 * trends; key parts, backlog, cost, staff and complaints; a CSV and a
 * JSON beside every table, and stats/stats.json.
 */
#ifndef SVCGEN_SITE_STATS_PAGES_H
#define SVCGEN_SITE_STATS_PAGES_H

#include "site/page.h"

void site_stats_section(struct site *s);

#endif
