/*
 * dashboard.h - index.html, the dashboard: the records of each kind, the
 * open tickets and complaints, overdue follow-ups and the statistics' KPI
 * cards, as of the as-of date.
 */
#ifndef SVCGEN_SITE_DASHBOARD_H
#define SVCGEN_SITE_DASHBOARD_H

#include "site/page.h"

void site_dashboard(struct site *s);

#endif
