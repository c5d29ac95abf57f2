/*
 * manifest.c - OUT/.svcgen-manifest: read when a build begins, into the
 * table (each file's size, hash and input digest), and written at commit
 * into the temporary tree, dated past every file of the new site (which
 * the trust rule of publish.h relies on).
 *
 * The text: the header line, an optional line "input HEX" (what the site
 * was made from: publish_set_input), then a line a file, sorted by path:
 * "HEX32 SIZE INPUT PATH", INPUT the file's input digest in 32 hex digits
 * or "-".
 */
#include "publish/publish.h"
#include "publish/publish_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Version 2 adds each file's input digest; a version 1 manifest still gives sizes and hashes. */
#define MANIFEST_HEADER "svcgen-manifest 2\n"
#define MANIFEST_HEADER_1 "svcgen-manifest 1\n"

/* ---- Reading ---------------------------------------------------------- */

/* 32 hex digits (lowercase) into two 64-bit numbers. Returns 0 or -1. */
static int
S_parse_hex128(const char *s, uint64_t v[2])
{
	int i;

	v[0] = v[1] = 0;
	for (i = 0; i < 32; i++) {
		int c = s[i], d = c >= '0' && c <= '9'   ? c - '0'
		                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                                         : -1;

		if (d < 0)
			return -1;
		v[i / 16] = v[i / 16] << 4 | (uint64_t)d;
	}
	return 0;
}

/*
 * Parses "HEX32 SIZE INPUT PATH\n" lines, INPUT being 32 hex digits or "-"
 * (version 1: "HEX32 SIZE PATH\n", no input digests, so nothing is reused),
 * into the table. Returns 0, or -1 (the table then holds part of it).
 */
static int
S_parse_manifest(struct publish *p, const char *s, const char *end)
{
	int v2;

	if ((size_t)(end - s) < sizeof(MANIFEST_HEADER) - 1)
		return -1;
	v2 = !memcmp(s, MANIFEST_HEADER, sizeof(MANIFEST_HEADER) - 1);
	if (!v2 && memcmp(s, MANIFEST_HEADER_1, sizeof(MANIFEST_HEADER_1) - 1))
		return -1;
	s += sizeof(MANIFEST_HEADER) - 1;
	/* An optional line "input HEX": the digest of what the site was made from. */
	if ((size_t)(end - s) > 6 && !memcmp(s, "input ", 6)) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n;

		if (!nl || (n = (size_t)(nl - s - 6)) >= sizeof(p->old_input))
			return -1;
		memcpy(p->old_input, s + 6, n);
		p->old_input[n] = '\0';
		s = nl + 1;
	}
	while (s < end) {
		uint64_t sum[2] = {0, 0}, size = 0, input[2] = {0, 0};
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *path;
		char tmp[MAX_PATH + 1];
		struct entry *e;
		int has_input = 0;

		if (!nl || nl - s < 35 || S_parse_hex128(s, sum) < 0 || s[32] != ' ')
			return -1;
		for (s += 33; s < nl && *s >= '0' && *s <= '9'; s++) {
			if (size > (UINT64_MAX - 9) / 10)
				return -1;
			size = size * 10 + (uint64_t)(*s - '0');
		}
		if (s >= nl || *s != ' ')
			return -1;
		s++;
		if (v2 && nl - s > 2 && s[0] == '-' && s[1] == ' ') {
			s += 2;
		} else if (v2) {
			if (nl - s < 34 || S_parse_hex128(s, input) < 0 || s[32] != ' ')
				return -1;
			has_input = 1;
			s += 33;
		}
		if ((size_t)(nl - s) > MAX_PATH)
			return -1;
		path = s;
		memcpy(tmp, path, (size_t)(nl - path));
		tmp[nl - path] = '\0';
		if (pub_bad_path(tmp))
			return -1;
		e = pub_find(p, path, (size_t)(nl - path), 1);
		if (e->old == OLD_NONE) {
			e->old = OLD_LISTED;
			e->size = size;
			e->sum[0] = sum[0];
			e->sum[1] = sum[1];
			p->n_listed++;
			if (has_input) {
				e->input[0] = input[0];
				e->input[1] = input[1];
				e->has_input = 1;
				pub_add_input(p, e);
			}
		}
		s = nl + 1;
	}
	return 0;
}

