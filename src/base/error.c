/* error.c - the failure of a command, recorded once, printed once (error.h). */
#include "base/error.h"

#include <pthread.h>
#include <stdarg.h>

#include "base/escape.h"

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf S_message = BUF_INIT;
static int S_set;

int
error_set(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&S_lock);
	if (!S_set) {
		va_start(ap, fmt);
		buf_vaddf(&S_message, fmt, ap);
		va_end(ap);
		S_set = 1;
	}
	pthread_mutex_unlock(&S_lock);
	return -1;
}

int
error_failed(void)
{
	int set;

	pthread_mutex_lock(&S_lock);
	set = S_set;
	pthread_mutex_unlock(&S_lock);
	return set;
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
