/*
 * ci.c - problems matched across revisions by rule, record id and field,
 * and the checks that report them: --new-since and --range.
 *
 * The range's loop is here rather than in src/history/: what it reports
 * (each problem once, by the commit that introduced it) is the matching
 * this module does, and it runs the checks of a command (input.c), which
 * the history stage must not call. Which commits a range holds is git's
 * knowledge, read by history_range (src/history/range.c).
 */
#include "cli/ci.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "history/audit.h"
#include "history/range.h"

/* The path of the node at line:col below n ("parts[1].qty"), into b; 1 when found. */
static int
S_node_path(const struct node *n, uint32_t line, uint32_t col, struct buf *b, unsigned depth)
{
	size_t keep = b->len, i;

	if (!n || depth > 64)
		return 0;
	if (n->line == line && n->col == col)
		return 1;
	if (n->type == NODE_MAP) {
		for (i = 0; i < n->n; i++) {
			const struct node *k = &n->u.kids[2 * i], *v = &n->u.kids[2 * i + 1];

			if (b->len)
				buf_addc(b, '.');
			if (k->type == NODE_SCALAR)
				buf_add(b, k->u.str, k->n);
			if ((k->line == line && k->col == col) ||
			    S_node_path(v, line, col, b, depth + 1))
				return 1;
			buf_setlen(b, keep);
		}
	} else if (n->type == NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			buf_addf(b, "[%zu]", i);
			if (S_node_path(&n->u.kids[i], line, col, b, depth + 1))
				return 1;
			buf_setlen(b, keep);
		}
	}
	return 0;
}

void
ci_set_keys(struct diags *d, const struct records *r)
{
	struct buf field = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		struct diag *g = &d->v[i];
		const struct record *rec = records_find_display(r, g->path);
		const char *who = g->path;
		size_t wlen = strlen(who);

		buf_reset(&field);
		if (rec) {
			who = record_stem(rec, &wlen);
			if (!S_node_path(rec->root, g->line, g->col, &field, 0))
				buf_reset(&field);
		}
		g->key = arena_printf(&d->arena, "%s\t%.*s\t%s", rule_table[g->rule].id, (int)wlen,
		                      who, buf_str(&field));
	}
	buf_free(&field);
}

struct keycount {
	const char *key;
	size_t n;
};

static int
S_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct keycount *)a)->key, ((const struct keycount *)b)->key);
}

void
ci_subtract(struct diags *d, const struct diags *base)
{
	struct keycount *v = xmalloc((base->n ? base->n : 1) * sizeof(*v));
	size_t i, n = 0, kept = 0;

	for (i = 0; i < base->n; i++) {
		v[n].key = base->v[i].key ? base->v[i].key : "";
		v[n++].n = 1;
	}
	qsort(v, n, sizeof(*v), S_key_cmp);
	for (i = 0; i < d->n; i++) {
		struct keycount want = {d->v[i].key ? d->v[i].key : "", 0}, *hit;

		hit = n ? bsearch(&want, v, n, sizeof(*v), S_key_cmp) : NULL;
		/* bsearch finds one of equal keys: step to the first that is unused. */
		while (hit && hit > v && !strcmp(hit[-1].key, want.key))
			hit--;
		while (hit && hit < v + n && !strcmp(hit->key, want.key) && !hit->n)
			hit++;
		if (hit && hit < v + n && !strcmp(hit->key, want.key)) {
			hit->n = 0;
			continue;
		}
		d->v[kept++] = d->v[i];
	}
	d->n = kept;
	free(v);
}

int
ci_new_since(struct input *in, const char *base, struct diags *d, const struct records *r,
             int64_t today)
{
	struct diags bd;
	struct records br;
	git_oid oid;
	int rc;

	if (!in->in_git)
		error_set("not in a git repository");
	if (!in->in_git || gitrepo_commit(&in->g, base, &oid) < 0) {
		error_context("--new-since %s", base);
		return EXIT_FAILURE_IO;
	}
	rc = input_validate(in, &oid, NULL, 0, &br, &bd, &today, NULL, NULL);
	if (rc == 0) {
		ci_set_keys(&bd, &br);
		if (r)
			ci_set_keys(d, r);
		ci_subtract(d, &bd);
	}
	load_free(&br);
	diags_free(&bd);
	return rc;
}

