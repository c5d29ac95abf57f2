/*
 * facts.h - the pass over the records of the statistics stage (internal
 * to src/stats/): one pass turns each counted thing (a ticket, a visit, a
 * shipment line, a complaint) into a fact of its metric, with its
 * grouping date, outcome and breakdown keys, and counts the complaints,
 * the backlog, the cost, the key parts' failures and the staff's work.
 * References are joined through the id index, never by scanning.
 */
#ifndef SVCGEN_STATS_FACTS_H
#define SVCGEN_STATS_FACTS_H

#include "load/load.h"
#include "stats/figures.h"

/*
 * Fills s (its period and today set, the rest zero) from r's records,
 * and g with what grouping needs after the pass: the caller frees
 * g->stds and g->ranked.
 */
void stats_facts(struct stats *s, const struct records *r, struct stats_grouping *g);

#endif
