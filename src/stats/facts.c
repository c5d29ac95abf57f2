/*
 * facts.c - the pass over the records: each metric's facts (follow-ups,
 * durations, first-time fix, visits, shipment lines, complaints) and the
 * counts of the complaints, the backlog, the cost, the key parts and the
 * staff, from one view of each ticket's fields (docs/metrics.md).
 */
#include "stats/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/validate.h"
#include "model/schema.h"
#include "model/value.h"
#include "stats/fields.h"
#include "stats/keys.h"

#define FIX_DAYS 30 /* first-time fix: a repeat within 30 days */

/* One failure of a key part (S_failure): counted by month and batch after the pass. */
struct failure {
	uint32_t part; /* index into stats.parts */
	uint32_t rec;
	int32_t month; /* y * 12 + m */
};

/*
 * A closed repair whose first-time fix is judged once every repair is
 * known: its units are ctx.fix_units[units .. units + nunits).
 */
struct fix {
	uint32_t rec;
	int32_t closed, end; /* local days; end: resolved, else closed */
	uint32_t component;  /* stats_intern's id; UINT32_MAX: none */
	uint32_t units, nunits;
};

/* One repair of a unit's component, for finding repeats (S_unit_id, stats_intern). */
struct repair {
	uint32_t unit, component;
	int32_t day; /* reported */
	uint32_t rec;
};

struct ctx {
	struct stats *s;
	const struct records *r;
	const struct config *cfg;
	int tz;
	/* standards that set targets */
	const struct record **stds;
	size_t nstds;
	struct stats_keys k; /* the breakdown keys */
	/* follow-up visits per ticket: head[rec] -> node -> node ... */
	int32_t *fu_head;
	uint32_t *fu_ticket; /* per reached follow-up visit: its ticket + 1 */
	struct fu {
		int32_t next;
		int32_t day;
	} * fu;
	size_t nfu, fucap;
	unsigned char *counted; /* per record: parsed, with an id, the first of it */
	/* gathered in the pass, counted after it */
	struct failure *fail;
	size_t nfail, failcap;
	struct fix *fix;
	size_t nfix, fixcap;
	uint32_t *fix_units;
	size_t nfix_units, fix_unitcap;
	struct repair *rep;
	size_t nrep, repcap;
	struct stats_pair *batch; /* (part << 32 | batch's key id, ticket) */
	size_t nbatch, batchcap;
	uint32_t *seen; /* S_failure's batches of one ticket */
	size_t seencap;
	size_t backlog_cap;
};

/* ---- a record's values */

/* A checked date or datetime's local day; 0 when absent. */
static int
S_day_of(const struct ctx *c, const struct node *n, int64_t *day)
{
	if (!n || (n->value != VAL_DATE && n->value != VAL_DATETIME))
		return 0;
	*day = node_day(n, c->tz);
	return 1;
}

/* A checked datetime's instant; 0 when absent. */
static int
S_instant_of(const struct node *n, int64_t *t)
{
	if (!n || n->value != VAL_DATETIME)
		return 0;
	*t = n->v.i;
	return 1;
}

static int
S_int_of(const struct node *n, int64_t *v)
{
	if (!n || n->value != VAL_INT)
		return 0;
	*v = n->v.i;
	return 1;
}

/* The same, of a record's field. */
static int
S_day(const struct ctx *c, const struct record *rec, int field, int64_t *day)
{
	return S_day_of(c, record_value(rec, field), day);
}

static int
S_instant(const struct record *rec, int field, int64_t *t)
{
	return S_instant_of(record_value(rec, field), t);
}

static int
S_int(const struct record *rec, int field, int64_t *v)
{
	return S_int_of(record_value(rec, field), v);
}

static int
S_is(const struct record *rec, int field, const char *value)
{
	return node_is_str(record_value(rec, field), value);
}

static int
S_true(const struct node *n)
{
	return n && n->type == NODE_SCALAR && n->value == VAL_BOOL && n->v.i;
}

/* Reached, as validation reads it too: everything but `reached: false`. */
static int
S_reached(const struct record *v)
{
	const struct node *n = record_value(v, KEY_reached);

	return !(n && n->value == VAL_BOOL && !n->v.i);
}

static int
S_in_period(const struct ctx *c, int64_t day)
{
	return day >= c->s->from && day <= c->s->to;
}

static int
S_repair(const struct node *type)
{
	return node_is_str(type, "onsite_repair") || node_is_str(type, "return_repair") ||
	       node_is_str(type, "emergency");
}

/* ---- facts */

