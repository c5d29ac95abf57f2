/* record.c - the record model: the id index and the facts every stage reads alike. */
#include "model/record.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model/schema.h"

/*
 * A slot of the id index: the record's index + 1 in its low index_bits,
 * and above them (while there is room) bits of the id's hash, which spare
 * reading a record that only shares the slot: at 10^6 records, the
 * record and its id are two cache misses.
 */
static uint32_t
S_slot(const struct records *r, uint64_t h, size_t i)
{
	return r->index_bits < 32
	           ? (uint32_t)(h >> 32) >> r->index_bits << r->index_bits | (uint32_t)(i + 1)
	           : (uint32_t)(i + 1);
}

/* Could slot v hold the id of hash h? Its record, then, is S_rec. */
static int
S_may_be(const struct records *r, uint32_t v, uint64_t h)
{
	return r->index_bits >= 32 || (v ^ (uint32_t)(h >> 32)) >> r->index_bits == 0;
}

static struct record *
S_rec(const struct records *r, uint32_t v)
{
	return &r->recs[(r->index_bits < 32 ? v & ((1u << r->index_bits) - 1) : v) - 1];
}

void
records_index(struct records *r)
{
	size_t cap = 16, i, j;
	uint64_t h;

	while (cap < r->n * 2 + 2)
		cap *= 2;
	for (r->index_bits = 1; r->index_bits < 32 && (r->n >> r->index_bits); r->index_bits++)
		;
	r->index_cap = cap;
	r->index = xcalloc(cap, sizeof(*r->index));
	r->index_ci = xcalloc(cap, sizeof(*r->index_ci));
	for (i = 0; i < r->n; i++) {
		const char *id = r->recs[i].id;

		if (!id)
			continue;
		h = hash_bytes(id, strlen(id));
		for (j = hash_slot(h, cap); r->index[j]; j = (j + 1) & (cap - 1))
			if (S_may_be(r, r->index[j], h) && !strcmp(S_rec(r, r->index[j])->id, id))
				break;
		if (!r->index[j])
			r->index[j] = S_slot(r, h, i);
		else
			r->recs[i].id_twin = 1;
		h = hash_str_ci(id);
		for (j = hash_slot(h, cap); r->index_ci[j]; j = (j + 1) & (cap - 1))
			if (S_may_be(r, r->index_ci[j], h) &&
			    str_eq_ci(S_rec(r, r->index_ci[j])->id, id))
				break;
		if (!r->index_ci[j])
			r->index_ci[j] = S_slot(r, h, i);
		else
			r->recs[i].id_dup = 1; /* so the checks need not look each id up again */
	}
}

struct record *
records_find(const struct records *r, const char *id)
{
	size_t j, cap = r->index_cap;
	uint64_t h;

	if (!cap)
		return NULL;
	h = hash_bytes(id, strlen(id));
	for (j = hash_slot(h, cap); r->index[j]; j = (j + 1) & (cap - 1))
		if (S_may_be(r, r->index[j], h) && !strcmp(S_rec(r, r->index[j])->id, id))
			return S_rec(r, r->index[j]);
	return NULL;
}

static int
S_path_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct record *)elem)->path);
}

const struct record *
records_find_display(const struct records *r, const char *display)
{
	size_t plen;

	if (!r->n) /* no records: recs is NULL */
		return NULL;
	/* Records are sorted by path; each display is the source's prefix, then the path. */
	plen = (size_t)(r->recs[0].path - r->recs[0].display);
	if (strncmp(display, r->recs[0].display, plen))
		return NULL;
	return bsearch(display + plen, r->recs, r->n, sizeof(*r->recs), S_path_key_cmp);
}

struct record *
records_find_ci(const struct records *r, const char *id)
{
	size_t j, cap = r->index_cap;
	uint64_t h;

	if (!cap)
		return NULL;
	h = hash_str_ci(id);
	for (j = hash_slot(h, cap); r->index_ci[j]; j = (j + 1) & (cap - 1))
		if (S_may_be(r, r->index_ci[j], h) && str_eq_ci(S_rec(r, r->index_ci[j])->id, id))
			return S_rec(r, r->index_ci[j]);
	return NULL;
}

const char *
record_stem(const struct record *rec, size_t *len)
{
	const char *name = strrchr(rec->path, '/'), *ext;

	name = name ? name + 1 : rec->path;
	ext = strrchr(name, '.'); /* a record's name always has one */
	*len = (size_t)(ext - name);
	return name;
}

