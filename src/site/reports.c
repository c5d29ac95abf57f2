/*
 * reports.c - reports/, a report per ISO week and per month (reports.h).
 */
#include "site/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "check/validate.h"
#include "model/value.h"
#include "site/drill.h"
#include "site/figure.h"
#include "site/list.h"

/* A day as pages show it ("2026-03-09"), in the page's arena. */
static const char *
S_date(struct site *s, int64_t day)
{
	char d[11];

	format_date(d, day);
	return arena_strndup(&s->a, d, 10);
}

/* What a report counts, in the order it shows them. */
enum { EV_NEW, EV_CLOSED, EV_VISIT, EV_COMPLAINT, EV_OVERDUE, EV_FAILURE, EV_ACTION, EV__COUNT };

/* Something that happened on a day: a ticket reported, a visit made, an action due... */
struct ev {
	int32_t period; /* the week or month it falls in (site_week_of, site_month_of) */
	int32_t day;
	uint8_t what;
	uint32_t rec;
	uint32_t extra; /* a failure: the key part's index; an action: its index */
};

struct evs {
	struct ev *v;
	size_t n, cap;
};

static void
S_ev(struct evs *e, int what, int64_t day, size_t rec, size_t extra)
{
	e->v = xgrow(e->v, sizeof(*e->v), e->n + 1, &e->cap);
	e->v[e->n].period = 0;
	e->v[e->n].day = (int32_t)day;
	e->v[e->n].what = (uint8_t)what;
	e->v[e->n].rec = (uint32_t)rec;
	e->v[e->n++].extra = (uint32_t)extra;
}

/* The local day of a checked date or datetime, or 0. */
static int
S_day(const struct node *v, int tz, int64_t *day)
{
	if (!v || v->type != NODE_SCALAR || (v->value != VAL_DATE && v->value != VAL_DATETIME))
		return 0;
	*day = node_day(v, tz);
	return 1;
}

/* A visit's actions due (`due`, not `done`), each an event. */
static void
S_actions(struct evs *e, const struct node *acts, size_t rec)
{
	size_t k;

	for (k = 0; acts->type == NODE_SEQ && k < acts->n; k++) {
		const struct node *a = &acts->u.kids[k], *due, *done;

		if (a->type != NODE_MAP)
			continue;
		due = node_field(a, KEY_due);
		done = node_field(a, KEY_done);
		if (!due || due->type != NODE_SCALAR || due->value != VAL_DATE ||
		    (done && done->type == NODE_SCALAR && done->value == VAL_BOOL && done->v.i))
			continue;
		S_ev(e, EV_ACTION, due->v.i, rec, k);
	}
}

/*
 * Everything the reports count, in one pass over the records (their keys
 * compared as the loader interned them, first of a name wins, as
 * rec_value) and the figures' facts.
 */
