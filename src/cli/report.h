/*
 * report.h - prints the sorted diagnostics in one of the formats of
 * `svcgen check --format`: text (with the source line and a caret on a
 * terminal), json, github (workflow commands), sarif (2.1.0), junit (XML).
 */
#ifndef SVCGEN_REPORT_H
#define SVCGEN_REPORT_H

#include <stdio.h>

#include "model/diag.h"
#include "load/source.h"

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_GITHUB, REPORT_SARIF, REPORT_JUNIT };

/* -1 when the name is not a format. */
int report_format_lookup(const char *name);

struct report_opts {
	enum report_format format;
	int excerpt;                  /* text: show the source line and a caret */
	struct source *src;           /* where excerpts are read from; may be NULL */
	size_t files;                 /* files checked, for summaries */
	const char *const *file_list; /* junit: every file checked (display paths) */
	size_t file_count;
	int werror;
	int color; /* text: SGR colours for a terminal (report_color) */
};

/*
 * Whether text goes out in colour: "always", "never", or "auto" (NULL):
 * on a terminal, unless NO_COLOR is set and not empty or TERM is dumb
 * (https://no-color.org). -1 for another word.
 */
int report_color(const char *when, int is_tty);

/* Prints d (already sorted) to out. */
void report_print(FILE *out, const struct diags *d, const struct report_opts *o);

#endif
