/*
 * error.h - how a failure that is not the records' travels (a file that
 * cannot be read or written, git, a template, a refused output folder): the
 * function where it happens records it once with error_set and returns -1;
 * the functions above it return -1 in turn without printing; the command
 * prints what was recorded once with error_print, at its one way out, and
 * exits 3 (docs/architecture.md, "Errors"). Problems in the records are not
 * failures: they are diagnostics (model/diag.h).
 */
#ifndef SVCGEN_ERROR_H
#define SVCGEN_ERROR_H

#include "base/util.h"

/*
 * Records a failure: its message, as term_error will show it. Any thread
 * may call it; they are printed in the order recorded. Returns -1.
 */
int error_set(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* Has a failure been recorded (and not printed yet)? */
int error_failed(void);
/* Prints each failure recorded ("svcgen: " and its message), then forgets them. */
void error_print(void);

#endif
