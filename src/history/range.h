/*
 * range.h - the commits of a range A..B (svcgen check --range): those B
 * reaches and A does not, each after its parents (libgit2's topological
 * order, reversed), with their parents and summaries.
 */
#ifndef SVCGEN_HISTORY_RANGE_H
#define SVCGEN_HISTORY_RANGE_H

#include <stddef.h>

#include "load/git.h"

struct hist_range_commit {
	git_oid oid;
	git_oid *parents; /* as the commit records them */
	size_t nparents;
	char *summary; /* git_commit_summary's, or "" */
};

struct hist_range {
	struct hist_range_commit *v; /* oldest first */
	size_t n;
	int broken; /* the commit after v[n - 1] could not be read: the range stops there */
};

/*
 * Reads the commits of range ("A..B"; an empty end is HEAD) in g: 0, or
 * -1 with the failure recorded when an end is not a commit or the range
 * cannot be walked. Free out with history_range_free either way.
 */
int history_range(struct hist_range *out, struct gitrepo *g, const char *range);
void history_range_free(struct hist_range *r);

#endif
