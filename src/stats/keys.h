/*
 * keys.h - the breakdown keys of the statistics pass (internal to
 * src/stats/): the texts a fact is grouped by (a region, a model, a type,
 * a staff member), interned to ids as the pass meets them and ranked in
 * byte order after it (stats_key.rank).
 */
#ifndef SVCGEN_STATS_KEYS_H
#define SVCGEN_STATS_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "load/load.h"
#include "stats/fields.h"
#include "stats/figures.h"

struct stats_keys {
	struct stats *s; /* the keys of the facts go to s->keys */
	const struct records *r;
	/* key strings interned: the same text, the same id (stats_key.rank until ranked) */
	uint32_t *intern; /* slot -> id + 1 */
	size_t intern_cap;
	const char **strs; /* id -> text */
	size_t nstrs, strcap;
	const char **ranked; /* rank -> text (stats_rank_keys) */
	uint32_t *rank;      /* id -> rank (stats_rank_keys) */
	/* a ticket's keys, made once: first key, count (UINT32_MAX: not yet) */
	uint32_t *tk_first, *tk_n;
	uint32_t *rec_key; /* per record: the id of its key (region, model) + 1, 0: not yet */
};

void stats_keys_init(struct stats_keys *k, struct stats *s, const struct records *r);
void stats_keys_free(struct stats_keys *k);

/* The id of a text: the same text, the same id. */
uint32_t stats_intern(struct stats_keys *k, const char *str);

/* Pushes the key of interned id unless the fact (keys from `start`) has it already. */
void stats_key_id_once(struct stats_keys *k, size_t start, int dim, uint32_t id);
/* The same, of a text (NULL or "": none). */
void stats_key_once(struct stats_keys *k, size_t start, int dim, const char *str);

/*
 * Turns the interned ids of the keys into ranks in byte order (k->rank),
 * and gives each rank its text (k->ranked): after the pass.
 */
void stats_rank_keys(struct stats_keys *k);

/* Pushes the region of a customer or dealer (NULL: none). */
void stats_region_of(struct stats_keys *k, size_t start, const struct record *who);

/*
 * A ticket's keys (its customer's region, its units' models, its type,
 * its technicians), made once and shared by all its facts: *first,
 * returns the count. v: the ticket's fields, when at hand (else NULL).
 */
uint32_t stats_ticket_keys(struct stats_keys *k, const struct record *t, const struct stats_view *v,
                           uint32_t *first);

/* Pushes a complaint's models: its equipment's, else its ticket's. */
void stats_complaint_models(struct stats_keys *k, size_t start, const struct record *cp);

#endif
