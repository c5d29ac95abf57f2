/*
 * stats.c - the statistics stage (docs/metrics.md is its contract).
 *
 * One pass over the records makes the facts of every metric (facts.c);
 * figures are then computed per group (period, month, week, region,
 * model, type, staff) from (key, fact) pairs put in order by a radix
 * sort, which is linear too (figures.c).
 */
#include "stats/stats.h"

#include <stdlib.h>
#include <string.h>

#include "stats/facts.h"

/* Each staff member's arrival and satisfaction: their groups of the staff breakdown. */
static void
S_staff_figures(struct stats *s)
{
	const struct group *g;
	size_t i;
	int m;

	for (i = 0; i < s->nstaff; i++) {
		struct staff_stats *ss = &s->staff[i];

		for (m = 0; m < 2; m++) {
			int metric = m ? METRIC_SATISFACTION_RATE : METRIC_ARRIVAL_HOURS;
			struct figure *f = m ? &ss->satisfaction : &ss->arrival;

			f->met = -1;
			if ((g = stats_find_group(&s->m[metric], DIM_STAFF, ss->id)) != NULL)
				*f = g->fig;
		}
	}
}

void
stats_compute(struct stats *s, const struct records *r, int64_t today, const char *period)
{
	struct stats_grouping g;

	memset(s, 0, sizeof(*s));
	arena_init(&s->a);
	s->r = r;
	s->today = today;
	s->period = period ? period : "all";
	if (stats_period(s->period, &s->from, &s->to) < 0)
		stats_period("all", &s->from, &s->to);
	stats_facts(s, r, &g);
	stats_group(s, &g);
	S_staff_figures(s);
	s->stds = g.stds; /* for the targets of groups without records */
	s->nstds = g.nstds;
	free(g.ranked);
}

void
stats_free(struct stats *s)
{
	size_t i;
	int m, d;

	for (m = 0; m < METRIC__COUNT; m++) {
		free(s->m[m].facts);
		arena_free(&s->m[m].a);
		for (d = 0; d < DIM__COUNT; d++)
			free(s->m[m].groups[d]);
	}
	free(s->complaints.facts);
	arena_free(&s->complaints.a);
	for (d = 0; d < DIM__COUNT; d++)
		free(s->complaints.groups[d]);
	for (i = 0; i < s->nparts; i++) {
		free(s->parts[i].by_month);
		free(s->parts[i].by_batch);
		free(s->parts[i].recs);
	}
	free(s->parts);
	free(s->staff);
	free(s->keys);
	free(s->by_category);
	free(s->by_severity);
	free(s->by_status);
	free(s->backlog_status);
	free(s->backlog_recs);
	free(s->stds);
	arena_free(&s->a);
	memset(s, 0, sizeof(*s));
}