static void
S_events(struct site *s, struct evs *e)
{
	const struct stats *st = s->o->stats;
	const struct metric_stats *fu = &st->m[METRIC_FOLLOW_UP_RATE];
	const char *const names[5] = {schema_intern("reported", 8), schema_intern("closed", 6),
	                              schema_intern("received", 8), schema_intern("date", 4),
	                              schema_intern("actions", 7)};
	static const int what[5] = {EV_NEW, EV_CLOSED, EV_COMPLAINT, EV_VISIT, EV_ACTION};
	int tz = s->r->cfg.tzoff;
	int64_t day;
	size_t i, j, k;

	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];
		const struct node *map = rec->root;
		unsigned seen = 0, want;

		if (rec->kind == OBJ_service)
			want = 1u << 0 | 1u << 1;
		else if (rec->kind == OBJ_complaints)
			want = 1u << 2;
		else if (rec->kind == OBJ_visits)
			want = 1u << 3 | 1u << 4;
		else
			continue;
		if (!map || map->type != NODE_MAP || !site_has_page(s, rec))
			continue;
		for (j = 0; j < map->n && seen != want; j++) {
			const struct node *key = &map->u.kids[2 * j], *v = &map->u.kids[2 * j + 1];

			for (k = 0; k < 5 && (key->type != NODE_SCALAR || key->u.str != names[k]);
			     k++)
				;
			if (k == 5 || !(want & (1u << k)) || (seen & (1u << k)))
				continue;
			seen |= 1u << k;
			if (what[k] == EV_ACTION)
				S_actions(e, v, i);
			else if (S_day(v, tz, &day))
				S_ev(e, what[k], day, i, 0);
		}
	}
	/* Follow-ups whose window ended without a qualifying visit: on the window's last day. */
	for (i = 0; i < fu->n; i++)
		if (!fu->facts[i].hit && site_has_page(s, &s->r->recs[fu->facts[i].rec]))
			S_ev(e, EV_OVERDUE, fu->facts[i].day + s->r->cfg.follow_up_window_days,
			     fu->facts[i].rec, 0);
	for (k = 0; k < st->nparts; k++)
		for (i = 0; i < st->parts[k].nrecs; i++) {
			const struct record *t = &s->r->recs[st->parts[k].recs[i]];

			if (site_has_page(s, t) && S_day(record_value(t, KEY_reported), tz, &day))
				S_ev(e, EV_FAILURE, day, st->parts[k].recs[i], k);
		}
}

/* A report: a week or a month with data, and the events that fall in it. */
struct report {
	int week;
	char key[16];
	int64_t from, to;
	const struct ev *ev; /* by what, then in the order made */
	size_t nev;
	size_t count[EV__COUNT];
	size_t alerts; /* key parts with a failure in a month over their threshold */
};

/*
 * The reports of weeks (week) or months: the periods with data, in time
 * order, those of the figures' facts and of the events but actions due
 * (which may lie ahead). Sorts e->v by period, then what (a counting sort
 * over the periods' span: otherwise in the order they were made, records
 * in path order).
 */
static size_t
S_reports(struct site *s, struct evs *e, int week, struct report **out)
{
	const struct stats *st = s->o->stats;
	int32_t lo = INT32_MAX, hi = INT32_MIN, p;
	uint32_t *first;
	unsigned char *has;
	struct ev *sorted;
	struct report *v;
	size_t n = 0, i, k, span;
	int m;

	for (i = 0; i < e->n; i++) {
		p = e->v[i].period = week ? site_week_of(e->v[i].day) : site_month_of(e->v[i].day);
		lo = p < lo ? p : lo;
		hi = p > hi ? p : hi;
	}
	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < st->m[m].n; i++) {
			p = week ? site_week_of(st->m[m].facts[i].day)
			         : site_month_of(st->m[m].facts[i].day);
			lo = p < lo ? p : lo;
			hi = p > hi ? p : hi;
		}
	if (lo > hi) {
		*out = NULL;
		return 0;
	}
	span = (size_t)(hi - lo) + 1;
	has = xcalloc(span, 1);
	first = xcalloc(span * EV__COUNT + 1, sizeof(*first));
	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < st->m[m].n; i++)
			has[(week ? site_week_of(st->m[m].facts[i].day)
			          : site_month_of(st->m[m].facts[i].day)) -
			    lo] = 1;
	for (i = 0; i < e->n; i++) {
		has[e->v[i].period - lo] |= e->v[i].what != EV_ACTION;
		first[(size_t)(e->v[i].period - lo) * EV__COUNT + e->v[i].what + 1]++;
	}
	for (k = 1; k <= span * EV__COUNT; k++)
		first[k] += first[k - 1];
	sorted = xmalloc((e->n ? e->n : 1) * sizeof(*sorted));
	for (i = 0; i < e->n; i++)
		sorted[first[(size_t)(e->v[i].period - lo) * EV__COUNT + e->v[i].what]++] = e->v[i];
	free(e->v);
	e->v = sorted;
	for (k = 0; k < span; k++)
		n += has[k];
	v = xcalloc(n ? n : 1, sizeof(*v));
	for (k = 0, n = 0, i = 0; k < span; k++) {
		/* After the fill, first[] holds each (period, what)'s end. */
		size_t end = first[k * EV__COUNT + EV__COUNT - 1];
		struct report *r;

		if (!has[k]) {
			i = end;
			continue;
		}
		r = &v[n++];
		r->week = week;
		snprintf(r->key, sizeof(r->key), "%s", site_period_key(s, week, lo + (int32_t)k));
		stats_period(r->key, &r->from, &r->to);
		/* ISO week 9999-W52 runs into 10000: the calendar ends before (docs/records.md). */
		if (r->to > DAY_LAST)
			r->to = DAY_LAST;
		r->ev = &e->v[i];
		r->nev = end - i;
		for (; i < end; i++)
			r->count[e->v[i].what]++;
	}
	free(has);
	free(first);
	*out = v;
	return n;
}

