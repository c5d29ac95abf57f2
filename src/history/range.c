/* range.c - the commits of a range A..B, walked by libgit2. */
#include "history/range.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/util.h"

/* A walk over A..B (each end resolved first, so that a bad one is a plain error). */
static int
S_walk(struct gitrepo *g, const char *range, git_revwalk **walk)
{
	const char *dots = strstr(range, "..");
	char *a;
	git_oid from, to;
	int rc = -1;

	*walk = NULL;
	if (!dots)
		return error_set("not a range A..B");
	a = xstrndup(range, (size_t)(dots - range));
	if (gitrepo_commit(g, *a ? a : "HEAD", &from) == 0 &&
	    gitrepo_commit(g, dots[2] ? dots + 2 : "HEAD", &to) == 0) {
		if (git_revwalk_new(walk, g->repo) == 0 && git_revwalk_push(*walk, &to) == 0 &&
		    git_revwalk_hide(*walk, &from) == 0)
			rc = 0;
		else
			error_set("cannot walk the range");
	}
	if (rc < 0) {
		git_revwalk_free(*walk);
		*walk = NULL;
	}
	free(a);
	return rc;
}

/* The commit oid with its parents and summary, into c; -1 when it cannot be read. */
static int
S_commit(struct gitrepo *g, const git_oid *oid, struct hist_range_commit *c)
{
	git_commit *gc;
	size_t k;

	if (git_commit_lookup(&gc, g->repo, oid) < 0)
		return -1;
	git_oid_cpy(&c->oid, oid);
	c->nparents = git_commit_parentcount(gc);
	c->parents = xmalloc((c->nparents ? c->nparents : 1) * sizeof(*c->parents));
	for (k = 0; k < c->nparents; k++)
		git_oid_cpy(&c->parents[k], git_commit_parent_id(gc, (unsigned)k));
	c->summary = xstrdup(git_commit_summary(gc) ? git_commit_summary(gc) : "");
	git_commit_free(gc);
	return 0;
}

int
history_range(struct hist_range *out, struct gitrepo *g, const char *range)
{
	git_revwalk *walk;
	git_oid oid;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (S_walk(g, range, &walk) < 0)
		return -1;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while (git_revwalk_next(&oid, walk) == 0) {
		out->v = xgrow(out->v, sizeof(*out->v), out->n + 1, &cap);
		if (S_commit(g, &oid, &out->v[out->n]) < 0) {
			out->broken = 1;
			break;
		}
		out->n++;
	}
	git_revwalk_free(walk);
	return 0;
}

void
history_range_free(struct hist_range *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].parents);
		free(r->v[i].summary);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}