/* A fact of metric m (m < 0: a complaint's counts) with the keys [keys, keys + nkeys). */
static struct fact *
S_fact_keys(struct ctx *c, int m, const struct record *rec, int64_t day, uint32_t keys,
            uint32_t nkeys)
{
	struct metric_stats *ms = m < 0 ? &c->s->complaints : &c->s->m[m];
	struct fact *f;

	ms->facts = xgrow(ms->facts, sizeof(*ms->facts), ms->n + 1, &ms->cap);
	f = &ms->facts[ms->n++];
	memset(f, 0, sizeof(*f));
	f->rec = (uint32_t)(rec - c->r->recs);
	f->day = (int32_t)day;
	f->keys = keys;
	f->nkeys = nkeys;
	return f;
}

/* A fact whose keys were just pushed, from keys_from on. */
static struct fact *
S_fact(struct ctx *c, int m, const struct record *rec, int64_t day, size_t keys_from)
{
	return S_fact_keys(c, m, rec, day, (uint32_t)keys_from,
	                   (uint32_t)(c->s->nkeys - keys_from));
}

/* A fact of a ticket, with the ticket's keys (v: its fields, or NULL). */
static struct fact *
S_ticket_fact(struct ctx *c, int m, const struct record *t, const struct stats_view *v, int64_t day)
{
	uint32_t first, n = stats_ticket_keys(&c->k, t, v, &first);

	return S_fact_keys(c, m, t, day, first, n);
}

/* Follow-up visits by ticket, for follow_up_rate (reached ones only). */
static void
S_index_follow_ups(struct ctx *c)
{
	size_t i;

	c->fu_head = xmalloc((c->r->n ? c->r->n : 1) * sizeof(*c->fu_head));
	c->fu_ticket = xcalloc(c->r->n ? c->r->n : 1, sizeof(*c->fu_ticket));
	for (i = 0; i < c->r->n; i++)
		c->fu_head[i] = -1;
	for (i = 0; i < c->r->n; i++) {
		const struct record *v = &c->r->recs[i], *t;
		int64_t day;

		if (v->kind != OBJ_visits || !v->root || !S_is(v, KEY_kind, "follow_up") ||
		    !S_reached(v) || !S_day(c, v, KEY_date, &day) ||
		    !(t = stats_ref(c->r, record_value(v, KEY_service), OBJ_service)))
			continue;
		c->fu_ticket[i] = (uint32_t)(t - c->r->recs) + 1;
		c->fu = xgrow(c->fu, sizeof(*c->fu), c->nfu + 1, &c->fucap);
		c->fu[c->nfu].day = (int32_t)day;
		c->fu[c->nfu].next = c->fu_head[t - c->r->recs];
		c->fu_head[t - c->r->recs] = (int32_t)c->nfu++;
	}
}

static int
S_under_warranty(const struct ctx *c, const struct stats_view *t, int64_t reported)
{
	const struct node *units = stats_vlist(t, KEY_equipment);
	size_t i;
	int64_t until;

	for (i = 0; units && i < units->n; i++) {
		const struct record *u = stats_ref(c->r, &units->u.kids[i], OBJ_equipment);

		if (u && S_day(c, u, KEY_warranty_until, &until) && until >= reported)
			return 1;
	}
	return 0;
}

static void
S_follow_up(struct ctx *c, const struct stats_view *t)
{
	int64_t reported, closed, w = c->cfg->follow_up_window_days;
	size_t i = (size_t)(t->rec - c->r->recs);
	int32_t k;
	int qualifies = 0;

	if (!node_is_str(stats_vval(t, KEY_status), "closed") ||
	    !S_day_of(c, stats_vval(t, KEY_closed), &closed) ||
	    !S_day_of(c, stats_vval(t, KEY_reported), &reported) || !S_in_period(c, closed) ||
	    !S_under_warranty(c, t, reported))
		return;
	for (k = c->fu_head[i]; k >= 0 && !qualifies; k = c->fu[k].next)
		qualifies = c->fu[k].day >= closed && c->fu[k].day <= closed + w;
	if (!qualifies && !(c->s->today > closed + w))
		return; /* the window is still open: not eligible yet */
	S_ticket_fact(c, METRIC_FOLLOW_UP_RATE, t->rec, t, closed)->hit = (uint8_t)qualifies;
}

/*
 * A duration's seconds: one whose end is before its start is kept but left
 * out of every figure (docs/metrics.md, "Durations out of order"); equal
 * instants are in order and count as 0.
 */
static struct fact *
S_secs(struct fact *f, int64_t secs)
{
	f->secs = secs;
	f->excluded = secs < 0;
	return f;
}

