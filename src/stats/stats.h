/*
 * stats.h - the statistics stage (docs/metrics.md): one pass over the
 * records turns each counted thing (a ticket, a visit, a shipment line, a
 * complaint) into a fact with its grouping date, its outcome and its
 * breakdown keys; figures are then computed per group from the facts, which
 * are also the drill-down lists.
 *
 * The stage's modules, each with its header: calendar (periods, ISO
 * weeks), figures (what the stage makes, the grouping, exact rounding),
 * print (svcgen stats output, CSV cells); facts, keys and fields are the
 * pass, internal to src/stats/.
 */
#ifndef SVCGEN_STATS_H
#define SVCGEN_STATS_H

#include <stdint.h>

#include "load/load.h"
#include "stats/calendar.h"
#include "stats/figures.h"
#include "stats/print.h"

/* Computes every figure of r (validated) for the period, as of today. */
void stats_compute(struct stats *s, const struct records *r, int64_t today, const char *period);
void stats_free(struct stats *s);

#endif
