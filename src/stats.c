/*
 * stats.c - the statistics stage (docs/metrics.md is its contract).
 *
 * One pass over the records makes the facts of every metric; references are
 * joined through the id index, never by scanning. Figures are then computed
 * per group (period, month, week, region, model, type, staff) from (key,
 * fact) pairs put in order by a radix sort, which is linear too.
 */
#include "stats.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "schema.h"
#include "validate.h"
#include "value.h"

const char *const stats_metric_names[METRIC__COUNT] = {
    "follow_up_rate",   "satisfaction_rate",   "parts_accuracy",       "arrival_hours",
    "resolution_hours", "first_time_fix_rate", "complaint_close_days", "closed_loop_rate",
};

const char *const stats_dim_names[DIM__COUNT] = {"all",   "month", "week", "region",
                                                 "model", "type",  "staff"};

#define DAY_SECS 86400
#define HOUR_SECS 3600
#define FIX_DAYS 30 /* first-time fix: a repeat within 30 days */

int
stats_is_duration(int m)
{
	return m == METRIC_ARRIVAL_HOURS || m == METRIC_RESOLUTION_HOURS ||
	       m == METRIC_COMPLAINT_CLOSE_DAYS;
}

/* ---- calendar */

void
stats_iso_week(int64_t day, int *year, int *week)
{
	int64_t wd = ((day + 3) % 7 + 7) % 7; /* 0 = Monday: 1970-01-01 was a Thursday */
	int64_t thu = day - wd + 3;           /* the week's Thursday names its year */
	unsigned m, d;
	int y;

	civil_from_days(thu, &y, &m, &d);
	*year = y;
	*week = (int)((thu - days_from_civil(y, 1, 1)) / 7) + 1;
}

/* The Monday of ISO week 1 of year y. */
static int64_t
S_week1(int y)
{
	int64_t jan4 = days_from_civil(y, 1, 4);

	return jan4 - ((jan4 + 3) % 7 + 7) % 7;
}

static int64_t
S_month_last(int y, unsigned m)
{
	return (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) - 1;
}

static int
S_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
stats_period(const char *p, int64_t *from, int64_t *to)
{
	size_t n = strlen(p);
	int y, w, wy, ww;
	unsigned m;

	if (!strcmp(p, "all")) {
		*from = INT32_MIN;
		*to = INT32_MAX;
		return 0;
	}
	if (n < 4 || !S_digits(p, 4))
		return -1;
	y = atoi(p);
	if (y < 1) /* the calendar starts in 0001 (docs/records.md) */
		return -1;
	if (n == 4) {
		*from = days_from_civil(y, 1, 1);
		*to = days_from_civil(y, 12, 31);
		return 0;
	}
	if (n == 7 && p[4] == '-' && S_digits(p + 5, 2)) {
		m = (unsigned)atoi(p + 5);
		if (m < 1 || m > 12)
			return -1;
		*from = days_from_civil(y, m, 1);
		*to = S_month_last(y, m);
		return 0;
	}
	if (n == 8 && p[4] == '-' && p[5] == 'W' && S_digits(p + 6, 2)) {
		w = atoi(p + 6);
		*from = S_week1(y) + (int64_t)(w - 1) * 7;
		*to = *from + 6;
		stats_iso_week(*from, &wy, &ww);
		return w >= 1 && wy == y && ww == w ? 0 : -1;
	}
	return -1;
}

/* ---- exact rounding */

__extension__ typedef __int128 wide;

/*
 * round(p * 10^decimals / q), half away from zero, as text, in 128 bits:
 * exact for any p below 2^100 (a sum of money, stats_cents) and any q of
 * 64 bits, with decimals at most 3.
 */
static void
S_format_ratio(struct buf *b, wide p, wide q, int decimals)
{
	char digits[48];
	wide scale = 1, v, ip;
	int neg = (p < 0) != (q < 0) && p != 0;
	size_t n = 0;
	int i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	if (p < 0)
		p = -p;
	if (q < 0)
		q = -q;
	v = (2 * p * scale + q) / (2 * q);
	ip = v / scale;
	do {
		digits[n++] = (char)('0' + (int)(ip % 10));
		ip /= 10;
	} while (ip);
	if (neg && v)
		buf_addc(b, '-');
	while (n)
		buf_addc(b, digits[--n]);
	if (decimals)
		buf_addf(b, ".%0*lld", decimals, (long long)(v % scale));
}

void
stats_format_ratio(struct buf *b, int64_t p, int64_t q, int decimals)
{
	S_format_ratio(b, p, q, decimals);
}

void
stats_format_money(struct buf *b, stats_cents cents, int64_t per, int decimals)
{
	S_format_ratio(b, cents, (wide)100 * per, decimals);
}

/* A number of JSON: its text without needless trailing zeros. */
static void
S_trim(struct buf *b, size_t start)
{
	char *dot = memchr(b->buf + start, '.', b->len - start);

	if (!dot)
		return;
	while (b->len > start && b->buf[b->len - 1] == '0')
		b->len--;
	if (b->buf[b->len - 1] == '.')
		b->len--;
	b->buf[b->len] = '\0';
}

void
stats_format_json_ratio(struct buf *b, int64_t p, int64_t q)
{
	size_t start = b->len;

	stats_format_ratio(b, p, q, 3);
	S_trim(b, start);
}

void
stats_format_json_money(struct buf *b, stats_cents cents, int64_t per)
{
	size_t start = b->len;

	stats_format_money(b, cents, per, 3);
	S_trim(b, start);
}

/* A target or a threshold, as the JSON writes it. */
static void
S_double(struct buf *b, double d)
{
	stats_format_json_ratio(b, (int64_t)llround(d * 1000), 1000);
}

/* The unit of a duration metric, in seconds. */
static int64_t
S_unit(int m)
{
	return m == METRIC_COMPLAINT_CLOSE_DAYS ? DAY_SECS : HOUR_SECS;
}

void
stats_format_value(struct buf *b, int m, const struct figure *f, int decimals)
{
	if (!f->has_value)
		buf_adds(b, "n/a");
	else if (stats_is_duration(m))
		stats_format_ratio(b, f->med2, 2 * S_unit(m), decimals);
	else
		stats_format_ratio(b, 100 * f->num, f->den, decimals);
}

/*
 * The keys the stage reads, as the loader interned them (schema_intern):
 * a field is found by comparing pointers, not text, which is most of the
 * speed of one pass over 10^5-10^6 records.
 */
enum key {
	K_alert_threshold,
	K_arrived,
	K_assessments,
	K_batch,
	K_by,
	K_category,
	K_closed,
	K_complaint,
	K_component,
	K_components,
	K_confirmation,
	K_correct,
	K_cost,
	K_customer,
	K_date,
	K_equipment,
	K_fault,
	K_key,
	K_kind,
	K_labor,
	K_lines,
	K_model,
	K_name,
	K_owner,
	K_part,
	K_parts,
	K_reached,
	K_received,
	K_region,
	K_reported,
	K_resolved,
	K_satisfaction,
	K_service,
	K_severity,
	K_status,
	K_targets,
	K_technicians,
	K_to,
	K_trainings,
	K_travel,
	K_type,
	K_warranty_until,
	K__COUNT
};

