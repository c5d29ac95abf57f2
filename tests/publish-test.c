/*
 * publish-test.c - drives the publish stage as `svcgen build` will, for
 * tests/suites/publish.sh: one build of generated pages and/or the files of
 * a folder into OUT, from one or several threads.
 *
 * usage: publish-test [options] OUT
 *   --records DIR   the records folder (refused as OUT, with its family)
 *   --from DIR      publish every regular file under DIR, by its path in DIR
 *   --copy          ... through publish_copy rather than publish_file
 *   --parts         generated pages through publish_parts, in pieces
 *   --gen N         N pages, pNNN/page-NNNNN.html, 500 to a folder
 *   --vary K        page K gets other content
 *   --skip K        page K is not published
 *   --big BYTES     also big.bin, of BYTES bytes
 *   --rel PATH      also PATH, holding "x" (repeatable)
 *   --copy-file PATH SRC  also PATH, a copy of SRC by publish_copy (repeatable)
 *   --copy-max BYTES      publish_copy's limit (default: none)
 *   --delay-us N    sleep N microseconds after each file
 *   --threads N     publish from N threads
 *   --abort         abort rather than commit
 *   --reuse         generated pages have input digests (page K's: K + 1, and
 *                   2 + whether it is the page of --vary), and a page whose
 *                   digest the old manifest lists is kept (publish_reuse)
 *   --group N       ... pages K and K' share one digest when K / N = K' / N
 * Prints "written=W unchanged=U removed=R noop=0|1 reused=K ms=T" and exits 0; exits
 * 3 when the build failed, 128 + the signal when a signal interrupted it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "publish/publish.h"
#include "base/error.h"
#include "base/escape.h"
#include "base/util.h"

struct item {
	char *rel;
	char *src; /* a file to read or copy, or NULL */
	size_t gen;
	int kind; /* 0 generated page, 1 file, 2 "x", 3 big, 4 copy */
};

static struct item *S_items;
static size_t S_n, S_cap, S_vary = (size_t)-1, S_big;
static long S_delay_us;
static int S_copy, S_parts, S_failed, S_reuse;
static size_t S_group = 1, S_ngen;
static uint64_t S_copy_max = UINT64_MAX;
static atomic_size_t S_next;
static struct publish *S_pub;

static void
S_add(const char *rel, const char *src, size_t gen, int kind)
{
	S_items = xgrow(S_items, sizeof(*S_items), S_n + 1, &S_cap);
	S_items[S_n].rel = xstrdup(rel);
	S_items[S_n].src = src ? xstrdup(src) : NULL;
	S_items[S_n].gen = gen;
	S_items[S_n].kind = kind;
	S_n++;
}

static int
S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
S_walk(const char *top, const char *rel)
{
	struct buf dir = BUF_INIT, sub = BUF_INIT, path = BUF_INIT;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;

	buf_addf(&dir, "%s%s%s", top, *rel ? "/" : "", rel);
	if (!(d = opendir(dir.buf)))
		die("%s: %s", dir.buf, strerror(errno));
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = xgrow(names, sizeof(*names), n + 1, &cap);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), S_name_cmp);
	for (i = 0; i < n; i++) {
		buf_reset(&sub);
		buf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		buf_reset(&path);
		buf_addf(&path, "%s/%s", top, sub.buf);
		if (lstat(path.buf, &st) == 0 && S_ISDIR(st.st_mode))
			S_walk(top, sub.buf);
		else if (S_ISREG(st.st_mode))
			S_add(sub.buf, path.buf, 0, 1);
		free(names[i]);
	}
	free(names);
	buf_free(&dir);
	buf_free(&sub);
	buf_free(&path);
}

static void
S_page(struct buf *b, size_t i)
{
	size_t k;

	buf_reset(b);
	buf_addf(b, "<!doctype html>\n<title>Page %zu</title>\n<main>\n", i);
	for (k = 0; k < 24; k++)
		buf_addf(b, "<p>Paragraph %zu of page %zu, the same text every time.</p>\n", k, i);
	if (i == S_vary)
		buf_adds(b, "<p>This page changed.</p>\n");
	buf_adds(b, "</main>\n");
}

/* publish_copy of it->src, opened as svcgen opens an attachment: never through a link. */
static int
S_copy_file(const struct item *it)
{
	int fd = open(it->src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), rc;

	if (fd < 0) {
		fprintf(stderr, "svcgen: %s: %s\n", it->src, strerror(errno));
		return -1;
	}
	rc = publish_copy(S_pub, it->rel, fd, S_copy_max, it->src);
	close(fd);
	return rc;
}

/*
 * --reuse: the group of page k (its first page does the group's work):
 * kept if the old manifest lists its digest, else published in its scope.
 */
static int
S_reuse_group(struct buf *b, size_t k)
{
	size_t g = k / S_group, pages, end = (g + 1) * S_group, v;
	uint64_t in[2] = {g + 1, 2 * S_group}; /* another group size, other digests */
	char rel[64];

	if (k % S_group)
		return 0;
	/* The group of the varied page has another digest. */
	v = S_vary == (size_t)-1 ? (size_t)-1 : S_vary / S_group;
	in[1] += g == v;
	if (publish_reuse(S_pub, in, &pages))
		return 0;
	publish_scope(S_pub, in);
	for (; k < end && k < S_ngen; k++) {
		S_page(b, k);
		snprintf(rel, sizeof(rel), "p%03zu/page-%05zu.html", k / 500, k);
		if (publish_file(S_pub, rel, b->buf, b->len) < 0)
			return -1;
	}
	return 0;
}

