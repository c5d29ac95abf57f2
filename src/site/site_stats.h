/* site_stats.h - the statistics pages (site_stats.c). */
#ifndef SVCGEN_SITE_SITE_STATS_H
#define SVCGEN_SITE_SITE_STATS_H

#include "site/page.h"

/* The KPI cards and the alerts of the statistics on the dashboard's data. */
void site_stats_dashboard(struct site *s, struct tv *page);
/* The pieces of stats/ and reports/, each rendered by one worker. */
#define SITE_STATS_PARTS (METRIC__COUNT + 2)
void site_stats_part(struct site *s, int part);

#endif
