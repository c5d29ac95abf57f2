/*
 * to-hugo: turn a svcgen records repository into a Hugo content tree, for the
 * side-by-side build benchmark (tests/bench/run.sh).
 *
 *   to-hugo RECORDS CONTENTDIR
 *
 * For every record file RECORDS/<kind>/.../<id>.{yaml,yml,md} of the ten
 * kinds, writes CONTENTDIR/<kind>/<id>.md:
 *
 *   ---
 *   title: "<id>"
 *   record:
 *     <the record's YAML, each line indented by two spaces>
 *   ---
 *   <the Markdown body, .md records only, unchanged>
 *
 * The record goes under `record:` so that its fields (type, date, kind, tags,
 * status, ...) keep their meaning and never collide with the front matter keys
 * Hugo interprets itself (layout type, publish date, taxonomies).  Hugo parses
 * the same YAML and renders the same body as svcgen does.
 *
 * The id is the file name without its extension, as gen-records writes it.
 * Hidden files and folders, other extensions and other top-level folders are
 * skipped.  CONTENTDIR is created; it should not exist beforehand.  Prints
 * `pages=N` on stdout.  Plain POSIX (nftw), deterministic output per file.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

static const char *const S_kinds[] = {"customers",  "equipment", "service", "visits",
                                      "complaints", "standards", "staff",   "parts",
                                      "shipments",  "dealers"};
#define NKINDS (sizeof S_kinds / sizeof S_kinds[0])

static const char *S_out;
static size_t S_rootlen;
static long S_pages;

static char *S_in;
static size_t S_incap;
static char *S_obuf;
static size_t S_on, S_ocap;

static void
S_die(const char *what, const char *detail)
{
	fprintf(stderr, "to-hugo: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static void
S_put(const char *s, size_t n)
{
	if (S_on + n > S_ocap) {
		while (S_on + n > S_ocap)
			S_ocap = S_ocap ? S_ocap * 2 : 65536;
		S_obuf = realloc(S_obuf, S_ocap);
		if (!S_obuf)
			S_die("out of memory", NULL);
	}
	memcpy(S_obuf + S_on, s, n);
	S_on += n;
}

static void
S_puts(const char *s)
{
	S_put(s, strlen(s));
}

/* reads the whole file into S_in (NUL-terminated); returns its length */
static size_t
S_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, got;

	if (!f)
		S_die("cannot open", path);
	for (;;) {
		if (n + 65536 + 1 > S_incap) {
			S_incap = S_incap ? S_incap * 2 : 262144;
			S_in = realloc(S_in, S_incap);
			if (!S_in)
				S_die("out of memory", NULL);
		}
		got = fread(S_in + n, 1, S_incap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		S_die("cannot read", path);
	fclose(f);
	S_in[n] = '\0';
	return n;
}

/* a line [p, e) (without its newline) that is `---` or `...`, trailing blanks allowed */
static int
S_is_marker(const char *p, const char *e, int dots_too)
{
	if (e - p < 3)
		return 0;
	if (!(memcmp(p, "---", 3) == 0 || (dots_too && memcmp(p, "...", 3) == 0)))
		return 0;
	for (p += 3; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

static void
S_mkdir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		S_die("cannot create folder", path);
}

static void
S_convert(const char *path, const char *kind, const char *id, int is_md)
{
	char dst[4096];
	size_t n = S_slurp(path);
	const char *p = S_in, *end = S_in + n, *e;
	FILE *f;

	S_on = 0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	S_puts("---\ntitle: \"");
	S_puts(id);
	S_puts("\"\nrecord:\n");
	/* an opening `---` (front matter of a .md, or a YAML document start) */
	e = memchr(p, '\n', (size_t)(end - p));
	if (!e)
		e = end;
	if (S_is_marker(p, e, 0))
		p = e < end ? e + 1 : end;
	else if (is_md)
		p = end; /* a .md without front matter: no fields (svcgen would say so) */
	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (S_is_marker(p, e, 1)) {
			p = e < end ? e + 1 : end;
			break;
		}
		if (e > p)
			S_put("  ", 2);
		S_put(p, (size_t)(e - p));
		S_put("\n", 1);
		p = e < end ? e + 1 : end;
	}
	S_puts("---\n");
	if (is_md)
		S_put(p, (size_t)(end - p));

	if ((size_t)snprintf(dst, sizeof dst, "%s/%s/%s.md", S_out, kind, id) >= sizeof dst)
		S_die("path too long", path);
	f = fopen(dst, "wb");
	if (!f)
		S_die("cannot create", dst);
	if (fwrite(S_obuf, 1, S_on, f) != S_on || fclose(f) != 0)
		S_die("cannot write", dst);
	S_pages++;
}

static int
S_visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + S_rootlen, *base = path + ftw->base, *dot, *slash;
	char kind[64], id[256];
	size_t i, kl;
	int is_md;

	(void)st;
	if (type != FTW_F)
		return 0;
	while (*rel == '/')
		rel++;
	if (rel[0] == '.' || strstr(rel, "/.")) /* hidden file or folder */
		return 0;
	slash = strchr(rel, '/');
	if (!slash || (size_t)(slash - rel) >= sizeof kind)
		return 0;
	kl = (size_t)(slash - rel);
	memcpy(kind, rel, kl);
	kind[kl] = '\0';
	for (i = 0; i < NKINDS; i++)
		if (strcmp(kind, S_kinds[i]) == 0)
			break;
	if (i == NKINDS) /* attachments/, ... */
		return 0;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		return 0;
	if (strcmp(dot, ".md") == 0)
		is_md = 1;
	else if (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0)
		is_md = 0;
	else
		return 0;
	if ((size_t)(dot - base) >= sizeof id)
		S_die("file name too long", path);
	memcpy(id, base, (size_t)(dot - base));
	id[dot - base] = '\0';
	S_convert(path, kind, id, is_md);
	return 0;
}

int
main(int argc, char **argv)
{
	char dir[4096];
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: to-hugo RECORDS CONTENTDIR\n");
		return 2;
	}
	S_out = argv[2];
	S_rootlen = strlen(argv[1]);
	S_mkdir(S_out);
	for (i = 0; i < NKINDS; i++) {
		if ((size_t)snprintf(dir, sizeof dir, "%s/%s", S_out, S_kinds[i]) >= sizeof dir)
			S_die("path too long", S_out);
		S_mkdir(dir);
	}
	if (nftw(argv[1], S_visit, 32, FTW_PHYS) != 0)
		S_die("cannot walk", argv[1]);
	printf("pages=%ld\n", S_pages);
	free(S_in);
	free(S_obuf);
	return 0;
}
