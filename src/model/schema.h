/*
 * schema.h - the record kinds and their fields (docs/records.md, docs/config.md), generated
 * from schema.def. Code walks schema_fields[]; `svcgen schema` prints it.
 */
#ifndef SVCGEN_SCHEMA_H
#define SVCGEN_SCHEMA_H

#include <stddef.h>

enum field_type {
	T_ID,     /* the record id (a string checked by id-format) */
	T_STRING, /* one line */
	T_TEXT,   /* multi-line */
	T_TOPIC,  /* a standard's topic: checked against its category */
	T_INT,
	T_POSINT, /* int > 0 */
	T_NUMBER,
	T_MONEY, /* decimal >= 0, at most 2 places */
	T_BOOL,
	T_DATE,     /* YYYY-MM-DD */
	T_DATETIME, /* YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] */
	T_DAY,      /* a date, or a datetime */
	T_RATING,   /* integer 1-5 */
	T_ENUM,
	T_CFGENUM, /* values from a config list */
	T_REF,
	T_OBJECT,
	T_MAP, /* keys from a fixed set (MAPK_*) */
	T_PHONE,
	T_EMAIL,
	T_PERIOD,  /* YYYY-MM */
	T_TIMEZONE /* Z, UTC or +HH:MM */
};

enum field_flags { REQ = 1, PII = 2, LIST = 4 };

enum object_id {
#define OBJ(o) OBJ_##o,
#define F(o, f, t, fl, arg)
#include "model/schema.def"
#undef OBJ
#undef F
	OBJ__COUNT
};

/* The record kinds are the first objects, customers .. dealers. */
#define KIND__COUNT (OBJ_dealers + 1)

enum field_id {
#define OBJ(o)
#define F(o, f, t, fl, arg) F_##o##_##f,
#include "model/schema.def"
#undef OBJ
#undef F
	F__COUNT
};

/*
 * The distinct field names of schema.def, each once, in byte order: a
 * field is read by its key (node_field, record_value) rather than by its
 * name. keys.def is made from schema.def by the Makefile (KEY(name) per
 * line), so that adding a field to schema.def adds its key.
 */
enum schema_key {
#define KEY(k) KEY_##k,
#include "model/keys.def"
#undef KEY
	KEY__COUNT
};

/*
 * The text of each key, in one block of memory: the loader stores every
 * mapping key that is a field name as these very pointers (schema_intern),
 * so a key is found by comparing addresses.
 */
extern const char *const key_names[KEY__COUNT];
extern const unsigned char key_lens[KEY__COUNT];
/* The block of key_names' text: [key_block, key_block + key_block_size). */
extern const char *const key_block;
extern const size_t key_block_size;

/* Is s one of key_names (so that another key's text cannot equal it)? */
static inline int
key_interned(const char *s)
{
	return s >= key_block && s < key_block + key_block_size;
}
/* The key whose interned text s is (key_names[k] == s), or -1 when s is not one. */
int key_index(const char *s);

enum cfg_list { CFG_regions, CFG_models, CFG_platforms };
enum map_keys { MAPK_none, MAPK_targets, MAPK_rules };

struct field {
	const char *name; /* key_names[key] */
	enum schema_key key;
	enum object_id obj;
	enum field_type type;
	unsigned flags;
	const char *const *values; /* T_ENUM: NULL-terminated */
	int cfg;                   /* T_CFGENUM: enum cfg_list */
	unsigned kinds;            /* T_REF: bit per kind accepted */
	int sub;                   /* T_OBJECT: enum object_id */
	int mapk;                  /* T_MAP: enum map_keys */
};

struct object {
	const char *name;
	unsigned first, count; /* its fields: schema_fields[first .. first+count) */
};

extern const struct field schema_fields[F__COUNT];

const struct object *schema_object(int obj);
/* The field named `name` (n bytes) of obj, or -1. */
int schema_field_lookup(int obj, const char *name, size_t n);
/* The kind whose folder is `name`, or -1. */
int schema_kind_lookup(const char *name);
const char *schema_type_name(enum field_type t);
/* The key_names copy of a field name equal to s[0..n), or NULL. */
const char *schema_intern(const char *s, size_t n);

#endif
