/* error.c - the failures of a command, recorded where they happen, printed once (error.h). */
#include "base/error.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "base/escape.h"

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static char **S_messages;
static size_t S_n, S_cap;

int
error_set(const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&S_lock);
	S_messages = xgrow(S_messages, sizeof(*S_messages), S_n + 1, &S_cap);
	S_messages[S_n++] = buf_detach(&msg);
	pthread_mutex_unlock(&S_lock);
	return -1;
}

int
error_failed(void)
{
	size_t n;

	pthread_mutex_lock(&S_lock);
	n = S_n;
	pthread_mutex_unlock(&S_lock);
	return n > 0;
}

void
error_print(void)
{
	size_t i;

	pthread_mutex_lock(&S_lock);
	for (i = 0; i < S_n; i++) {
		term_error("%s", S_messages[i]);
		free(S_messages[i]);
	}
	free(S_messages);
	S_messages = NULL;
	S_n = S_cap = 0;
	pthread_mutex_unlock(&S_lock);
}
