/*
 * stats.c - the statistics stage (docs/metrics.md is its contract).
 *
 * One pass over the records makes the facts of every metric; references are
 * joined through the id index, never by scanning. Figures are then computed
 * per group (period, month, week, region, model, type, staff) from (key,
 * fact) pairs put in order by a radix sort, which is linear too.
 */
#include "stats/stats.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "model/schema.h"
#include "check/validate.h"
#include "model/value.h"

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

/*
 * What is put in order by S_sort_pairs: a key (a month's or week's time
 * order, a key's rank, a duration, a key part's month or batch) and the
 * fact or record it belongs to.
 */
struct pair {
	int64_t order;
	uint32_t fact;
};

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
	uint32_t component;  /* S_intern's id; UINT32_MAX: none */
	uint32_t units, nunits;
};

/* One repair of a unit's component, for finding repeats (S_unit_id, S_intern). */
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
	/* follow-up visits per ticket: head[rec] -> node -> node ... */
	int32_t *fu_head;
	uint32_t *fu_ticket; /* per reached follow-up visit: its ticket + 1 */
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
	uint32_t *rank;      /* id -> rank (S_rank_keys) */
	/* a ticket's keys, made once: first key, count (UINT32_MAX: not yet) */
	uint32_t *tk_first, *tk_n;
	unsigned char *counted; /* per record: parsed, with an id, the first of it */
	uint32_t *rec_key;      /* per record: S_rec_key's id + 1, 0: not yet */
	/* enum key of an interned key's address (S_key_slot): slot -> key + 1 */
	unsigned char key_slot[128];
	/* gathered in the pass, counted after it */
	struct failure *fail;
	size_t nfail, failcap;
	struct fix *fix;
	size_t nfix, fixcap;
	uint32_t *fix_units;
	size_t nfix_units, fix_unitcap;
	struct repair *rep;
	size_t nrep, repcap;
	struct pair *batch; /* (part << 32 | batch's key id, ticket) */
	size_t nbatch, batchcap;
	uint32_t *seen; /* S_failure's batches of one ticket */
	size_t seencap;
	size_t backlog_cap;
};

/* ---- a record's fields in one pass */

/*
 * The fields of enum key of a record, found in one pass over its mapping.
 * A ticket's fields are read by every metric, the backlog, the cost, the
 * key parts, first-time fix and the staff counts: looking each one up
 * again by scanning the mapping was a third of the pass.
 */
struct view {
	const struct record *rec;
	const struct node *f[K__COUNT]; /* the value, as S_get finds it: the first */
};

static size_t
S_key_slot(const char *key)
{
	return (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 57);
}

static void
S_index_keys(struct ctx *c)
{
	size_t j;
	int k;

	memset(c->key_slot, 0, sizeof(c->key_slot));
	for (k = 0; k < K__COUNT; k++) {
		if (!S_keys[k])
			continue;
		for (j = S_key_slot(S_keys[k]); c->key_slot[j]; j = (j + 1) & 127)
			;
		c->key_slot[j] = (unsigned char)(k + 1);
	}
}

static void
S_view(const struct ctx *c, const struct record *rec, struct view *v)
{
	const struct node *map = rec->root;
	uint32_t i;
	size_t j;

	v->rec = rec;
	memset(v->f, 0, sizeof(v->f));
	if (!map || map->type != NODE_MAP)
		return;
	for (i = 0; i < map->n; i++) {
		const struct node *key = &map->u.kids[2 * i];

		if (key->type != NODE_SCALAR)
			continue;
		for (j = S_key_slot(key->u.str); c->key_slot[j]; j = (j + 1) & 127) {
			int k = c->key_slot[j] - 1;

			if (S_keys[k] == key->u.str) {
				if (!v->f[k])
					v->f[k] = &map->u.kids[2 * i + 1];
				break;
			}
		}
	}
}

/* A checked scalar field of a view, or NULL (as S_val). */
static const struct node *
S_vval(const struct view *v, int k)
{
	const struct node *n = v->f[k];

	return n && n->type == NODE_SCALAR ? n : NULL;
}

static const struct node *
S_vlist(const struct view *v, int k)
{
	const struct node *n = v->f[k];

	return n && n->type == NODE_SEQ ? n : NULL;
}

static const struct record *
S_ref(const struct ctx *c, const struct node *ref, int kind)
{
	const struct record *t;

	if (!ref || ref->type != NODE_SCALAR)
		return NULL;
	t = records_find(c->r, ref->u.str);
	return t && t->kind == kind && t->root ? t : NULL;
}