void
pub_manifest_read(struct publish *p)
{
	int fd = openat(p->out_fd, PUBLISH_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	char *text;
	size_t got = 0;
	ssize_t r;

	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > ((off_t)1 << 30)) {
		close(fd);
		return;
	}
	p->have_manifest = 1;
	p->man_mtime = st.st_mtim;
	text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, text + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	/* A manifest that does not parse trusts nothing: every file is written. */
	if (got != (size_t)st.st_size || S_parse_manifest(p, text, text + got) < 0) {
		pub_table_clear(p);
		p->dirty = 1;
	}
	free(text);
}

/* ---- Writing ---------------------------------------------------------- */

static int
S_entry_cmp(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->path, y->path, n);

	return c ? c : x->len < y->len ? -1 : x->len > y->len;
}

/* The manifest's text, into b: every file of the new site, sorted by path. */
static void
S_manifest_text(const struct publish *p, struct buf *b)
{
	struct entry **files = xmalloc((p->n_same + p->n_written + 1) * sizeof(*files));
	size_t i, n = 0;

	for (i = 0; i < p->cap; i++)
		if (p->slots[i] &&
		    (p->slots[i]->now == NEW_SAME || p->slots[i]->now == NEW_WRITTEN))
			files[n++] = p->slots[i];
	if (n > 1)
		qsort(files, n, sizeof(*files), S_entry_cmp);
	buf_adds(b, MANIFEST_HEADER);
	if (p->new_input[0])
		buf_addf(b, "input %s\n", p->new_input);
	for (i = 0; i < n; i++) {
		buf_addf(b, "%016llx%016llx %llu ", (unsigned long long)files[i]->sum[0],
		         (unsigned long long)files[i]->sum[1], (unsigned long long)files[i]->size);
		if (files[i]->has_input)
			buf_addf(b, "%016llx%016llx ", (unsigned long long)files[i]->input[0],
			         (unsigned long long)files[i]->input[1]);
		else
			buf_adds(b, "- ");
		buf_add(b, files[i]->path, files[i]->len);
		buf_addc(b, '\n');
	}
	free(files);
}

/*
 * Dates the manifest, open as fd, its fstat in *st, past every file of the
 * new site and the old manifest. Returns 0 (*st: its fstat now), or -1.
 *
 * The file system's clock dated every file of the new site before it dated
 * the manifest, so none is newer than the manifest's own mtime (a clock
 * stepped back only makes files look newer: untrusted, rewritten next
 * time). The manifest is dated 1 ns past that and the old manifest, else
 * (a file system with coarse times) 1 s, then 2 s past.
 */
static int
S_date_manifest(struct publish *p, int fd, struct stat *st)
{
	struct timespec t[2];
	int step;

	if (pub_ts_less(&p->newest, &st->st_mtim))
		p->newest = st->st_mtim;
	for (step = 0; step < 3 && !pub_ts_less(&p->newest, &st->st_mtim); step++) {
		t[0].tv_sec = 0;
		t[0].tv_nsec = UTIME_OMIT;
		t[1] = p->newest;
		if (step == 0 && ++t[1].tv_nsec == 1000000000) {
			t[1].tv_sec++;
			t[1].tv_nsec = 0;
		}
		t[1].tv_sec += step;
		if (futimens(fd, t) < 0 || fstat(fd, st) < 0)
			return -1;
	}
	return 0;
}

/*
 * Writes the manifest into the temporary tree. Its mtime is made newer than
 * every file's, which the next build relies on.
 */
int
pub_manifest_write(struct publish *p)
{
	struct buf b = BUF_INIT;
	struct stat st;
	int fd, rc = -1;

	S_manifest_text(p, &b);
	if ((fd = pub_create(p, PUBLISH_MANIFEST)) < 0)
		goto done;
	if (write_all(fd, b.buf, b.len) < 0 || fstat(fd, &st) < 0 ||
	    S_date_manifest(p, fd, &st) < 0) {
		pub_fail(p, "%s/%s: %s", p->out, PUBLISH_MANIFEST, strerror(errno));
		close(fd);
		goto done;
	}
	if (close(fd) < 0) {
		pub_fail(p, "%s/%s: %s", p->out, PUBLISH_MANIFEST, strerror(errno));
		goto done;
	}
	p->new_man_mtime = st.st_mtim;
	rc = 0;
done:
	buf_free(&b);
	return rc;
}
