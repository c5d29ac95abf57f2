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
#include "site/values.h"

/*
 * A day as pages show it, <time datetime="2026-03-09">2026-03-09</time>
 * (site_time), in the page's arena: HTML, {{{...}}} in templates.
 */
static const char *
S_date(struct site *s, int64_t day)
{
	char d[11];

	format_date(d, day);
	return site_time_html(s, d, 10);
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

/* The fields that date what a report counts, by kind: reported, closed, received... */
static const struct {
	int kind;
	enum schema_key key;
	int what;
} S_event_fields[] = {
    {OBJ_service, KEY_reported, EV_NEW},          {OBJ_service, KEY_closed, EV_CLOSED},
    {OBJ_complaints, KEY_received, EV_COMPLAINT}, {OBJ_visits, KEY_date, EV_VISIT},
    {OBJ_visits, KEY_actions, EV_ACTION},
};

/*
 * Everything the reports count, in one pass over the records (each field
 * read by its key, record_field) and the figures' facts.
 */
static void
S_events(struct site *s, struct evs *e)
{
	const struct stats *st = s->o->stats;
	const struct metric_stats *fu = &st->m[METRIC_FOLLOW_UP_RATE];
	int tz = s->r->cfg.tzoff;
	int64_t day;
	size_t i, k;

	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];

		if (!rec->root || rec->root->type != NODE_MAP || !site_has_page(s, rec))
			continue;
		for (k = 0; k < ARRAY_LEN(S_event_fields); k++) {
			const struct node *v;

			if (S_event_fields[k].kind != rec->kind ||
			    !(v = record_field(rec, S_event_fields[k].key)))
				continue;
			if (S_event_fields[k].what == EV_ACTION)
				S_actions(e, v, i);
			else if (S_day(v, tz, &day))
				S_ev(e, S_event_fields[k].what, day, i, 0);
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

/*
 * How far back before today a period without events still gets a report:
 * ten years (docs/site.md, "Reports").
 */
#define REPORT_QUIET_DAYS 3653

/* A report: a week or a month, and the events that fall in it. */
struct report {
	int week;
	char key[16];
	int64_t from, to;
	const struct ev *ev; /* by what, then in the order made */
	size_t nev;
	size_t count[EV__COUNT];
	size_t alerts; /* key parts with a failure in a month over their threshold */
	/* at the period's end (S_end_day): open tickets, follow-ups overdue, stale complaints */
	size_t backlog, late_fu, late_cp;
};

/*
 * Is order (y * 100 + w, site_week_of) an ISO week? Weeks' orders leave
 * gaps (2026-W54 .. 2026-W99 are none), months' do not.
 */
static int
S_is_week(int32_t order)
{
	int y = order / 100, w = order % 100;

	return w >= 1 && w <= 53 && site_week_of(stats_week1(y) + (int64_t)(w - 1) * 7) == order;
}

/* Each event's period (e->v[].period), and lo..hi: the span of the events' and facts' periods. */
static void
S_span(struct site *s, struct evs *e, int week, int32_t *plo, int32_t *phi)
{
	const struct stats *st = s->o->stats;
	int32_t lo = INT32_MAX, hi = INT32_MIN, p;
	size_t i;
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
	*plo = lo;
	*phi = hi;
}

/*
 * Which of the span periods from lo get a report (has[]), and the count of
 * each (period, what)'s events in first[1..].
 */
static void
S_has(struct site *s, const struct evs *e, int week, int32_t lo, int32_t today, size_t span,
      unsigned char *has, uint32_t *first)
{
	const struct stats *st = s->o->stats;
	int32_t p;
	size_t i, k;
	int m;

	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < st->m[m].n; i++)
			has[(week ? site_week_of(st->m[m].facts[i].day)
			          : site_month_of(st->m[m].facts[i].day)) -
			    lo] = 1;
	for (i = 0; i < e->n; i++) {
		has[e->v[i].period - lo] |= e->v[i].what != EV_ACTION;
		first[(size_t)(e->v[i].period - lo) * EV__COUNT + e->v[i].what + 1]++;
	}
	/*
	 * From the first period with a record on, every period gets a report
	 * up to today's (docs/site.md, "Reports"): one without events still
	 * has its backlog and its overdue items. Actions due alone start none.
	 * Not further back than REPORT_QUIET_DAYS before today: a date
	 * mistyped centuries early would make reports by the hundred thousand.
	 */
	for (k = 0; k < span && !has[k]; k++)
		;
	/* Up to today's: a record dated ahead has its report, the periods before it none. */
	i = today >= lo ? (size_t)(today - lo) + 1 : 0;
	p = week ? site_week_of(s->o->today - REPORT_QUIET_DAYS)
	         : site_month_of(s->o->today - REPORT_QUIET_DAYS);
	if (p > lo && (size_t)(p - lo) > k)
		k = (size_t)(p - lo);
	for (; k < i; k++)
		has[k] = !week || S_is_week(lo + (int32_t)k);
}

/*
 * Sorts e->v by period, then what: a counting sort over first[] (the counts
 * of S_has), which after it holds each (period, what)'s end.
 */
static void
S_sort(struct evs *e, int32_t lo, size_t span, uint32_t *first)
{
	struct ev *sorted;
	size_t i, k;

	for (k = 1; k <= span * EV__COUNT; k++)
		first[k] += first[k - 1];
	sorted = xmalloc((e->n ? e->n : 1) * sizeof(*sorted));
	for (i = 0; i < e->n; i++)
		sorted[first[(size_t)(e->v[i].period - lo) * EV__COUNT + e->v[i].what]++] = e->v[i];
	free(e->v);
	e->v = sorted;
}

/* A report for each period has[] marks, with its events of the sorted e->v and their counts. */
static struct report *
S_periods(struct site *s, const struct evs *e, int week, int32_t lo, size_t span,
          const unsigned char *has, const uint32_t *first, size_t *nout)
{
	struct report *v;
	size_t n = 0, i, k;

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
	*nout = n;
	return v;
}

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
	int32_t lo, hi, today;
	uint32_t *first;
	unsigned char *has;
	size_t n, span;

	S_span(s, e, week, &lo, &hi);
	if (lo > hi) {
		*out = NULL;
		return 0;
	}
	/* Every period up to today's gets a report, with or without events. */
	today = week ? site_week_of(s->o->today) : site_month_of(s->o->today);
	hi = today > hi ? today : hi;
	span = (size_t)(hi - lo) + 1;
	has = xcalloc(span, 1);
	first = xcalloc(span * EV__COUNT + 1, sizeof(*first));
	S_has(s, e, week, lo, today, span, has, first);
	S_sort(e, lo, span, first);
	*out = S_periods(s, e, week, lo, span, has, first, &n);
	free(has);
	free(first);
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
		buf_adds(&rows->text, due);
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

/* ---- At the period's end: the backlog and the overdue items --------- */

/*
 * The day a report's backlog and overdue items are taken on: the period's
 * last day, today for the period in progress (its first day for one that
 * has not begun: a record dated ahead).
 */
static int64_t
S_end_day(const struct site *s, const struct report *r)
{
	int64_t t = s->o->today;

	return t < r->from ? r->from : t > r->to ? r->to : t;
}

/* A ticket in the backlog from its reported day until the day before `end`. */
struct span {
	int32_t rep, end; /* local days; end INT32_MAX: not resolved, closed nor cancelled */
	uint32_t rec;
};

/* What can be overdue: a follow-up, a complaint. */
enum { LATE_FU, LATE_CP };

/*
 * A follow-up overdue once its window has passed (day: its last day), or a
 * complaint open from its received day (day) until its resolved day (end),
 * stale once older than the target of the report's period.
 */
struct late {
	int32_t day, end;
	uint8_t what;
	uint32_t rec;
	const char *owner; /* a staff id, or NULL */
};

struct ends {
	struct span *spans; /* by reported day */
	size_t nspans;
	struct late *late;
	size_t nlate;
	int has_days; /* a complaint_close_days target, per report */
};

static int
S_span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->rep != y->rep)
		return x->rep < y->rep ? -1 : 1;
	return (x->rec > y->rec) - (x->rec < y->rec);
}