static void
S_durations(struct ctx *c, const struct stats_view *t)
{
	int64_t rep, arr, end, day;
	int ends = 0;

	if (!S_instant_of(stats_vval(t, KEY_reported), &rep))
		return;
	if (S_instant_of(stats_vval(t, KEY_arrived), &arr) &&
	    S_day_of(c, stats_vval(t, KEY_reported), &day) && S_in_period(c, day))
		S_secs(S_ticket_fact(c, METRIC_ARRIVAL_HOURS, t->rec, t, day), arr - rep);
	if (S_instant_of(stats_vval(t, KEY_resolved), &end) &&
	    S_day_of(c, stats_vval(t, KEY_resolved), &day))
		ends = 1;
	else if (S_instant_of(stats_vval(t, KEY_closed), &end) &&
	         S_day_of(c, stats_vval(t, KEY_closed), &day))
		ends = 2; /* resolved, else closed */
	if (ends && S_in_period(c, day))
		S_secs(S_ticket_fact(c, METRIC_RESOLUTION_HOURS, t->rec, t, day), end - rep)
		    ->by_closed = ends == 2;
}

/* ---- first-time fix: repairs by (unit, component) */

static int
S_repair_cmp(const struct repair *a, const struct repair *b)
{
	int k = (a->unit > b->unit) - (a->unit < b->unit);

	if (!k)
		k = (a->component > b->component) - (a->component < b->component);
	if (!k)
		k = (a->day > b->day) - (a->day < b->day);
	if (!k)
		k = (a->rec > b->rec) - (a->rec < b->rec);
	return k;
}

static const char *
S_component(const struct stats_view *t)
{
	const struct node *fault = t->f[KEY_fault];

	return stats_str(fault ? node_field(fault, KEY_component) : NULL);
}

/*
 * A unit named by a ticket as a number: its record's index, or, past the
 * records, the interned text of a unit no record has. The same text gives
 * the same number, so repairs are matched as comparing the texts matched
 * them, without reading the texts again.
 */
static uint32_t
S_unit_id(struct ctx *c, const char *unit)
{
	const struct record *u = records_find(c->r, unit);

	return u ? (uint32_t)(u - c->r->recs) : (uint32_t)c->r->n + stats_intern(&c->k, unit);
}

/*
 * A ticket's part in first-time fix, taken in the pass: each repair of a
 * unit's component (to find repeats among), and a closed repair of the
 * period (judged by S_first_time_fix once all repairs are known).
 */
static void
S_repairs(struct ctx *c, const struct stats_view *t)
{
	const struct node *units = stats_vlist(t, KEY_equipment);
	const char *comp = S_component(t);
	uint32_t rec = (uint32_t)(t->rec - c->r->recs), unit, first = (uint32_t)c->nfix_units;
	uint32_t cid = comp ? stats_intern(&c->k, comp) : UINT32_MAX;
	int64_t day = 0, closed, end;
	int repair, fix;
	struct fix *f;
	size_t k;

	if (!S_repair(stats_vval(t, KEY_type)))
		return;
	repair = comp && S_day_of(c, stats_vval(t, KEY_reported), &day);
	fix = node_is_str(stats_vval(t, KEY_status), "closed") &&
	      S_day_of(c, stats_vval(t, KEY_closed), &closed) && S_in_period(c, closed);
	/* Without a component a repair is never a repeat, nor has one: no units needed. */
	for (k = 0; comp && (repair || fix) && units && k < units->n; k++) {
		if (!stats_str(&units->u.kids[k]))
			continue;
		unit = S_unit_id(c, units->u.kids[k].u.str);
		if (repair) {
			c->rep = xgrow(c->rep, sizeof(*c->rep), c->nrep + 1, &c->repcap);
			c->rep[c->nrep].unit = unit;
			c->rep[c->nrep].component = cid;
			c->rep[c->nrep].day = (int32_t)day;
			c->rep[c->nrep].rec = rec;
			c->nrep++;
		}
		if (fix) {
			c->fix_units = xgrow(c->fix_units, sizeof(*c->fix_units), c->nfix_units + 1,
			                     &c->fix_unitcap);
			c->fix_units[c->nfix_units++] = unit;
		}
	}
	if (!fix)
		return;
	if (!S_day_of(c, stats_vval(t, KEY_resolved), &end))
		end = closed;
	c->fix = xgrow(c->fix, sizeof(*c->fix), c->nfix + 1, &c->fixcap);
	f = &c->fix[c->nfix++];
	f->rec = rec;
	f->closed = (int32_t)closed;
	f->end = (int32_t)end;
	f->component = cid;
	f->units = first;
	f->nunits = (uint32_t)c->nfix_units - first;
}