static const char *
S_report_file(struct site *s, const struct report *r)
{
	return arena_printf(&s->a, "%s-%s.html", r->week ? "week" : "month", r->key);
}

/*
 * A report's records of one kind of event: {count, rows, more} for
 * items-rows.mustache, the first 20; all of them on pages of their own,
 * reports/REPORT-NAME-pK.html (docs/site.md, "Long lists").
 */
static struct tv *
S_ev_list(struct site *s, const struct report *r, int what, struct site_rows *rows)
{
	static const char *const names[EV__COUNT] = {[EV_NEW] = "new",
	                                             [EV_CLOSED] = "closed",
	                                             [EV_COMPLAINT] = "complaints",
	                                             [EV_OVERDUE] = "overdue"};
	const char *label = what == EV_NEW         ? site_stats_word(s, "new_tickets")
	                    : what == EV_CLOSED    ? site_stats_word(s, "closed_tickets")
	                    : what == EV_COMPLAINT ? site_stats_word(s, "complaints_received")
	                                           : labels_get(s->l, "ui", "overdue_follow_ups");
	const char *file = S_report_file(s, r), *title;
	struct tv *l = tv_map(&s->a);
	struct site_list sl = {0};
	size_t i;

	site_rows_reset(rows);
	for (i = 0; i < r->nev; i++)
		if (r->ev[i].what == what) {
			site_item_row(s, &rows->text, r->ev[i].rec, &(int64_t){r->ev[i].day}, 1);
			site_rows_end(rows);
		}
	title =
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	sl.prefix =
	    arena_printf(&s->a, "reports/%.*s-%s-p", (int)(strlen(file) - 5), file, names[what]);
	sl.depth = 1;
	sl.title = arena_printf(&s->a, "%s · %s", title, label);
	sl.back = file;
	sl.back_label = title;
	sl.shape = SITE_LIST_ITEMS;
	site_list_publish(s, &sl, rows);
	tv_map_set(l, "rows", site_rows_head(s, rows));
	tv_map_set_num(l, "count", (double)r->count[what]);
	tv_map_set(l, "more", site_list_more(s, &sl, rows->n, 1));
	return l;
}

/* The count of failures of key part kp in month `key`. */
static int64_t
S_part_month(const struct key_part *kp, const char *key)
{
	size_t k;

	for (k = 0; k < kp->nmonths; k++)
		if (!strcmp(kp->by_month[k].key, key))
			return kp->by_month[k].n;
	return 0;
}

/* Failure events by part, then in the report's order. */
struct part_ev {
	size_t part, ev;
};

static int
S_part_ev_cmp(const void *a, const void *b)
{
	const struct part_ev *x = a, *y = b;

	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return (x->ev > y->ev) - (x->ev < y->ev);
}

/*
 * The key parts that failed in the period: [{id, href, name, failures,
 * threshold, alert, links, more}]; alert: a failure in a month over the
 * threshold; links: the first SITE_LIST_HEAD tickets, all of them on
 * pages reports/REPORT-part-ID-pK.html (more).
 */
