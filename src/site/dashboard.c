/*
 * dashboard.c - index.html, the dashboard (dashboard.h): the records of
 * each kind, open tickets and complaints, overdue follow-ups, and the
 * statistics' KPI cards with their trends, key part alerts and stale
 * complaints.
 */
#include "site/dashboard.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "check/validate.h"
#include "site/digest.h"
#include "site/figure.h"
#include "site/list.h"
#include "site/svg.h"

#define KPI_MONTHS 12 /* the dashboard's trends: the months up to today */

/* ---- Key parts over their threshold ------------------------------------ */

struct alert {
	const struct key_part *kp;
	const struct count *month;
};

static int
S_alert_cmp(const void *pa, const void *pb)
{
	const struct alert *a = pa, *b = pb;
	int c = strcmp(b->month->key, a->month->key);

	return c ? c : strcmp(a->kp->id, b->kp->id);
}

/*
 * Every month over a key part's threshold, newest first: the first
 * SITE_LIST_HEAD as [{id, href, name, month, failures, threshold}] for a
 * page `depth` folders down, *more the link to all of them, which the
 * key-parts page (publish) puts on pages stats/key-parts-alerts-pK.html.
 */
struct tv *
site_part_alerts(struct site *s, int depth, int publish, const struct tv **more, size_t *count)
{
	const struct stats *st = s->o->stats;
	struct tv *list = tv_list(&s->a);
	struct alert *v = NULL;
	struct site_rows rows;
	struct site_list l = {0};
	size_t n = 0, cap = 0, i, k;

	memset(&rows, 0, sizeof(rows));
	for (i = 0; i < st->nparts; i++)
		for (k = 0; k < st->parts[i].nmonths; k++)
			if (st->parts[i].by_month[k].n > st->parts[i].threshold) {
				v = xgrow(v, sizeof(*v), n + 1, &cap);
				v[n].kp = &st->parts[i];
				v[n++].month = &st->parts[i].by_month[k];
			}
	if (n > 1)
		qsort(v, n, sizeof(*v), S_alert_cmp);
	for (i = 0; i < n; i++) {
		const char *name = v[i].kp->name ? v[i].kp->name : "";
		struct tv *a;

		if (publish && n > SITE_LIST_HEAD) {
			const struct record *rec = records_find(s->r, v[i].kp->id);
			int linked = rec && site_has_page(s, rec);

			buf_adds(&rows.text, "<li>");
			/* The link shows the part's name beside its id (site_record_link). */
			if (linked) {
				site_record_link(&rows.text, &s->info[rec - s->r->recs], 1);
			} else {
				html_escape(&rows.text, v[i].kp->id, strlen(v[i].kp->id));
				buf_adds(&rows.text, " ");
				html_escape(&rows.text, name, strlen(name));
			}
			buf_addf(&rows.text, " · <span class=\"date\">%s</span> · %lld ▲ / %d</li>",
			         v[i].month->key, (long long)v[i].month->n, v[i].kp->threshold);
			site_rows_end(&rows);
		}
		if (i >= SITE_LIST_HEAD)
			continue;
		a = tv_map(&s->a);
		site_set_ref(s, a, "id", v[i].kp->id);
		tv_map_set(a, "href", site_id_href(s, v[i].kp->id, depth));
		site_set_ref(s, a, "name", name);
		site_set_ref(s, a, "month", v[i].month->key);
		tv_map_set_num(a, "failures", (double)v[i].month->n);
		tv_map_set_num(a, "threshold", v[i].kp->threshold);
		tv_list_push(list, a);
	}
	l.prefix = "stats/key-parts-alerts-p";
	l.depth = 1;
	l.title = arena_printf(&s->a, "%s · %s", site_stats_word(s, "key_parts"),
	                       site_stats_word(s, "alerts"));
	l.back = "key-parts.html#h-alerts";
	l.back_label = site_stats_word(s, "key_parts");
	l.shape = SITE_LIST_UL;
	if (publish)
		site_list_publish(s, &l, &rows);
	*more = site_list_more(s, &l, n, depth);
	*count = n;
	site_rows_free(&rows);
	free(v);
	return list;
}

