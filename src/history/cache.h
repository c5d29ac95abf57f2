/*
 * cache.h - what each commit changed, cached in the git folder
 * (<gitdir>/svcgen/history-<hash of the records folder's prefix>.cache;
 * docs/history.md): keyed by commit id, versioned, checksummed, written
 * to a temporary file and renamed, so that a later run walks only the
 * new commits.
 */
#ifndef SVCGEN_HISTORY_CACHE_H
#define SVCGEN_HISTORY_CACHE_H

#include <stddef.h>

#include "base/util.h"
#include "history/commit.h"
#include "load/git.h"

/*
 * The commits a walk knows (the cache's, then those it read) and their
 * changes: v[i]'s are ch[v[i].first .. v[i].first + v[i].nchanges).
 */
struct hist_known {
	struct hist_commit *v;
	size_t n, cap;
	struct hist_change *ch;
	size_t nch, chcap;
};

/*
 * Appends the cached commits of g's records folder and their changes to
 * k, their strings in a; a missing, stale or damaged cache adds nothing.
 * A boundary commit (HC_BOUNDARY) is left out, to be read again.
 */
void history_cache_read(struct hist_known *k, const struct gitrepo *g, struct arena *a);

/* Writes k as the cache of g's records folder; a failure only costs time next run. */
void history_cache_write(const struct hist_known *k, const struct gitrepo *g);

#endif