static struct tv *
S_report_parts(struct site *s, struct report *r)
{
	const struct stats *st = s->o->stats;
	const char *file = S_report_file(s, r);
	struct tv *parts = tv_list(&s->a);
	struct buf links = BUF_INIT;
	struct part_ev *v = xmalloc((r->count[EV_FAILURE] + 1) * sizeof(*v));
	uint32_t *recs = xmalloc((r->count[EV_FAILURE] + 1) * sizeof(*recs));
	size_t n = 0, i, j, k;

	r->alerts = 0;
	for (i = 0; i < r->nev; i++)
		if (r->ev[i].what == EV_FAILURE && r->ev[i].extra < st->nparts)
			v[n++] = (struct part_ev){r->ev[i].extra, i};
	qsort(v, n, sizeof(*v), S_part_ev_cmp);
	for (i = 0; i < n; i = j) {
		const struct key_part *kp = &st->parts[v[i].part];
		struct site_list sl = {0};
		struct tv *cur;
		int alert = 0;

		buf_reset(&links);
		for (j = i; j < n && v[j].part == v[i].part; j++) {
			const struct ev *e = &r->ev[v[j].ev];
			const struct rec_info *in = &s->info[e->rec];

			recs[j - i] = e->rec;
			alert |= S_part_month(kp, site_period_key(s, 0, site_month_of(e->day))) >
			         kp->threshold;
			if (j - i >= SITE_LIST_HEAD)
				continue;
			site_record_link(&links, in, 1);
			buf_addc(&links, ' ');
		}
		cur = tv_map(&s->a);
		site_set_ref(s, cur, "id", kp->id);
		tv_map_set(cur, "href", site_id_href(s, kp->id, 1));
		site_set_ref(s, cur, "name", kp->name ? kp->name : "");
		tv_map_set_num(cur, "failures", (double)(j - i));
		tv_map_set_num(cur, "threshold", kp->threshold);
		tv_map_set_bool(cur, "alert", alert);
		tv_map_set(cur, "links", tv_strn(&s->a, buf_str(&links), links.len));
		sl.prefix = arena_printf(&s->a, "reports/%.*s-part-%s-p", (int)(strlen(file) - 5),
		                         file, kp->id);
		sl.depth = 1;
		sl.title =
		    arena_printf(&s->a, "%s %s · %s %s",
		                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"),
		                 r->key, site_stats_word(s, "key_part_failures"), kp->id);
		sl.back = arena_printf(&s->a, "%s#h-parts", file);
		sl.back_label = arena_printf(
		    &s->a, "%s %s",
		    site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key);
		sl.shape = SITE_LIST_ITEMS;
		k = j - i;
		if (k > SITE_LIST_HEAD) {
			const struct tv *more = NULL;

			site_list_records(s, &sl, recs, k, 1, &more);
			tv_map_set(cur, "more", more);
		}
		r->alerts += alert;
		tv_list_push(parts, cur);
	}
	buf_free(&links);
	free(recs);
	free(v);
	return parts;
}

/* An action due: the visit as a list item, with {action, owner, owner_href, due}. */
static struct tv *
S_action(struct site *s, const struct ev *e, const char *what, const char *owner, const char *due)
{
	struct tv *it = site_item(s, &s->r->recs[e->rec], 1);

	site_set_ref(s, it, "action", what);
	site_set_ref(s, it, "owner", owner);
	tv_map_set(it, "owner_href", *owner ? site_id_href(s, owner, 1) : tv_null());
	site_set_ref(s, it, "due", due);
	return it;
}

/*
 * The actions due in the period: the first SITE_LIST_HEAD as `actions`
 * (S_action), their count, and all of them on pages
 * reports/REPORT-actions-pK.html (actions_more), a line each.
 */
