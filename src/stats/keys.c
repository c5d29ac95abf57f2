/*
 * keys.c - the breakdown keys of the pass (a region, a model, a type, a
 * staff member): each text interned once to an id, pushed once a fact,
 * ranked in byte order after the pass; a ticket's keys and a referenced
 * record's key are made once, whatever the number of facts naming them.
 */
#include "stats/keys.h"

#include <stdlib.h>
#include <string.h>

#include "model/schema.h"

void
stats_keys_init(struct stats_keys *c, struct stats *s, const struct records *r)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->r = r;
	c->rec_key = xcalloc(r->n ? r->n : 1, sizeof(*c->rec_key));
	c->tk_first = xmalloc((r->n ? r->n : 1) * sizeof(*c->tk_first));
	c->tk_n = xmalloc((r->n ? r->n : 1) * sizeof(*c->tk_n));
	memset(c->tk_n, 0xff, (r->n ? r->n : 1) * sizeof(*c->tk_n));
}

void
stats_keys_free(struct stats_keys *c)
{
	free(c->intern);
	free(c->strs);
	free(c->rank);
	free(c->ranked);
	free(c->tk_first);
	free(c->tk_n);
	free(c->rec_key);
	memset(c, 0, sizeof(*c));
}

uint32_t
stats_intern(struct stats_keys *c, const char *str)
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

void
stats_key_id_once(struct stats_keys *c, size_t start, int dim, uint32_t id)
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

void
stats_key_once(struct stats_keys *c, size_t start, int dim, const char *str)
{
	if (str && *str)
		stats_key_id_once(c, start, dim, stats_intern(c, str));
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

void
stats_rank_keys(struct stats_keys *c)
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

/*
 * The key a referenced record gives a fact (a customer's or dealer's
 * region, a unit's model), interned once per record rather than at each
 * reference: UINT32_MAX when it has none.
 */
static uint32_t
S_rec_key(struct stats_keys *c, const struct record *rec, int field)
{
	size_t i = (size_t)(rec - c->r->recs);

	if (!c->rec_key[i]) {
		const char *str = stats_str(record_value(rec, field));

		c->rec_key[i] = str && *str ? stats_intern(c, str) + 1 : UINT32_MAX;
	}
	return c->rec_key[i] == UINT32_MAX ? UINT32_MAX : c->rec_key[i] - 1;
}

static void
S_rec_key_once(struct stats_keys *c, size_t start, int dim, const struct record *rec, int field)
{
	uint32_t id;

	if (rec && (id = S_rec_key(c, rec, field)) != UINT32_MAX)
		stats_key_id_once(c, start, dim, id);
}

void
stats_region_of(struct stats_keys *c, size_t start, const struct record *who)
{
	S_rec_key_once(c, start, DIM_REGION, who, KEY_region);
}

/* Each model among a ticket's units. */
static void
S_models_of_units(struct stats_keys *c, size_t start, const struct node *units)
{
	size_t i;

	for (i = 0; units && i < units->n; i++) {
		S_rec_key_once(c, start, DIM_MODEL,
		               stats_ref(c->r, &units->u.kids[i], OBJ_equipment), KEY_model);
	}
}

static void
S_models_of_ticket(struct stats_keys *c, size_t start, const struct record *t)
{
	if (t)
		S_models_of_units(c, start, record_list(t, KEY_equipment));
}

/* Pushes a ticket's keys: customer's region, units' models, type, technicians. */
static void
S_push_ticket_keys(struct stats_keys *c, size_t start, const struct stats_view *v)
{
	const struct node *techs = stats_vlist(v, KEY_technicians);
	size_t i;

	stats_region_of(c, start, stats_ref(c->r, stats_vval(v, KEY_customer), OBJ_customers));
	S_models_of_units(c, start, stats_vlist(v, KEY_equipment));
	stats_key_once(c, start, DIM_TYPE, stats_str(stats_vval(v, KEY_type)));
	for (i = 0; techs && i < techs->n; i++)
		stats_key_once(c, start, DIM_STAFF, stats_str(&techs->u.kids[i]));
}

uint32_t
stats_ticket_keys(struct stats_keys *c, const struct record *t, const struct stats_view *v,
                  uint32_t *first)
{
	size_t i = (size_t)(t - c->r->recs), start;
	struct stats_view own;

	if (c->tk_n[i] == UINT32_MAX) {
		if (!v) {
			stats_view(t, &own);
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

void
stats_complaint_models(struct stats_keys *c, size_t start, const struct record *cp)
{
	const struct record *u = stats_ref(c->r, record_value(cp, KEY_equipment), OBJ_equipment);

	if (u)
		S_rec_key_once(c, start, DIM_MODEL, u, KEY_model);
	else
		S_models_of_ticket(c, start,
		                   stats_ref(c->r, record_value(cp, KEY_service), OBJ_service));
}
