/*
 * parse.h - YAML text to a node tree (model/node.h) that keeps each
 * value's line:col: plain block YAML by yaml_block, the rest by libyaml.
 */
#ifndef SVCGEN_PARSE_H
#define SVCGEN_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"
#include "model/diag.h"
#include "model/node.h"

/*
 * Reports each line of text (its first at line line0 + 1) up to line upto
 * whose indentation holds a full-width space (U+3000) or whose key is
 * followed by a full-width colon '：', typed where YAML needs its own
 * (yaml-syntax). Returns how many it reported.
 */
int yaml_fullwidth(const char *text, size_t len, uint32_t line0, uint32_t upto, const char *path,
                   struct diags *d);

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

/* Checks text for valid UTF-8 and a UTF-16/32 byte order; reports `encoding`. */
int text_check_encoding(const char *text, size_t len, uint32_t line0, const char *path,
                        struct diags *d);

#endif