/* A ticket's first technician, a complaint's owner: who the overdue item waits on. */
static const char *
S_owner(const struct record *rec)
{
	const struct node *n = rec->kind == OBJ_service ? record_list(rec, KEY_technicians) : NULL;

	if (n)
		n = n->n ? &n->u.kids[0] : NULL;
	else if (rec->kind == OBJ_complaints)
		n = record_value(rec, KEY_owner);
	return n && n->type == NODE_SCALAR && *n->u.str ? n->u.str : NULL;
}

/*
 * The end of a ticket's or complaint's time open, by its dates
 * (docs/metrics.md, "Reports"): its resolved day, else its closed day;
 * INT32_MAX while it is open by its status; 0 (left out) when it says it
 * ended without a date, or was cancelled.
 */
static int
S_open_until(const struct site *s, const struct record *rec, int32_t *end)
{
	int64_t day;

	if (node_is_str(record_value(rec, KEY_status), "cancelled"))
		return 0;
	if (S_day(record_value(rec, KEY_resolved), s->r->cfg.tzoff, &day) ||
	    (rec->kind == OBJ_service &&
	     S_day(record_value(rec, KEY_closed), s->r->cfg.tzoff, &day))) {
		*end = (int32_t)day;
		return 1;
	}
	*end = INT32_MAX;
	return record_is_open(rec);
}