static int
S_ncase(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'a' && x <= 'z')
			x -= 32;
		if (y >= 'a' && y <= 'z')
			y -= 32;
		if (x != y)
			return 1;
	}
	return 0;
}

int
record_id_valid(const char *s, size_t n)
{
	static const char *const devices[] = {"CON", "PRN", "AUX", "NUL", NULL};
	size_t i, stem;

	if (n == 0 || n > 64 ||
	    !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	      (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	/* Windows device names, alone or before an extension. */
	for (stem = 0; stem < n && s[stem] != '.'; stem++)
		;
	for (i = 0; devices[i]; i++)
		if (stem == 3 && !S_ncase(s, devices[i], 3))
			return 0;
	if (stem == 4 && (!S_ncase(s, "COM", 3) || !S_ncase(s, "LPT", 3)) && s[3] >= '1' &&
	    s[3] <= '9')
		return 0;
	/* The names of a kind's index pages and the standards tree's
	 * (docs/rules/id-format.md), in any case. */
	if ((n == 5 && !S_ncase(s, "INDEX", 5)) || (n == 4 && !S_ncase(s, "TREE", 4)))
		return 0;
	if ((n > 5 && !S_ncase(s, "PAGE-", 5)) || (n > 5 && !S_ncase(s, "TREE-", 5))) {
		for (i = 5; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == n)
			return 0;
	}
	return 1;
}

enum schema_key
record_date_key(int kind)
{
	switch (kind) {
	case OBJ_equipment:
		return KEY_delivered;
	case OBJ_service:
		return KEY_reported;
	case OBJ_visits:
	case OBJ_shipments:
		return KEY_date;
	case OBJ_complaints:
		return KEY_received;
	case OBJ_standards:
		return KEY_effective;
	default:
		return KEY__COUNT;
	}
}

int
record_is_open(const struct record *rec)
{
	static const char *const open[] = {"open", "assigned", "in_progress", "awaiting_parts"};
	const struct node *status = record_value(rec, KEY_status);
	size_t k;

	if (rec->kind == OBJ_complaints)
		return node_is_str(status, "open") || node_is_str(status, "investigating");
	if (rec->kind != OBJ_service)
		return 0;
	for (k = 0; k < ARRAY_LEN(open); k++)
		if (node_is_str(status, open[k]))
			return 1;
	return 0;
}

int
record_attachment_accepted(const struct node *a)
{
	return a->type == NODE_SCALAR && a->value == VAL_FILE;
}

int
record_standard_effective(const struct record *std, int64_t day)
{
	const struct node *status = record_value(std, KEY_status);
	const struct node *eff = record_value(std, KEY_effective),
	                  *wd = record_value(std, KEY_withdrawn);

	if (!status || node_is_str(status, "draft"))
		return 0;
	if (!eff || eff->value != VAL_DATE || eff->v.i > day)
		return 0;
	return !(wd && wd->value == VAL_DATE && day >= wd->v.i);
}

int
records_target_in_force(const struct records *r, const struct record *const *stds, size_t n,
                        const char *metric, int m, int64_t day, double *out,
                        const struct record **by)
{
	const struct record *best = NULL;
	int64_t best_eff = 0;
	size_t i;

	*by = NULL;
	for (i = 0; i < (stds ? n : r->n); i++) {
		const struct record *s = stds ? stds[i] : &r->recs[i];
		const struct node *targets, *v, *eff;

		if (s->kind != OBJ_standards || !s->id || !record_standard_effective(s, day))
			continue;
		targets = s->root ? node_field(s->root, KEY_targets) : NULL;
		v = targets ? node_get(targets, metric) : NULL;
		if (!v || v->type != NODE_SCALAR || v->value != VAL_NUMBER)
			continue;
		eff = record_value(s, KEY_effective);
		if (!best || eff->v.i > best_eff ||
		    (eff->v.i == best_eff && strcmp(s->id, best->id) > 0)) {
			best = s;
			best_eff = eff->v.i;
			*out = v->v.d;
		}
	}
	if (best) {
		*by = best;
		return 0;
	}
	if (r->cfg.has_target[m]) {
		*out = r->cfg.targets[m];
		return 0;
	}
	return -1;
}
