/*
 * fields.h - the fields of a record the statistics stage reads (internal
 * to src/stats/), by the keys the loader interned, and one view of a
 * record's fields found in one pass over its mapping. The small readers
 * are inline: the pass over 10^5-10^6 records calls them for every field.
 */
#ifndef SVCGEN_STATS_FIELDS_H
#define SVCGEN_STATS_FIELDS_H

#include <stddef.h>

#include "load/load.h"
#include "model/node.h"

/*
 * The keys the stage reads, as the loader interned them (schema_intern):
 * a field is found by comparing pointers, not text, which is most of the
 * speed of one pass over 10^5-10^6 records.
 */
enum stats_field {
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

/* The interned key of each field (schema_intern), by enum stats_field; NULL: none. */
extern const char *stats_field_keys[K__COUNT];

/*
 * Interns the keys and indexes them for stats_view: before a pass, and
 * not while another runs (the tables are the program's).
 */
void stats_fields_init(void);

/*
 * The fields of enum stats_field of a record, found in one pass over its
 * mapping. A ticket's fields are read by every metric, the backlog, the
 * cost, the key parts, first-time fix and the staff counts: looking each
 * one up again by scanning the mapping was a third of the pass.
 */
struct stats_view {
	const struct record *rec;
	const struct node *f[K__COUNT]; /* the value, as stats_get finds it: the first */
};

void stats_view(const struct record *rec, struct stats_view *v);

/* The value of field k in a mapping, or NULL. */
static inline const struct node *
stats_get(const struct node *map, int k)
{
	const char *key = stats_field_keys[k];
	uint32_t i;

	if (!map || map->type != NODE_MAP || !key)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->u.kids[2 * i].type == NODE_SCALAR && map->u.kids[2 * i].u.str == key)
			return &map->u.kids[2 * i + 1];
	return NULL;
}

/* A checked scalar of a record's field, or NULL (as rec_value). */
static inline const struct node *
stats_val(const struct record *rec, int k)
{
	const struct node *n = stats_get(rec->root, k);

	return n && n->type == NODE_SCALAR ? n : NULL;
}

/* A list field of a record, or NULL. */
static inline const struct node *
stats_list(const struct record *rec, int k)
{
	const struct node *n = stats_get(rec->root, k);

	return n && n->type == NODE_SEQ ? n : NULL;
}

/* A checked scalar field of a view, or NULL (as stats_val). */
static inline const struct node *
stats_vval(const struct stats_view *v, int k)
{
	const struct node *n = v->f[k];

	return n && n->type == NODE_SCALAR ? n : NULL;
}

static inline const struct node *
stats_vlist(const struct stats_view *v, int k)
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