static const char *const S_key_names[K__COUNT] = {
    [K_alert_threshold] = "alert_threshold",
    [K_arrived] = "arrived",
    [K_assessments] = "assessments",
    [K_batch] = "batch",
    [K_by] = "by",
    [K_category] = "category",
    [K_closed] = "closed",
    [K_complaint] = "complaint",
    [K_component] = "component",
    [K_components] = "components",
    [K_confirmation] = "confirmation",
    [K_correct] = "correct",
    [K_cost] = "cost",
    [K_customer] = "customer",
    [K_date] = "date",
    [K_equipment] = "equipment",
    [K_fault] = "fault",
    [K_key] = "key",
    [K_kind] = "kind",
    [K_labor] = "labor",
    [K_lines] = "lines",
    [K_model] = "model",
    [K_name] = "name",
    [K_owner] = "owner",
    [K_part] = "part",
    [K_parts] = "parts",
    [K_reached] = "reached",
    [K_received] = "received",
    [K_region] = "region",
    [K_reported] = "reported",
    [K_resolved] = "resolved",
    [K_satisfaction] = "satisfaction",
    [K_service] = "service",
    [K_severity] = "severity",
    [K_status] = "status",
    [K_targets] = "targets",
    [K_technicians] = "technicians",
    [K_to] = "to",
    [K_trainings] = "trainings",
    [K_travel] = "travel",
    [K_type] = "type",
    [K_warranty_until] = "warranty_until",
};

static const char *S_keys[K__COUNT];

static void
S_init_keys(void)
{
	int k;

	for (k = 0; k < K__COUNT; k++)
		S_keys[k] = schema_intern(S_key_names[k], strlen(S_key_names[k]));
}

/* The value of key k in a mapping, or NULL. */
static const struct node *
S_get(const struct node *map, int k)
{
	const char *key = S_keys[k];
	uint32_t i;

	if (!map || map->type != NODE_MAP || !key)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->u.kids[2 * i].type == NODE_SCALAR && map->u.kids[2 * i].u.str == key)
			return &map->u.kids[2 * i + 1];
	return NULL;
}

/* A checked scalar of a record's field, or NULL (as rec_value). */
static const struct node *
S_val(const struct record *rec, int k)
{
	const struct node *n = S_get(rec->root, k);

	return n && n->type == NODE_SCALAR ? n : NULL;
}

/* ---- the pass over the records */

struct ctx {
	struct stats *s;
	const struct repo *r;
	const struct config *cfg;
	int tz;
	/* standards that set targets */
	const struct record **stds;
	size_t nstds;
	/* follow-up visits per ticket: head[rec] -> node -> node ... */
	int32_t *fu_head;
	struct fu {
		int32_t next;
		int32_t day;
	} * fu;
	size_t nfu, fucap;
	/* key strings interned: the same text, the same id (stats_key.rank until ranked) */
	uint32_t *intern; /* slot -> id + 1 */
	size_t intern_cap;
	const char **strs; /* id -> text */
	size_t nstrs, strcap;
	const char **ranked; /* rank -> text (S_rank_keys) */
	/* a ticket's keys, made once: first key, count (UINT32_MAX: not yet) */
	uint32_t *tk_first, *tk_n;
	unsigned char *counted; /* per record: parsed, with an id, the first of it */
};

static const struct record *
S_ref(const struct ctx *c, const struct node *ref, int kind)
{
	const struct record *t;

	if (!ref || ref->type != NODE_SCALAR)
		return NULL;
	t = repo_find(c->r, ref->u.str);
	return t && t->kind == kind && t->root ? t : NULL;
}

static const struct node *
S_list(const struct record *rec, int field)
{
	const struct node *n = S_get(rec->root, field);

	return n && n->type == NODE_SEQ ? n : NULL;
}

/* A checked date or datetime field's local day; 0 when absent. */
static int
S_day(const struct ctx *c, const struct record *rec, int field, int64_t *day)
{
	const struct node *n = S_val(rec, field);

	if (!n || (n->value != VAL_DATE && n->value != VAL_DATETIME))
		return 0;
	*day = node_day(n, c->tz);
	return 1;
}

/* A checked datetime field's instant; 0 when absent. */
static int
S_instant(const struct record *rec, int field, int64_t *t)
{
	const struct node *n = S_val(rec, field);

	if (!n || n->value != VAL_DATETIME)
		return 0;
	*t = n->v.i;
	return 1;
}

static int
S_int(const struct record *rec, int field, int64_t *v)
{
	const struct node *n = S_val(rec, field);

	if (!n || n->value != VAL_INT)
		return 0;
	*v = n->v.i;
	return 1;
}

static int
S_is(const struct record *rec, int field, const char *value)
{
	return node_is_str(S_val(rec, field), value);
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
	const struct node *n = S_val(v, K_reached);

	return !(n && n->value == VAL_BOOL && !n->v.i);
}

static int
S_in_period(const struct ctx *c, int64_t day)
{
	return day >= c->s->from && day <= c->s->to;
}

static int
S_repair(const struct record *t)
{
	const struct node *type = S_val(t, K_type);

	return node_is_str(type, "onsite_repair") || node_is_str(type, "return_repair") ||
	       node_is_str(type, "emergency");
}

/* ---- breakdown keys */

static uint32_t
S_intern(struct ctx *c, const char *str)
{
	size_t j, i;

	if (2 * (c->nstrs + 1) > c->intern_cap) {
		c->intern_cap = c->intern_cap ? 2 * c->intern_cap : 256;
		free(c->intern);
		c->intern = xcalloc(c->intern_cap, sizeof(*c->intern));
		for (i = 0; i < c->nstrs; i++) {
			for (j = hash_slot(hash_bytes(c->strs[i], strlen(c->strs[i])),
			                   c->intern_cap);
			     c->intern[j]; j = (j + 1) & (c->intern_cap - 1))
				;
			c->intern[j] = (uint32_t)i + 1;
		}
	}
	for (j = hash_slot(hash_bytes(str, strlen(str)), c->intern_cap); c->intern[j];
	     j = (j + 1) & (c->intern_cap - 1))
		if (!strcmp(c->strs[c->intern[j] - 1], str))
			return c->intern[j] - 1;
	c->strs = xgrow(c->strs, sizeof(*c->strs), c->nstrs + 1, &c->strcap);
	c->strs[c->nstrs] = str;
	c->intern[j] = (uint32_t)++c->nstrs;
	return (uint32_t)c->nstrs - 1;
}

/* Pushes a key unless the fact (keys from `start`) has it already. */
static void
S_key_once(struct ctx *c, size_t start, int dim, const char *str)
{
	struct stats *s = c->s;
	uint32_t id;
	size_t i;

	if (!str || !*str)
		return;
	id = S_intern(c, str);
	for (i = start; i < s->nkeys; i++)
		if (s->keys[i].dim == dim && s->keys[i].rank == id)
			return;
	s->keys = xgrow(s->keys, sizeof(*s->keys), s->nkeys + 1, &s->keycap);
	s->keys[s->nkeys].dim = (uint8_t)dim;
	s->keys[s->nkeys].rank = id;
	s->keys[s->nkeys].s = str;
	s->nkeys++;
}

