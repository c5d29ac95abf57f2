/* schema.c - the schema tables, built from schema.def. */
#include "model/schema.h"

#include <stddef.h>
#include <string.h>

#define NOARG .values = NULL
#define V(...)                                                                                     \
	.values = (const char *const[])                                                            \
	{                                                                                          \
		__VA_ARGS__, NULL                                                                  \
	}
#define CFG(l) .cfg = CFG_##l
#define KINDS(k) .kinds = 1u << OBJ_##k
#define KINDS2(k1, k2) .kinds = (1u << OBJ_##k1) | (1u << OBJ_##k2)
#define KINDS_ANY .kinds = (1u << KIND__COUNT) - 1
#define SUB(o) .sub = OBJ_##o
#define MAPK(m) .mapk = MAPK_##m

/* Every key's text, one after the other: key_interned is a range check. */
struct key_pool {
#define KEY(k) char k[sizeof #k];
#include "model/keys.def"
#undef KEY
};
static const struct key_pool S_keys = {
#define KEY(k) #k,
#include "model/keys.def"
#undef KEY
};

const char *const key_names[KEY__COUNT] = {
#define KEY(k) S_keys.k,
#include "model/keys.def"
#undef KEY
};

const unsigned char key_lens[KEY__COUNT] = {
#define KEY(k) sizeof #k - 1,
#include "model/keys.def"
#undef KEY
};

/* The key + 1 whose text starts at each offset of the pool. */
static const unsigned char S_key_at[sizeof(struct key_pool)] = {
#define KEY(k) [offsetof(struct key_pool, k)] = KEY_##k + 1,
#include "model/keys.def"
#undef KEY
};

const char *const key_block = (const char *)&S_keys;
const size_t key_block_size = sizeof(S_keys);

int
key_index(const char *s)
{
	return key_interned(s) ? S_key_at[s - key_block] - 1 : -1;
}

const struct field schema_fields[F__COUNT] = {
#define OBJ(o)
#define F(o, f, t, fl, arg)                                                                        \
	{.name = S_keys.f, .key = KEY_##f, .obj = OBJ_##o, .type = T_##t, .flags = (fl), arg},
#include "model/schema.def"
#undef OBJ
#undef F
};

static const char *const S_object_names[OBJ__COUNT] = {
#define OBJ(o) #o,
#define F(o, f, t, fl, arg)
#include "model/schema.def"
#undef OBJ
#undef F
};

const struct object *
schema_object(int obj)
{
	static struct object objects[OBJ__COUNT];
	static int ready;
	unsigned i;

	if (!ready) {
		/* Fields of one object are contiguous in schema.def. */
		for (i = F__COUNT; i-- > 0;) {
			struct object *o = &objects[schema_fields[i].obj];

			o->first = i;
			o->count++;
		}
		for (i = 0; i < OBJ__COUNT; i++)
			objects[i].name = S_object_names[i];
		ready = 1;
	}
	return &objects[obj];
}

int
schema_field_lookup(int obj, const char *name, size_t n)
{
	const struct object *o = schema_object(obj);
	unsigned i;

	/* Keys interned by schema_intern are the schema's own strings. */
	for (i = o->first; i < o->first + o->count; i++)
		if (schema_fields[i].name == name)
			return (int)i;
	for (i = o->first; i < o->first + o->count; i++)
		if (schema_fields[i].name[0] == name[0] && strlen(schema_fields[i].name) == n &&
		    !memcmp(schema_fields[i].name, name, n))
			return (int)i;
	return -1;
}

int
schema_kind_lookup(const char *name)
{
	int k;

	for (k = 0; k < KIND__COUNT; k++)
		if (!strcmp(S_object_names[k], name))
			return k;
	return -1;
}

/* Field names by length and first byte: a few comparisons find a key. */
const char *
schema_intern(const char *s, size_t n)
{
	static const char *table[32][64];
	static int ready;
	size_t i, slot;

	if (!ready) {
		for (i = 0; i < F__COUNT; i++) {
			const char *name = schema_fields[i].name;
			size_t len = strlen(name);

			if (len >= 32)
				continue;
			for (slot = 0; slot < 63 && table[len][slot]; slot++)
				if (!strcmp(table[len][slot], name))
					break;
			table[len][slot] = name;
		}
		ready = 1;
	}
	if (n >= 32)
		return NULL;
	for (slot = 0; table[n][slot]; slot++)
		if (table[n][slot][0] == s[0] && !memcmp(table[n][slot], s, n))
			return table[n][slot];
	return NULL;
}

const char *
schema_type_name(enum field_type t)
{
	static const char *const names[] = {
	    "id",     "string", "text",    "topic",     "int",      "int>0",
	    "number", "money",  "bool",    "date",      "datetime", "date or datetime",
	    "rating", "enum",   "enum",    "ref",       "object",   "map",
	    "phone",  "email",  "YYYY-MM", "time zone",
	};

	return names[t];
}