static const struct node *
S_list(const struct record *rec, int field)
{
	const struct node *n = S_get(rec->root, field);

	return n && n->type == NODE_SEQ ? n : NULL;
}

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
	return S_day_of(c, S_val(rec, field), day);
}

static int
S_instant(const struct record *rec, int field, int64_t *t)
{
	return S_instant_of(S_val(rec, field), t);
}

static int
S_int(const struct record *rec, int field, int64_t *v)
{
	return S_int_of(S_val(rec, field), v);
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
S_repair(const struct node *type)
{
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

/* Pushes the key of interned id unless the fact (keys from `start`) has it already. */
static void
S_key_id_once(struct ctx *c, size_t start, int dim, uint32_t id)
{
	struct stats *s = c->s;
	size_t i;

	for (i = start; i < s->nkeys; i++)
		if (s->keys[i].dim == dim && s->keys[i].rank == id)
			return;
	s->keys = xgrow(s->keys, sizeof(*s->keys), s->nkeys + 1, &s->keycap);
	s->keys[s->nkeys].dim = (uint8_t)dim;
	s->keys[s->nkeys].rank = id;
	s->keys[s->nkeys].s = c->strs[id];
	s->nkeys++;
}

static void
S_key_once(struct ctx *c, size_t start, int dim, const char *str)
{
	if (str && *str)
		S_key_id_once(c, start, dim, S_intern(c, str));
}

struct ranked {
	const char *s;
	uint32_t id;
};

static int
S_ranked_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ranked *)a)->s, ((const struct ranked *)b)->s);
}

/*
 * Turns the interned ids of the keys into ranks in byte order (c->rank),
 * and gives each rank its text (c->ranked).
 */
