/*
 * typecheck.h - walks a node tree against an object of the schema:
 * unknown-field, missing-field, type, enum, id-format. Valid scalars get
 * their parsed value (node.value, node.v); invalid ones become NODE_BAD so
 * that later rules skip what was already reported.
 */
#ifndef SVCGEN_TYPECHECK_H
#define SVCGEN_TYPECHECK_H

#include "model/config.h"
#include "model/diag.h"
#include "model/node.h"

struct typecheck {
	struct diags *d;
	const char *path;
	const struct config *cfg;
};

/* Checks map against object obj; problems go to tc->d against tc->path. */
void typecheck_object(const struct typecheck *tc, struct node *map, int obj);
/* The closest of the NULL-terminated names to s, or NULL when none is close. */
const char *typecheck_closest(const char *s, const char *const *names, int ci);

#endif
