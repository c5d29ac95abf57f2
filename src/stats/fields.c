/* fields.c - the fields the statistics stage reads, found by their interned keys. */
#include "stats/fields.h"

#include <stdint.h>
#include <string.h>

#include "model/schema.h"

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

const char *stats_field_keys[K__COUNT];

/* enum stats_field of an interned key's address (S_key_slot): slot -> field + 1 */
static unsigned char S_key_slot_of[128];

static size_t
S_key_slot(const char *key)
{
	return (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 57);
}

void
stats_fields_init(void)
{
	const char **keys = stats_field_keys;
	size_t j;
	int k;

	for (k = 0; k < K__COUNT; k++)
		keys[k] = schema_intern(S_key_names[k], strlen(S_key_names[k]));
	memset(S_key_slot_of, 0, sizeof(S_key_slot_of));
	for (k = 0; k < K__COUNT; k++) {
		if (!keys[k])
			continue;
		for (j = S_key_slot(keys[k]); S_key_slot_of[j]; j = (j + 1) & 127)
			;
		S_key_slot_of[j] = (unsigned char)(k + 1);
	}
}

void
stats_view(const struct record *rec, struct stats_view *v)
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
		for (j = S_key_slot(key->u.str); S_key_slot_of[j]; j = (j + 1) & 127) {
			int k = S_key_slot_of[j] - 1;

			if (stats_field_keys[k] == key->u.str) {
				if (!v->f[k])
					v->f[k] = &map->u.kids[2 * i + 1];
				break;
			}
		}
	}
}
