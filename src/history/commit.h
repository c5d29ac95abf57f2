/*
 * commit.h - a commit object's bytes read as libgit2 reads them, for the
 * history walk (docs/history.md, "Speed").
 */
#ifndef SVCGEN_HISTORY_COMMIT_H
#define SVCGEN_HISTORY_COMMIT_H

#include <stddef.h>

#include "base/util.h"
#include "history/history.h"
#include "load/git.h"

/* Where a commit's strings go, and scratch buffers kept from one commit to the next. */
struct hist_parser {
	struct arena *a;
	struct buf line, parents;
};

/*
 * Fills c's dates, author, summary, trailers, parents and flags from the
 * bytes of a commit object, and *tree with its tree: 0, or -1 when
 * libgit2 would refuse them. c's top (its records folder) is the
 * caller's to find.
 */
int history_parse_commit(struct hist_parser *ps, const char *p, size_t len, struct hist_commit *c,
                         git_oid *tree);

#endif
