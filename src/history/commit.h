/*
 * commit.h - a commit as the history keeps it, with the files of the
 * records folder it changed, and a commit object's bytes read into one as
 * libgit2 reads them (docs/history.md, "Speed").
 */
#ifndef SVCGEN_HISTORY_COMMIT_H
#define SVCGEN_HISTORY_COMMIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"
#include "load/git.h"

struct hist_commit {
	git_oid oid;
	git_oid top;         /* the records folder's tree; zero when it has none */
	int64_t time;        /* committer time */
	int64_t author_time; /* the date shown */
	int32_t author_tz;   /* minutes east of UTC */
	uint32_t nparents;   /* as the commit records them */
	git_oid *parents;
	const char *author, *email, *summary;
	const char *trailers;     /* "Key: value" lines, '\n'-terminated, or "" */
	uint32_t first, nchanges; /* its changes: history.changes[first ..) */
	unsigned flags;           /* enum hist_commit_flags */
};

enum hist_commit_flags {
	HC_MERGE = 1,    /* more than one parent */
	HC_BOUNDARY = 2, /* a parent is missing (shallow clone): compared with nothing */
};

/* One file of the records folder that a commit changed. */
struct hist_change {
	const char *path; /* relative to the records folder */
	git_oid old, new; /* zero: absent on that side */
};

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
