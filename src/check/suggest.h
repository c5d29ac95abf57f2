/*
 * suggest.h - what a reference that names no record may have meant: a
 * record whose name it is, or the id closest to it (docs/rules/ref-missing.md).
 */
#ifndef SVCGEN_SUGGEST_H
#define SVCGEN_SUGGEST_H

#include "model/record.h"

struct suggest;

/* Nothing is read until the first suggestion asked for. */
struct suggest *suggest_new(const struct records *r);
void suggest_free(struct suggest *s);
/*
 * A record of one of kinds (bits 1 << kind) that ref was likely meant to
 * name: one whose name is ref (*by_name set to 1), else one whose id is a
 * couple of typos from ref among the ids beside it in byte order; never
 * self (a record does not name itself); NULL.
 * Any thread may ask: the first builds the lists, under a lock.
 */
const struct record *suggest_ref(struct suggest *s, const char *ref, unsigned kinds,
                                 const struct record *self, int *by_name);

#endif
