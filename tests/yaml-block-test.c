/*
 * yaml-block-test.c - yaml_block against libyaml, file by file.
 *
 * usage: yaml-block-test NAME [--min-fast K] [--mutate K] [--declined] PATH...
 *        (files, or folders walked)
 *
 * Each file is read as svcgen reads a record (front matter, or all of it
 * YAML) twice: every text through libyaml, then with the fast path on.
 * The two node trees must be equal (types, plain flags, lengths, bytes,
 * lines and columns, in order) and so must the diagnostics. Prints one
 * line per file that differs, then "ok - NAME: ..." or "not ok - NAME: ...",
 * with how many files yaml_block read itself; with --min-fast K, fewer than
 * K such files also fails (the fast path must be exercised). --mutate K
 * also checks K texts derived from each file by small edits (a seeded
 * generator: the same texts every run), --declined names the files left
 * to libyaml.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/diag.h"
#include "load/load.h"
#include "load/parse.h"
#include "model/node.h"
#include "model/schema.h"
#include "load/yaml_block.h"

static size_t S_files, S_fast, S_bad, S_mutations;
static int S_show_declined;
static unsigned long long S_rng = 0x9E3779B97F4A7C15ULL;

static unsigned
S_rand(unsigned n)
{
	S_rng = S_rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((S_rng >> 33) % n);
}

static int
S_same_tree(const struct node *a, const struct node *b, const char **why)
{
	size_t i, kids;

	if (a->type != b->type || a->plain != b->plain || a->line != b->line || a->col != b->col ||
	    a->n != b->n) {
		*why = "type, plain, position or size";
		return 0;
	}
	if (a->type == NODE_SCALAR) {
		if (memcmp(a->u.str, b->u.str, a->n)) {
			*why = "scalar bytes";
			return 0;
		}
		return 1;
	}
	if (a->type != NODE_MAP && a->type != NODE_SEQ)
		return 1;
	kids = a->type == NODE_MAP ? 2 * (size_t)a->n : a->n;
	for (i = 0; i < kids; i++)
		if (!S_same_tree(&a->u.kids[i], &b->u.kids[i], why))
			return 0;
	return 1;
}

static int
S_same_diags(const struct diags *a, const struct diags *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->v[i].line != b->v[i].line || a->v[i].col != b->v[i].col ||
		    a->v[i].rule != b->v[i].rule || strcmp(a->v[i].message, b->v[i].message))
			return 0;
	return 1;
}

/* Compares the two readings of one text; label names it in messages. */
static void
S_check(const char *text, size_t len, const char *path)
{
	struct node_limits lim = {32, schema_intern};
	struct diags d[2];
	struct arena a[2];
	struct node *root[2];
	struct yb_events ev = {NULL, 0, 0};
	const char *y, *why = "";
	size_t fm_off = 0, fm_len = len, body_off = 0, ylen;
	uint32_t body_line = 0, line0 = 0;
	int empty[2], unclosed, k;

	if (load_front_matter(text, len, &fm_off, &fm_len, &body_off, &body_line, &unclosed) == 0) {
		line0 = 1;
	} else {
		fm_off = 0;
		fm_len = len;
	}
	S_files++;
	y = text + fm_off;
	ylen = fm_len;
	if (ylen >= 3 && !memcmp(y, "\xEF\xBB\xBF", 3)) {
		y += 3;
		ylen -= 3;
	}
	if (yaml_block_scan(y, ylen, lim.depth, &ev) == 0)
		S_fast++;
	else if (S_show_declined)
		printf("# declined: %s\n", path);
	yaml_block_free(&ev);
	for (k = 0; k < 2; k++) {
		diags_init(&d[k]);
		arena_init(&a[k]);
		node_libyaml_only = k == 0;
		root[k] =
		    node_parse(&a[k], text + fm_off, fm_len, line0, path, &lim, &d[k], &empty[k]);
		diags_sort(&d[k]);
	}
	node_libyaml_only = 0;
	if (!root[0] != !root[1] || empty[0] != empty[1] ||
	    (root[0] && !S_same_tree(root[0], root[1], &why)) || !S_same_diags(&d[0], &d[1])) {
		printf("# %s: differs from libyaml (%s)\n", path,
		       !root[0] != !root[1] ? "one tree missing"
		       : *why               ? why
		                            : "diagnostics");
		S_bad++;
	}
	for (k = 0; k < 2; k++) {
		diags_free(&d[k]);
		arena_free(&a[k]);
	}
}

