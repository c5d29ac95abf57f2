/*
 * validate.h - the second stage: every record against the schema
 * (typecheck.c), then the rules between records (SPEC §4, §10).
 */
#ifndef SVCGEN_VALIDATE_H
#define SVCGEN_VALIDATE_H

#include <stdint.h>

#include "model/diag.h"
#include "load/load.h"

/*
 * The schema and the rules within one record. Shaped as a load_opts.each
 * hook so that it runs on the thread that parsed the record.
 */
void validate_record(void *unused, const struct repo *r, struct record *rec, struct diags *d);
/* The rules between records; today is the as-of date (local days since 1970-01-01). */
void validate_repo(const struct repo *r, int64_t today, struct diags *d);

/*
 * The target of metric (its name, and m of enum metric) in force on day
 * (SPEC §10 Targets): among the standards effective that day whose targets
 * name it (stds[0..n), or every record when stds is NULL), the latest
 * effective, then the id that sorts last (*by); else svcgen.yaml's (*by
 * NULL). -1 when there is none.
 */
int target_in_force(const struct repo *r, const struct record *const *stds, size_t n,
                    const char *metric, int m, int64_t day, double *out, const struct record **by);
/* Is standard std effective on local day `day` (SPEC §10)? */
int standard_effective_on(const struct record *std, int64_t day);
/* The local day of a checked date or datetime node. */
int64_t node_day(const struct node *n, int tzoff);
/*
 * Did validation accept a, an entry of a ticket's `attachments`: a regular
 * file in attachments/, reached through folders only, within
 * limits.attachment_bytes (its size is then a->v.i)? Only those are linked
 * and published; the site does not look at the file system to decide.
 */
int attachment_accepted(const struct node *a);
/* A checked scalar value of a record's field, or NULL (absent or invalid). */
const struct node *rec_value(const struct record *rec, const char *field);

#endif
