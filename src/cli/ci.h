/*
 * ci.h - matching problems across revisions (SPEC §4 --range, --new-since):
 * a problem is the same in two revisions when its rule, record id and field
 * are, wherever its line moved.
 */
#ifndef SVCGEN_CI_H
#define SVCGEN_CI_H

#include "model/diag.h"
#include "load/load.h"

/* Sets each diagnostic's key from its rule, its record's id and the field it points at. */
void ci_set_keys(struct diags *d, const struct records *r);

/*
 * Drops from d each diagnostic whose key base has too (a key that base has
 * twice drops two). Both must have their keys set.
 */
void ci_subtract(struct diags *d, const struct diags *base);

#endif