static void
S_first_time_fix(struct ctx *c)
{
	struct stats_pair *p = xmalloc((c->nrep ? c->nrep : 1) * sizeof(*p));
	struct repair *v = xmalloc((c->nrep ? c->nrep : 1) * sizeof(*v)), key;
	size_t n = c->nrep, i, k;

	/* In order of (unit, component, day, ticket): three stable radix sorts, last key first. */
	for (i = 0; i < n; i++) {
		p[i].order = c->rep[i].day;
		p[i].fact = (uint32_t)i;
	}
	stats_sort_pairs(p, n);
	for (i = 0; i < n; i++)
		p[i].order = c->rep[p[i].fact].component;
	stats_sort_pairs(p, n);
	for (i = 0; i < n; i++)
		p[i].order = c->rep[p[i].fact].unit;
	stats_sort_pairs(p, n);
	for (i = 0; i < n; i++)
		v[i] = c->rep[p[i].fact];
	free(p);
	for (i = 0; i < c->nfix; i++) {
		const struct fix *fx = &c->fix[i];
		int64_t end = fx->end;
		int repeat = 0;

		key.component = fx->component;
		for (k = 0; fx->component != UINT32_MAX && k < fx->nunits && !repeat; k++) {
			size_t lo = 0, hi = n, j;

			key.unit = c->fix_units[fx->units + k];
			key.day = (int32_t)end;
			key.rec = 0;
			/* The first repair of this unit and component reported on or after end. */
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (S_repair_cmp(&v[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (j = lo; j < n && v[j].unit == key.unit &&
			             v[j].component == key.component && v[j].day <= end + FIX_DAYS;
			     j++)
				if (v[j].rec != fx->rec)
					repeat = 1;
		}
		if (!repeat && !(c->s->today > end + FIX_DAYS))
			continue; /* 30 days not passed yet */
		S_ticket_fact(c, METRIC_FIRST_TIME_FIX_RATE, &c->r->recs[fx->rec], NULL, fx->closed)
		    ->hit = (uint8_t)!repeat;
	}
	free(v);
}

/* ---- visits, shipments, complaints */

static struct staff_stats *S_staff_of(const struct stats *s, const char *id);

static void
S_visit(struct ctx *c, const struct record *v)
{
	int64_t day, rating;
	size_t start;
	const struct record *cp;
	uint32_t t = 0, first = 0, n = 0, k;

	if (!S_reached(v) || !S_int(v, KEY_satisfaction, &rating) || !S_day(c, v, KEY_date, &day) ||
	    !S_in_period(c, day))
		return;
	/* A follow-up: its ticket's models and type, from the ticket's keys (made first). */
	if (S_is(v, KEY_kind, "follow_up") && (t = c->fu_ticket[v - c->r->recs]) != 0)
		n = stats_ticket_keys(&c->k, &c->r->recs[t - 1], NULL, &first);
	start = c->s->nkeys;
	stats_region_of(&c->k, start,
	                stats_ref(c->r, record_value(v, KEY_customer), OBJ_customers));
	if (t) {
		for (k = first; k < first + n; k++)
			if (c->s->keys[k].dim == DIM_MODEL || c->s->keys[k].dim == DIM_TYPE)
				stats_key_id_once(&c->k, start, c->s->keys[k].dim,
				                  c->s->keys[k].rank);
	} else if (S_is(v, KEY_kind, "complaint_confirmation") &&
	           (cp = stats_ref(c->r, record_value(v, KEY_complaint), OBJ_complaints))) {
		stats_complaint_models(&c->k, start, cp);
	}
	stats_key_once(&c->k, start, DIM_STAFF, stats_str(record_value(v, KEY_by)));
	S_fact(c, METRIC_SATISFACTION_RATE, v, day, start)->hit =
	    (uint8_t)(rating >= c->cfg->satisfied_at);
}

static void
S_shipment(struct ctx *c, const struct record *sh)
{
	const struct node *lines = record_list(sh, KEY_lines), *to = record_value(sh, KEY_to);
	const struct record *who;
	int64_t day;
	size_t i;

	if (!lines || !S_day(c, sh, KEY_date, &day) || !S_in_period(c, day))
		return;
	who = stats_ref(c->r, to, OBJ_customers);
	if (!who)
		who = stats_ref(c->r, to, OBJ_dealers);
	for (i = 0; i < lines->n; i++) {
		const struct node *ok = lines->u.kids[i].type == NODE_MAP
		                            ? node_field(&lines->u.kids[i], KEY_correct)
		                            : NULL;
		size_t start = c->s->nkeys;
		struct fact *f;

		if (!ok || ok->type != NODE_SCALAR || ok->value != VAL_BOOL)
			continue;
		stats_region_of(&c->k, start, who);
		f = S_fact(c, METRIC_PARTS_ACCURACY, sh, day, start);
		f->hit = (uint8_t)ok->v.i;
		f->line = (uint32_t)i;
	}
}

/*
 * Adds one to the count of key in a small list kept in byte order: for
 * values of an enum (a complaint's category, severity and status, a
 * ticket's open status), which are few whatever the number of records.
 */
static void
S_count(struct arena *a, struct count **v, size_t *n, const char *key)
{
	size_t i;

	if (!key)
		return;
	for (i = 0; i < *n && strcmp((*v)[i].key, key) < 0; i++)
		;
	if (i < *n && !strcmp((*v)[i].key, key)) {
		(*v)[i].n++;
		return;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	memmove(*v + i + 1, *v + i, (*n - i) * sizeof(**v));
	(*v)[i].key = arena_strdup(a, key);
	(*v)[i].n = 1;
	(*n)++;
}

static void
S_complaint(struct ctx *c, const struct record *cp)
{
	struct stats *s = c->s;
	int64_t day, rcv, res, rating;
	const struct record *conf;
	struct staff_stats *ss;
	size_t start;
	int closed = S_is(cp, KEY_status, "closed");

	if (!S_day(c, cp, KEY_received, &day) || !S_in_period(c, day))
		return;
	s->complaints_received++;
	s->complaints_closed += closed;
	S_count(&s->a, &s->by_category, &s->ncategory, stats_str(record_value(cp, KEY_category)));
	S_count(&s->a, &s->by_severity, &s->nseverity, stats_str(record_value(cp, KEY_severity)));
	S_count(&s->a, &s->by_status, &s->nstatus, stats_str(record_value(cp, KEY_status)));
	start = s->nkeys;
	stats_region_of(&c->k, start,
	                stats_ref(c->r, record_value(cp, KEY_customer), OBJ_customers));
	stats_complaint_models(&c->k, start, cp);
	stats_key_once(&c->k, start, DIM_STAFF, stats_str(record_value(cp, KEY_owner)));
	if (stats_str(record_value(cp, KEY_owner)) &&
	    (ss = S_staff_of(s, stats_str(record_value(cp, KEY_owner)))) != NULL)
		ss->complaints++;
	/* Counted by received date, region, model and owner (docs/metrics.md, "complaints"). */
	S_fact(c, -1, cp, day, start)->hit = (uint8_t)closed;
	if (S_instant(cp, KEY_received, &rcv) && S_instant(cp, KEY_resolved, &res))
		S_secs(S_fact(c, METRIC_COMPLAINT_CLOSE_DAYS, cp, day, start), res - rcv);
	if (closed) {
		conf = stats_ref(c->r, record_value(cp, KEY_confirmation), OBJ_visits);
		S_fact(c, METRIC_CLOSED_LOOP_RATE, cp, day, start)->hit =
		    (uint8_t)(conf && S_reached(conf) && S_int(conf, KEY_satisfaction, &rating) &&
		              rating >= c->cfg->satisfied_at);
	}
}

/* ---- tickets: sign-off, backlog, cost, key parts */

static void
S_signoff(struct ctx *c, const struct stats_view *t)
{
	int64_t day, rating;

	if (!S_int_of(stats_vval(t, KEY_satisfaction), &rating) ||
	    !S_day_of(c, stats_vval(t, KEY_reported), &day) || !S_in_period(c, day))
		return;
	c->s->signoff.den++;
	c->s->signoff.num += rating >= c->cfg->satisfied_at;
}

static void
S_backlog(struct ctx *c, const struct stats_view *t)
{
	struct stats *s = c->s;
	int64_t day, age;

	if (!record_is_open(t->rec) || !S_day_of(c, stats_vval(t, KEY_reported), &day))
		return;
	age = s->today - day;
	s->backlog_total++;
	s->backlog_age[age <= 2 ? 0 : age <= 7 ? 1 : age <= 30 ? 2 : 3]++;
	S_count(&s->a, &s->backlog_status, &s->nbacklog_status, stats_vval(t, KEY_status)->u.str);
	s->backlog_recs =
	    xgrow(s->backlog_recs, sizeof(*s->backlog_recs), s->nbacklog + 1, &c->backlog_cap);
	s->backlog_recs[s->nbacklog++] = (uint32_t)(t->rec - c->r->recs);
}

static int64_t
S_cents(const struct node *map, int key)
{
	const struct node *n = node_field(map, key);

	return n && n->type == NODE_SCALAR && n->value == VAL_MONEY ? n->v.i : 0;
}

static void
S_cost(struct ctx *c, const struct stats_view *t)
{
	const struct node *cost = t->f[KEY_cost];
	int64_t day;

	if (!cost || cost->type != NODE_MAP || !S_day_of(c, stats_vval(t, KEY_reported), &day) ||
	    !S_in_period(c, day))
		return;
	c->s->cost_tickets++;
	c->s->cost_labor += S_cents(cost, KEY_labor);
	c->s->cost_parts += S_cents(cost, KEY_parts);
	c->s->cost_travel += S_cents(cost, KEY_travel);
}

/* bsearch over key parts and staff, whose first member is their id. */
static int
S_id_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static struct key_part *
S_key_part(const struct ctx *c, const char *id)
{
	if (!c->s->nparts) /* parts is NULL then, which bsearch may not take */
		return NULL;
	return bsearch(id, c->s->parts, c->s->nparts, sizeof(*c->s->parts), S_id_key_cmp);
}

static int
S_part_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key_part *)a)->id, ((const struct key_part *)b)->id);
}