/* ---- The statistics' cards ---------------------------------------------- */

/*
 * The months of the dashboard's trends: the KPI_MONTHS up to today's, oldest
 * first, none before 0001-01 (docs/records.md, "Dates and times"); their count.
 */
static size_t
S_kpi_months(struct site *s, const char **keys)
{
	int32_t now = site_month_of(s->o->stats->today), first = now - (KPI_MONTHS - 1);
	size_t n = 0;

	for (first = first < 12 ? 12 : first; first <= now; first++)
		keys[n++] = site_period_key(s, 0, first);
	return n;
}

/*
 * A KPI card's row for one period: {period, period_key, figure...}, the
 * value "no data" when nothing of metric m falls in it (docs/site.md,
 * "Statistics and reports": a card's periods).
 */
static struct tv *
S_period_row(struct site *s, int m, const char *word, const char *key, const struct figure *f,
             const char *href)
{
	struct tv *row = site_figure(s, m, f, f->has_value ? href : NULL, 0);

	site_set_ref(s, row, "period", site_stats_word(s, word));
	site_set_ref(s, row, "period_key", key);
	if (!f->has_value)
		site_set_ref(s, row, "value", site_stats_word(s, "no_data"));
	return row;
}

/*
 * A KPI card's periods: this week (the ISO week of today), this month, the
 * 12 calendar months up to today's and all time, each against the target
 * in force for it; the same figures as svcgen stats --period gives for
 * the week and the month.
 */
static struct tv *
S_periods(struct site *s, int m, const char *const *months, size_t nmonths)
{
	const struct stats *st = s->o->stats;
	const char *week = site_period_key(s, 1, site_week_of(st->today));
	const char *month = months[nmonths - 1];
	struct tv *rows = tv_list(&s->a);
	struct figure *f = arena_alloc(&s->a, 3 * sizeof(*f));
	const struct figure *fw, *fm;

	/*
	 * None of the four has ended: each is judged against the target in
	 * force today, the card's, which the card states once.
	 */
	fw = stats_group_figure(st, m, DIM_WEEK, week, &f[0]);
	/* A week's figures are in its weekly report. */
	tv_list_push(rows, S_period_row(s, m, "this_week", week, fw,
	                                arena_printf(&s->a, "reports/week-%s.html#m-%s", week,
	                                             metric_names[m])));
	fm = stats_group_figure(st, m, DIM_MONTH, month, &f[1]);
	/* A month with data has its drill-down page (a row without a value links nowhere). */
	tv_list_push(rows, S_period_row(s, m, "this_month", month, fm,
	                                site_figure_href(s, m, DIM_MONTH, 0, month, "stats/")));
	stats_months_figure(st, m, months[0], month, &f[2]);
	tv_list_push(rows,
	             S_period_row(s, m, "last_12_months",
	                          arena_printf(&s->a, "%s – %s", months[0], month), &f[2], NULL));
	tv_list_push(rows, S_period_row(s, m, "all_time", "", &st->m[m].groups[DIM_ALL][0].fig,
	                                site_figure_href(s, m, DIM_ALL, 0, "", "stats/")));
	return rows;
}

/*
 * The KPI cards, each metric overall, this week, this month and over the
 * last 12 months, with its trend over the last KPI_MONTHS; the key parts'
 * alerts and the stale complaints; nothing without figures.
 */