/* Turns the interned ids of the keys into ranks in byte order. */
static void
S_rank_keys(struct ctx *c)
{
	uint32_t *order = xmalloc((c->nstrs ? c->nstrs : 1) * sizeof(*order));
	uint32_t *rank = xmalloc((c->nstrs ? c->nstrs : 1) * sizeof(*rank));
	size_t i, k;

	for (i = 0; i < c->nstrs; i++)
		order[i] = (uint32_t)i;
	/* a shell sort keeps this free of a comparison callback with context */
	for (k = c->nstrs / 2; k > 0; k /= 2)
		for (i = k; i < c->nstrs; i++) {
			uint32_t x = order[i];
			size_t j = i;

			for (; j >= k && strcmp(c->strs[order[j - k]], c->strs[x]) > 0; j -= k)
				order[j] = order[j - k];
			order[j] = x;
		}
	for (i = 0; i < c->nstrs; i++)
		rank[order[i]] = (uint32_t)i;
	for (i = 0; i < c->s->nkeys; i++)
		c->s->keys[i].rank = rank[c->s->keys[i].rank];
	/* rank -> text, for the groups' keys */
	c->ranked = xmalloc((c->nstrs ? c->nstrs : 1) * sizeof(*c->ranked));
	for (i = 0; i < c->nstrs; i++)
		c->ranked[rank[i]] = c->strs[i];
	free(order);
	free(rank);
}

static const char *
S_str(const struct node *n)
{
	return n && n->type == NODE_SCALAR ? n->u.str : NULL;
}

static void
S_region_of(struct ctx *c, size_t start, const struct record *who)
{
	if (who)
		S_key_once(c, start, DIM_REGION, S_str(S_val(who, K_region)));
}

/* Each model among a ticket's units. */
static void
S_models_of_ticket(struct ctx *c, size_t start, const struct record *t)
{
	const struct node *units = t ? S_list(t, K_equipment) : NULL;
	size_t i;

	for (i = 0; units && i < units->n; i++) {
		const struct record *u = S_ref(c, &units->u.kids[i], OBJ_equipment);

		if (u)
			S_key_once(c, start, DIM_MODEL, S_str(S_val(u, K_model)));
	}
}

/* Pushes a ticket's keys: customer's region, units' models, type, technicians. */
static void
S_push_ticket_keys(struct ctx *c, size_t start, const struct record *t)
{
	const struct node *techs = S_list(t, K_technicians);
	size_t i;

	S_region_of(c, start, S_ref(c, S_val(t, K_customer), OBJ_customers));
	S_models_of_ticket(c, start, t);
	S_key_once(c, start, DIM_TYPE, S_str(S_val(t, K_type)));
	for (i = 0; techs && i < techs->n; i++)
		S_key_once(c, start, DIM_STAFF, S_str(&techs->u.kids[i]));
}

/* A ticket's keys, made once and shared by all its facts: *first, returns the count. */
static uint32_t
S_ticket_keys(struct ctx *c, const struct record *t, uint32_t *first)
{
	size_t i = (size_t)(t - c->r->recs), start;

	if (c->tk_n[i] == UINT32_MAX) {
		start = c->s->nkeys;
		S_push_ticket_keys(c, start, t);
		c->tk_first[i] = (uint32_t)start;
		c->tk_n[i] = (uint32_t)(c->s->nkeys - start);
	}
	*first = c->tk_first[i];
	return c->tk_n[i];
}

/* A complaint's models: its equipment's, else its ticket's. */
static void
S_complaint_models(struct ctx *c, size_t start, const struct record *cp)
{
	const struct record *u = S_ref(c, S_val(cp, K_equipment), OBJ_equipment);

	if (u)
		S_key_once(c, start, DIM_MODEL, S_str(S_val(u, K_model)));
	else
		S_models_of_ticket(c, start, S_ref(c, S_val(cp, K_service), OBJ_service));
}

/* ---- facts */

