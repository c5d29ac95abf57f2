/*
 * validate.h - the second stage: every record against the schema
 * (typecheck.c), then the rules between records (docs/rules/).
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
void validate_record(void *unused, const struct records *r, struct record *rec, struct diags *d);
/*
 * The fields rec's type or status requires that it lacks (the status-fields
 * rule, docs/rules/status-fields.md), at most max of them into out, in the
 * order the rule checks them: how many.
 */
size_t validate_missing(const struct records *r, const struct record *rec, enum schema_key *out,
                        size_t max);
/*
 * The topics a management or a work standard may have (a technical one may
 * have any): NULL-terminated.
 */
extern const char *const validate_topics_management[];
extern const char *const validate_topics_work[];
/* The rules between records; today is the as-of date (local days since 1970-01-01). */
void validate_records(struct records *r, int64_t today, struct diags *d);

#endif