/*
 * A text one edit away from s: a character the YAML grammar cares about
 * put in, a byte taken out, a line indented or dedented, a line doubled.
 */
static void
S_mutate(const char *s, size_t n, struct buf *out)
{
	static const char *const bits[] = {
	    " ", ":", ": ", "-",  "- ", "#",  " #",  "'",   "\"",       "[",   "]",  ",",
	    "{", "}", "\n", "  ", "a",  "中", "~",   "\t",  "\r",       "&a",  "*a", "!",
	    "|", ">", "?",  "\\", "%",  "@",  "---", "...", "\xC2\x85", "null"};
	size_t at = n ? S_rand((unsigned)n + 1) : 0, ls, le;

	buf_reset(out);
	switch (S_rand(5)) {
	case 0:
	case 1: /* a piece put in */
		buf_add(out, s, at);
		buf_adds(out, bits[S_rand(sizeof(bits) / sizeof(bits[0]))]);
		buf_add(out, s + at, n - at);
		break;
	case 2: /* a byte taken out */
		if (at == n && n)
			at--;
		buf_add(out, s, at);
		if (at < n)
			buf_add(out, s + at + 1, n - at - 1);
		break;
	default: /* a line's indentation changed, or the line doubled */
		for (ls = at; ls > 0 && s[ls - 1] != '\n'; ls--)
			;
		for (le = at; le < n && s[le] != '\n'; le++)
			;
		buf_add(out, s, ls);
		if (S_rand(3) == 0) {
			buf_add(out, s + ls, le - ls);
			buf_addc(out, '\n');
			buf_add(out, s + ls, n - ls);
		} else if (S_rand(2) && ls < n && s[ls] == ' ') {
			buf_add(out, s + ls + 1, n - ls - 1);
		} else {
			buf_adds(out, S_rand(2) ? " " : "  ");
			buf_add(out, s + ls, n - ls);
		}
	}
}

static void
S_file(const char *path, unsigned mutations)
{
	struct buf b = BUF_INIT, m = BUF_INIT;
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t r;
	unsigned k;

	if (!f)
		return;
	while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, r);
	fclose(f);
	S_check(b.buf ? b.buf : "", b.len, path);
	/* Each mutation starts from the last, so edits pile up a little. */
	for (k = 0; k < mutations; k++) {
		const struct buf *from = k % 4 && m.len ? &m : &b;
		struct buf next = BUF_INIT;

		S_mutate(from->buf ? from->buf : "", from->len, &next);
		buf_free(&m);
		m = next;
		S_check(m.buf, m.len, path);
		S_mutations++;
	}
	buf_free(&m);
	buf_free(&b);
}

static void
S_walk(const char *path, unsigned mutations)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISREG(st.st_mode)) {
		S_file(path, mutations);
		return;
	}
	if (!S_ISDIR(st.st_mode) || !(dir = opendir(path)))
		return;
	while ((de = readdir(dir))) {
		char *sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = malloc(strlen(path) + strlen(de->d_name) + 2);
		sprintf(sub, "%s/%s", path, de->d_name);
		S_walk(sub, mutations);
		free(sub);
	}
	closedir(dir);
}

int
main(int argc, char **argv)
{
	size_t min_fast = 0;
	unsigned mutations = 0;
	int i = 2;

	if (argc < 3) {
		fprintf(stderr, "usage: yaml-block-test NAME [--min-fast K] PATH...\n");
		return 2;
	}
	schema_intern("", 0);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--declined"))
			S_show_declined = 1;
		else if (i + 1 < argc && !strcmp(argv[i], "--min-fast"))
			min_fast = (size_t)strtoul(argv[++i], NULL, 10);
		else if (i + 1 < argc && !strcmp(argv[i], "--mutate"))
			mutations = (unsigned)strtoul(argv[++i], NULL, 10);
	}
	for (; i < argc; i++)
		S_walk(argv[i], mutations);
	printf("%s - %s: %zu texts (%zu mutated), %zu read by yaml_block, %zu differ from "
	       "libyaml\n",
	       S_bad || S_fast < min_fast || !S_files ? "not ok" : "ok", argv[1], S_files,
	       S_mutations, S_fast, S_bad);
	return S_bad || S_fast < min_fast;
}