static void
S_kpis(struct site *s, struct tv *page)
{
	const struct stats *st = s->o->stats;
	struct tv *kpis = tv_list(&s->a), *alerts;
	const struct tv *more;
	const char *months[KPI_MONTHS];
	struct buf svg = BUF_INIT;
	uint32_t *stale;
	size_t i, nmonths, nstale = 0, nalerts;
	int m;

	tv_map_set_bool(page, "has_stats", st != NULL);
	if (!st)
		return;
	nmonths = S_kpi_months(s, months);
	for (m = 0; m < METRIC__COUNT; m++) {
		const struct group *g = &st->m[m].groups[DIM_ALL][0];
		struct tv *k = site_metric_figure(
		    s, m, &g->fig, site_figure_href(s, m, DIM_ALL, 0, "", "stats/"), 0);
		struct pt *p = site_points(s, m, DIM_MONTH, months, nmonths);
		struct tv *rows = tv_list(&s->a);
		const char *id = arena_printf(&s->a, "kpi-%d", m);

		site_svg_line(s, &svg, id,
		              arena_printf(&s->a, "%s · %s", site_metric_label(s, m),
		                           site_stats_word(s, "last_12_months")),
		              site_trend_desc(s, m, p, nmonths), p, nmonths, !stats_is_duration(m),
		              1);
		tv_map_set(k, "chart", site_chart_tv(s, &svg));
		tv_map_set(k, "periods", S_periods(s, m, months, nmonths));
		for (i = 0; i < nmonths; i++) {
			struct figure none;
			/* A month without data still has its target (docs/metrics.md, "Targets").
			 */
			struct tv *row = site_figure(
			    s, m, stats_group_figure(st, m, DIM_MONTH, months[i], &none), NULL, 0);

			site_set_ref(s, row, "key", months[i]);
			tv_list_push(rows, row);
		}
		tv_map_set(k, "months", rows);
		tv_list_push(kpis, k);
	}
	buf_free(&svg);
	tv_map_set(page, "kpis", kpis);
	alerts = site_part_alerts(s, 0, 0, &more, &nalerts);
	tv_map_set(page, "part_alerts", alerts);
	tv_map_set(page, "part_alerts_more", more);
	tv_map_set_num(page, "part_alerts_count", (double)nalerts);
	stale = xmalloc((s->r->n + 1) * sizeof(*stale));
	for (i = 0; i < s->r->n; i++)
		if (s->r->recs[i].complaint_stale && site_has_page(s, &s->r->recs[i]))
			stale[nstale++] = (uint32_t)i;
	site_list_dashboard(s, page, "stale_complaints", "stale-complaints",
	                    site_stats_word(s, "stale_complaints"), stale, nstale);
	free(stale);
}

/* The statistics' part, its words looked up once (figure.h). */
static void
S_stats(struct site *s, struct tv *page)
{
	struct stats_words w;

	memset(&w, 0, sizeof(w));
	s->words = &w;
	S_kpis(s, page);
	s->words = NULL;
}

/* ---- The page ---------------------------------------------------------- */

void
site_dashboard(struct site *s)
{
	struct tv *page, *counts;
	uint32_t *open, *complaints, *overdue;
	size_t per_kind[KIND__COUNT] = {0}, i, nopen = 0, ncomplaints = 0, noverdue = 0;
	size_t nopen_complaints = 0;
	int kind;

	/* The figures too come from the records, svcgen.yaml and the as-of date alone. */
	if (site_reuse_whole(s, "index.html"))
		return;
	page = site_page(s, labels_get(s->l, "ui", "dashboard"), 0, "dashboard");
	counts = tv_list(&s->a);
	open = xmalloc((s->r->n + 1) * sizeof(*open));
	complaints = xmalloc((s->r->n + 1) * sizeof(*complaints));
	overdue = xmalloc((s->r->n + 1) * sizeof(*overdue));

	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];

		if (!site_has_page(s, rec))
			continue;
		per_kind[rec->kind]++;
		if (rec->kind == OBJ_service && record_is_open(rec))
			open[nopen++] = (uint32_t)i;
		/* A stale complaint is listed once, with the stale ones above. */
		if (rec->kind == OBJ_complaints && record_is_open(rec)) {
			nopen_complaints++;
			if (!rec->complaint_stale)
				complaints[ncomplaints++] = (uint32_t)i;
		}
		if (rec->follow_up_overdue)
			overdue[noverdue++] = (uint32_t)i;
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
	                    labels_get(s->l, "ui", "other_open_complaints"), complaints,
	                    ncomplaints);
	tv_map_set_num(page, "open_complaints_total", (double)nopen_complaints);
	site_list_dashboard(s, page, "overdue_follow_ups", "overdue-follow-ups",
	                    labels_get(s->l, "ui", "overdue_follow_ups"), overdue, noverdue);
	free(open);
	free(complaints);
	free(overdue);
	S_stats(s, page);
	site_as_of(s, page);
	site_render(s, "dashboard", page, "index.html");
}