/* A fact of metric m with the keys [keys, keys + nkeys). */
static struct fact *
S_fact_keys(struct ctx *c, int m, const struct record *rec, int64_t day, uint32_t keys,
            uint32_t nkeys)
{
	struct metric_stats *ms = &c->s->m[m];
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

/* A fact of a ticket, with the ticket's keys. */
static struct fact *
S_ticket_fact(struct ctx *c, int m, const struct record *t, int64_t day)
{
	uint32_t first, n = S_ticket_keys(c, t, &first);

	return S_fact_keys(c, m, t, day, first, n);
}

/* Follow-up visits by ticket, for follow_up_rate (reached ones only). */
static void
S_index_follow_ups(struct ctx *c)
{
	size_t i;

	c->fu_head = xmalloc((c->r->n ? c->r->n : 1) * sizeof(*c->fu_head));
	for (i = 0; i < c->r->n; i++)
		c->fu_head[i] = -1;
	for (i = 0; i < c->r->n; i++) {
		const struct record *v = &c->r->recs[i], *t;
		int64_t day;

		if (v->kind != OBJ_visits || !v->root || !S_is(v, K_kind, "follow_up") ||
		    !S_reached(v) || !S_day(c, v, K_date, &day) ||
		    !(t = S_ref(c, S_val(v, K_service), OBJ_service)))
			continue;
		c->fu = xgrow(c->fu, sizeof(*c->fu), c->nfu + 1, &c->fucap);
		c->fu[c->nfu].day = (int32_t)day;
		c->fu[c->nfu].next = c->fu_head[t - c->r->recs];
		c->fu_head[t - c->r->recs] = (int32_t)c->nfu++;
	}
}

static int
S_under_warranty(const struct ctx *c, const struct record *t, int64_t reported)
{
	const struct node *units = S_list(t, K_equipment);
	size_t i;
	int64_t until;

	for (i = 0; units && i < units->n; i++) {
		const struct record *u = S_ref(c, &units->u.kids[i], OBJ_equipment);

		if (u && S_day(c, u, K_warranty_until, &until) && until >= reported)
			return 1;
	}
	return 0;
}

static void
S_follow_up(struct ctx *c, const struct record *t)
{
	int64_t reported, closed, w = c->cfg->follow_up_window_days;
	int32_t k;
	int qualifies = 0;

	if (!S_is(t, K_status, "closed") || !S_day(c, t, K_closed, &closed) ||
	    !S_day(c, t, K_reported, &reported) || !S_in_period(c, closed) ||
	    !S_under_warranty(c, t, reported))
		return;
	for (k = c->fu_head[t - c->r->recs]; k >= 0 && !qualifies; k = c->fu[k].next)
		qualifies = c->fu[k].day >= closed && c->fu[k].day <= closed + w;
	if (!qualifies && !(c->s->today > closed + w))
		return; /* the window is still open: not eligible yet */
	S_ticket_fact(c, METRIC_FOLLOW_UP_RATE, t, closed)->hit = (uint8_t)qualifies;
}

static void
S_durations(struct ctx *c, const struct record *t)
{
	int64_t rep, arr, end, day;

	if (!S_instant(t, K_reported, &rep))
		return;
	if (S_instant(t, K_arrived, &arr) && S_day(c, t, K_reported, &day) && S_in_period(c, day))
		S_ticket_fact(c, METRIC_ARRIVAL_HOURS, t, day)->secs = arr - rep;
	if ((S_instant(t, K_resolved, &end) && S_day(c, t, K_resolved, &day)) ||
	    (S_instant(t, K_closed, &end) && S_day(c, t, K_closed, &day))) {
		if (S_in_period(c, day))
			S_ticket_fact(c, METRIC_RESOLUTION_HOURS, t, day)->secs = end - rep;
	}
}

/* ---- first-time fix: repairs by (unit, component) */

struct repair {
	const char *unit, *component;
	int32_t day; /* reported */
	uint32_t rec;
};

static int
S_repair_cmp(const void *pa, const void *pb)
{
	const struct repair *a = pa, *b = pb;
	int k = strcmp(a->unit, b->unit);

	if (!k)
		k = strcmp(a->component, b->component);
	if (!k)
		k = (a->day > b->day) - (a->day < b->day);
	if (!k)
		k = (a->rec > b->rec) - (a->rec < b->rec);
	return k;
}

static const char *
S_component(const struct record *t)
{
	const struct node *fault = t->root ? S_get(t->root, K_fault) : NULL;

	return S_str(fault ? S_get(fault, K_component) : NULL);
}

static void
S_first_time_fix(struct ctx *c)
{
	struct repair *v = NULL, key;
	size_t n = 0, cap = 0, i, k;

	for (i = 0; i < c->r->n; i++) {
		const struct record *t = &c->r->recs[i];
		const struct node *units;
		const char *comp;
		int64_t day;

		if (t->kind != OBJ_service || !c->counted[i] || S_is(t, K_status, "cancelled") ||
		    !S_repair(t) || !(comp = S_component(t)) || !S_day(c, t, K_reported, &day))
			continue;
		units = S_list(t, K_equipment);
		for (k = 0; units && k < units->n; k++) {
			if (!S_str(&units->u.kids[k]))
				continue;
			v = xgrow(v, sizeof(*v), n + 1, &cap);
			v[n].unit = units->u.kids[k].u.str;
			v[n].component = comp;
			v[n].day = (int32_t)day;
			v[n].rec = (uint32_t)i;
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), S_repair_cmp);
	for (i = 0; i < c->r->n; i++) {
		const struct record *t = &c->r->recs[i];
		const struct node *units;
		int64_t closed, end;
		int repeat = 0;

		if (t->kind != OBJ_service || !c->counted[i] || !S_is(t, K_status, "closed") ||
		    !S_repair(t) || !S_day(c, t, K_closed, &closed) || !S_in_period(c, closed))
			continue;
		if (!S_day(c, t, K_resolved, &end))
			end = closed;
		key.component = S_component(t);
		units = S_list(t, K_equipment);
		for (k = 0; key.component && units && k < units->n && !repeat; k++) {
			size_t lo = 0, hi = n, j;

			if (!(key.unit = S_str(&units->u.kids[k])))
				continue;
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
			for (j = lo;
			     j < n && !strcmp(v[j].unit, key.unit) &&
			     !strcmp(v[j].component, key.component) && v[j].day <= end + FIX_DAYS;
			     j++)
				if (v[j].rec != i)
					repeat = 1;
		}
		if (!repeat && !(c->s->today > end + FIX_DAYS))
			continue; /* 30 days not passed yet */
		S_ticket_fact(c, METRIC_FIRST_TIME_FIX_RATE, t, closed)->hit = (uint8_t)!repeat;
	}
	free(v);
}

/* ---- visits, shipments, complaints */

static void
S_visit(struct ctx *c, const struct record *v)
{
	int64_t day, rating;
	size_t start = c->s->nkeys;
	const struct record *t, *cp;

	if (!S_reached(v) || !S_int(v, K_satisfaction, &rating) || !S_day(c, v, K_date, &day) ||
	    !S_in_period(c, day))
		return;
	S_region_of(c, start, S_ref(c, S_val(v, K_customer), OBJ_customers));
	if (S_is(v, K_kind, "follow_up") && (t = S_ref(c, S_val(v, K_service), OBJ_service))) {
		S_models_of_ticket(c, start, t);
		S_key_once(c, start, DIM_TYPE, S_str(S_val(t, K_type)));
	} else if (S_is(v, K_kind, "complaint_confirmation") &&
	           (cp = S_ref(c, S_val(v, K_complaint), OBJ_complaints))) {
		S_complaint_models(c, start, cp);
	}
	S_key_once(c, start, DIM_STAFF, S_str(S_val(v, K_by)));
	S_fact(c, METRIC_SATISFACTION_RATE, v, day, start)->hit =
	    (uint8_t)(rating >= c->cfg->satisfied_at);
}

static void
S_shipment(struct ctx *c, const struct record *sh)
{
	const struct node *lines = S_list(sh, K_lines), *to = S_val(sh, K_to);
	const struct record *who;
	int64_t day;
	size_t i;

	if (!lines || !S_day(c, sh, K_date, &day) || !S_in_period(c, day))
		return;
	who = S_ref(c, to, OBJ_customers);
	if (!who)
		who = S_ref(c, to, OBJ_dealers);
	for (i = 0; i < lines->n; i++) {
		const struct node *ok =
		    lines->u.kids[i].type == NODE_MAP ? S_get(&lines->u.kids[i], K_correct) : NULL;
		size_t start = c->s->nkeys;
		struct fact *f;

		if (!ok || ok->type != NODE_SCALAR || ok->value != VAL_BOOL)
			continue;
		S_region_of(c, start, who);
		f = S_fact(c, METRIC_PARTS_ACCURACY, sh, day, start);
		f->hit = (uint8_t)ok->v.i;
		f->line = (uint32_t)i;
	}
}

/* Adds one to the count of key in a small list kept in byte order. */
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
	size_t start;
	int closed = S_is(cp, K_status, "closed");

	if (!S_day(c, cp, K_received, &day) || !S_in_period(c, day))
		return;
	s->complaints_received++;
	s->complaints_closed += closed;
	S_count(&s->a, &s->by_category, &s->ncategory, S_str(S_val(cp, K_category)));
	S_count(&s->a, &s->by_severity, &s->nseverity, S_str(S_val(cp, K_severity)));
	S_count(&s->a, &s->by_status, &s->nstatus, S_str(S_val(cp, K_status)));
	start = s->nkeys;
	S_region_of(c, start, S_ref(c, S_val(cp, K_customer), OBJ_customers));
	S_complaint_models(c, start, cp);
	S_key_once(c, start, DIM_STAFF, S_str(S_val(cp, K_owner)));
	if (S_instant(cp, K_received, &rcv) && S_instant(cp, K_resolved, &res))
		S_fact(c, METRIC_COMPLAINT_CLOSE_DAYS, cp, day, start)->secs = res - rcv;
	if (closed) {
		conf = S_ref(c, S_val(cp, K_confirmation), OBJ_visits);
		S_fact(c, METRIC_CLOSED_LOOP_RATE, cp, day, start)->hit =
		    (uint8_t)(conf && S_reached(conf) && S_int(conf, K_satisfaction, &rating) &&
		              rating >= c->cfg->satisfied_at);
	}
}

/* ---- tickets: sign-off, backlog, cost, key parts */

static void
S_signoff(struct ctx *c, const struct record *t)
{
	int64_t day, rating;

	if (!S_int(t, K_satisfaction, &rating) || !S_day(c, t, K_reported, &day) ||
	    !S_in_period(c, day))
		return;
	c->s->signoff.den++;
	c->s->signoff.num += rating >= c->cfg->satisfied_at;
}

static void
S_backlog(struct ctx *c, const struct record *t)
{
	struct stats *s = c->s;
	static const char *const open[] = {"open", "assigned", "in_progress", "awaiting_parts"};
	int64_t day, age;
	size_t k;

	for (k = 0; k < ARRAY_LEN(open) && !S_is(t, K_status, open[k]); k++)
		;
	if (k == ARRAY_LEN(open) || !S_day(c, t, K_reported, &day))
		return;
	age = s->today - day;
	s->backlog_total++;
	s->backlog_age[age <= 2 ? 0 : age <= 7 ? 1 : age <= 30 ? 2 : 3]++;
	S_count(&s->a, &s->backlog_status, &s->nbacklog_status, open[k]);
	s->backlog_recs = xrealloc(s->backlog_recs, (s->nbacklog + 1) * sizeof(*s->backlog_recs));
	s->backlog_recs[s->nbacklog++] = (uint32_t)(t - c->r->recs);
}

