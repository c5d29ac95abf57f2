/* error.c - the failure of a command, recorded where it happens, printed once (error.h). */
#include "base/error.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "base/escape.h"
#include "base/msg.h"

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf S_message = BUF_INIT;
static int S_set;          /* a failure is recorded */
static pthread_t S_thread; /* by this thread */

int
error_set(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&S_lock);
	if (!S_set) {
		va_start(ap, fmt);
		/* In the terminal's language (docs/architecture.md, "Messages"). */
		buf_vaddf(&S_message, tr_term(fmt), ap);
		va_end(ap);
		S_set = 1;
		S_thread = pthread_self();
	}
	pthread_mutex_unlock(&S_lock);
	return -1;
}

int
error_context(const char *fmt, ...)
{
	struct buf where = BUF_INIT, msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&where, tr_term(fmt), ap);
	va_end(ap);
	pthread_mutex_lock(&S_lock);
	/* Another thread's failure is not the one this caller's callee met. */
	if (S_set && pthread_equal(S_thread, pthread_self())) {
		buf_addf(&msg, tr_term("%s: %s"), buf_str(&where), buf_str(&S_message));
		buf_free(&S_message);
		S_message = msg;
	}
	buf_free(&where);
	pthread_mutex_unlock(&S_lock);
	return -1;
}

void
error_forget(void)
{
	pthread_mutex_lock(&S_lock);
	if (S_set && pthread_equal(S_thread, pthread_self())) {
		buf_free(&S_message);
		S_set = 0;
	}
	pthread_mutex_unlock(&S_lock);
}

void
error_print(void)
{
	pthread_mutex_lock(&S_lock);
	if (S_set)
		term_error("%s", S_message.buf);
	buf_free(&S_message);
	S_set = 0;
	pthread_mutex_unlock(&S_lock);
}
