/*
 * signals.c - what publish sets up for the process before any thread runs:
 * the signals that interrupt a build (which then fails, leaving the old
 * site), and the umask, read once.
 */
#include "publish/publish.h"
#include "publish/publish_int.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>

static atomic_int S_signal;
/* The process's umask, read once before any thread runs (umask(2) has no getter). */
static mode_t S_umask;
static int S_umask_read;

static void
S_on_signal(int sig)
{
	atomic_store(&S_signal, sig);
}

void
publish_install_signal_handlers(void)
{
	struct sigaction sa;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = S_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
	S_umask = umask(022);
	umask(S_umask);
	S_umask_read = 1;
}

int
publish_interrupted(void)
{
	return atomic_load(&S_signal);
}

mode_t
pub_umask(void)
{
	/* When publish_install_signal_handlers did not read it. */
	if (!S_umask_read) {
		S_umask = umask(022);
		umask(S_umask);
		S_umask_read = 1;
	}
	return S_umask;
}
