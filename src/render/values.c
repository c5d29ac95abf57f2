/*
 * values.c - the tree of values templates render from (struct tv): scalars,
 * lists, and maps whose keys keep their order. See values.h.
 *
 * Everything lives in an arena: a container grows by a copy into it, the
 * old one left there. A map is searched in order while it is small and
 * through an index of its keys' hashes past MAP_LINEAR keys; tv_keys makes
 * the keys of a map filled on every row once, for tv_map_keyed to copy.
 */
#include "render/values.h"
#include "render/values_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"

/* Up to this many keys a map is searched in order; past it, hashed. */
#define MAP_LINEAR 8

static const struct tv S_null = {TV_NULL, 0, 0, 0, 0, NULL, {0}, NULL};
static const struct tv S_false = {TV_BOOL, 0, 0, 0, 0, NULL, {0}, NULL};
static const struct tv S_true = {TV_BOOL, 1, 0, 0, 0, NULL, {0}, NULL};

uint32_t
tv_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

const struct tv *
tv_null(void)
{
	return &S_null;
}

const struct tv *
tv_bool(int b)
{
	return b ? &S_true : &S_false;
}

static struct tv *
S_tv_new(struct arena *a, enum tv_type type)
{
	struct tv *v = arena_alloc(a, sizeof(*v));

	memset(v, 0, sizeof(*v));
	v->type = (uint8_t)type;
	return v;
}

const struct tv *
tv_num(struct arena *a, double d)
{
	struct tv *v = S_tv_new(a, TV_NUM);

	v->u.num = d;
	return v;
}

const struct tv *
tv_str_ref(struct arena *a, const char *s, size_t n)
{
	struct tv *v = S_tv_new(a, TV_STR);

	v->u.str.s = s;
	v->u.str.n = n;
	return v;
}

const struct tv *
tv_strn(struct arena *a, const char *s, size_t n)
{
	return tv_str_ref(a, arena_strndup(a, s, n), n);
}

const struct tv *
tv_str(struct arena *a, const char *s)
{
	return tv_strn(a, s, strlen(s));
}

struct tv *
tv_list(struct arena *a)
{
	struct tv *v = S_tv_new(a, TV_LIST);

	v->arena = a;
	return v;
}

struct tv *
tv_map(struct arena *a)
{
	struct tv *v = S_tv_new(a, TV_MAP);

	v->arena = a;
	return v;
}

/* Arrays of containers live in the arena: growing leaves the old copy there. */
static void *
S_arena_grow(struct arena *a, void *old, size_t size, uint32_t n, uint32_t *cap)
{
	uint32_t c = *cap ? *cap * 2 : 8;
	void *p;

	if (*cap >= UINT32_MAX / 2)
		die("out of memory (a template value with too many items)");
	p = arena_alloc(a, (size_t)c * size);
	if (n)
		memcpy(p, old, (size_t)n * size);
	*cap = c;
	return p;
}

void
tv_list_push(struct tv *list, const struct tv *item)
{
	assert(list && list->type == TV_LIST && item);
	if (list->n == list->cap)
		list->u.items = S_arena_grow(list->arena, (void *)list->u.items,
		                             sizeof(*list->u.items), list->n, &list->cap);
	list->u.items[list->n++] = item;
}

const struct tv_entry *
tv_map_find(const struct tv *m, const char *k, size_t n, uint32_t h)
{
	const struct tv_entry *e;
	uint32_t i, mask, slot;

	if (m->idx) {
		mask = m->idx_cap - 1;
		for (i = (uint32_t)hash_slot(h, m->idx_cap); (slot = m->idx[i]) != 0;
		     i = (i + 1) & mask) {
			e = &m->u.entries[slot - 1];
			if (e->hash == h && e->len == n && !memcmp(e->key, k, n))
				return e;
		}
		return NULL;
	}
	for (i = 0; i < m->n; i++) {
		e = &m->u.entries[i];
		if (e->hash == h && e->len == n && !memcmp(e->key, k, n))
			return e;
	}
	return NULL;
}

static void
S_map_index(struct tv *m)
{
	uint32_t cap = 32, i, j, mask;

	while (cap < m->n * 4)
		cap *= 2;
	m->idx = arena_alloc(m->arena, cap * sizeof(*m->idx));
	memset(m->idx, 0, cap * sizeof(*m->idx));
	m->idx_cap = cap;
	mask = cap - 1;
	for (i = 0; i < m->n; i++) {
		for (j = (uint32_t)hash_slot(m->u.entries[i].hash, cap); m->idx[j];
		     j = (j + 1) & mask)
			;
		m->idx[j] = i + 1;
	}
}

/* Sets key to v; the key is copied, or borrowed when it outlives the map. */
static void
S_map_put(struct tv *map, const char *key, size_t keylen, const struct tv *v, int copy)
{
	struct tv_entry *e;
	uint32_t h, j, mask;

	assert(map && map->type == TV_MAP && v);
	if (keylen > UINT32_MAX)
		die("template value key too long");
	h = tv_hash(key, keylen);
	e = (struct tv_entry *)tv_map_find(map, key, keylen, h);
	if (e) {
		e->val = v;
		return;
	}
	if (map->n == map->cap)
		map->u.entries = S_arena_grow(map->arena, map->u.entries, sizeof(*map->u.entries),
		                              map->n, &map->cap);
	e = &map->u.entries[map->n++];
	e->key = copy ? arena_strndup(map->arena, key, keylen) : key;
	e->len = (uint32_t)keylen;
	e->hash = h;
	e->val = v;
	if (map->n <= MAP_LINEAR)
		return;
	if (!map->idx || map->n * 2 > map->idx_cap) {
		S_map_index(map);
		return;
	}
	mask = map->idx_cap - 1;
	for (j = (uint32_t)hash_slot(h, map->idx_cap); map->idx[j]; j = (j + 1) & mask)
		;
	map->idx[j] = map->n;
}

