/*
 * log.h - the audit trail in a terminal (svcgen log; docs/history.md, README.md): one
 * record's changes, field by field, or the change log of the whole
 * repository; as text or JSON.
 */
#ifndef SVCGEN_LOG_H
#define SVCGEN_LOG_H

#include <stdio.h>

#include "history/audit.h"
#include "history/history.h"

struct log_opts {
	int json;
	int show_pii;
	size_t max_bytes; /* larger versions are not compared */
};

/*
 * Prints the trail of id: 1, or 0 when the history has no such record, -1
 * when a version could not be read (after a message).
 */
int log_record(FILE *out, git_repository *repo, const struct history *h, const struct findings *f,
               const char *id, const struct log_opts *o);

/* Prints every commit that changed a record, newest first, with the records it changed. */
void log_all(FILE *out, const struct history *h, const struct log_opts *o);

#endif
