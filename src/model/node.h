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
 * node_parse reads plain block YAML with yaml_block and the rest with
 * libyaml; set, every text goes to libyaml (SVCGEN_YAML=libyaml, to compare).
 */
extern int node_libyaml_only;

/*
 * The values copied last, by their bytes, so that a value met again (a
 * status, a part, a staff member's id) points at the copy made before
 * rather than at one of its own: a cache of NODE_DEDUP_SLOTS, each value
 * in one slot by its hash, a newer one taking an older one's place, so
 * that the frequent ones stay. A slot holds the first bytes of its value
 * too, so that most are compared without reading the copy. Values longer
 * than NODE_DEDUP_MAX bytes are copied as they are. The copies are in the
 * arena of the parses that use it, which must be one.
 */
#define NODE_DEDUP_SLOTS 16384
#define NODE_DEDUP_MAX 64
struct node_dedup {
	struct node_dedup_slot {
		const char *s;
		uint32_t len, tag;
		char head[16];
	} * v; /* NODE_DEDUP_SLOTS */
};
void node_dedup_init(struct node_dedup *c);
void node_dedup_free(struct node_dedup *c);

struct node_limits {
	unsigned depth; /* the record's own mapping is level 1 */
	/* Optional: a shared copy of a common key, so each file need not keep its own. */
	const char *(*intern)(const char *s, size_t n);
};

/*
 * Parses one YAML document of text[0..len) into nodes allocated in `a`.
 * `line0` is added to every line (front matter starts below `---`).
 * Problems go to `d` against `path`. Returns the root, or NULL when the
 * document could not be read (a diagnostic says why) or is empty (*empty
 * is then set).
 */
struct node *node_parse(struct arena *a, const char *text, size_t len, uint32_t line0,
                        const char *path, const struct node_limits *lim, struct diags *d,
                        int *empty);
/* The same, sharing values through dedup (NULL: none), whose copies are in a. */
struct node *node_parse_dedup(struct arena *a, struct node_dedup *dedup, const char *text,
                              size_t len, uint32_t line0, const char *path,
                              const struct node_limits *lim, struct diags *d, int *empty);

/* The value of `key` in a map, or NULL. */
const struct node *node_get(const struct node *map, const char *key);
int node_is_str(const struct node *n, const char *s);

/* Checks text for valid UTF-8 and a UTF-16/32 byte order; reports `encoding`. */
int text_check_encoding(const char *text, size_t len, uint32_t line0, const char *path,
                        struct diags *d);

#endif