static void
S_index_key_parts(struct ctx *c)
{
	struct stats *s = c->s;
	size_t i, cap = 0;

	for (i = 0; i < c->r->n; i++) {
		const struct record *p = &c->r->recs[i];
		struct key_part *kp;
		int64_t th;

		if (p->kind != OBJ_parts || !p->id || !p->root ||
		    !S_true(record_value(p, KEY_key)) || !c->counted[i])
			continue;
		s->parts = xgrow(s->parts, sizeof(*s->parts), s->nparts + 1, &cap);
		kp = &s->parts[s->nparts++];
		memset(kp, 0, sizeof(*kp));
		kp->id = p->id;
		kp->name = stats_str(record_value(p, KEY_name));
		kp->threshold =
		    S_int(p, KEY_alert_threshold, &th) ? (int)th : c->cfg->default_alert_threshold;
	}
	if (s->nparts > 1)
		qsort(s->parts, s->nparts, sizeof(*s->parts), S_part_cmp);
}

/* A batch of key part `part` in a failure on ticket rec. */
static void
S_part_batch(struct ctx *c, uint32_t part, uint32_t batch, uint32_t rec)
{
	c->batch = xgrow(c->batch, sizeof(*c->batch), c->nbatch + 1, &c->batchcap);
	c->batch[c->nbatch].order = (int64_t)part << 32 | batch;
	c->batch[c->nbatch].fact = rec;
	c->nbatch++;
}

