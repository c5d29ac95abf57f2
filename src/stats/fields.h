/*
 * fields.h - the fields of a record the statistics stage reads (internal
 * to src/stats/): one view of a record's fields found in one pass over its
 * mapping, by the keys the loader interned. The small readers are inline:
 * the pass over 10^5-10^6 records calls them for every field.
 */
#ifndef SVCGEN_STATS_FIELDS_H
#define SVCGEN_STATS_FIELDS_H

#include <stddef.h>

#include "load/load.h"
#include "model/node.h"

/*
 * The fields of a record by their keys (model/schema.h), found in one pass
 * over its mapping. A ticket's fields are read by every metric, the backlog, the
 * cost, the key parts, first-time fix and the staff counts: looking each
 * one up again by scanning the mapping was a third of the pass.
 */
struct stats_view {
	const struct record *rec;
	const struct node *f[KEY__COUNT]; /* the value, as node_field finds it: the first */
};

void stats_view(const struct record *rec, struct stats_view *v);

/* A checked scalar field of a view, or NULL (as record_value). */
static inline const struct node *
stats_vval(const struct stats_view *v, enum schema_key k)
{
	const struct node *n = v->f[k];

	return n && n->type == NODE_SCALAR ? n : NULL;
}

static inline const struct node *
stats_vlist(const struct stats_view *v, enum schema_key k)
{
	const struct node *n = v->f[k];

	return n && n->type == NODE_SEQ ? n : NULL;
}

static inline const char *
stats_str(const struct node *n)
{
	return n && n->type == NODE_SCALAR ? n->u.str : NULL;
}

/* The record of kind a reference names, joined through the id index; NULL when none is. */
static inline const struct record *
stats_ref(const struct records *r, const struct node *ref, int kind)
{
	const struct record *t;

	if (!ref || ref->type != NODE_SCALAR)
		return NULL;
	t = records_find(r, ref->u.str);
	return t && t->kind == kind && t->root ? t : NULL;
}

#endif