/* A commit of a range and its problems, keyed. */
struct checked {
	git_oid oid;
	struct diags d;
	int64_t today;
	size_t files; /* record files read */
};

/* Validates oid once, into v; NULL after a failure. */
static struct checked *
S_check_commit(struct input *in, const char *as_of, const git_oid *oid, struct checked **v,
               size_t *n, size_t *cap)
{
	struct checked *c;
	struct records r;
	size_t i;
	int rc;

	for (i = 0; i < *n; i++)
		if (git_oid_equal(&(*v)[i].oid, oid))
			return &(*v)[i];
	*v = xgrow(*v, sizeof(**v), *n + 1, cap);
	c = &(*v)[(*n)++];
	git_oid_cpy(&c->oid, oid);
	c->today = -1;
	rc = input_validate(in, oid, as_of, 0, &r, &c->d, &c->today, NULL, NULL);
	c->files = r.files_read;
	if (rc == 0)
		ci_set_keys(&c->d, &r);
	load_free(&r);
	return rc ? NULL : c;
}

/* The problems commit c introduced, fresh, into out; its line of counts on stderr. */
static void
S_introduced(struct diags *out, const struct diags *fresh, const struct hist_range_commit *c)
{
	char sh[8];
	size_t i;

	audit_short_hash(&c->oid, sh);
	/* The summary is the committer's text: escaped (term_error). */
	term_error(tr("%s %s: %zu new errors, %zu new warnings"), sh, c->summary,
	           diags_count(fresh, SEV_ERROR), diags_count(fresh, SEV_WARNING));
	for (i = 0; i < fresh->n; i++) {
		const struct diag *g = &fresh->v[i];

		out->severity[g->rule] = g->severity;
		diag_add(out, g->rule, g->path, g->line, g->col, "%s (introduced in %s)",
		         g->message, sh);
		out->v[out->n - 1].key = arena_strdup(&out->arena, g->key);
	}
}

int
ci_check_range(struct input *in, const char *range, const char *as_of, struct diags *out,
               int64_t *today, size_t *files)
{
	struct checked *v = NULL, *c;
	struct hist_range hr;
	size_t n = 0, cap = 0, i, k;
	int rc = 0;

	diags_init(out);
	memset(&hr, 0, sizeof(hr));
	if (!in->in_git)
		error_set("not in a git repository");
	if (!in->in_git || history_range(&hr, &in->g, range) < 0) {
		error_context("--range %s", range);
		history_range_free(&hr);
		return EXIT_FAILURE_IO;
	}
	for (i = 0; rc == 0 && i < hr.n; i++) {
		const struct hist_range_commit *hc = &hr.v[i];
		struct diags fresh;

		if (!(c = S_check_commit(in, as_of, &hc->oid, &v, &n, &cap))) {
			rc = EXIT_FAILURE_IO;
			break;
		}
		*today = c->today;
		*files = c->files;
		diags_init(&fresh);
		diags_merge(&fresh, &c->d);
		for (k = 0; rc == 0 && k < hc->nparents; k++) {
			struct checked *p =
			    S_check_commit(in, as_of, &hc->parents[k], &v, &n, &cap);

			if (p)
				ci_subtract(&fresh, &p->d);
			else
				rc = EXIT_FAILURE_IO;
		}
		S_introduced(out, &fresh, hc);
		diags_free(&fresh);
	}
	if (rc == 0 && hr.broken)
		rc = EXIT_FAILURE_IO; /* a commit of the range could not be read */
	for (i = 0; i < n; i++)
		diags_free(&v[i].d);
	free(v);
	history_range_free(&hr);
	diags_sort(out);
	return rc;
}
