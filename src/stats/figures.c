/*
 * figures.c - the figures per group, from the facts of the pass (facts.c):
 * (key, fact) pairs put in order by a radix sort, which is linear, each
 * group's figure against the target in force, and the exact rounding of
 * docs/metrics.md.
 */
#include "stats/figures.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/validate.h"
#include "model/value.h"
#include "stats/calendar.h"

const char *const stats_dim_names[DIM__COUNT] = {"all",   "month", "week", "region",
                                                 "model", "type",  "staff"};

int
stats_is_duration(int m)
{
	return metric_units[m] != 0;
}

int
stats_has_within(int m)
{
	return metric_units[m] == 3600;
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

int64_t
stats_unit(int m)
{
	return metric_units[m];
}

void
stats_format_value(struct buf *b, int m, const struct figure *f, int decimals)
{
	if (!f->has_value)
		buf_adds(b, "n/a");
	else if (stats_is_duration(m))
		stats_format_ratio(b, f->med2, 2 * stats_unit(m), decimals);
	else
		stats_format_ratio(b, 100 * f->num, f->den, decimals);
}

/* ---- targets */

/* The target of metric m on day (docs/metrics.md, "Targets") into f. */
static void
S_target_in(const struct records *r, const struct record *const *stds, size_t nstds, int m,
            int64_t day, struct figure *f)
{
	const struct record *by = NULL;

	f->has_target =
	    records_target_in_force(r, stds, nstds, metric_names[m], m, day, &f->target, &by) == 0;
	f->target_source = by ? by->id : f->has_target ? "config" : NULL;
}

static void
S_target(const struct stats_grouping *g, int m, int64_t day, struct figure *f)
{
	S_target_in(g->r, g->stds, g->nstds, m, day, f);
}

/* ---- figures per group */

/*
 * A radix sort, a byte of (order - least order) a pass and only the
 * passes the range of orders needs (one or two for months, weeks and
 * keys). Linear, where qsort was n log n with a call per comparison.
 */
void
stats_sort_pairs(struct stats_pair *v, size_t n)
{
	struct stats_pair *tmp, *from = v, *to, *t;
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
S_figure(const struct stats_grouping *g, int m, const struct fact *facts, const uint32_t *idx,
         size_t n, int64_t target_day, struct figure *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->has_value = n > 0;
	f->den = (int64_t)n;
	if (m < 0) { /* the complaints' counts: received (den), closed (num), no target */
		for (i = 0; i < n; i++)
			f->num += facts[idx[i]].hit;
		f->met = -1;
		return;
	}
	S_target(g, m, target_day, f);
	if (stats_is_duration(m)) {
		struct stats_pair *v = xmalloc((n ? n : 1) * sizeof(*v));
		int64_t unit = stats_unit(m);
		size_t all = n;

		/* Dates out of order: in no median, p90 or share, only counted as left out. */
		for (n = 0, i = 0; i < all; i++) {
			if (facts[idx[i]].excluded)
				continue;
			v[n].order = facts[idx[i]].secs;
			v[n++].fact = 0;
		}
		f->excluded = (int64_t)(all - n);
		f->has_value = n > 0;
		f->den = (int64_t)n;
		stats_sort_pairs(v, n);
		if (n) {
			f->med2 = n % 2 ? 2 * v[n / 2].order : v[n / 2 - 1].order + v[n / 2].order;
			f->p90 = v[(9 * n + 9) / 10 - 1].order;
		}
		f->num = (int64_t)n;
		if (stats_has_within(m) && f->has_target)
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

/*
 * The (key, fact) pairs of metric ms by breakdown dim, in the order of the
 * facts: a pair a fact by period, month or week; a pair a key of the
 * breakdown otherwise (a ticket with two technicians counts for both).
 */
static struct stats_pair *
S_pairs(const struct stats *s, const struct metric_stats *ms, int dim, size_t *np)
{
	size_t n = 0, cap = ms->n ? ms->n : 1, i, k;
	struct stats_pair *v = xmalloc(cap * sizeof(*v)); /* a pair a fact, as a rule */

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
	*np = n;
	return v;
}

/*
 * The key of the group of order `order` in breakdown dim, and the day
 * whose target it takes (*last: in, the period's).
 */
static const char *
S_group_key(const struct stats_grouping *g, const struct stats *s, struct metric_stats *ms, int dim,
            int64_t order, int64_t *last)
{
	char buf[24];

	if (dim == DIM_MONTH) {
		int y = (int)((order - 1) / 12);
		unsigned mo = (unsigned)((order - 1) % 12 + 1);

		snprintf(buf, sizeof(buf), "%04d-%02u", y, mo);
		*last = S_target_day(s, stats_month_last(y, mo));
		return arena_strdup(&ms->a, buf);
	}
	if (dim == DIM_WEEK) {
		int y = (int)(order / 100), w = (int)(order % 100);

		snprintf(buf, sizeof(buf), "%04d-W%02d", y, w);
		*last = S_target_day(s, stats_week1(y) + (int64_t)(w - 1) * 7 + 6);
		return arena_strdup(&ms->a, buf);
	}
	return dim == DIM_ALL ? "" : g->ranked[order];
}

/* Groups metric m's facts by dim (m < 0: the complaints', s->complaints). */
static void
S_groups(const struct stats_grouping *g, struct stats *s, int m, int dim)
{
	struct metric_stats *ms = m < 0 ? &s->complaints : &s->m[m];
	size_t n, i, j, k;
	struct stats_pair *v = S_pairs(s, ms, dim, &n);

	stats_sort_pairs(v, n);
	for (k = 0, i = 0; i < n; i++)
		k += !i || v[i].order != v[i - 1].order;
	if (k)
		ms->groups[dim] = xcalloc(k, sizeof(struct group));
	for (i = 0; i < n; i = j) {
		struct group *gr;
		int64_t last = s->to < s->today ? s->to : s->today;

		for (j = i + 1; j < n && v[j].order == v[i].order; j++)
			;
		gr = &ms->groups[dim][ms->ngroups[dim]++];
		gr->key = S_group_key(g, s, ms, dim, v[i].order, &last);
		gr->n = j - i;
		gr->facts = arena_alloc(&ms->a, (gr->n ? gr->n : 1) * sizeof(*gr->facts));
		for (k = i; k < j; k++)
			gr->facts[k - i] = v[k].fact;
		S_figure(g, m, ms->facts, gr->facts, gr->n, last, &gr->fig);
	}
	/* The period is one group even when nothing was counted: n/a. */
	if (dim == DIM_ALL && !ms->ngroups[dim]) {
		ms->groups[dim] = xcalloc(1, sizeof(struct group));
		ms->ngroups[dim] = 1;
		ms->groups[dim][0].key = "";
		S_figure(g, m, ms->facts, NULL, 0, s->to < s->today ? s->to : s->today,
		         &ms->groups[dim][0].fig);
	}
	free(v);
}

struct grouper {
	const struct stats_grouping *g;
	struct stats *s;
	atomic_int *next; /* the next metric to group */
};

static void *
S_grouper(void *arg)
{
	struct grouper *w = arg;
	int m, d;

	/* The metrics, then the complaints' counts (METRIC__COUNT). */
	while ((m = atomic_fetch_add(w->next, 1)) <= METRIC__COUNT) {
		int which = m < METRIC__COUNT ? m : -1;

		arena_init(which < 0 ? &w->s->complaints.a : &w->s->m[m].a);
		for (d = 0; d < DIM__COUNT; d++)
			S_groups(w->g, w->s, which, d);
	}
	return NULL;
}

void
stats_group(struct stats *s, const struct stats_grouping *g)
{
	struct grouper w[METRIC__COUNT];
	atomic_int next;
	unsigned j, jobs = jobs_for(g->r->n);

	/* The metrics are independent: grouped on every core. */
	atomic_init(&next, 0);
	for (j = 0; j < METRIC__COUNT; j++) {
		w[j].g = g;
		w[j].s = s;
		w[j].next = &next;
	}
	threads_run(S_grouper, w, sizeof(*w), jobs < METRIC__COUNT ? jobs : METRIC__COUNT);
}

int64_t
stats_target_day(const struct stats *s, int dim, const char *key)
{
	int64_t from, to;

	if ((dim == DIM_MONTH || dim == DIM_WEEK) && stats_period(key, &from, &to) == 0)
		return S_target_day(s, to);
	return s->to < s->today ? s->to : s->today;
}

const struct figure *
stats_group_figure(const struct stats *s, int m, int dim, const char *key, struct figure *tmp)
{
	const struct group *g = stats_find_group(&s->m[m], dim, key);

	if (g)
		return &g->fig;
	memset(tmp, 0, sizeof(*tmp));
	S_target_in(s->r, s->stds, s->nstds, m, stats_target_day(s, dim, key), tmp);
	tmp->met = -1;
	return tmp;
}

void
stats_months_figure(const struct stats *s, int m, const char *first, const char *last,
                    struct figure *f)
{
	const struct metric_stats *ms = &s->m[m];
	struct stats_grouping g = {s->r, s->stds, s->nstds, NULL};
	uint32_t *idx;
	size_t n = 0, i, k;
	int64_t from, to;

	/* The months' groups are in time order: the facts of those between first and last. */
	for (i = 0; i < ms->ngroups[DIM_MONTH]; i++) {
		const struct group *gr = &ms->groups[DIM_MONTH][i];

		if (strcmp(gr->key, first) >= 0 && strcmp(gr->key, last) <= 0)
			n += gr->n;
	}
	idx = xmalloc((n ? n : 1) * sizeof(*idx));
	for (n = 0, i = 0; i < ms->ngroups[DIM_MONTH]; i++) {
		const struct group *gr = &ms->groups[DIM_MONTH][i];

		if (strcmp(gr->key, first) >= 0 && strcmp(gr->key, last) <= 0)
			for (k = 0; k < gr->n; k++)
				idx[n++] = gr->facts[k];
	}
	if (stats_period(last, &from, &to) < 0)
		to = s->today;
	S_figure(&g, m, ms->facts, idx, n, S_target_day(s, to), f);
	free(idx);
}

const struct group *
stats_find_group(const struct metric_stats *ms, int dim, const char *key)
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