static int64_t
S_cents(const struct node *map, int key)
{
	const struct node *n = S_get(map, key);

	return n && n->type == NODE_SCALAR && n->value == VAL_MONEY ? n->v.i : 0;
}

static void
S_cost(struct ctx *c, const struct record *t)
{
	const struct node *cost = t->root ? S_get(t->root, K_cost) : NULL;
	int64_t day;

	if (!cost || cost->type != NODE_MAP || !S_day(c, t, K_reported, &day) ||
	    !S_in_period(c, day))
		return;
	c->s->cost_tickets++;
	c->s->cost_labor += S_cents(cost, K_labor);
	c->s->cost_parts += S_cents(cost, K_parts);
	c->s->cost_travel += S_cents(cost, K_travel);
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

		if (p->kind != OBJ_parts || !p->id || !p->root || !S_true(S_val(p, K_key)) ||
		    !c->counted[i])
			continue;
		s->parts = xgrow(s->parts, sizeof(*s->parts), s->nparts + 1, &cap);
		kp = &s->parts[s->nparts++];
		memset(kp, 0, sizeof(*kp));
		kp->id = p->id;
		kp->name = S_str(S_val(p, K_name));
		kp->threshold =
		    S_int(p, K_alert_threshold, &th) ? (int)th : c->cfg->default_alert_threshold;
	}
	if (s->nparts > 1)
		qsort(s->parts, s->nparts, sizeof(*s->parts), S_part_cmp);
}

/* One failure of key part kp on ticket t (reported on day). */
static void
S_failure(struct ctx *c, struct key_part *kp, const struct record *t, int64_t day)
{
	const struct node *units = S_list(t, K_equipment);
	char month[24];
	int y, found = 0;
	unsigned m, d;
	size_t i, k;

	kp->failures++;
	civil_from_days(day, &y, &m, &d);
	snprintf(month, sizeof(month), "%04d-%02u", y, m);
	S_count(&c->s->a, &kp->by_month, &kp->nmonths, month);
	kp->recs = xrealloc(kp->recs, (kp->nrecs + 1) * sizeof(*kp->recs));
	kp->recs[kp->nrecs++] = (uint32_t)(t - c->r->recs);
	/* Each distinct batch of the part among the ticket's units, once. */
	{
		const char **seen = NULL;
		size_t nseen = 0, cap = 0;

		for (i = 0; units && i < units->n; i++) {
			const struct record *u = S_ref(c, &units->u.kids[i], OBJ_equipment);
			const struct node *comps = u ? S_list(u, K_components) : NULL;

			for (k = 0; comps && k < comps->n; k++) {
				const struct node *cm = &comps->u.kids[k];
				const char *part =
				    cm->type == NODE_MAP ? S_str(S_get(cm, K_part)) : NULL;
				const char *batch = part ? S_str(S_get(cm, K_batch)) : NULL;
				size_t j;

				if (!part || strcmp(part, kp->id) || !batch)
					continue;
				for (j = 0; j < nseen && strcmp(seen[j], batch); j++)
					;
				if (j < nseen)
					continue;
				seen = xgrow(seen, sizeof(*seen), nseen + 1, &cap);
				seen[nseen++] = batch;
				S_count(&c->s->a, &kp->by_batch, &kp->nbatches, batch);
				found = 1;
			}
		}
		free(seen);
	}
	if (!found)
		S_count(&c->s->a, &kp->by_batch, &kp->nbatches, "unknown");
}

