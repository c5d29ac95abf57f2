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
#include "load/file_cache.h"

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

/* The keys of a revision's problems, sorted: what its children are matched against. */
struct keyset {
	const char **v;
	size_t n;
	struct arena a; /* the strings, when copied */
};

static int
S_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of d, into k: copied (copy) or pointing into d. */
static void
S_keys_of(struct keyset *k, const struct diags *d, int copy)
{
	arena_init(&k->a);
	k->v = xmalloc((d->n ? d->n : 1) * sizeof(*k->v));
	for (k->n = 0; k->n < d->n; k->n++) {
		const char *key = d->v[k->n].key ? d->v[k->n].key : "";

		k->v[k->n] = copy ? arena_strdup(&k->a, key) : key;
	}
	qsort(k->v, k->n, sizeof(*k->v), S_str_cmp);
}

static void
S_keys_free(struct keyset *k)
{
	free(k->v);
	arena_free(&k->a);
	memset(k, 0, sizeof(*k));
}

/* Drops from d each diagnostic whose key base has, each key of base once. */
static void
S_subtract(struct diags *d, const struct keyset *base)
{
	unsigned char *used = xcalloc(base->n ? base->n : 1, 1);
	size_t i, kept = 0;

	for (i = 0; i < d->n; i++) {
		const char *key = d->v[i].key ? d->v[i].key : "";
		size_t lo = 0, hi = base->n;

		/* The first of equal keys, then the first of them not yet used. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(base->v[mid], key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < base->n && used[lo] && !strcmp(base->v[lo], key))
			lo++;
		if (lo < base->n && !strcmp(base->v[lo], key)) {
			used[lo] = 1;
			continue;
		}
		d->v[kept++] = d->v[i];
	}
	d->n = kept;
	free(used);
}

void
ci_subtract(struct diags *d, const struct diags *base)
{
	struct keyset k;

	S_keys_of(&k, base, 0);
	S_subtract(d, &k);
	S_keys_free(&k);
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

/*
 * A revision that commits of the range have as a parent, with its
 * problems' keys, kept until the last of those commits is checked: a
 * linear range holds one commit's keys at a time.
 */
struct parent {
	git_oid oid;
	struct keyset k;
	size_t waiting; /* commits of the range still to check that have it as a parent */
	int checked;
};

/* A finding by the commit of its event: those a commit of the range made. */
struct made {
	git_oid commit;
	struct finding f;
};

struct ranger {
	struct input *in;
	const char *as_of;
	struct parent *p; /* sorted by id */
	size_t np;
	struct history h; /* of the range's end */
	struct findings f;
	struct made *made; /* f, sorted by commit */
	int64_t today;
	size_t files;
};

static int
S_parent_cmp(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct parent *)a)->oid, &((const struct parent *)b)->oid);
}

static int
S_made_cmp(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct made *)a)->commit, &((const struct made *)b)->commit);
}

static struct parent *
S_parent(struct ranger *R, const git_oid *oid)
{
	struct parent key;

	git_oid_cpy(&key.oid, oid);
	return R->np ? bsearch(&key, R->p, R->np, sizeof(*R->p), S_parent_cmp) : NULL;
}

/* Every parent of the range's commits, once, with how many commits wait for it. */
static void
S_parents(struct ranger *R, const struct hist_range *hr)
{
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < hr->n; i++)
		for (k = 0; k < hr->v[i].nparents; k++) {
			R->p = xgrow(R->p, sizeof(*R->p), n + 1, &cap);
			memset(&R->p[n], 0, sizeof(R->p[n]));
			git_oid_cpy(&R->p[n++].oid, &hr->v[i].parents[k]);
		}
	if (n > 1)
		qsort(R->p, n, sizeof(*R->p), S_parent_cmp);
	for (i = 0, R->np = 0; i < n; i++) {
		if (!R->np || !git_oid_equal(&R->p[R->np - 1].oid, &R->p[i].oid))
			R->p[R->np++] = R->p[i];
		R->p[R->np - 1].waiting++;
	}
}

/*
 * The history of the range's end and its findings, read once: a finding
 * is made by the commit of its event, whichever later commit is checked.
 */
static int
S_history(struct ranger *R, const git_oid *end)
{
	struct load_opts lo = {LOAD_CONFIG_ONLY, NULL, NULL, NULL};
	struct source *src = input_source(R->in, end);
	struct records cr;
	struct diags cd;
	size_t i;
	int rc;

	if (!src)
		return -1;
	diags_init(&cd);
	rc = load_records(&cr, src, &cd, &lo);
	if (rc == 0)
		rc = input_findings(R->in, end, &cr.cfg, &R->h, &R->f);
	load_free(&cr);
	diags_free(&cd);
	R->made = xmalloc((R->f.n ? R->f.n : 1) * sizeof(*R->made));
	for (i = 0; i < R->f.n; i++) {
		const struct finding *f = &R->f.v[i];

		R->made[i].f = *f;
		git_oid_cpy(&R->made[i].commit,
		            &R->h.commits[R->h.trails[f->trail].ev[f->event].commit].oid);
	}
	if (R->f.n > 1)
		qsort(R->made, R->f.n, sizeof(*R->made), S_made_cmp);
	return rc;
}