static int
S_publish(struct item *it, struct buf *b)
{
	FILE *f;
	size_t k;

	switch (it->kind) {
	case 0:
		if (S_reuse)
			return S_reuse_group(b, it->gen);
		S_page(b, it->gen);
		if (S_parts) {
			/* Four pieces, one of them empty, cut where the page number says. */
			size_t cut1 = it->gen % (b->len / 2), cut2 = b->len / 2 + it->gen % 7;
			struct publish_part pp[4] = {{b->buf, cut1},
			                             {b->buf + cut1, 0},
			                             {b->buf + cut1, cut2 - cut1},
			                             {b->buf + cut2, b->len - cut2}};

			return publish_parts(S_pub, it->rel, pp, 4);
		}
		return publish_file(S_pub, it->rel, b->buf, b->len);
	case 1:
		if (S_copy)
			return S_copy_file(it);
		buf_reset(b);
		if (!(f = fopen(it->src, "rb")))
			die("%s: %s", it->src, strerror(errno));
		for (;;) {
			buf_grow(b, 65536);
			k = fread(b->buf + b->len, 1, 65536, f);
			if (k == 0)
				break;
			b->len += k;
		}
		fclose(f);
		return publish_file(S_pub, it->rel, b->buf, b->len);
	case 2:
		return publish_file(S_pub, it->rel, "x\n", 2);
	case 4:
		return S_copy_file(it);
	default:
		buf_reset(b);
		buf_grow(b, S_big);
		for (k = 0; k < S_big; k++)
			b->buf[k] = (char)('a' + k % 26);
		b->len = S_big;
		return publish_file(S_pub, it->rel, b->buf, b->len);
	}
}

static void *
S_worker(void *arg)
{
	struct buf b = BUF_INIT;
	struct timespec ts;
	size_t i;

	(void)arg;
	while ((i = atomic_fetch_add(&S_next, 1)) < S_n) {
		if (S_publish(&S_items[i], &b) < 0) {
			S_failed = 1;
			break;
		}
		publish_scope_end(S_pub);
		if (S_delay_us) {
			ts.tv_sec = S_delay_us / 1000000;
			ts.tv_nsec = S_delay_us % 1000000 * 1000;
			nanosleep(&ts, NULL);
		}
	}
	buf_free(&b);
	return NULL;
}

static double
S_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

int
main(int argc, char **argv)
{
	struct publish_opts o = {NULL};
	struct publish_stats st;
	const char *out = NULL;
	size_t gen = 0, skip = (size_t)-1, i;
	int threads = 1, abort_it = 0, rc, sig;
	pthread_t tid[64];
	struct buf rel = BUF_INIT;
	struct timespec t0;

	/* As svcgen's commands do, the failure the stage recorded is printed on the way out. */
	atexit(error_print);
	for (i = 1; i < (size_t)argc; i++) {
		const char *a = argv[i], *v = i + 1 < (size_t)argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--copy")) {
			S_copy = 1;
			continue;
		}
		if (!strcmp(a, "--parts")) {
			S_parts = 1;
			continue;
		}
		if (!strcmp(a, "--abort")) {
			abort_it = 1;
			continue;
		}
		if (!strcmp(a, "--reuse")) {
			S_reuse = 1;
			continue;
		}
		if (a[0] != '-') {
			out = a;
			continue;
		}
		if (!v)
			die("%s needs a value", a);
		i++;
		if (!strcmp(a, "--copy-file")) {
			if (++i >= (size_t)argc)
				die("--copy-file needs a path and a file");
			S_add(v, argv[i], 0, 4);
			continue;
		}
		if (!strcmp(a, "--records"))
			o.records_dir = v;
		else if (!strcmp(a, "--from"))
			S_walk(v, "");
		else if (!strcmp(a, "--gen"))
			gen = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--vary"))
			S_vary = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--skip"))
			skip = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--big"))
			S_add("big.bin", NULL, 0, 3), S_big = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--rel"))
			S_add(v, NULL, 0, 2);
		else if (!strcmp(a, "--copy-max"))
			S_copy_max = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--delay-us"))
			S_delay_us = strtol(v, NULL, 10);
		else if (!strcmp(a, "--threads"))
			threads = atoi(v);
		else if (!strcmp(a, "--group"))
			S_group = strtoul(v, NULL, 10) ? strtoul(v, NULL, 10) : 1;
		else
			die("unknown option %s", a);
	}
	if (!out)
		die("usage: publish-test [options] OUT");
	S_ngen = gen;
	if (threads < 1 || threads > (int)ARRAY_LEN(tid))
		die("--threads: 1 to %zu", ARRAY_LEN(tid));
	for (i = 0; i < gen; i++) {
		if (i == skip)
			continue;
		buf_reset(&rel);
		buf_addf(&rel, "p%03zu/page-%05zu.html", i / 500, i);
		S_add(rel.buf, NULL, i, 0);
	}
	buf_free(&rel);

	publish_install_signal_handlers();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!(S_pub = publish_begin(out, &o)))
		return 3;
	for (i = 0; i < (size_t)threads; i++)
		if (pthread_create(&tid[i], NULL, S_worker, NULL))
			die("cannot start a thread");
	for (i = 0; i < (size_t)threads; i++)
		pthread_join(tid[i], NULL);
	if (abort_it || S_failed) {
		publish_abort(S_pub);
		rc = -1;
	} else {
		rc = publish_commit(S_pub, &st);
	}
	for (i = 0; i < S_n; i++) {
		free(S_items[i].rel);
		free(S_items[i].src);
	}
	free(S_items);
	if ((sig = publish_interrupted()))
		return 128 + sig;
	if (rc < 0)
		return abort_it && !S_failed ? 0 : 3;
	printf("written=%zu unchanged=%zu removed=%zu noop=%d reused=%zu ms=%.1f\n", st.written,
	       st.unchanged, st.removed, st.noop, st.reused, S_ms(&t0));
	return 0;
}