/* What every report's end needs, in one pass over the records and the follow-ups' facts. */
static void
S_ends_make(struct site *s, struct ends *e)
{
	const struct metric_stats *fu = &s->o->stats->m[METRIC_FOLLOW_UP_RATE];
	size_t i, scap = 0, lcap = 0;
	int64_t day;
	int32_t end;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];

		if ((rec->kind != OBJ_service && rec->kind != OBJ_complaints) || !rec->root ||
		    !site_has_page(s, rec) || !S_open_until(s, rec, &end))
			continue;
		if (rec->kind == OBJ_service) {
			if (!S_day(record_value(rec, KEY_reported), s->r->cfg.tzoff, &day))
				continue;
			e->spans = xgrow(e->spans, sizeof(*e->spans), e->nspans + 1, &scap);
			e->spans[e->nspans++] = (struct span){(int32_t)day, end, (uint32_t)i};
		} else if (S_day(record_value(rec, KEY_received), s->r->cfg.tzoff, &day)) {
			e->late = xgrow(e->late, sizeof(*e->late), e->nlate + 1, &lcap);
			e->late[e->nlate++] =
			    (struct late){(int32_t)day, end, LATE_CP, (uint32_t)i, S_owner(rec)};
		}
	}
	/* Follow-ups missed: the eligible tickets without a qualifying visit. */
	for (i = 0; i < fu->n; i++) {
		const struct record *t = &s->r->recs[fu->facts[i].rec];

		if (fu->facts[i].hit || !site_has_page(s, t))
			continue;
		e->late = xgrow(e->late, sizeof(*e->late), e->nlate + 1, &lcap);
		e->late[e->nlate++] =
		    (struct late){(int32_t)(fu->facts[i].day + s->r->cfg.follow_up_window_days),
		                  INT32_MAX, LATE_FU, fu->facts[i].rec, S_owner(t)};
	}
	if (e->nspans > 1)
		qsort(e->spans, e->nspans, sizeof(*e->spans), S_span_cmp);
}

static void
S_ends_free(struct ends *e)
{
	free(e->spans);
	free(e->late);
}

/*
 * The tickets open at the end of report r, oldest first ((age, record) in
 * v, which holds e->nspans); their count.
 */
static size_t
S_backlog_at(const struct site *s, const struct ends *e, const struct report *r, struct secs_idx *v)
{
	int64_t d = S_end_day(s, r);
	size_t i, n = 0;

	for (i = 0; i < e->nspans && e->spans[i].rep <= d; i++)
		if (e->spans[i].end > d) {
			if (v) {
				v[n].secs = d - e->spans[i].rep;
				v[n].i = e->spans[i].rec;
			}
			n++;
		}
	if (v && n > 1)
		qsort(v, n, sizeof(*v), site_secs_desc);
	return n;
}

/* The complaint_close_days target of report r's period, if one is in force. */
static int
S_close_days(const struct site *s, const struct report *r, double *days)
{
	struct figure none;
	const struct figure *f = stats_group_figure(s->o->stats, METRIC_COMPLAINT_CLOSE_DAYS,
	                                            r->week ? DIM_WEEK : DIM_MONTH, r->key, &none);

	*days = f->target;
	return f->has_target;
}

/*
 * Is item l overdue at the end of report r: a follow-up whose window ended
 * before that day, a complaint open then and received more than `days`
 * before it (has_days: a target is in force; none, no complaint is stale,
 * as the complaint-stale rule)?
 */