static void
S_key_part_failures(struct ctx *c, const struct record *t)
{
	const struct node *lines = S_list(t, K_parts);
	const char *comp = S_component(t);
	struct key_part *hit[16];
	size_t nhit = 0, i, k;
	int64_t day;

	if (!c->s->nparts || !S_day(c, t, K_reported, &day) || !S_in_period(c, day))
		return;
	for (i = 0; i <= (lines ? lines->n : 0); i++) {
		const char *id = i == 0 ? comp
		                 : lines->u.kids[i - 1].type == NODE_MAP
		                     ? S_str(S_get(&lines->u.kids[i - 1], K_part))
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
		ss->trainings = (l = S_list(st, K_trainings)) ? l->n : 0;
		ss->assessments = (l = S_list(st, K_assessments)) ? l->n : 0;
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

/* Tickets each staff member handled and complaints each owned, in the period. */
static void
S_staff_counts(struct ctx *c)
{
	const struct repo *r = c->r;
	struct staff_stats *ss;
	int64_t day;
	size_t i, k, j;

	for (i = 0; i < r->n; i++) {
		const struct record *t = &r->recs[i];
		const struct node *techs;

		if (!c->counted[i])
			continue;
		if (t->kind == OBJ_complaints && S_day(c, t, K_received, &day) &&
		    S_in_period(c, day) && S_str(S_val(t, K_owner)) &&
		    (ss = S_staff_of(c->s, S_str(S_val(t, K_owner)))) != NULL)
			ss->complaints++;
		if (t->kind != OBJ_service || S_is(t, K_status, "cancelled") ||
		    !S_day(c, t, K_reported, &day) || !S_in_period(c, day) ||
		    !(techs = S_list(t, K_technicians)))
			continue;
		for (k = 0; k < techs->n; k++) {
			const char *id = S_str(&techs->u.kids[k]);

			/* A technician named twice handled the ticket once. */
			for (j = 0; id && j < k && !node_is_str(&techs->u.kids[j], id); j++)
				;
			if (id && j == k && (ss = S_staff_of(c->s, id)) != NULL)
				ss->tickets++;
		}
	}
}

/* ---- targets */

/* The target of metric m on day (SPEC §10 Targets) into f. */
static void
S_target(const struct ctx *c, int m, int64_t day, struct figure *f)
{
	const struct record *by = NULL;

	f->has_target = target_in_force(c->r, c->stds, c->nstds, stats_metric_names[m], m, day,
	                                &f->target, &by) == 0;
	f->target_source = by ? by->id : f->has_target ? "config" : NULL;
}

/* ---- figures per group */

/*
 * What the groups sort: a key (a month's or week's time order, a key's
 * rank, a duration) and the fact it belongs to.
 */
struct pair {
	int64_t order;
	uint32_t fact;
};

/*
 * Sorts v by order, equal orders staying as they come: a radix sort, a
 * byte of (order - least order) a pass and only the passes the range of
 * orders needs (one or two for months, weeks and keys). Linear, where
 * qsort was n log n with a call per comparison; pairs made in the order
 * of their facts come out sorted by (order, fact).
 */
static void
S_sort_pairs(struct pair *v, size_t n)
{
	struct pair *tmp, *from = v, *to, *t;
	size_t count[256], i, sum, k;
	uint64_t lo, range;
	int64_t min, max;
	unsigned shift;

	if (n < 2)
		return;
	min = max = v[0].order;
	for (i = 1; i < n; i++) {
		if (v[i].order < min)
			min = v[i].order;
		if (v[i].order > max)
			max = v[i].order;
	}
	lo = (uint64_t)min;
	range = (uint64_t)max - lo;
	if (!range)
		return;
	to = tmp = xmalloc(n * sizeof(*tmp));
	for (shift = 0; shift < 64 && range >> shift; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[((uint64_t)from[i].order - lo) >> shift & 255]++;
		for (sum = 0, k = 0; k < 256; k++) {
			size_t c = count[k];

			count[k] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[((uint64_t)from[i].order - lo) >> shift & 255]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
	free(tmp);
}

static void
S_figure(const struct ctx *c, int m, const struct fact *facts, const uint32_t *idx, size_t n,
         int64_t target_day, struct figure *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	S_target(c, m, target_day, f);
	f->has_value = n > 0;
	f->den = (int64_t)n;
	if (stats_is_duration(m)) {
		struct pair *v = xmalloc((n ? n : 1) * sizeof(*v));
		int64_t unit = S_unit(m);

		for (i = 0; i < n; i++) {
			v[i].order = facts[idx[i]].secs;
			v[i].fact = 0;
		}
		S_sort_pairs(v, n);
		if (n) {
			f->med2 = n % 2 ? 2 * v[n / 2].order : v[n / 2 - 1].order + v[n / 2].order;
			f->p90 = v[(9 * n + 9) / 10 - 1].order;
		}
		f->num = (int64_t)n;
		if (m == METRIC_ARRIVAL_HOURS && f->has_target)
			for (f->num = 0, i = 0; i < n; i++)
				f->num += (double)v[i].order <= f->target * (double)unit;
		f->met =
		    !n || !f->has_target ? -1 : (double)f->med2 <= 2 * f->target * (double)unit;
		free(v);
	} else {
		for (i = 0; i < n; i++)
			f->num += facts[idx[i]].hit;
		f->met = !n || !f->has_target
		             ? -1
		             : 100.0 * (double)f->num >= f->target * (double)f->den;
	}
}

/* The day whose target a month or week takes: its last, or today if it has not ended. */
static int64_t
S_target_day(const struct stats *s, int64_t last)
{
	return last < s->today ? last : s->today;
}

static void
S_groups(struct ctx *c, int m, int dim)
{
	struct stats *s = c->s;
	struct metric_stats *ms = &s->m[m];
	struct pair *v = NULL;
	size_t n = 0, cap = 0, i, j, k;
	char buf[24];

	for (i = 0; i < ms->n; i++) {
		const struct fact *f = &ms->facts[i];
		int y, w;
		unsigned mo, d;

		if (dim == DIM_ALL || dim == DIM_MONTH || dim == DIM_WEEK) {
			v = xgrow(v, sizeof(*v), n + 1, &cap);
			v[n].fact = (uint32_t)i;
			if (dim == DIM_MONTH) {
				civil_from_days(f->day, &y, &mo, &d);
				v[n].order = (int64_t)y * 12 + mo;
			} else if (dim == DIM_WEEK) {
				stats_iso_week(f->day, &y, &w);
				v[n].order = (int64_t)y * 100 + w;
			} else {
				v[n].order = 0;
			}
			n++;
			continue;
		}
		for (k = f->keys; k < f->keys + f->nkeys; k++) {
			if (s->keys[k].dim != dim)
				continue;
			v = xgrow(v, sizeof(*v), n + 1, &cap);
			v[n].fact = (uint32_t)i;
			v[n].order = s->keys[k].rank;
			n++;
		}
	}
	S_sort_pairs(v, n);
	for (i = 0; i < n; i = j) {
		struct group *g;
		int64_t last = s->to < s->today ? s->to : s->today;

		for (j = i + 1; j < n && v[j].order == v[i].order; j++)
			;
		ms->groups[dim] =
		    xrealloc(ms->groups[dim], (ms->ngroups[dim] + 1) * sizeof(struct group));
		g = &ms->groups[dim][ms->ngroups[dim]++];
		if (dim == DIM_MONTH) {
			int y = (int)((v[i].order - 1) / 12);
			unsigned mo = (unsigned)((v[i].order - 1) % 12 + 1);

			snprintf(buf, sizeof(buf), "%04d-%02u", y, mo);
			last = S_target_day(s, S_month_last(y, mo));
			g->key = arena_strdup(&ms->a, buf);
		} else if (dim == DIM_WEEK) {
			int y = (int)(v[i].order / 100), w = (int)(v[i].order % 100);

			snprintf(buf, sizeof(buf), "%04d-W%02d", y, w);
			last = S_target_day(s, S_week1(y) + (int64_t)(w - 1) * 7 + 6);
			g->key = arena_strdup(&ms->a, buf);
		} else if (dim == DIM_ALL) {
			g->key = "";
		} else {
			g->key = c->ranked[v[i].order];
		}
		g->n = j - i;
		g->facts = arena_alloc(&ms->a, (g->n ? g->n : 1) * sizeof(*g->facts));
		for (k = i; k < j; k++)
			g->facts[k - i] = v[k].fact;
		S_figure(c, m, ms->facts, g->facts, g->n, last, &g->fig);
	}
	/* The period is one group even when nothing was counted: n/a. */
	if (dim == DIM_ALL && !ms->ngroups[dim]) {
		ms->groups[dim] = xcalloc(1, sizeof(struct group));
		ms->ngroups[dim] = 1;
		ms->groups[dim][0].key = "";
		S_figure(c, m, ms->facts, NULL, 0, s->to < s->today ? s->to : s->today,
		         &ms->groups[dim][0].fig);
	}
	free(v);
}

struct grouper {
	struct ctx *c;
	atomic_int *next; /* the next metric to group */
};

static void *
S_grouper(void *arg)
{
	struct grouper *w = arg;
	int m, d;

	while ((m = atomic_fetch_add(w->next, 1)) < METRIC__COUNT) {
		arena_init(&w->c->s->m[m].a);
		for (d = 0; d < DIM__COUNT; d++)
			S_groups(w->c, m, d);
	}
	return NULL;
}

/* ---- the stage */

void
stats_compute(struct stats *s, const struct repo *r, int64_t today, const char *period)
{
	struct ctx c;
	size_t i, k, cap = 0;
	int m;

	S_init_keys();
	memset(s, 0, sizeof(*s));
	arena_init(&s->a);
	s->r = r;
	s->today = today;
	s->period = period ? period : "all";
	if (stats_period(s->period, &s->from, &s->to) < 0)
		stats_period("all", &s->from, &s->to);
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.r = r;
	c.cfg = &r->cfg;
	c.tz = r->cfg.tzoff;
	for (i = 0; i < r->n; i++) {
		const struct record *std = &r->recs[i];
		const struct node *t = std->root ? S_get(std->root, K_targets) : NULL;

		if (std->kind == OBJ_standards && std->id && t && t->type == NODE_MAP) {
			c.stds = xgrow(c.stds, sizeof(*c.stds), c.nstds + 1, &cap);
			c.stds[c.nstds++] = std;
		}
	}
	/* One record of each id counts: the first, as everywhere else. */
	c.counted = xcalloc(r->n ? r->n : 1, 1);
	for (i = 0; i < r->n; i++)
		c.counted[i] =
		    r->recs[i].root && r->recs[i].id && repo_find(r, r->recs[i].id) == &r->recs[i];
	c.tk_first = xmalloc((r->n ? r->n : 1) * sizeof(*c.tk_first));
	c.tk_n = xmalloc((r->n ? r->n : 1) * sizeof(*c.tk_n));
	memset(c.tk_n, 0xff, (r->n ? r->n : 1) * sizeof(*c.tk_n));
	S_index_follow_ups(&c);
	S_index_key_parts(&c);
	S_staff(&c);
	for (i = 0; i < r->n; i++) {
		const struct record *rec = &r->recs[i];

		/* One record of each id: the first, as everywhere else. */
		if (!c.counted[i])
			continue;
		switch (rec->kind) {
		case OBJ_service:
			if (S_is(rec, K_status, "cancelled"))
				break;
			S_follow_up(&c, rec);
			S_durations(&c, rec);
			S_signoff(&c, rec);
			S_backlog(&c, rec);
			S_cost(&c, rec);
			S_key_part_failures(&c, rec);
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
	S_rank_keys(&c);
	s->signoff.has_value = s->signoff.den > 0;
	s->signoff.met = -1;
	/* The metrics are independent: grouped on every core. */
	{
		struct grouper w[METRIC__COUNT];
		atomic_int next;
		unsigned j, jobs = jobs_for(r->n);

		atomic_init(&next, 0);
		for (j = 0; j < METRIC__COUNT; j++) {
			w[j].c = &c;
			w[j].next = &next;
		}
		threads_run(S_grouper, w, sizeof(*w), jobs < METRIC__COUNT ? jobs : METRIC__COUNT);
	}
	S_staff_counts(&c);
	for (i = 0; i < s->nstaff; i++) {
		struct staff_stats *ss = &s->staff[i];
		const struct metric_stats *ms;

		for (m = 0; m < 2; m++) {
			int metric = m ? METRIC_SATISFACTION_RATE : METRIC_ARRIVAL_HOURS;
			struct figure *f = m ? &ss->satisfaction : &ss->arrival;

			ms = &s->m[metric];
			f->met = -1;
			for (k = 0; k < ms->ngroups[DIM_STAFF]; k++)
				if (!strcmp(ms->groups[DIM_STAFF][k].key, ss->id))
					*f = ms->groups[DIM_STAFF][k].fig;
		}
	}
	free(c.stds);
	free(c.fu_head);
	free(c.fu);
	free(c.intern);
	free(c.strs);
	free(c.ranked);
	free(c.tk_first);
	free(c.tk_n);
	free(c.counted);
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
	arena_free(&s->a);
	memset(s, 0, sizeof(*s));
}

/* ---- output: JSON (docs/metrics.md), CSV, a table */

/* A JSON string, escaped as everywhere else (escape.c). */
static void
S_json_str(struct buf *b, const char *s)
{
	json_escape(b, s, strlen(s));
}

/* A metric's figure as a JSON object. */
static void
S_json_figure(struct buf *b, int m, const struct figure *f)
{
	buf_adds(b, "{\"value\": ");
	if (!f->has_value) {
		buf_adds(b, "null");
	} else if (stats_is_duration(m)) {
		stats_format_json_ratio(b, f->med2, 2 * S_unit(m));
	} else {
		stats_format_json_ratio(b, 100 * f->num, f->den);
	}
	if (stats_is_duration(m)) {
		buf_adds(b, ", \"median\": ");
		if (f->has_value)
			stats_format_json_ratio(b, f->med2, 2 * S_unit(m));
		else
			buf_adds(b, "null");
		buf_adds(b, ", \"p90\": ");
		if (f->has_value)
			stats_format_json_ratio(b, f->p90, S_unit(m));
		else
			buf_adds(b, "null");
		buf_addf(b, ", \"n\": %lld", (long long)f->den);
	}
	buf_addf(b, ", \"num\": %lld, \"den\": %lld", (long long)f->num, (long long)f->den);
	if (m == METRIC_ARRIVAL_HOURS) {
		buf_adds(b, ", \"rate\": ");
		if (f->has_value && f->has_target)
			stats_format_json_ratio(b, 100 * f->num, f->den);
		else
			buf_adds(b, "null");
	}
	buf_adds(b, ", \"target\": ");
	if (f->has_target)
		S_double(b, f->target);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"target_source\": ");
	if (f->target_source)
		S_json_str(b, f->target_source);
	else
		buf_adds(b, "null");
	buf_addf(b, ", \"met\": %s}", f->met < 0 ? "null" : f->met ? "true" : "false");
}

static void
S_json_counts(struct buf *b, const struct count *v, size_t n)
{
	size_t i;

	buf_addc(b, '{');
	for (i = 0; i < n; i++) {
		buf_adds(b, i ? ", " : "");
		S_json_str(b, v[i].key);
		buf_addf(b, ": %lld", (long long)v[i].n);
	}
	buf_addc(b, '}');
}

static const struct group *
S_find_group(const struct metric_stats *ms, int dim, const char *key)
{
	size_t i;

	for (i = 0; i < ms->ngroups[dim]; i++)
		if (!strcmp(ms->groups[dim][i].key, key))
			return &ms->groups[dim][i];
	return NULL;
}

/*
 * The keys of a breakdown over every metric, in order (months and weeks:
 * their keys sort in time order as text).
 */
static size_t
S_dim_keys(const struct stats *s, int dim, const char ***out)
{
	const char **v = NULL;
	size_t n = 0, cap = 0, i, k;
	int m;

	for (m = 0; m < METRIC__COUNT; m++)
		for (i = 0; i < s->m[m].ngroups[dim]; i++) {
			const char *key = s->m[m].groups[dim][i].key;

			for (k = 0; k < n && strcmp(v[k], key); k++)
				;
			if (k < n)
				continue;
			v = xgrow(v, sizeof(*v), n + 1, &cap);
			v[n++] = key;
		}
	/* insertion sort: a few hundred keys at most per breakdown */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
			const char *t = v[k];

			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	*out = v;
	return n;
}

static void
S_json_metrics(struct buf *b, const struct stats *s, int dim, const char *key, const char *pad)
{
	int m;

	buf_addc(b, '{');
	for (m = 0; m < METRIC__COUNT; m++) {
		const struct group *g = S_find_group(&s->m[m], dim, key);
		struct figure none;

		if (!g) {
			memset(&none, 0, sizeof(none));
			none.met = -1;
		}
		buf_addf(b, "%s\n%s  \"%s\": ", m ? "," : "", pad, stats_metric_names[m]);
		S_json_figure(b, m, g ? &g->fig : &none);
	}
	buf_addf(b, "\n%s}", pad);
}

static void
S_json(struct buf *b, const struct stats *s)
{
	char day[11];
	size_t i;
	int d;

	format_date(day, s->today);
	buf_addf(b, "{\n  \"as_of\": \"%s\",\n  \"period\": ", day);
	S_json_str(b, s->period);
	buf_adds(b, ",\n  \"metrics\": ");
	S_json_metrics(b, s, DIM_ALL, "", "  ");
	buf_addf(b, ",\n  \"signoff_satisfaction_rate\": {\"value\": ");
	if (s->signoff.has_value)
		stats_format_json_ratio(b, 100 * s->signoff.num, s->signoff.den);
	else
		buf_adds(b, "null");
	buf_addf(b, ", \"num\": %lld, \"den\": %lld}", (long long)s->signoff.num,
	         (long long)s->signoff.den);
	buf_addf(b,
	         ",\n  \"complaints\": {\"received\": %lld, \"closed\": %lld, \"closed_share\": ",
	         (long long)s->complaints_received, (long long)s->complaints_closed);
	if (s->complaints_received)
		stats_format_json_ratio(b, 100 * s->complaints_closed, s->complaints_received);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"by_category\": ");
	S_json_counts(b, s->by_category, s->ncategory);
	buf_adds(b, ", \"by_severity\": ");
	S_json_counts(b, s->by_severity, s->nseverity);
	buf_adds(b, ", \"by_status\": ");
	S_json_counts(b, s->by_status, s->nstatus);
	buf_addf(b,
	         "},\n  \"backlog\": {\"total\": %lld, \"by_age\": {\"0-2\": %lld, \"3-7\": %lld, "
	         "\"8-30\": %lld, \"31+\": %lld}, \"by_status\": ",
	         (long long)s->backlog_total, (long long)s->backlog_age[0],
	         (long long)s->backlog_age[1], (long long)s->backlog_age[2],
	         (long long)s->backlog_age[3]);
	S_json_counts(b, s->backlog_status, s->nbacklog_status);
	buf_addf(b, "},\n  \"cost\": {\"tickets\": %lld", (long long)s->cost_tickets);
	{
		const stats_cents sums[4] = {s->cost_labor, s->cost_parts, s->cost_travel,
		                             s->cost_labor + s->cost_parts + s->cost_travel};
		static const char *const names[4] = {"labor", "parts", "travel", "total"};
		int k, per;

		for (per = 0; per < 2; per++) {
			if (per)
				buf_adds(b, ", \"per_ticket\": {");
			for (k = 0; k < 4; k++) {
				buf_addf(b, "%s\"%s\": ", per && !k ? "" : ", ", names[k]);
				if (per && !s->cost_tickets)
					buf_adds(b, "null");
				else
					stats_format_json_money(b, sums[k],
					                        per ? s->cost_tickets : 1);
			}
			if (per)
				buf_addc(b, '}');
		}
	}
	buf_adds(b, "},\n  \"key_parts\": {");
	for (i = 0; i < s->nparts; i++) {
		const struct key_part *kp = &s->parts[i];
		size_t k, na = 0;

		buf_addf(b, "%s\n    ", i ? "," : "");
		S_json_str(b, kp->id);
		buf_adds(b, ": {\"name\": ");
		S_json_str(b, kp->name ? kp->name : "");
		buf_addf(b,
		         ", \"threshold\": %d, \"failures\": %lld, \"by_month\": ", kp->threshold,
		         (long long)kp->failures);
		S_json_counts(b, kp->by_month, kp->nmonths);
		buf_adds(b, ", \"alerts\": [");
		for (k = 0; k < kp->nmonths; k++)
			if (kp->by_month[k].n > kp->threshold) {
				buf_adds(b, na++ ? ", " : "");
				S_json_str(b, kp->by_month[k].key);
			}
		buf_adds(b, "], \"by_batch\": ");
		S_json_counts(b, kp->by_batch, kp->nbatches);
		buf_addc(b, '}');
	}
	buf_adds(b, s->nparts ? "\n  },\n  \"staff\": {" : "},\n  \"staff\": {");
	for (i = 0; i < s->nstaff; i++) {
		const struct staff_stats *ss = &s->staff[i];

		buf_addf(b, "%s\n    ", i ? "," : "");
		S_json_str(b, ss->id);
		buf_addf(b, ": {\"tickets\": %lld, \"arrival_hours\": ", (long long)ss->tickets);
		if (ss->arrival.has_value)
			stats_format_json_ratio(b, ss->arrival.med2, 2 * HOUR_SECS);
		else
			buf_adds(b, "null");
		buf_adds(b, ", \"satisfaction_rate\": ");
		if (ss->satisfaction.has_value)
			stats_format_json_ratio(b, 100 * ss->satisfaction.num,
			                        ss->satisfaction.den);
		else
			buf_adds(b, "null");
		buf_addf(b, ", \"complaints\": %lld, \"trainings\": %lld, \"assessments\": %lld}",
		         (long long)ss->complaints, (long long)ss->trainings,
		         (long long)ss->assessments);
	}
	buf_adds(b, s->nstaff ? "\n  }" : "}");
	for (d = DIM_MONTH; d < DIM__COUNT; d++) {
		const char **keys;
		size_t n = S_dim_keys(s, d, &keys);

		buf_addf(b, ",\n  \"by_%s\": {", stats_dim_names[d]);
		for (i = 0; i < n; i++) {
			buf_addf(b, "%s\n    ", i ? "," : "");
			S_json_str(b, keys[i]);
			buf_adds(b, ": ");
			S_json_metrics(b, s, d, keys[i], "    ");
		}
		buf_adds(b, n ? "\n  }" : "}");
		free(keys);
	}
	buf_adds(b, "\n}\n");
}

void
stats_csv_field(struct buf *b, const char *s)
{
	/*
	 * A spreadsheet runs a cell that starts with = + - @, a tab or a carriage
	 * return as a formula (=HYPERLINK(...) in a staff name): such a text gets
	 * a leading ' and quotes, as OWASP's "CSV Injection" page advises
	 * (docs/site.md, "Exports"). Figures are not written through here.
	 */
	int formula = *s && strchr("=+-@\t\r", *s);

	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* One breakdown as rows: key, metric, value, num, den, target, met. */
static void
S_rows(struct buf *b, const struct stats *s, int dim, enum stats_format f)
{
	const char **keys;
	size_t n = S_dim_keys(s, dim, &keys), i;
	int m;

	if (f == STATS_CSV)
		buf_addf(b, "%s,metric,value,num,den,target,target_source,met\n",
		         stats_dim_names[dim]);
	else
		buf_addf(b, "%-12s %-22s %10s %8s %8s %8s %s\n", stats_dim_names[dim], "metric",
		         "value", "num", "den", "target", "met");
	for (i = 0; i < n; i++)
		for (m = 0; m < METRIC__COUNT; m++) {
			const struct group *g = S_find_group(&s->m[m], dim, keys[i]);
			struct buf v = BUF_INIT, t = BUF_INIT;
			const struct figure *fig = g ? &g->fig : NULL;
			const char *met = !fig || fig->met < 0 ? "" : fig->met ? "met" : "missed";

			if (!g)
				continue;
			stats_format_value(&v, m, fig, f == STATS_CSV ? 3 : 1);
			if (fig->has_target)
				S_double(&t, fig->target);
			if (f == STATS_CSV) {
				stats_csv_field(b, dim == DIM_ALL ? s->period : keys[i]);
				buf_addf(b, ",%s,%s,%lld,%lld,%s,", stats_metric_names[m],
				         fig->has_value ? v.buf : "", (long long)fig->num,
				         (long long)fig->den, t.buf ? t.buf : "");
				stats_csv_field(b, fig->target_source ? fig->target_source : "");
				buf_addf(b, ",%s\n", met);
			} else {
				/* A key from the config on a terminal: escaped. */
				struct buf k = BUF_INIT;
				const char *key = dim == DIM_ALL ? s->period : keys[i];

				term_escape(&k, key, strlen(key));
				buf_addf(b, "%-12s %-22s %10s %8lld %8lld %8s %s\n", buf_str(&k),
				         stats_metric_names[m], v.buf, (long long)fig->num,
				         (long long)fig->den, t.buf ? t.buf : "-", met);
				buf_free(&k);
			}
			buf_free(&v);
			buf_free(&t);
		}
	free(keys);
}

void
stats_print(struct buf *out, const struct stats *s, enum stats_format f, unsigned dims)
{
	int d;

	if (f == STATS_JSON) {
		S_json(out, s);
		return;
	}
	for (d = 0; d < DIM__COUNT; d++) {
		if (!(dims & (1u << d)))
			continue;
		if (out->len && f == STATS_TABLE)
			buf_addc(out, '\n');
		S_rows(out, s, d, f);
	}
}
