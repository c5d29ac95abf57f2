/* fields.c - a record's fields in one pass, found by their interned keys. */
#include "stats/fields.h"

#include <stdint.h>
#include <string.h>

#include "model/schema.h"

void
stats_view(const struct record *rec, struct stats_view *v)
{
	const struct node *map = rec->root;
	uint32_t i;

	v->rec = rec;
	memset(v->f, 0, sizeof(v->f));
	if (!map || map->type != NODE_MAP)
		return;
	for (i = 0; i < map->n; i++) {
		const struct node *key = &map->u.kids[2 * i];
		int k;

		if (key->type == NODE_SCALAR && (k = key_index(key->u.str)) >= 0 && !v->f[k])
			v->f[k] = &map->u.kids[2 * i + 1];
	}
}