static void
S_report_actions(struct site *s, const struct report *r, struct tv *page, struct site_rows *rows)
{
	const char *file = S_report_file(s, r);
	const char *title =
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	struct tv *actions = tv_list(&s->a);
	struct site_list sl = {0};
	size_t i;

	site_rows_reset(rows);
	for (i = 0; i < r->nev; i++) {
		const struct ev *e = &r->ev[i];
		const struct node *a, *wn, *on;
		const char *what, *owner, *due;

		if (e->what != EV_ACTION)
			continue;
		a = &node_field(s->r->recs[e->rec].root, KEY_actions)->u.kids[e->extra];
		wn = node_field(a, KEY_action);
		on = node_field(a, KEY_owner);
		what = wn && wn->type == NODE_SCALAR ? wn->u.str : "";
		owner = on && on->type == NODE_SCALAR ? on->u.str : "";
		due = S_date(s, e->day);
		if (rows->n < SITE_LIST_HEAD)
			tv_list_push(actions, S_action(s, e, what, owner, due));
		buf_adds(&rows->text, "<li>");
		site_record_link(&rows->text, &s->info[e->rec], 1);
		buf_addc(&rows->text, ' ');
		html_escape(&rows->text, what, strlen(what));
		buf_adds(&rows->text, " · ");
		html_escape(&rows->text, owner, strlen(owner));
		buf_adds(&rows->text, " · <span class=\"date\">");
		html_escape(&rows->text, due, strlen(due));
		buf_adds(&rows->text, "</span></li>");
		site_rows_end(rows);
	}
	sl.prefix = arena_printf(&s->a, "reports/%.*s-actions-p", (int)(strlen(file) - 5), file);
	sl.depth = 1;
	sl.title = arena_printf(&s->a, "%s · %s", title, site_stats_word(s, "actions_due"));
	sl.back = arena_printf(&s->a, "%s#h-actions", file);
	sl.back_label = title;
	sl.shape = SITE_LIST_UL;
	site_list_publish(s, &sl, rows);
	tv_map_set(page, "actions", actions);
	tv_map_set_num(page, "actions_count", (double)rows->n);
	tv_map_set(page, "actions_more", site_list_more(s, &sl, rows->n, 1));
}

/*
 * A week's records outside metric m's numerator (or over its target), rows
 * written by site_fact_rows: the first 20 on the report as x's rows_html and
 * more, all on pages reports/REPORT-METRIC-pK.html (docs/site.md, "Long
 * lists").
 */
static void
S_exceptions(struct site *s, struct tv *x, const struct report *r, int m,
             const struct site_rows *rows)
{
	const char *file = S_report_file(s, r);
	const char *title =
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	struct site_list l = {0};

	l.prefix = arena_printf(&s->a, "reports/%.*s-%s-p", (int)(strlen(file) - 5), file,
	                        metric_names[m]);
	l.depth = 1;
	l.title = arena_printf(&s->a, "%s · %s · %s", title, site_stats_word(s, "exceptions"),
	                       site_metric_label(s, m));
	l.back = arena_printf(&s->a, "%s#x-%s", file, metric_names[m]);
	l.back_label = title;
	l.shape = stats_is_duration(m) ? SITE_LIST_OVER : SITE_LIST_DRILL;
	l.unit = site_unit(s, m);
	site_list_publish(s, &l, rows);
	tv_map_set(x, "rows_html", site_rows_head(s, rows));
	tv_map_set(x, "more", site_list_more(s, &l, rows->n, 1));
}

/* The complaints of the period by status: [{key, label, count}], in the workflow's order. */
static struct tv *
S_report_statuses(struct site *s, const struct report *r)
{
	const char *const *order = schema_fields[F_complaints_status].values;
	struct tv *list = tv_list(&s->a);
	size_t k, i, n;

	for (k = 0; order[k]; k++) {
		struct tv *c;

		for (i = n = 0; i < r->nev; i++)
			n += r->ev[i].what == EV_COMPLAINT &&
			     node_is_str(record_value(&s->r->recs[r->ev[i].rec], KEY_status),
			                 order[k]);
		if (!n)
			continue;
		c = tv_map(&s->a);
		site_set_ref(s, c, "key", order[k]);
		site_set_ref(s, c, "label", labels_get3(s->l, "enum", "status", order[k]));
		tv_map_set_num(c, "count", (double)n);
		tv_list_push(list, c);
	}
	return list;
}

