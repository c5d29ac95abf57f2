/*
 * reports.h - reports/: a report per ISO week and per month with data,
 * and their index. A report shows the period's figures (a week's records
 * outside them listed) and what happened: tickets reported and closed,
 * visits, complaints, overdue follow-ups, key part failures, actions due;
 * counted in one pass over the records.
 */
#ifndef SVCGEN_SITE_REPORTS_H
#define SVCGEN_SITE_REPORTS_H

#include "site/page.h"

void site_reports(struct site *s);

#endif