struct tv_keys {
	struct tv proto; /* a map holding the keys, valued null, hashed when large */
};

const struct tv_keys *
tv_keys(struct arena *a, const char *const *names, size_t n)
{
	struct tv_keys *k = arena_alloc(a, sizeof(*k));
	size_t i;

	memset(k, 0, sizeof(*k));
	k->proto.type = TV_MAP;
	k->proto.arena = a;
	for (i = 0; i < n; i++)
		tv_map_set(&k->proto, names[i], &S_null);
	return k;
}

struct tv *
tv_map_keyed(struct arena *a, const struct tv_keys *keys)
{
	const struct tv *p = &keys->proto;
	struct tv *m = tv_map(a);

	/* Room for a few keys more, so that the first ones set later do not copy it all. */
	m->cap = p->n + 8;
	m->u.entries = arena_alloc(a, m->cap * sizeof(*m->u.entries));
	memcpy(m->u.entries, p->u.entries, p->n * sizeof(*m->u.entries));
	m->n = p->n;
	if (p->idx) {
		m->idx_cap = p->idx_cap;
		m->idx = arena_alloc(a, p->idx_cap * sizeof(*m->idx));
		memcpy(m->idx, p->idx, p->idx_cap * sizeof(*m->idx));
	}
	return m;
}

void
tv_map_set_at(struct tv *map, size_t i, const struct tv *v)
{
	assert(map && map->type == TV_MAP && i < map->n && v);
	map->u.entries[i].val = v;
}

void
tv_map_setn(struct tv *map, const char *key, size_t keylen, const struct tv *v)
{
	S_map_put(map, key, keylen, v, 1);
}

void
tv_map_set(struct tv *map, const char *key, const struct tv *v)
{
	S_map_put(map, key, strlen(key), v, 0);
}

void
tv_map_set_str(struct tv *map, const char *key, const char *s)
{
	tv_map_set(map, key, tv_str(map->arena, s));
}

void
tv_map_set_num(struct tv *map, const char *key, double d)
{
	tv_map_set(map, key, tv_num(map->arena, d));
}

void
tv_map_set_bool(struct tv *map, const char *key, int b)
{
	tv_map_set(map, key, tv_bool(b));
}

enum tv_type
tv_type(const struct tv *v)
{
	return (enum tv_type)v->type;
}

size_t
tv_len(const struct tv *v)
{
	switch (v->type) {
	case TV_LIST:
	case TV_MAP:
		return v->n;
	case TV_STR:
		return v->u.str.n;
	default:
		return 0;
	}
}

const struct tv *
tv_list_at(const struct tv *list, size_t i)
{
	return list->type == TV_LIST && i < list->n ? list->u.items[i] : NULL;
}

const struct tv *
tv_map_get(const struct tv *map, const char *key, size_t keylen)
{
	const struct tv_entry *e;

	if (map->type != TV_MAP)
		return NULL;
	e = tv_map_find(map, key, keylen, tv_hash(key, keylen));
	return e ? e->val : NULL;
}

const char *
tv_map_key_at(const struct tv *map, size_t i)
{
	return map->type == TV_MAP && i < map->n ? map->u.entries[i].key : NULL;
}

const struct tv *
tv_map_value_at(const struct tv *map, size_t i)
{
	return map->type == TV_MAP && i < map->n ? map->u.entries[i].val : NULL;
}

int
tv_truthy(const struct tv *v)
{
	switch (v->type) {
	case TV_BOOL:
		return v->b;
	case TV_NUM:
		return v->u.num != 0 && v->u.num == v->u.num;
	case TV_STR:
		return v->u.str.n > 0;
	case TV_LIST:
		return v->n > 0;
	case TV_MAP:
		return 1;
	default:
		return 0;
	}
}

/* Integers as integers; others in the fewest digits that read back the same. */
static void
S_format_num(struct buf *out, double d)
{
	char s[40];
	int p;

	if (d != d) {
		buf_adds(out, "NaN");
		return;
	}
	if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
		buf_adds(out, d > 0 ? "Infinity" : "-Infinity");
		return;
	}
	if (d == 0) {
		buf_addc(out, '0'); /* and not "-0" */
		return;
	}
	if (d > -9007199254740992.0 && d < 9007199254740992.0 && (double)(int64_t)d == d) {
		buf_addf(out, "%lld", (long long)(int64_t)d);
		return;
	}
	for (p = 1; p < 17; p++) {
		snprintf(s, sizeof(s), "%.*g", p, d);
		if (strtod(s, NULL) == d)
			break;
	}
	if (p == 17)
		snprintf(s, sizeof(s), "%.17g", d);
	buf_adds(out, s);
}

void
tv_format(struct buf *out, const struct tv *v)
{
	switch (v->type) {
	case TV_BOOL:
		buf_adds(out, v->b ? "true" : "false");
		break;
	case TV_NUM:
		S_format_num(out, v->u.num);
		break;
	case TV_STR:
		buf_add(out, v->u.str.s, v->u.str.n);
		break;
	default:
		break;
	}
}
