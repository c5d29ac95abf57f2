/*
 * dashboard.c - index.html, the dashboard (dashboard.h).
 */
#include "site/dashboard.h"

#include <stdlib.h>

#include "check/validate.h"
#include "site/digest.h"
#include "site/list.h"
#include "site/site_stats.h"

/* The dashboard: counts, open lists, the statistics' cards (site_stats.c). */
void
site_dashboard(struct site *s)
{
	struct tv *page, *counts;
	uint32_t *open, *complaints, *overdue;
	size_t per_kind[KIND__COUNT] = {0}, i, nopen = 0, ncomplaints = 0, noverdue = 0;
	int kind;

	/* The figures too come from the records, svcgen.yaml and the as-of date alone. */
	if (site_reuse_whole(s, "index.html"))
		return;
	page = site_page(s, labels_get(s->l, "ui", "dashboard"), 0, "dashboard");
	counts = tv_list(&s->a);
	open = xmalloc((s->r->n + 1) * sizeof(*open));
	complaints = xmalloc((s->r->n + 1) * sizeof(*complaints));
	overdue = xmalloc((s->d->n + 1) * sizeof(*overdue));

	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];
		const struct node *st;

		if (!site_has_page(s, rec))
			continue;
		per_kind[rec->kind]++;
		st = rec_value(rec, "status");
		if (rec->kind == OBJ_service && st && !node_is_str(st, "closed") &&
		    !node_is_str(st, "cancelled") && !node_is_str(st, "resolved"))
			open[nopen++] = (uint32_t)i;
		if (rec->kind == OBJ_complaints &&
		    (node_is_str(st, "open") || node_is_str(st, "investigating")))
			complaints[ncomplaints++] = (uint32_t)i;
	}
	for (i = 0; i < s->d->n; i++) {
		const struct record *rec = site_record_at(s, s->d->v[i].path);

		if (s->d->v[i].rule == RULE_FOLLOW_UP_OVERDUE && rec && site_has_page(s, rec))
			overdue[noverdue++] = (uint32_t)(rec - s->r->recs);
	}
	for (kind = 0; kind < KIND__COUNT; kind++) {
		struct tv *c = tv_map(&s->a);

		tv_map_set_str(c, "label", s->kind_label[kind]);
		tv_map_set_str(c, "href",
		               site_cat(&s->a, site_kind_name(kind), "/index.html", NULL, NULL));
		tv_map_set_num(c, "count", (double)per_kind[kind]);
		tv_list_push(counts, c);
	}
	tv_map_set(page, "counts", counts);
	/* Each list's head; the whole in pages of its own (docs/site.md, "Long lists"). */
	site_list_dashboard(s, page, "open_tickets", "open-tickets",
	                    labels_get(s->l, "ui", "open_tickets"), open, nopen);
	site_list_dashboard(s, page, "open_complaints", "open-complaints",
	                    labels_get(s->l, "ui", "open_complaints"), complaints, ncomplaints);
	site_list_dashboard(s, page, "overdue_follow_ups", "overdue-follow-ups",
	                    labels_get(s->l, "ui", "overdue_follow_ups"), overdue, noverdue);
	free(open);
	free(complaints);
	free(overdue);
	site_stats_dashboard(s, page);
	site_as_of(s, page);
	site_render(s, "dashboard", page, "index.html");
}
