/*
 * measure: run a command and print its wall time and peak memory.
 *
 *   measure [-v] [--] CMD [ARGS...]
 *
 * Forks, execs CMD (searched in PATH), waits with wait4() and prints one line
 * on stdout:
 *
 *   wall=1.234 user=1.100 sys=0.120 maxrss_kb=56789 status=0
 *
 * wall is in seconds (monotonic clock), maxrss_kb is the child's peak
 * resident set size (ru_maxrss, KiB on Linux), status is the exit status, or
 * 128 + the signal number if the child was killed.  The child's stdout and
 * stderr go to /dev/null unless -v is given.  measure's own exit status is 0
 * once the child ran (whatever its status), 127 if it could not be started.
 */
#define _DEFAULT_SOURCE /* wait4() */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
S_seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static double
S_tv(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int verbose = 0, i = 1, status, code, fds[2];
	pid_t pid;
	ssize_t got;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			fprintf(stderr, "measure: unknown option %s\n", argv[i]);
			return 2;
		}
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: measure [-v] [--] CMD [ARGS...]\n");
		return 2;
	}
	/* a close-on-exec pipe tells the parent whether exec failed */
	if (pipe(fds) != 0 || fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0) {
		perror("measure: pipe");
		return 127;
	}
	fflush(NULL);
	if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0) {
		perror("measure: clock_gettime");
		return 127;
	}
	pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 127;
	}
	if (pid == 0) {
		int err;

		close(fds[0]);
		if (!verbose) {
			int null = open("/dev/null", O_WRONLY);

			if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
				_exit(127);
			close(null);
		}
		execvp(argv[i], argv + i);
		err = errno;
		if (write(fds[1], &err, sizeof err) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[1]);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return 127;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		int err = 0;

		got = read(fds[0], &err, sizeof err);
		close(fds[0]);
		if (got == (ssize_t)sizeof err) {
			fprintf(stderr, "measure: cannot run %s: %s\n", argv[i], strerror(err));
			return 127;
		}
	}
	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 255;
	printf("wall=%.3f user=%.3f sys=%.3f maxrss_kb=%ld status=%d\n", S_seconds(&t0, &t1),
	       S_tv(&ru.ru_utime), S_tv(&ru.ru_stime), (long)ru.ru_maxrss, code);
	return 0;
}
