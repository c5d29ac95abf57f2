/*
 * error.h - how a failure that is not the records' travels (a file that
 * cannot be read or written, git, a template, a refused output folder): the
 * function where it happens records it once with error_set and returns -1;
 * the functions above it return -1 in turn without printing; the command
 * prints it once with error_print, at its one way out, and exits 3
 * (docs/architecture.md, "Errors"). The first failure is the one kept: those
 * after it are mostly its consequences (threads failing together). Problems
 * in the records are not failures: they are diagnostics (model/diag.h).
 */
#ifndef SVCGEN_ERROR_H
#define SVCGEN_ERROR_H

#include "base/util.h"

/*
 * Records a failure, its message as term_error will show it, unless one is
 * recorded already. Any thread may call it. fmt is an English text of the
 * catalogue (base/msg.h), written in the terminal's language (tr_term);
 * so is error_context's. Returns -1.
 */
int error_set(const char *fmt, ...) ATTR_PRINTF(1, 2);
/*
 * Puts "where: " before the failure recorded, for a caller that knows what
 * was being done when its callee failed (the callee says why, the caller
 * where, as git's messages do); not when another thread recorded it.
 * Returns -1.
 */
int error_context(const char *fmt, ...) ATTR_PRINTF(1, 2);
/*
 * Forgets the failure recorded, for a caller that has a way on without
 * what its callee could not do (when nothing had failed before the call).
 */
void error_forget(void);
/* Prints the failure recorded ("svcgen: " and its message), if any, and forgets it. */
void error_print(void);

#endif