/*
 * One failure of key part kp on ticket t (reported on day), with each
 * distinct batch of the part among the ticket's units, or "unknown". They
 * are counted by month and batch after the pass (S_part_counts), rather
 * than in lists kept in order here: a failure cost a walk along the part's
 * batches, which grow with the units sold.
 */
static void
S_failure(struct ctx *c, struct key_part *kp, const struct stats_view *t, int64_t day)
{
	const struct node *units = stats_vlist(t, KEY_equipment);
	uint32_t part = (uint32_t)(kp - c->s->parts), rec = (uint32_t)(t->rec - c->r->recs);
	size_t nseen = 0, i, k, j;
	int y, found = 0;
	unsigned m, d;

	kp->failures++;
	civil_from_days(day, &y, &m, &d);
	c->fail = xgrow(c->fail, sizeof(*c->fail), c->nfail + 1, &c->failcap);
	c->fail[c->nfail].part = part;
	c->fail[c->nfail].rec = rec;
	c->fail[c->nfail].month = (int32_t)(y * 12 + (int)m);
	c->nfail++;
	for (i = 0; units && i < units->n; i++) {
		const struct record *u = stats_ref(c->r, &units->u.kids[i], OBJ_equipment);
		const struct node *comps = u ? record_list(u, KEY_components) : NULL;

		for (k = 0; comps && k < comps->n; k++) {
			const struct node *cm = &comps->u.kids[k];
			const char *p =
			    cm->type == NODE_MAP ? stats_str(node_field(cm, KEY_part)) : NULL;
			const char *batch = p ? stats_str(node_field(cm, KEY_batch)) : NULL;
			uint32_t id;

			if (!p || strcmp(p, kp->id) || !batch)
				continue;
			found = 1;
			id = stats_intern(&c->k, batch);
			for (j = 0; j < nseen && c->seen[j] != id; j++)
				;
			if (j < nseen)
				continue; /* each batch once for the ticket */
			c->seen = xgrow(c->seen, sizeof(*c->seen), nseen + 1, &c->seencap);
			c->seen[nseen++] = id;
			S_part_batch(c, part, id, rec);
		}
	}
	if (!found)
		S_part_batch(c, part, stats_intern(&c->k, "unknown"), rec);
}