static int
S_late_at(const struct late *l, int64_t d, int has_days, double days)
{
	if (l->what == LATE_FU)
		return l->day < d;
	return has_days && l->day <= d && l->end > d && (double)l->day + days < (double)d;
}

/* The counts of r's end: backlog, follow-ups overdue, stale complaints. */
static void
S_end_counts(const struct site *s, const struct ends *e, struct report *r)
{
	int64_t d = S_end_day(s, r);
	double days = 0;
	int has = S_close_days(s, r, &days);
	size_t i;

	r->backlog = S_backlog_at(s, e, r, NULL);
	r->late_fu = r->late_cp = 0;
	for (i = 0; i < e->nlate; i++)
		if (S_late_at(&e->late[i], d, has, days)) {
			if (e->late[i].what == LATE_FU)
				r->late_fu++;
			else
				r->late_cp++;
		}
}

/*
 * The backlog at r's end on the page: backlog (count), backlog_ages
 * [{label, count}], backlog_rows (the oldest 20, rows of the table) and
 * backlog_more; all of them on reports/REPORT-backlog-pK.html.
 */
static void
S_report_backlog(struct site *s, const struct ends *e, const struct report *r, struct tv *page,
                 struct site_rows *rows)
{
	static const char *const ages[4] = {"age_0_2", "age_3_7", "age_8_30", "age_31"};
	struct secs_idx *v = xmalloc((e->nspans + 1) * sizeof(*v));
	size_t n = S_backlog_at(s, e, r, v), i, count[4] = {0};
	const char *file = S_report_file(s, r);
	struct tv *al = tv_list(&s->a);
	struct site_list sl = {0};

	site_rows_reset(rows);
	for (i = 0; i < n; i++) {
		count[v[i].secs <= 2 ? 0 : v[i].secs <= 7 ? 1 : v[i].secs <= 30 ? 2 : 3]++;
		site_backlog_row(s, rows, v[i].i, v[i].secs);
	}
	for (i = 0; i < 4; i++) {
		struct tv *a = tv_map(&s->a);

		site_set_ref(s, a, "label", site_stats_word(s, ages[i]));
		tv_map_set_num(a, "count", (double)count[i]);
		tv_list_push(al, a);
	}
	sl.prefix = arena_printf(&s->a, "reports/%.*s-backlog-p", (int)(strlen(file) - 5), file);
	sl.depth = 1;
	sl.title = arena_printf(&s->a, "%s %s · %s",
	                        site_stats_word(s, r->week ? "weekly_report" : "monthly_report"),
	                        r->key, site_stats_word(s, "backlog_end"));
	sl.back = arena_printf(&s->a, "%s#h-backlog", file);
	sl.back_label =
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	sl.shape = SITE_LIST_BACKLOG;
	site_list_publish(s, &sl, rows);
	tv_map_set_num(page, "backlog", (double)n);
	tv_map_set(page, "backlog_ages", al);
	tv_map_set(page, "backlog_rows", site_rows_head(s, rows));
	tv_map_set(page, "backlog_more", site_list_more(s, &sl, n, 1));
	site_set_ref(s, page, "end_day", S_date(s, S_end_day(s, r)));
	free(v);
}

/* Overdue items by owner (NULL last), then follow-ups before complaints, then by day. */
static int
S_late_cmp(const void *a, const void *b)
{
	const struct late *x = a, *y = b;
	int c = !x->owner - !y->owner;

	if (!c && x->owner)
		c = strcmp(x->owner, y->owner);
	if (!c)
		c = (x->what > y->what) - (x->what < y->what);
	if (!c)
		c = (x->day > y->day) - (x->day < y->day);
	if (!c)
		c = (x->rec > y->rec) - (x->rec < y->rec);
	return c;
}

/* A staff member as lists show one: their id linked to their page, with their name. */
static void
S_person(struct site *s, struct buf *b, const char *id)
{
	const struct record *who = id ? records_find(s->r, id) : NULL;

	if (!id) {
		html_escape(b, site_stats_word(s, "no_owner"),
		            strlen(site_stats_word(s, "no_owner")));
		return;
	}
	if (who && site_has_page(s, who)) {
		site_record_link(b, &s->info[who - s->r->recs],
		                 1); /* the name comes with the link */
	} else {
		html_escape(b, id, strlen(id));
	}
}

