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

#include "diag.h"
#include "util.h"

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

struct node {
	uint8_t type;  /* enum node_type */
	uint8_t plain; /* a plain (unquoted, non-block) scalar */
	uint8_t value; /* enum node_value */
	uint8_t pad;
	uint32_t line, col;
	uint32_t n; /* scalar: byte length; map: pairs; seq: items */
	union {
		const char *str;
		struct node *kids;
	} u;
	union {
		int64_t i;
		double d;
	} v;
};

/*
 * node_parse reads plain block YAML with yaml_block and the rest with
 * libyaml; set, every text goes to libyaml (SVCGEN_YAML=libyaml, to compare).
 */
extern int node_libyaml_only;

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

/* The value of `key` in a map, or NULL. */
const struct node *node_get(const struct node *map, const char *key);
int node_is_str(const struct node *n, const char *s);

/* Checks text for valid UTF-8 and a UTF-16/32 byte order; reports `encoding`. */
int text_check_encoding(const char *text, size_t len, uint32_t line0, const char *path,
                        struct diags *d);

#endif
