/*
 * node.h - a YAML document as a tree of nodes that keep their line:col,
 * read by yaml_block or with libyaml's event API. Nothing is guessed:
 * scalars stay text until the schema reads them by the field's type
 * (value.c).
 */
#ifndef SVCGEN_NODE_H
#define SVCGEN_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/diag.h"
#include "model/schema.h"
#include "base/util.h"

enum node_type {
	NODE_NULL, /* plain ~, null, Null, NULL or nothing */
	NODE_SCALAR,
	NODE_MAP, /* kids: n pairs, key then value */
	NODE_SEQ, /* kids: n items */
	NODE_BAD  /* refused (alias) or of the wrong type: already reported */
};

/* What a scalar was read as, once the schema has checked it. */
enum node_value {
	VAL_NONE,
	VAL_FILE,    /* v.i: bytes of an attachment that validation accepted */
	VAL_INT,     /* v.i */
	VAL_NUMBER,  /* v.d */
	VAL_MONEY,   /* v.i, in cents */
	VAL_BOOL,    /* v.i */
	VAL_DATE,    /* v.i: days since 1970-01-01 */
	VAL_DATETIME /* v.i: seconds since the epoch (an instant) */
};

/*
 * A column is kept in 25 bits: past NODE_COL_MAX (a line of 32 MiB) it is
 * shown as NODE_COL_MAX (docs/architecture.md, "Scale").
 */
#define NODE_COL_MAX 0x1FFFFFFu

/*
 * 24 bytes, as a million records make some 40 million nodes: a scalar's
 * length shares its place with the value read from it, since that text
 * holds no NUL (typecheck refuses one before reading a value), and so is
 * strlen(u.str) then. node_len gives it either way.
 */
struct node {
	union {
		const char *str;
		struct node *kids;
	} u;
	union {
		uint32_t n; /* a scalar without a value: byte length; map: pairs; seq: items */
		union {
			int64_t i;
			double d;
		} v; /* a scalar with a value (value != VAL_NONE) */
	};
	uint32_t line;
	unsigned col : 25;  /* in code points, from 1; at most NODE_COL_MAX */
	unsigned type : 3;  /* enum node_type */
	unsigned value : 3; /* enum node_value */
	unsigned plain : 1; /* a plain (unquoted, non-block) scalar */
};

/* The bytes of a scalar's text, whether a value was read from it or not. */
static inline size_t
node_len(const struct node *n)
{
	return n->value != VAL_NONE ? strlen(n->u.str) : n->n;
}

/*
 * The value of field key k in a map, or NULL: the one way code reads a
 * field of the schema (model/schema.h). A key the loader stored as
 * key_names[k] is found by its address; a tree read without interning (an
 * old version from git, say) by its bytes.
 */
static inline const struct node *
node_field(const struct node *map, enum schema_key k)
{
	const char *want = key_names[k];
	size_t i, len = key_lens[k];

	if (!map || map->type != NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct node *key = &map->u.kids[2 * i];

		if (key->type != NODE_SCALAR)
			continue;
		if (key->u.str == want || (!key_interned(key->u.str) && node_len(key) == len &&
		                           !memcmp(key->u.str, want, len)))
			return &map->u.kids[2 * i + 1];
	}
	return NULL;
}

/* The value of `key` in a map, or NULL: for maps that are not records' (labels, config). */
const struct node *node_get(const struct node *map, const char *key);
int node_is_str(const struct node *n, const char *s);

/* The local day of a checked date or datetime node. */
int64_t node_day(const struct node *n, int tzoff);

#endif