static void
S_key_part_failures(struct ctx *c, const struct stats_view *t)
{
	const struct node *lines = stats_vlist(t, KEY_parts);
	const char *comp = S_component(t);
	struct key_part *hit[16];
	size_t nhit = 0, i, k;
	int64_t day;

	if (!c->s->nparts || !S_day_of(c, stats_vval(t, KEY_reported), &day) ||
	    !S_in_period(c, day))
		return;
	for (i = 0; i <= (lines ? lines->n : 0); i++) {
		const char *id = i == 0 ? comp
		                 : lines->u.kids[i - 1].type == NODE_MAP
		                     ? stats_str(node_field(&lines->u.kids[i - 1], KEY_part))
		                     : NULL;
		struct key_part *kp = id ? S_key_part(c, id) : NULL;

		if (!kp)
			continue;
		for (k = 0; k < nhit && hit[k] != kp; k++)
			;
		if (k < nhit)
			continue; /* once per ticket per part */
		if (nhit < ARRAY_LEN(hit))
			hit[nhit++] = kp;
		S_failure(c, kp, t, day);
	}
}

/* ---- staff */

static int
S_staff_cmp(const void *a, const void *b)
{
	return strcmp(((const struct staff_stats *)a)->id, ((const struct staff_stats *)b)->id);
}

static void
S_staff(struct ctx *c)
{
	struct stats *s = c->s;
	size_t i, cap = 0;

	for (i = 0; i < c->r->n; i++) {
		const struct record *st = &c->r->recs[i];
		const struct node *l;
		struct staff_stats *ss;

		if (st->kind != OBJ_staff || !c->counted[i])
			continue;
		s->staff = xgrow(s->staff, sizeof(*s->staff), s->nstaff + 1, &cap);
		ss = &s->staff[s->nstaff++];
		memset(ss, 0, sizeof(*ss));
		ss->id = st->id;
		ss->rec = (uint32_t)i;
		ss->trainings = (l = record_list(st, KEY_trainings)) ? l->n : 0;
		ss->assessments = (l = record_list(st, KEY_assessments)) ? l->n : 0;
	}
	if (s->nstaff > 1)
		qsort(s->staff, s->nstaff, sizeof(*s->staff), S_staff_cmp);
}

static struct staff_stats *
S_staff_of(const struct stats *s, const char *id)
{
	if (!s->nstaff) /* staff is NULL then, which bsearch may not take */
		return NULL;
	return bsearch(id, s->staff, s->nstaff, sizeof(*s->staff), S_id_key_cmp);
}

/* A ticket each of its technicians handled, in the period. */
static void
S_staff_tickets(struct ctx *c, const struct stats_view *t)
{
	const struct node *techs = stats_vlist(t, KEY_technicians);
	struct staff_stats *ss;
	int64_t day;
	size_t k, j;

	if (!techs || !S_day_of(c, stats_vval(t, KEY_reported), &day) || !S_in_period(c, day))
		return;
	for (k = 0; k < techs->n; k++) {
		const char *id = stats_str(&techs->u.kids[k]);

		/* A technician named twice handled the ticket once. */
		for (j = 0; id && j < k && !node_is_str(&techs->u.kids[j], id); j++)
			;
		if (id && j == k && (ss = S_staff_of(c->s, id)) != NULL)
			ss->tickets++;
	}
}

/* ---- after the pass */

/* Everything a ticket counts in, from one view of its fields. */
static void
S_ticket(struct ctx *c, const struct record *t)
{
	struct stats_view v;

	stats_view(t, &v);
	if (node_is_str(stats_vval(&v, KEY_status), "cancelled"))
		return;
	S_follow_up(c, &v);
	S_durations(c, &v);
	S_signoff(c, &v);
	S_backlog(c, &v);
	S_cost(c, &v);
	S_key_part_failures(c, &v);
	S_repairs(c, &v);
	S_staff_tickets(c, &v);
}

/*
 * A list of counts by key (each key's text from text()) from pairs of
 * (part << 32 | key order, record) sorted: the run of part p, from *i on.
 */
static struct count *
S_part_runs(struct ctx *c, const struct stats_pair *v, size_t n, size_t *i, uint32_t p,
            const char *(*text)(struct ctx *, uint32_t, char *), size_t *nout)
{
	struct count *out = NULL;
	size_t cap = 0, j;
	char buf[24];

	*nout = 0;
	for (; *i < n && (uint32_t)(v[*i].order >> 32) == p; *i = j) {
		for (j = *i + 1; j < n && v[j].order == v[*i].order; j++)
			;
		out = xgrow(out, sizeof(*out), *nout + 1, &cap);
		out[*nout].key = arena_strdup(&c->s->a, text(c, (uint32_t)v[*i].order, buf));
		out[*nout].n = (int64_t)(j - *i);
		(*nout)++;
	}
	return out;
}

static const char *
S_month_text(struct ctx *c, uint32_t month, char *buf)
{
	(void)c;
	snprintf(buf, 24, "%04d-%02d", (int)((month - 1) / 12), (int)((month - 1) % 12 + 1));
	return buf;
}

