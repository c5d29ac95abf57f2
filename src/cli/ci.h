/*
 * ci.h - matching problems across revisions (docs/history.md, "--range
 * A..B" and "--new-since BASE"): a problem is the same in two revisions
 * when its rule, record id and field are, wherever its line moved.
 */
#ifndef SVCGEN_CI_H
#define SVCGEN_CI_H

#include <stddef.h>
#include <stdint.h>

#include "cli/input.h"
#include "model/diag.h"
#include "load/load.h"

/* Sets each diagnostic's key from its rule, its record's id and the field it points at. */
void ci_set_keys(struct diags *d, const struct records *r);

/*
 * Drops from d each diagnostic whose key base has too (a key that base has
 * twice drops two). Both must have their keys set.
 */
void ci_subtract(struct diags *d, const struct diags *base);

/*
 * --new-since BASE: drops from d what BASE has, BASE checked with the
 * same today; r: the records d is about, to key d by (NULL: d is keyed
 * already). 0, or an exit status after a message.
 */
int ci_new_since(struct input *in, const char *base, struct diags *d, const struct records *r,
                 int64_t today);

/*
 * --range A..B: checks every commit of the range, oldest first, into out:
 * each problem once, by the commit that introduced it (a merge introduces
 * what none of its parents had), with a line of counts a commit on
 * stderr. *today and *files: those of B. 0, or an exit status after a
 * message.
 */
int ci_check_range(struct input *in, const char *range, const char *as_of, struct diags *out,
                   int64_t *today, size_t *files);

#endif