/*
 * One report: the period's figures (a week's records outside the figures'
 * numerators listed, a month's figures linked to their drill-down pages),
 * then what happened: tickets, visits, complaints, overdue follow-ups, key
 * part failures, actions due. weeks: the weekly reports, for a month's.
 */
static void
S_report(struct site *s, struct report *r, const struct report *prev, const struct report *next,
         const struct report *weeks, size_t nweeks, struct site_rows *xrows)
{
	const struct stats *st = s->o->stats;
	int dim = r->week ? DIM_WEEK : DIM_MONTH, m;
	struct tv *page, *figs = tv_list(&s->a), *exc = tv_list(&s->a);
	struct tv *wl = tv_list(&s->a), *parts;
	size_t i;

	page = site_page(
	    s,
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key),
	    1, NULL);
	site_set_ref(s, page, "key", r->key);
	tv_map_set_bool(page, "is_week", r->week);
	site_set_ref(s, page, "from", S_date(s, r->from));
	site_set_ref(s, page, "to", S_date(s, r->to));
	tv_map_set(page, "prev", prev ? tv_str(&s->a, S_report_file(s, prev)) : tv_null());
	tv_map_set(page, "next", next ? tv_str(&s->a, S_report_file(s, next)) : tv_null());
	for (m = 0; m < METRIC__COUNT; m++) {
		size_t gi = 0;
		const struct group *g = site_stats_group(st, m, dim, r->key, &gi);
		const char *href = NULL;
		struct figure none;
		/* A period without records still has its target (docs/metrics.md, "Targets"). */
		const struct figure *fig = stats_group_figure(st, m, dim, r->key, &none);

		site_rows_reset(xrows);
		if (g && r->week && site_fact_rows(s, m, g, xrows, NULL, NULL) > 0) {
			struct tv *x = tv_map(&s->a);

			href = arena_printf(&s->a, "#x-%s", metric_names[m]);
			site_set_ref(s, x, "metric", metric_names[m]);
			site_set_ref(s, x, "label", site_metric_label(s, m));
			tv_map_set_bool(x, "is_rate", !stats_is_duration(m));
			tv_map_set_bool(x, "is_parts", m == METRIC_PARTS_ACCURACY);
			site_set_ref(s, x, "unit", site_unit(s, m));
			tv_map_set_num(x, "count", (double)xrows->n);
			S_exceptions(s, x, r, m, xrows);
			tv_list_push(exc, x);
		} else if (g && !r->week) {
			href = site_figure_href(s, m, dim, gi, r->key, "../stats/");
		}
		tv_list_push(figs, site_metric_figure(s, m, fig, href, 1));
	}
	tv_map_set(page, "figures", figs);
	tv_map_set(page, "exceptions", exc);
	tv_map_set_bool(page, "has_exceptions", tv_len(exc) > 0);
	/* A month counts its tickets and visits; its weeks list them. */
	tv_map_set(page, "new_tickets", r->week ? S_ev_list(s, r, EV_NEW, xrows) : tv_null());
	tv_map_set(page, "closed_tickets", r->week ? S_ev_list(s, r, EV_CLOSED, xrows) : tv_null());
	tv_map_set_num(page, "new_count", (double)r->count[EV_NEW]);
	tv_map_set_num(page, "closed_count", (double)r->count[EV_CLOSED]);
	tv_map_set_num(page, "visits_count", (double)r->count[EV_VISIT]);
	tv_map_set(page, "complaints", S_ev_list(s, r, EV_COMPLAINT, xrows));
	tv_map_set(page, "complaint_statuses", S_report_statuses(s, r));
	tv_map_set(page, "overdue", S_ev_list(s, r, EV_OVERDUE, xrows));
	S_report_actions(s, r, page, xrows);
	parts = S_report_parts(s, r);
	tv_map_set(page, "parts", parts);
	tv_map_set_num(page, "parts_count", (double)tv_len(parts));
	tv_map_set_num(page, "alerts_count", (double)r->alerts);
	for (i = 0; i < nweeks; i++)
		if (weeks[i].from <= r->to && weeks[i].to >= r->from) {
			struct tv *w = tv_map(&s->a);

			site_set_ref(s, w, "key", weeks[i].key);
			site_set_ref(s, w, "href", S_report_file(s, &weeks[i]));
			tv_list_push(wl, w);
		}
	tv_map_set(page, "weeks", wl);
	site_render(s, "report", page,
	            site_cat(&s->a, "reports/", S_report_file(s, r), NULL, NULL));
}