/* Adds the findings commit made about the records r, keyed, to d. */
static void
S_findings_of(struct ranger *R, const git_oid *commit, const struct records *r, struct diags *d)
{
	struct findings sub = {NULL, 0, 0};
	struct diags fd;
	size_t lo = 0, hi = R->f.n, i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (git_oid_cmp(&R->made[mid].commit, commit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < R->f.n && git_oid_equal(&R->made[i].commit, commit); i++) {
		sub.v = xgrow(sub.v, sizeof(*sub.v), sub.n + 1, &sub.cap);
		sub.v[sub.n++] = R->made[i].f;
	}
	if (!sub.n)
		return;
	diags_init(&fd);
	memcpy(fd.severity, d->severity, sizeof(fd.severity));
	audit_report(&R->h, &sub, r, &fd);
	ci_set_keys(&fd, r);
	diags_merge(d, &fd);
	diags_free(&fd);
	free(sub.v);
}

/* Checks commit without its history, its problems keyed, into r and d. */
static int
S_check(struct ranger *R, const git_oid *commit, struct records *r, struct diags *d)
{
	int64_t today = -1;
	int rc =
	    input_validate(R->in, commit, R->as_of, VALIDATE_NO_HISTORY, r, d, &today, NULL, NULL);

	if (rc == 0)
		ci_set_keys(d, r);
	R->today = today;
	R->files = r->files_read;
	return rc;
}

/* The keys of a parent from outside the range, checked when first needed. */
static int
S_outside_parent(struct ranger *R, struct parent *p)
{
	struct records r;
	struct diags d;
	int rc;

	if (p->checked)
		return 0;
	rc = S_check(R, &p->oid, &r, &d);
	S_keys_of(&p->k, &d, 1);
	p->checked = 1;
	load_free(&r);
	diags_free(&d);
	return rc;
}

/*
 * The problems commit c introduced, into d: its own, but those of its
 * parents (each key of a parent once), and the findings it made.
 */
static int
S_commit(struct ranger *R, const struct hist_range_commit *c, struct records *r, struct diags *d)
{
	struct parent *p;
	size_t k;
	int rc = 0;

	/* Parents first: a load through the file cache ends the one before. */
	for (k = 0; rc == 0 && k < c->nparents; k++)
		rc = S_outside_parent(R, S_parent(R, &c->parents[k]));
	if (rc || (rc = S_check(R, &c->oid, r, d)) != 0)
		return rc;
	if ((p = S_parent(R, &c->oid)) != NULL) {
		S_keys_of(&p->k, d, 1);
		p->checked = 1;
	}
	for (k = 0; k < c->nparents; k++) {
		p = S_parent(R, &c->parents[k]);
		S_subtract(d, &p->k);
		if (--p->waiting == 0)
			S_keys_free(&p->k);
	}
	S_findings_of(R, &c->oid, r, d);
	return 0;
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
	struct ranger R;
	struct hist_range hr;
	size_t i;
	int rc = 0;

	diags_init(out);
	memset(&hr, 0, sizeof(hr));
	memset(&R, 0, sizeof(R));
	R.in = in;
	R.as_of = as_of;
	if (!in->in_git)
		error_set("not in a git repository");
	if (!in->in_git || history_range(&hr, &in->g, range) < 0) {
		error_context("--range %s", range);
		history_range_free(&hr);
		return EXIT_FAILURE_IO;
	}
	S_parents(&R, &hr);
	if (hr.n && S_history(&R, &hr.v[hr.n - 1].oid) < 0)
		rc = EXIT_FAILURE_IO;
	/* Each commit's new trees are read once: libgit2 need not keep them all. */
	gitrepo_cache_limit((size_t)4 << 20);
	/* For tests and timing: SVCGEN_NO_LOAD_CACHE=1 reads every commit in full. */
	in->files = getenv("SVCGEN_NO_LOAD_CACHE") ? NULL : load_cache_new();
	for (i = 0; rc == 0 && i < hr.n; i++) {
		struct records r;
		struct diags d;

		memset(&r, 0, sizeof(r));
		diags_init(&d);
		rc = S_commit(&R, &hr.v[i], &r, &d);
		if (rc == 0)
			S_introduced(out, &d, &hr.v[i]);
		load_free(&r);
		diags_free(&d);
		*today = R.today;
		*files = R.files;
	}
	if (rc == 0 && hr.broken)
		rc = EXIT_FAILURE_IO; /* a commit of the range could not be read */
	load_cache_free(in->files);
	in->files = NULL;
	for (i = 0; i < R.np; i++)
		S_keys_free(&R.p[i].k);
	free(R.p);
	free(R.made);
	audit_findings_free(&R.f);
	history_free(&R.h);
	history_range_free(&hr);
	diags_sort(out);
	return rc;
}
