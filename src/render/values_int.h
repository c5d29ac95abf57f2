/*
 * values_int.h - the layout of a value (struct tv) and the search of a map,
 * for the renderer (template.c), which reads values at every tag; private
 * to values.c and template.c: the rest of the program sees values.h.
 */
#ifndef SVCGEN_VALUES_INT_H
#define SVCGEN_VALUES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct tv_entry {
	const char *key;
	uint32_t len, hash;
	const struct tv *val;
};

struct tv {
	uint8_t type; /* enum tv_type */
	uint8_t b;
	uint32_t n, cap;     /* list, map: items, room */
	uint32_t idx_cap;    /* map: slots in idx (a power of two), 0 while it has none */
	struct arena *arena; /* list, map: where they grow */
	union {
		double num;
		struct {
			const char *s;
			size_t n;
		} str;
		const struct tv **items;
		struct tv_entry *entries;
	} u;
	uint32_t *idx; /* map: entry index + 1 per slot, 0 for none */
};

/*
 * The hash of a map's keys (FNV-1a): a template hashes each name it looks
 * up once, when it is compiled.
 */
uint32_t tv_hash(const char *s, size_t n);
/* The entry of key k[0..n), of hash h, in the map m, or NULL. */
const struct tv_entry *tv_map_find(const struct tv *m, const char *k, size_t n, uint32_t h);

#endif
