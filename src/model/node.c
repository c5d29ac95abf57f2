/* node.c - reading a node tree: a mapping's value by its key, a scalar's text. */
#include "model/node.h"

#include <string.h>

#include "model/value.h"

const struct node *
node_get(const struct node *map, const char *key)
{
	size_t i, klen = strlen(key);

	if (!map || map->type != NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct node *k = &map->u.kids[2 * i];

		if (k->type == NODE_SCALAR && k->n == klen && !memcmp(k->u.str, key, klen))
			return &map->u.kids[2 * i + 1];
	}
	return NULL;
}

int
node_is_str(const struct node *n, const char *s)
{
	size_t len = n && n->type == NODE_SCALAR ? node_len(n) : 0;

	return n && n->type == NODE_SCALAR && len == strlen(s) && !memcmp(n->u.str, s, len);
}

int64_t
node_day(const struct node *n, int tzoff)
{
	return n->value == VAL_DATETIME ? local_day(n->v.i, tzoff) : n->v.i;
}