/* An overdue item as a line of the list: owner, record, what and since when. */
static void
S_late_row(struct site *s, struct site_rows *rows, const struct late *l)
{
	const struct rec_info *in = &s->info[l->rec];
	const char *what =
	    site_stats_word(s, l->what == LATE_FU ? "late_follow_up" : "late_complaint");
	const char *since = site_stats_word(s, l->what == LATE_FU ? "window_ended" : "received_on");
	const char *day = S_date(s, l->day);
	struct buf *b = &rows->text;

	buf_adds(b, "<li>");
	S_person(s, b, l->owner);
	buf_adds(b, " · ");
	html_escape(b, what, strlen(what));
	buf_addc(b, ' ');
	site_record_link(b, in, 1);
	buf_addc(b, ' ');
	html_escape(b, in->title, in->title_len);
	buf_adds(b, " · ");
	html_escape(b, since, strlen(since));
	buf_adds(b, " <span class=\"date\">");
	buf_adds(b, day);
	buf_adds(b, "</span></li>\n");
	site_rows_end(rows);
}

/*
 * The items overdue at r's end, by owner: owners [{person (HTML), fu, cp,
 * total}] (the first SITE_LIST_HEAD by count, then id), late_rows (the
 * first 20 items by owner) and late_more; every item on
 * reports/REPORT-overdue-end-pK.html.
 */
static void
S_report_late(struct site *s, const struct ends *e, const struct report *r, struct tv *page,
              struct site_rows *rows)
{
	struct late *v = xmalloc((e->nlate + 1) * sizeof(*v));
	struct secs_idx *own = xmalloc((e->nlate + 1) * sizeof(*own)); /* -total, first item */
	int64_t d = S_end_day(s, r);
	double days = 0;
	int has = S_close_days(s, r, &days);
	size_t n = 0, nown = 0, i, j;
	const char *file = S_report_file(s, r);
	struct tv *owners = tv_list(&s->a);
	struct site_list sl = {0};
	struct buf b = BUF_INIT;

	for (i = 0; i < e->nlate; i++)
		if (S_late_at(&e->late[i], d, has, days))
			v[n++] = e->late[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), S_late_cmp);
	site_rows_reset(rows);
	for (i = 0; i < n; i = j) {
		for (j = i;
		     j < n && (v[j].owner == v[i].owner ||
		               (v[j].owner && v[i].owner && !strcmp(v[j].owner, v[i].owner)));
		     j++)
			S_late_row(s, rows, &v[j]);
		/* Owners by their count of items, most first; secs_idx sorts descending. */
		own[nown].secs = (int64_t)(j - i) * ((int64_t)e->nlate + 1) + (int64_t)(n - i);
		own[nown++].i = (uint32_t)i;
	}
	if (nown > 1)
		qsort(own, nown, sizeof(*own), site_secs_desc);
	for (i = 0; i < nown && i < SITE_LIST_HEAD; i++) {
		struct tv *o = tv_map(&s->a);
		size_t k = own[i].i, fu = 0, cp = 0;

		for (j = k;
		     j < n && (v[j].owner == v[k].owner ||
		               (v[j].owner && v[k].owner && !strcmp(v[j].owner, v[k].owner)));
		     j++)
			fu += v[j].what == LATE_FU, cp += v[j].what == LATE_CP;
		buf_reset(&b);
		S_person(s, &b, v[k].owner);
		tv_map_set(o, "person", tv_strn(&s->a, buf_str(&b), b.len));
		tv_map_set_num(o, "fu", (double)fu);
		tv_map_set_num(o, "cp", (double)cp);
		tv_map_set_num(o, "total", (double)(fu + cp));
		tv_list_push(owners, o);
	}
	sl.prefix =
	    arena_printf(&s->a, "reports/%.*s-overdue-end-p", (int)(strlen(file) - 5), file);
	sl.depth = 1;
	sl.title = arena_printf(&s->a, "%s %s · %s",
	                        site_stats_word(s, r->week ? "weekly_report" : "monthly_report"),
	                        r->key, site_stats_word(s, "overdue_end"));
	sl.back = arena_printf(&s->a, "%s#h-late", file);
	sl.back_label =
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key);
	sl.shape = SITE_LIST_UL;
	site_list_publish(s, &sl, rows);
	tv_map_set(page, "owners", owners);
	tv_map_set_num(page, "owners_count", (double)nown);
	tv_map_set_num(page, "owners_hidden",
	               (double)(nown > SITE_LIST_HEAD ? nown - SITE_LIST_HEAD : 0));
	tv_map_set_num(page, "late", (double)n);
	tv_map_set(page, "late_rows", site_rows_head(s, rows));
	tv_map_set(page, "late_more", site_list_more(s, &sl, n, 1));
	buf_free(&b);
	free(own);
	free(v);
}