static void
S_rank_keys(struct ctx *c)
{
	struct ranked *v = xmalloc((c->nstrs ? c->nstrs : 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < c->nstrs; i++) {
		v[i].s = c->strs[i];
		v[i].id = (uint32_t)i;
	}
	/* the texts differ: any sort gives the same order */
	if (c->nstrs > 1)
		qsort(v, c->nstrs, sizeof(*v), S_ranked_cmp);
	c->rank = xmalloc((c->nstrs ? c->nstrs : 1) * sizeof(*c->rank));
	c->ranked = xmalloc((c->nstrs ? c->nstrs : 1) * sizeof(*c->ranked));
	for (i = 0; i < c->nstrs; i++) {
		c->rank[v[i].id] = (uint32_t)i;
		c->ranked[i] = v[i].s;
	}
	for (i = 0; i < c->s->nkeys; i++)
		c->s->keys[i].rank = c->rank[c->s->keys[i].rank];
	free(v);
}

static const char *
S_str(const struct node *n)
{
	return n && n->type == NODE_SCALAR ? n->u.str : NULL;
}

/*
 * The key a referenced record gives a fact (a customer's or dealer's
 * region, a unit's model), interned once per record rather than at each
 * reference: UINT32_MAX when it has none.
 */
static uint32_t
S_rec_key(struct ctx *c, const struct record *rec, int field)
{
	size_t i = (size_t)(rec - c->r->recs);

	if (!c->rec_key[i]) {
		const char *str = S_str(S_val(rec, field));

		c->rec_key[i] = str && *str ? S_intern(c, str) + 1 : UINT32_MAX;
	}
	return c->rec_key[i] == UINT32_MAX ? UINT32_MAX : c->rec_key[i] - 1;
}

static void
S_rec_key_once(struct ctx *c, size_t start, int dim, const struct record *rec, int field)
{
	uint32_t id;

	if (rec && (id = S_rec_key(c, rec, field)) != UINT32_MAX)
		S_key_id_once(c, start, dim, id);
}

static void
S_region_of(struct ctx *c, size_t start, const struct record *who)
{
	S_rec_key_once(c, start, DIM_REGION, who, K_region);
}

/* Each model among a ticket's units. */
static void
S_models_of_units(struct ctx *c, size_t start, const struct node *units)
{
	size_t i;

	for (i = 0; units && i < units->n; i++) {
		S_rec_key_once(c, start, DIM_MODEL, S_ref(c, &units->u.kids[i], OBJ_equipment),
		               K_model);
	}
}

static void
S_models_of_ticket(struct ctx *c, size_t start, const struct record *t)
{
	if (t)
		S_models_of_units(c, start, S_list(t, K_equipment));
}

/* Pushes a ticket's keys: customer's region, units' models, type, technicians. */
static void
S_push_ticket_keys(struct ctx *c, size_t start, const struct view *v)
{
	const struct node *techs = S_vlist(v, K_technicians);
	size_t i;

	S_region_of(c, start, S_ref(c, S_vval(v, K_customer), OBJ_customers));
	S_models_of_units(c, start, S_vlist(v, K_equipment));
	S_key_once(c, start, DIM_TYPE, S_str(S_vval(v, K_type)));
	for (i = 0; techs && i < techs->n; i++)
		S_key_once(c, start, DIM_STAFF, S_str(&techs->u.kids[i]));
}

/*
 * A ticket's keys, made once and shared by all its facts: *first, returns
 * the count. v: the ticket's fields, when at hand (else NULL).
 */
static uint32_t
S_ticket_keys(struct ctx *c, const struct record *t, const struct view *v, uint32_t *first)
{
	size_t i = (size_t)(t - c->r->recs), start;
	struct view own;

	if (c->tk_n[i] == UINT32_MAX) {
		if (!v) {
			S_view(c, t, &own);
			v = &own;
		}
		start = c->s->nkeys;
		S_push_ticket_keys(c, start, v);
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
		S_rec_key_once(c, start, DIM_MODEL, u, K_model);
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

/* A fact of a ticket, with the ticket's keys (v: its fields, or NULL). */
static struct fact *
S_ticket_fact(struct ctx *c, int m, const struct record *t, const struct view *v, int64_t day)
{
	uint32_t first, n = S_ticket_keys(c, t, v, &first);

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

		if (v->kind != OBJ_visits || !v->root || !S_is(v, K_kind, "follow_up") ||
		    !S_reached(v) || !S_day(c, v, K_date, &day) ||
		    !(t = S_ref(c, S_val(v, K_service), OBJ_service)))
			continue;
		c->fu_ticket[i] = (uint32_t)(t - c->r->recs) + 1;
		c->fu = xgrow(c->fu, sizeof(*c->fu), c->nfu + 1, &c->fucap);
		c->fu[c->nfu].day = (int32_t)day;
		c->fu[c->nfu].next = c->fu_head[t - c->r->recs];
		c->fu_head[t - c->r->recs] = (int32_t)c->nfu++;
	}
}

static int
S_under_warranty(const struct ctx *c, const struct view *t, int64_t reported)
{
	const struct node *units = S_vlist(t, K_equipment);
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
S_follow_up(struct ctx *c, const struct view *t)
{
	int64_t reported, closed, w = c->cfg->follow_up_window_days;
	size_t i = (size_t)(t->rec - c->r->recs);
	int32_t k;
	int qualifies = 0;

	if (!node_is_str(S_vval(t, K_status), "closed") ||
	    !S_day_of(c, S_vval(t, K_closed), &closed) ||
	    !S_day_of(c, S_vval(t, K_reported), &reported) || !S_in_period(c, closed) ||
	    !S_under_warranty(c, t, reported))
		return;
	for (k = c->fu_head[i]; k >= 0 && !qualifies; k = c->fu[k].next)
		qualifies = c->fu[k].day >= closed && c->fu[k].day <= closed + w;
	if (!qualifies && !(c->s->today > closed + w))
		return; /* the window is still open: not eligible yet */
	S_ticket_fact(c, METRIC_FOLLOW_UP_RATE, t->rec, t, closed)->hit = (uint8_t)qualifies;
}

static void
S_durations(struct ctx *c, const struct view *t)
{
	int64_t rep, arr, end, day;

	if (!S_instant_of(S_vval(t, K_reported), &rep))
		return;
	if (S_instant_of(S_vval(t, K_arrived), &arr) && S_day_of(c, S_vval(t, K_reported), &day) &&
	    S_in_period(c, day))
		S_ticket_fact(c, METRIC_ARRIVAL_HOURS, t->rec, t, day)->secs = arr - rep;
	if ((S_instant_of(S_vval(t, K_resolved), &end) &&
	     S_day_of(c, S_vval(t, K_resolved), &day)) ||
	    (S_instant_of(S_vval(t, K_closed), &end) && S_day_of(c, S_vval(t, K_closed), &day))) {
		if (S_in_period(c, day))
			S_ticket_fact(c, METRIC_RESOLUTION_HOURS, t->rec, t, day)->secs = end - rep;
	}
}

/* ---- first-time fix: repairs by (unit, component) */

static void S_sort_pairs(struct pair *v, size_t n);

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
S_component(const struct view *t)
{
	const struct node *fault = t->f[K_fault];

	return S_str(fault ? S_get(fault, K_component) : NULL);
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

	return u ? (uint32_t)(u - c->r->recs) : (uint32_t)c->r->n + S_intern(c, unit);
}

/*
 * A ticket's part in first-time fix, taken in the pass: each repair of a
 * unit's component (to find repeats among), and a closed repair of the
 * period (judged by S_first_time_fix once all repairs are known).
 */
static void
S_repairs(struct ctx *c, const struct view *t)
{
	const struct node *units = S_vlist(t, K_equipment);
	const char *comp = S_component(t);
	uint32_t rec = (uint32_t)(t->rec - c->r->recs), unit, first = (uint32_t)c->nfix_units;
	uint32_t cid = comp ? S_intern(c, comp) : UINT32_MAX;
	int64_t day = 0, closed, end;
	int repair, fix;
	struct fix *f;
	size_t k;

	if (!S_repair(S_vval(t, K_type)))
		return;
	repair = comp && S_day_of(c, S_vval(t, K_reported), &day);
	fix = node_is_str(S_vval(t, K_status), "closed") &&
	      S_day_of(c, S_vval(t, K_closed), &closed) && S_in_period(c, closed);
	/* Without a component a repair is never a repeat, nor has one: no units needed. */
	for (k = 0; comp && (repair || fix) && units && k < units->n; k++) {
		if (!S_str(&units->u.kids[k]))
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
	if (!S_day_of(c, S_vval(t, K_resolved), &end))
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
	struct pair *p = xmalloc((c->nrep ? c->nrep : 1) * sizeof(*p));
	struct repair *v = xmalloc((c->nrep ? c->nrep : 1) * sizeof(*v)), key;
	size_t n = c->nrep, i, k;

	/* In order of (unit, component, day, ticket): three stable radix sorts, last key first. */
	for (i = 0; i < n; i++) {
		p[i].order = c->rep[i].day;
		p[i].fact = (uint32_t)i;
	}
	S_sort_pairs(p, n);
	for (i = 0; i < n; i++)
		p[i].order = c->rep[p[i].fact].component;
	S_sort_pairs(p, n);
	for (i = 0; i < n; i++)
		p[i].order = c->rep[p[i].fact].unit;
	S_sort_pairs(p, n);
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

	if (!S_reached(v) || !S_int(v, K_satisfaction, &rating) || !S_day(c, v, K_date, &day) ||
	    !S_in_period(c, day))
		return;
	/* A follow-up: its ticket's models and type, from the ticket's keys (made first). */
	if (S_is(v, K_kind, "follow_up") && (t = c->fu_ticket[v - c->r->recs]) != 0)
		n = S_ticket_keys(c, &c->r->recs[t - 1], NULL, &first);
	start = c->s->nkeys;
	S_region_of(c, start, S_ref(c, S_val(v, K_customer), OBJ_customers));
	if (t) {
		for (k = first; k < first + n; k++)
			if (c->s->keys[k].dim == DIM_MODEL || c->s->keys[k].dim == DIM_TYPE)
				S_key_id_once(c, start, c->s->keys[k].dim, c->s->keys[k].rank);
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
	if (S_str(S_val(cp, K_owner)) && (ss = S_staff_of(s, S_str(S_val(cp, K_owner)))) != NULL)
		ss->complaints++;
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
S_signoff(struct ctx *c, const struct view *t)
{
	int64_t day, rating;

	if (!S_int_of(S_vval(t, K_satisfaction), &rating) ||
	    !S_day_of(c, S_vval(t, K_reported), &day) || !S_in_period(c, day))
		return;
	c->s->signoff.den++;
	c->s->signoff.num += rating >= c->cfg->satisfied_at;
}

static void
S_backlog(struct ctx *c, const struct view *t)
{
	struct stats *s = c->s;
	static const char *const open[] = {"open", "assigned", "in_progress", "awaiting_parts"};
	const struct node *status = S_vval(t, K_status);
	int64_t day, age;
	size_t k;

	for (k = 0; k < ARRAY_LEN(open) && !node_is_str(status, open[k]); k++)
		;
	if (k == ARRAY_LEN(open) || !S_day_of(c, S_vval(t, K_reported), &day))
		return;
	age = s->today - day;
	s->backlog_total++;
	s->backlog_age[age <= 2 ? 0 : age <= 7 ? 1 : age <= 30 ? 2 : 3]++;
	S_count(&s->a, &s->backlog_status, &s->nbacklog_status, open[k]);
	s->backlog_recs =
	    xgrow(s->backlog_recs, sizeof(*s->backlog_recs), s->nbacklog + 1, &c->backlog_cap);
	s->backlog_recs[s->nbacklog++] = (uint32_t)(t->rec - c->r->recs);
}

static int64_t
S_cents(const struct node *map, int key)
{
	const struct node *n = S_get(map, key);

	return n && n->type == NODE_SCALAR && n->value == VAL_MONEY ? n->v.i : 0;
}

static void
S_cost(struct ctx *c, const struct view *t)
{
	const struct node *cost = t->f[K_cost];
	int64_t day;

	if (!cost || cost->type != NODE_MAP || !S_day_of(c, S_vval(t, K_reported), &day) ||
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
S_failure(struct ctx *c, struct key_part *kp, const struct view *t, int64_t day)
{
	const struct node *units = S_vlist(t, K_equipment);
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
		const struct record *u = S_ref(c, &units->u.kids[i], OBJ_equipment);
		const struct node *comps = u ? S_list(u, K_components) : NULL;

		for (k = 0; comps && k < comps->n; k++) {
			const struct node *cm = &comps->u.kids[k];
			const char *p = cm->type == NODE_MAP ? S_str(S_get(cm, K_part)) : NULL;
			const char *batch = p ? S_str(S_get(cm, K_batch)) : NULL;
			uint32_t id;

			if (!p || strcmp(p, kp->id) || !batch)
				continue;
			found = 1;
			id = S_intern(c, batch);
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
		S_part_batch(c, part, S_intern(c, "unknown"), rec);
}

static void
S_key_part_failures(struct ctx *c, const struct view *t)
{
	const struct node *lines = S_vlist(t, K_parts);
	const char *comp = S_component(t);
	struct key_part *hit[16];
	size_t nhit = 0, i, k;
	int64_t day;

	if (!c->s->nparts || !S_day_of(c, S_vval(t, K_reported), &day) || !S_in_period(c, day))
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

/* A ticket each of its technicians handled, in the period. */
static void
S_staff_tickets(struct ctx *c, const struct view *t)
{
	const struct node *techs = S_vlist(t, K_technicians);
	struct staff_stats *ss;
	int64_t day;
	size_t k, j;

	if (!techs || !S_day_of(c, S_vval(t, K_reported), &day) || !S_in_period(c, day))
		return;
	for (k = 0; k < techs->n; k++) {
		const char *id = S_str(&techs->u.kids[k]);

		/* A technician named twice handled the ticket once. */
		for (j = 0; id && j < k && !node_is_str(&techs->u.kids[j], id); j++)
			;
		if (id && j == k && (ss = S_staff_of(c->s, id)) != NULL)
			ss->tickets++;
	}
}

/* ---- targets */

/* The target of metric m on day (SPEC §10 Targets) into f. */
static void
S_target(const struct ctx *c, int m, int64_t day, struct figure *f)
{
	const struct record *by = NULL;

	f->has_target = records_target_in_force(c->r, c->stds, c->nstds, stats_metric_names[m], m,
	                                        day, &f->target, &by) == 0;
	f->target_source = by ? by->id : f->has_target ? "config" : NULL;
}

/* ---- figures per group */

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
	size_t n = 0, cap = ms->n ? ms->n : 1, i, j, k;
	struct pair *v = xmalloc(cap * sizeof(*v)); /* a pair a fact, as a rule */
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
	for (k = 0, i = 0; i < n; i++)
		k += !i || v[i].order != v[i - 1].order;
	if (k)
		ms->groups[dim] = xcalloc(k, sizeof(struct group));
	for (i = 0; i < n; i = j) {
		struct group *g;
		int64_t last = s->to < s->today ? s->to : s->today;

		for (j = i + 1; j < n && v[j].order == v[i].order; j++)
			;
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

/* Everything a ticket counts in, from one view of its fields. */
static void
S_ticket(struct ctx *c, const struct record *t)
{
	struct view v;

	S_view(c, t, &v);
	if (node_is_str(S_vval(&v, K_status), "cancelled"))
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
S_part_runs(struct ctx *c, const struct pair *v, size_t n, size_t *i, uint32_t p,
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
	return c->ranked[rank];
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
	struct pair *v = xmalloc((c->nfail ? c->nfail : 1) * sizeof(*v));
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
	S_sort_pairs(v, c->nfail);
	for (i = 0; i < c->nbatch; i++)
		c->batch[i].order =
		    (c->batch[i].order >> 32) << 32 | c->rank[(uint32_t)c->batch[i].order];
	S_sort_pairs(c->batch, c->nbatch);
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

/* A group of a breakdown by its key, or NULL: groups are in the byte order of their keys. */
static const struct group *
S_find_group(const struct metric_stats *ms, int dim, const char *key)
{
	size_t lo = 0, hi = ms->ngroups[dim];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int k = strcmp(ms->groups[dim][mid].key, key);

		if (!k)
			return &ms->groups[dim][mid];
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
stats_compute(struct stats *s, const struct records *r, int64_t today, const char *period)
{
	struct ctx c;
	const struct group *g;
	size_t i, cap = 0;
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
	S_index_keys(&c);
	for (i = 0; i < r->n; i++) {
		const struct record *std = &r->recs[i];
		const struct node *t;

		if (std->kind == OBJ_standards && std->id && std->root &&
		    (t = S_get(std->root, K_targets)) && t->type == NODE_MAP) {
			c.stds = xgrow(c.stds, sizeof(*c.stds), c.nstds + 1, &cap);
			c.stds[c.nstds++] = std;
		}
	}
	/*
	 * One record of each id counts: the first, as everywhere else, which
	 * is the one the id index holds (repo_find), marked as it was made.
	 */
	c.counted = xcalloc(r->n ? r->n : 1, 1);
	c.rec_key = xcalloc(r->n ? r->n : 1, sizeof(*c.rec_key));
	for (i = 0; i < r->n; i++)
		c.counted[i] = r->recs[i].root && r->recs[i].id && !r->recs[i].id_twin;
	c.tk_first = xmalloc((r->n ? r->n : 1) * sizeof(*c.tk_first));
	c.tk_n = xmalloc((r->n ? r->n : 1) * sizeof(*c.tk_n));
	memset(c.tk_n, 0xff, (r->n ? r->n : 1) * sizeof(*c.tk_n));
	S_index_follow_ups(&c);
	S_index_key_parts(&c);
	S_staff(&c);
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
	S_rank_keys(&c);
	S_part_counts(&c);
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
	for (i = 0; i < s->nstaff; i++) {
		struct staff_stats *ss = &s->staff[i];

		for (m = 0; m < 2; m++) {
			int metric = m ? METRIC_SATISFACTION_RATE : METRIC_ARRIVAL_HOURS;
			struct figure *f = m ? &ss->satisfaction : &ss->arrival;

			f->met = -1;
			if ((g = S_find_group(&s->m[metric], DIM_STAFF, ss->id)) != NULL)
				*f = g->fig;
		}
	}
	free(c.stds);
	free(c.fu_head);
	free(c.fu_ticket);
	free(c.fu);
	free(c.intern);
	free(c.strs);
	free(c.rank);
	free(c.ranked);
	free(c.tk_first);
	free(c.tk_n);
	free(c.counted);
	free(c.rec_key);
	free(c.fail);
	free(c.fix);
	free(c.fix_units);
	free(c.rep);
	free(c.batch);
	free(c.seen);
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

/*
 * The keys of a breakdown over every metric, in order: each metric's
 * groups are in the byte order of their keys (months and weeks: their
 * keys sort in time order as text), so their lists are merged.
 */
static size_t
S_dim_keys(const struct stats *s, int dim, const char ***out)
{
	size_t at[METRIC__COUNT] = {0}, n = 0, cap = 0;
	const char **v = NULL, *min;
	int m;

	for (;;) {
		min = NULL;
		for (m = 0; m < METRIC__COUNT; m++)
			if (at[m] < s->m[m].ngroups[dim] &&
			    (!min || strcmp(s->m[m].groups[dim][at[m]].key, min) < 0))
				min = s->m[m].groups[dim][at[m]].key;
		if (!min)
			break;
		for (m = 0; m < METRIC__COUNT; m++)
			if (at[m] < s->m[m].ngroups[dim] &&
			    !strcmp(s->m[m].groups[dim][at[m]].key, min))
				at[m]++;
		v = xgrow(v, sizeof(*v), n + 1, &cap);
		v[n++] = min;
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
				         (long long)fig->den, t.len ? t.buf : "-", met);
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