/* The index's row of a report. */
static struct tv *
S_report_row(struct site *s, const struct report *r)
{
	struct tv *row = tv_map(&s->a);

	site_set_ref(s, row, "key", r->key);
	site_set_ref(s, row, "href", S_report_file(s, r));
	site_set_ref(s, row, "from", S_date(s, r->from));
	site_set_ref(s, row, "to", S_date(s, r->to));
	tv_map_set_num(row, "new", (double)r->count[EV_NEW]);
	tv_map_set_num(row, "closed", (double)r->count[EV_CLOSED]);
	tv_map_set_num(row, "visits", (double)r->count[EV_VISIT]);
	tv_map_set_num(row, "complaints", (double)r->count[EV_COMPLAINT]);
	tv_map_set_num(row, "overdue", (double)r->count[EV_OVERDUE]);
	tv_map_set_num(row, "alerts", (double)r->alerts);
	tv_map_set_num(row, "actions", (double)r->count[EV_ACTION]);
	return row;
}

/* reports/: a report per week and per month with data, newest last, and their index. */
void
site_reports(struct site *s)
{
	struct evs weeks_ev = {0}, months_ev;
	struct report *weeks, *months;
	struct tv *page, *wl, *ml;
	struct site_rows rows;
	size_t nw, nm, i;

	memset(&rows, 0, sizeof(rows));
	S_events(s, &weeks_ev);
	months_ev = weeks_ev;
	months_ev.v = xmalloc((weeks_ev.n ? weeks_ev.n : 1) * sizeof(*months_ev.v));
	if (weeks_ev.n) /* no events: weeks_ev.v is NULL, which memcpy may not take */
		memcpy(months_ev.v, weeks_ev.v, weeks_ev.n * sizeof(*months_ev.v));
	nw = S_reports(s, &weeks_ev, 1, &weeks);
	nm = S_reports(s, &months_ev, 0, &months);
	arena_reset(&s->a);
	for (i = 0; i < nw && !s->failed && !publish_interrupted(); i++) {
		S_report(s, &weeks[i], i ? &weeks[i - 1] : NULL, i + 1 < nw ? &weeks[i + 1] : NULL,
		         NULL, 0, &rows);
		arena_reset(&s->a);
	}
	for (i = 0; i < nm && !s->failed && !publish_interrupted(); i++) {
		S_report(s, &months[i], i ? &months[i - 1] : NULL,
		         i + 1 < nm ? &months[i + 1] : NULL, weeks, nw, &rows);
		arena_reset(&s->a);
	}
	page = site_page(s, labels_get(s->l, "ui", "reports"), 1, NULL);
	wl = tv_list(&s->a);
	ml = tv_list(&s->a);
	for (i = nw; i-- > 0;)
		tv_list_push(wl, S_report_row(s, &weeks[i]));
	for (i = nm; i-- > 0;)
		tv_list_push(ml, S_report_row(s, &months[i]));
	tv_map_set(page, "weeks", wl);
	tv_map_set(page, "months", ml);
	tv_map_set_bool(page, "has_weeks", nw > 0);
	tv_map_set_bool(page, "has_months", nm > 0);
	site_render(s, "reports", page, "reports/index.html");
	free(weeks);
	free(months);
	free(weeks_ev.v);
	free(months_ev.v);
	site_rows_free(&rows);
}