static const char *
S_rank_text(struct ctx *c, uint32_t rank, char *buf)
{
	(void)buf;
	return c->k.ranked[rank];
}

/*
 * Each key part's failing tickets, and its failures by month and by batch
 * (in byte order, as the months' and batches' texts sort), from what the
 * pass gathered: sorted in linear time, then counted in runs.
 */
static void
S_part_counts(struct ctx *c)
{
	struct stats *s = c->s;
	struct stats_pair *v = xmalloc((c->nfail ? c->nfail : 1) * sizeof(*v));
	size_t *fill = xcalloc(s->nparts ? s->nparts : 1, sizeof(*fill));
	size_t i, at;
	uint32_t p;

	for (p = 0; p < s->nparts; p++)
		s->parts[p].recs =
		    xmalloc((s->parts[p].failures ? (size_t)s->parts[p].failures : 1) *
		            sizeof(*s->parts[p].recs));
	for (i = 0; i < c->nfail; i++) {
		struct key_part *kp = &s->parts[c->fail[i].part];

		kp->recs[fill[c->fail[i].part]++] = c->fail[i].rec;
		v[i].order = (int64_t)c->fail[i].part << 32 | (uint32_t)c->fail[i].month;
		v[i].fact = c->fail[i].rec;
	}
	stats_sort_pairs(v, c->nfail);
	for (i = 0; i < c->nbatch; i++)
		c->batch[i].order =
		    (c->batch[i].order >> 32) << 32 | c->k.rank[(uint32_t)c->batch[i].order];
	stats_sort_pairs(c->batch, c->nbatch);
	for (at = 0, i = 0, p = 0; p < s->nparts; p++) {
		struct key_part *kp = &s->parts[p];

		kp->nrecs = fill[p];
		kp->by_month = S_part_runs(c, v, c->nfail, &at, p, S_month_text, &kp->nmonths);
		kp->by_batch =
		    S_part_runs(c, c->batch, c->nbatch, &i, p, S_rank_text, &kp->nbatches);
	}
	free(fill);
	free(v);
}

/* ---- the pass */

/* The standards that set targets, for grouping. */
static void
S_standards(struct ctx *c)
{
	size_t i, cap = 0;

	for (i = 0; i < c->r->n; i++) {
		const struct record *std = &c->r->recs[i];
		const struct node *t;

		if (std->kind == OBJ_standards && std->id && std->root &&
		    (t = node_field(std->root, KEY_targets)) && t->type == NODE_MAP) {
			c->stds = xgrow(c->stds, sizeof(*c->stds), c->nstds + 1, &cap);
			c->stds[c->nstds++] = std;
		}
	}
}

static void
S_begin(struct ctx *c, struct stats *s, const struct records *r)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->s = s;
	c->r = r;
	c->cfg = &r->cfg;
	c->tz = r->cfg.tzoff;
	S_standards(c);
	/*
	 * One record of each id counts: the first, as everywhere else, which
	 * is the one the id index holds (records_find), marked as it was made.
	 */
	c->counted = xcalloc(r->n ? r->n : 1, 1);
	for (i = 0; i < r->n; i++)
		c->counted[i] = r->recs[i].root && r->recs[i].id && !r->recs[i].id_twin;
	stats_keys_init(&c->k, s, r);
	S_index_follow_ups(c);
	S_index_key_parts(c);
	S_staff(c);
}

static void
S_end(struct ctx *c)
{
	free(c->fu_head);
	free(c->fu_ticket);
	free(c->fu);
	free(c->counted);
	free(c->fail);
	free(c->fix);
	free(c->fix_units);
	free(c->rep);
	free(c->batch);
	free(c->seen);
	stats_keys_free(&c->k);
}

void
stats_facts(struct stats *s, const struct records *r, struct stats_grouping *g)
{
	struct ctx c;
	size_t i;

	S_begin(&c, s, r);
	for (i = 0; i < r->n; i++) {
		const struct record *rec = &r->recs[i];

		if (!c.counted[i])
			continue;
		switch (rec->kind) {
		case OBJ_service:
			S_ticket(&c, rec);
			break;
		case OBJ_visits:
			S_visit(&c, rec);
			break;
		case OBJ_shipments:
			S_shipment(&c, rec);
			break;
		case OBJ_complaints:
			S_complaint(&c, rec);
			break;
		default:
			break;
		}
	}
	S_first_time_fix(&c);
	stats_rank_keys(&c.k);
	S_part_counts(&c);
	s->signoff.has_value = s->signoff.den > 0;
	s->signoff.met = -1;
	g->r = r;
	g->stds = c.stds;
	g->nstds = c.nstds;
	g->ranked = c.k.ranked;
	c.k.ranked = NULL; /* the caller's now */
	S_end(&c);
}
