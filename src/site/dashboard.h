/*
 * dashboard.h - index.html, the dashboard: the records of each kind, the
 * open tickets and complaints, overdue follow-ups and the statistics' KPI
 * cards, as of the as-of date.
 */
#ifndef SVCGEN_SITE_DASHBOARD_H
#define SVCGEN_SITE_DASHBOARD_H

#include <stddef.h>

#include "site/page.h"

void site_dashboard(struct site *s);
/*
 * Every month over a key part's threshold, newest first: the first
 * SITE_LIST_HEAD as [{id, href, name, month, failures, threshold}] for a
 * page `depth` folders down, *more the link to all of them (*count), which
 * the key-parts page (publish) puts on pages stats/key-parts-alerts-pK.html.
 */
struct tv *site_part_alerts(struct site *s, int depth, int publish, const struct tv **more,
                            size_t *count);

#endif