/* ---- Against the period before --------------------------------------- */

/* The change of a rate from p / q to a / b in percentage points, with its sign: 100 (a/b - p/q). */
static const char *
S_rate_change(struct site *s, int64_t a, int64_t b, int64_t p, int64_t q)
{
	stats_cents x = (stats_cents)a * q - (stats_cents)p * b, y = (stats_cents)b * q;
	struct buf out = BUF_INIT;
	const char *str;

	/* exact while it fits in 64 bits, as any count of records does */
	while (x * 100 > INT64_MAX || x * 100 < -INT64_MAX || y > INT64_MAX) {
		x /= 2;
		y /= 2;
	}
	if (x > 0)
		buf_addc(&out, '+');
	stats_format_ratio(&out, (int64_t)(x * 100), (int64_t)y, 1);
	str = arena_strndup(&s->a, out.buf, out.len);
	buf_free(&out);
	return str;
}

/*
 * The change of a figure from the period before: rates in percentage
 * points, durations in hours or days, one decimal with its sign; NULL when
 * either has no value.
 */
static const char *
S_change(struct site *s, int m, const struct figure *f, const struct figure *p)
{
	struct buf b = BUF_INIT;
	const char *out;

	if (!f->has_value || !p->has_value)
		return NULL;
	if (!stats_is_duration(m))
		return S_rate_change(s, f->num, f->den, p->num, p->den);
	if (f->med2 > p->med2)
		buf_addc(&b, '+');
	stats_format_ratio(&b, f->med2 - p->med2, 2 * site_unit_secs(m), 1);
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/*
 * The complaints received in the period and the share of them closed, and
 * the period before's: cp_received, cp_closed, cp_share, cp_prev_share,
 * cp_change (docs/metrics.md, "complaints").
 */
static void
S_report_complaints(struct site *s, const struct report *r, const char *pkey, struct tv *page)
{
	const struct metric_stats *ms = &s->o->stats->complaints;
	int dim = r->week ? DIM_WEEK : DIM_MONTH;
	const struct group *g = stats_find_group(ms, dim, r->key),
	                   *p = stats_find_group(ms, dim, pkey);
	int64_t n = g ? g->fig.den : 0, c = g ? g->fig.num : 0;
	int64_t pn = p ? p->fig.den : 0, pc = p ? p->fig.num : 0;

	tv_map_set_num(page, "cp_received", (double)n);
	tv_map_set_num(page, "cp_closed", (double)c);
	site_set_ref(s, page, "cp_share",
	             n ? site_ratio(s, 100 * c, n, 1) : site_stats_word(s, "na"));
	tv_map_set_bool(page, "cp_has_share", n > 0);
	site_set_ref(s, page, "cp_prev_share",
	             pn ? site_ratio(s, 100 * pc, pn, 1) : site_stats_word(s, "na"));
	tv_map_set_bool(page, "cp_has_prev", pn > 0);
	tv_map_set(page, "cp_change",
	           n && pn ? tv_str(&s->a, S_rate_change(s, c, n, pc, pn)) : tv_null());
}

/* A count's change: "+3", "-2", "0". */
static const char *
S_count_change(struct site *s, size_t now, size_t before)
{
	return now > before   ? arena_printf(&s->a, "+%zu", now - before)
	       : now < before ? arena_printf(&s->a, "-%zu", before - now)
	                      : "0";
}

/* A tile of the report's head: {href, n, what, warn, prev, change}. */
static void
S_tile(struct site *s, struct tv *tiles, const char *href, const char *what, size_t now,
       size_t before, int warn)
{
	struct tv *t = tv_map(&s->a);

	site_set_ref(s, t, "href", href);
	site_set_ref(s, t, "what", what);
	tv_map_set_num(t, "n", (double)now);
	tv_map_set_bool(t, "warn", warn && now > 0);
	tv_map_set_num(t, "prev", (double)before);
	site_set_ref(s, t, "change", S_count_change(s, now, before));
	tv_list_push(tiles, t);
}

/*
 * The period before r when it had no report (none before the first, or a
 * quiet one long ago): no events, only what was left at its end, in *before.
 */
static const struct report *
S_before(struct site *s, const struct report *r, const struct report *prev, const char *pkey,
         const struct ends *ends, struct report *before)
{
	if (prev && !strcmp(prev->key, pkey))
		return prev;
	memset(before, 0, sizeof(*before));
	before->week = r->week;
	snprintf(before->key, sizeof(before->key), "%s", pkey);
	if (stats_period(pkey, &before->from, &before->to) == 0)
		S_end_counts(s, ends, before);
	return before;
}

/*
 * A report's figures, each against the period before's (pkey), into figs:
 * a week's with its records outside the numerators listed (exc), a month's
 * linked to their drill-down pages.
 */
static void
S_report_figures(struct site *s, const struct report *r, const char *pkey, struct tv *figs,
                 struct tv *exc, struct site_rows *xrows)
{
	const struct stats *st = s->o->stats;
	int dim = r->week ? DIM_WEEK : DIM_MONTH, m;

	for (m = 0; m < METRIC__COUNT; m++) {
		size_t gi = 0;
		const struct group *g = site_stats_group(st, m, dim, r->key, &gi);
		const char *href = NULL;
		struct figure none;
		/* A period without records still has its target (docs/metrics.md, "Targets"). */
		const struct figure *fig = stats_group_figure(st, m, dim, r->key, &none);
		struct figure pnone;
		const struct figure *pf = stats_group_figure(st, m, dim, pkey, &pnone);
		struct tv *row;
		const char *chg;

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
		row = site_metric_figure(s, m, fig, href, 1);
		/* Against the period before: its value and the change (docs/site.md, "Reports"). */
		site_set_ref(
		    s, row, "prev_value",
		    pf->has_value
		        ? site_ratio(s, stats_is_duration(m) ? pf->med2 : 100 * pf->num,
		                     stats_is_duration(m) ? 2 * site_unit_secs(m) : pf->den, 1)
		        : site_stats_word(s, "na"));
		tv_map_set_bool(row, "has_prev", pf->has_value);
		chg = S_change(s, m, fig, pf);
		tv_map_set(row, "change", chg ? tv_str(&s->a, chg) : tv_null());
		site_set_ref(s, row, "change_unit",
		             stats_is_duration(m) ? site_unit(s, m)
		                                  : site_stats_word(s, "unit_points"));
		tv_list_push(figs, row);
	}
}

/* A month's weeks: the weekly reports that overlap it, into wl. */
static void
S_report_weeks(struct site *s, const struct report *r, const struct report *weeks, size_t nweeks,
               struct tv *wl)
{
	size_t i;

	for (i = 0; i < nweeks; i++)
		if (weeks[i].from <= r->to && weeks[i].to >= r->from) {
			struct tv *w = tv_map(&s->a);

			site_set_ref(s, w, "key", weeks[i].key);
			site_set_ref(s, w, "href", S_report_file(s, &weeks[i]));
			tv_list_push(wl, w);
		}
}

/* The head: what happened, and what is left at the end, each against the period before (p). */
static void
S_report_tiles(struct site *s, const struct report *r, const struct report *p, struct tv *tiles)
{
	S_tile(s, tiles, "#h-tickets", site_stats_word(s, "new_tickets"), r->count[EV_NEW],
	       p->count[EV_NEW], 0);
	S_tile(s, tiles, "#h-tickets", site_stats_word(s, "closed_tickets"), r->count[EV_CLOSED],
	       p->count[EV_CLOSED], 0);
	S_tile(s, tiles, "#h-visits", site_stats_word(s, "visits"), r->count[EV_VISIT],
	       p->count[EV_VISIT], 0);
	S_tile(s, tiles, "#h-complaints", site_stats_word(s, "complaints_received"),
	       r->count[EV_COMPLAINT], p->count[EV_COMPLAINT], 0);
	S_tile(s, tiles, "#h-overdue", labels_get(s->l, "ui", "overdue_follow_ups"),
	       r->count[EV_OVERDUE], p->count[EV_OVERDUE], 1);
	S_tile(s, tiles, "#h-parts", site_stats_word(s, "parts_alerts"), r->alerts, p->alerts, 1);
	S_tile(s, tiles, "#h-actions", site_stats_word(s, "actions_due"), r->count[EV_ACTION],
	       p->count[EV_ACTION], 0);
	S_tile(s, tiles, "#h-backlog", site_stats_word(s, "backlog_end"), r->backlog, p->backlog,
	       0);
	S_tile(s, tiles, "#h-late", site_stats_word(s, "overdue_end"), r->late_fu + r->late_cp,
	       p->late_fu + p->late_cp, 1);
}

/*
 * One report: the period's figures (a week's records outside the figures'
 * numerators listed, a month's figures linked to their drill-down pages),
 * then what happened: tickets, visits, complaints, overdue follow-ups, key
 * part failures, actions due. weeks: the weekly reports, for a month's.
 */
static void
S_report(struct site *s, struct report *r, const struct report *prev, const struct report *next,
         const struct report *weeks, size_t nweeks, const struct ends *ends,
         struct site_rows *xrows)
{
	struct tv *page, *figs = tv_list(&s->a), *exc = tv_list(&s->a);
	struct tv *wl = tv_list(&s->a), *parts, *tiles = tv_list(&s->a);
	/* The period before, whether or not it has a report; "" before 0001-01-01: none. */
	const char *pkey =
	    r->from <= DAY_FIRST
	        ? ""
	        : site_period_key(s, r->week,
	                          r->week ? site_week_of(r->from - 1) : site_month_of(r->from - 1));
	struct report before;
	const struct report *p;

	page = site_page(
	    s,
	    arena_printf(&s->a, "%s %s",
	                 site_stats_word(s, r->week ? "weekly_report" : "monthly_report"), r->key),
	    1, NULL);
	/*
	 * A period still running is reported as of today, and says so when
	 * printed; one that has ended is its period's, and does not change
	 * with the day (docs/site.md, "Look").
	 */
	if (r->to >= s->o->today)
		site_as_of(s, page);
	p = S_before(s, r, prev, pkey, ends, &before);
	site_set_ref(s, page, "key", r->key);
	tv_map_set_bool(page, "is_week", r->week);
	site_set_ref(s, page, "from", S_date(s, r->from));
	site_set_ref(s, page, "to", S_date(s, r->to));
	tv_map_set(page, "prev", prev ? tv_str(&s->a, S_report_file(s, prev)) : tv_null());
	tv_map_set(page, "next", next ? tv_str(&s->a, S_report_file(s, next)) : tv_null());
	S_report_figures(s, r, pkey, figs, exc, xrows);
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
	S_report_weeks(s, r, weeks, nweeks, wl);
	tv_map_set(page, "weeks", wl);
	S_report_complaints(s, r, pkey, page);
	S_report_backlog(s, ends, r, page, xrows);
	S_report_late(s, ends, r, page, xrows);
	tv_map_set(page, "prev_key", *pkey ? tv_str(&s->a, pkey) : tv_null());
	S_report_tiles(s, r, p, tiles);
	tv_map_set(page, "tiles", tiles);
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
	tv_map_set_num(row, "backlog", (double)r->backlog);
	tv_map_set_num(row, "late", (double)(r->late_fu + r->late_cp));
	return row;
}

/* reports/: a report per week and per month with data, newest last, and their index. */
void
site_reports(struct site *s)
{
	struct evs weeks_ev = {0}, months_ev;
	struct report *weeks, *months;
	struct ends ends;
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
	S_ends_make(s, &ends);
	/* What the period before each report needs of it: counted first. */
	for (i = 0; i < nw; i++)
		S_end_counts(s, &ends, &weeks[i]);
	for (i = 0; i < nm; i++)
		S_end_counts(s, &ends, &months[i]);
	arena_reset(&s->a);
	for (i = 0; i < nw && !s->failed && !publish_interrupted(); i++) {
		S_report(s, &weeks[i], i ? &weeks[i - 1] : NULL, i + 1 < nw ? &weeks[i + 1] : NULL,
		         NULL, 0, &ends, &rows);
		arena_reset(&s->a);
	}
	for (i = 0; i < nm && !s->failed && !publish_interrupted(); i++) {
		S_report(s, &months[i], i ? &months[i - 1] : NULL,
		         i + 1 < nm ? &months[i + 1] : NULL, weeks, nw, &ends, &rows);
		arena_reset(&s->a);
	}
	S_ends_free(&ends);
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
